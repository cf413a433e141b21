// The Jira twin's state (plain JSON) and its seeding from the org. Users, groups and projects come
// from the people and groups; issues are keyed by id with a key → id map beside them, so lookups by id
// or key are O(1). The workflow (statuses, transitions), issue types and priorities are the same for
// every project, as in a company-managed Jira site with the default scheme: constants in workflow.ts.
import type { SeedContext } from '../../shared/kernel/twin-definition.js';
import { deriveDigits } from '../../shared/seeding/deterministic.js';
import { jiraAccountId } from '../../shared/seeding/people-ids.js';
import { emptySite, type IssueExtras, type JiraVisibility, type SiteData } from './entities.js';
import { seedSite } from './seed-site.js';
import type { ModelExtras } from './changelog.js';
import { seedModel } from './seed-model.js';
import { orgIn, scenarioOf, type JiraScenario } from '../../shared/seeding/scenario.js';
import { applyJiraScenario } from './scenario.js';
import { seedScimDirectory, type ScimDirectory } from './scim/directory.js';
import { noIntegrations, type JiraIntegrations } from './slack/config.js';
import { ISSUE_TYPES, PRIORITIES, STATUSES, type Adf, textToAdf } from './workflow.js';

export interface JiraUser {
  accountId: string;
  accountType: 'atlassian';
  emailAddress: string;
  displayName: string;
  active: boolean;
  timeZone: string;
}

export interface JiraGroup {
  name: string;
  groupId: string;
  /** accountIds. */
  members: string[];
}

export interface JiraProject {
  id: string;
  key: string;
  name: string;
  description: string;
  leadAccountId: string;
  projectTypeKey: 'software';
  /** Groups whose members have Browse Projects; site admins (group "administrators") browse everything. */
  browseGroups: string[];
  /** Last issue number handed out (keys are KEY-n). */
  issueCounter: number;
}

export interface JiraComment {
  id: string;
  authorAccountId: string;
  body: Adf;
  created: string;
  updated: string;
  updateAuthorAccountId?: string;
  visibility?: JiraVisibility | null;
}

export interface JiraIssue extends IssueExtras, ModelExtras {
  id: string;
  key: string;
  projectId: string;
  summary: string;
  description: Adf | null;
  issueTypeId: string;
  priorityId: string;
  statusId: string;
  assigneeAccountId: string | null;
  reporterAccountId: string;
  creatorAccountId: string;
  labels: string[];
  created: string;
  updated: string;
  resolutionDate: string | null;
  comments: JiraComment[];
}

export interface JiraData extends SiteData {
  users: JiraUser[];
  groups: JiraGroup[];
  projects: JiraProject[];
  /** id → issue. */
  issues: Record<string, JiraIssue>;
  /** issue key → id. */
  issueKeys: Record<string, string>;
  nextIssueId: number;
  nextCommentId: number;
  /** The organization's user-provisioning (SCIM) directory: scim/directory.ts. */
  scim: ScimDirectory;
  /** Connected apps configured through /_dtu (Jira Cloud for Slack). */
  integrations: JiraIntegrations;
}

export const ADMIN_GROUP = 'administrators';
/** Groups whose members are site admins (Jira Cloud has both). */
export const ADMIN_GROUPS = [ADMIN_GROUP, 'site-admins'];
export const ADMIN_PROJECT_KEY = 'SITE';
export const ALL_USERS_GROUP = 'jira-software-users';
export const COMPANY_PROJECT_KEY = 'CORP';

/** Jira timestamps: ISO 8601 with milliseconds and a +0000 offset. */
export const jiraTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');

export const SEED_EPOCH = Date.UTC(2026, 0, 5, 9, 0, 0);
const SEED_ISSUES: [summary: string, type: string, status: string, priority: string, labels: string[]][] = [
  ['Set up onboarding checklist for new starters', 'Task', 'Done', 'Medium', ['onboarding']],
  ['Quarterly planning: collect team goals', 'Story', 'In Review', 'High', ['planning']],
  ['Shared drive permissions are wrong for contractors', 'Bug', 'In Progress', 'Highest', ['access', 'security']],
  ['Document the weekly reporting process', 'Task', 'To Do', 'Low', []],
  ['Evaluate a replacement for the ticket intake form', 'Epic', 'To Do', 'Medium', ['tooling']],
];

/** Up to four capital letters from the department name, made unique. */
function projectKey(name: string, used: Set<string>): string {
  const letters = name.toUpperCase().replace(/[^A-Z]/g, '') || 'PROJ';
  let key = letters.slice(0, Math.max(2, Math.min(4, letters.length)));
  for (let n = 2; used.has(key); n++) key = `${letters.slice(0, 3)}${String.fromCharCode(64 + n)}`;
  used.add(key);
  return key;
}

export function seedJira({ org: fullOrg, seed, config }: SeedContext): JiraData {
  // Only people assigned to the Jira app in Okta are on the site (everyone, unless the fixture says).
  const org = orgIn(fullOrg, 'jira');
  const scenario = scenarioOf<JiraScenario>(config);
  // Each person's accountId is derived once (five hashes) and reused for every membership.
  const ids = new Map(org.people.map((p) => [p.email, jiraAccountId(seed, p.email)]));
  const account = (email: string) => ids.get(email) ?? jiraAccountId(seed, email);
  const users: JiraUser[] = org.people.map((p) => ({ accountId: account(p.email), accountType: 'atlassian', emailAddress: p.email, displayName: p.name, active: p.status === 'active', timeZone: p.timezone }));
  const groupId = (name: string) => [8, 4, 4, 4, 12].map((n, i) => deriveDigits(seed, `jira:group:${name}:${i}`, n)).join('-');
  const groups: JiraGroup[] = [
    { name: ALL_USERS_GROUP, groupId: groupId(ALL_USERS_GROUP), members: org.people.map((p) => account(p.email)) },
    ...ADMIN_GROUPS.map((name) => ({ name, groupId: groupId(name), members: org.people.filter((p) => p.admin).map((p) => account(p.email)) })),
    ...org.groups.map((g) => ({ name: g.name, groupId: groupId(g.name), members: g.members.map(account) })),
  ];
  const data: JiraData = { users, groups, projects: [], issues: {}, issueKeys: {}, nextIssueId: 10000, nextCommentId: 10000, ...emptySite(),
    scim: seedScimDirectory(org, seed, users, groups, new Date(SEED_EPOCH).toISOString()), integrations: noIntegrations() };
  const used = new Set([COMPANY_PROJECT_KEY, ADMIN_PROJECT_KEY, ...(scenario?.projects.map((p) => p.key) ?? [])]);
  const active = new Set(org.people.filter((p) => p.status === 'active').map((p) => p.email));
  const lead = (members: string[]) => account(members.find((e) => active.has(e)) ?? org.people[0].email);
  const departments = org.groups.filter((g) => g.kind === 'department');
  const specs = [
    { key: COMPANY_PROJECT_KEY, name: `${org.name} company-wide`, description: 'Work that spans the whole company.', browseGroups: [ALL_USERS_GROUP], members: org.people.map((p) => p.email) },
    ...departments.map((g) => ({ key: projectKey(g.department || g.name, used), name: g.department || g.name, description: `The ${g.name} department's work.`, browseGroups: [g.name], members: g.members })),
    // CONTRACT: one project only site admins browse.
    { key: ADMIN_PROJECT_KEY, name: 'Site administration', description: 'Access reviews, licences and site configuration.', browseGroups: [ADMIN_GROUP], members: org.people.filter((p) => p.admin).map((p) => p.email) },
  ];
  specs.forEach((spec, i) => {
    const project: JiraProject = { id: String(10000 + i), key: spec.key, name: spec.name, description: spec.description, leadAccountId: lead(spec.members), projectTypeKey: 'software', browseGroups: spec.browseGroups, issueCounter: 0 };
    data.projects.push(project);
    SEED_ISSUES.forEach(([summary, type, status, priority, labels], n) => {
      const created = jiraTime(SEED_EPOCH + (i * SEED_ISSUES.length + n) * 3_600_000);
      const assignee = spec.members.length ? account(spec.members[n % spec.members.length]) : null;
      const issue = newIssue(data, project, {
        summary, description: textToAdf(`${summary}. Seeded for ${spec.name}.`), issueTypeId: byName(ISSUE_TYPES, type), priorityId: byName(PRIORITIES, priority),
        statusId: byName(STATUSES, status), assigneeAccountId: assignee, reporterAccountId: project.leadAccountId, labels,
      }, created);
      if (status === 'Done') issue.resolutionDate = created;
    });
  });
  seedSite(data, SEED_EPOCH);
  seedModel(data);
  applyJiraScenario(data, seed, scenario);
  return data;
}

function byName(list: readonly { id: string; name: string }[], name: string): string {
  return list.find((x) => x.name === name)!.id;
}

type NewIssueFields = Pick<JiraIssue, 'summary' | 'description' | 'issueTypeId' | 'priorityId' | 'statusId' | 'assigneeAccountId' | 'reporterAccountId' | 'labels'>;

/** Adds an issue with the project's next key; the caller calls store.changed(). */
export function newIssue(data: JiraData, project: JiraProject, fields: NewIssueFields, now: string, creator = fields.reporterAccountId): JiraIssue {
  project.issueCounter += 1;
  const id = data.nextIssueId++;
  const issue: JiraIssue = { id: String(id), key: `${project.key}-${project.issueCounter}`, projectId: project.id, ...fields, creatorAccountId: creator, created: now, updated: now, resolutionDate: null, comments: [], rank: id };
  data.issues[issue.id] = issue;
  data.issueKeys[issue.key] = issue.id;
  return issue;
}

/** Lookups rebuilt per array (users, groups and projects are not mutated in place by any route). */
function perArray<T extends object, V>(build: (list: T) => V): (list: T) => V {
  const cache = new WeakMap<T, V>();
  return (list) => {
    let v = cache.get(list);
    if (!v) cache.set(list, (v = build(list)));
    return v;
  };
}
export const usersById = perArray((users: JiraUser[]) => new Map(users.map((u) => [u.accountId, u])));
export const usersByEmail = perArray((users: JiraUser[]) => new Map(users.map((u) => [u.emailAddress.toLowerCase(), u])));
export const groupsOf = perArray((groups: JiraGroup[]) => {
  const out = new Map<string, string[]>();
  for (const g of groups) for (const m of g.members) out.set(m, [...(out.get(m) ?? []), g.name]);
  return out;
});
export const projectsByIdOrKey = perArray((projects: JiraProject[]) => new Map(projects.flatMap((p) => [[p.id, p], [p.key, p]] as const)));

export function isSiteAdmin(data: JiraData, accountId: string): boolean {
  return (groupsOf(data.groups).get(accountId) ?? []).some((g) => ADMIN_GROUPS.includes(g));
}

export function canBrowse(data: JiraData, accountId: string, project: JiraProject): boolean {
  const mine = groupsOf(data.groups).get(accountId) ?? [];
  return mine.some((g) => ADMIN_GROUPS.includes(g)) || project.browseGroups.some((g) => mine.includes(g));
}
