// The checks a hand-written fixture gets after its JSON Schema: references (an email that is nobody,
// an unknown group, a person not assigned to the twin's app), names a vendor would refuse (Slack
// channel names, Jira project keys), duplicates. It resolves the file at the same time: group
// members, app assignments and each twin's scenario section, so the twins get plain lists of emails.
import { slugify } from './generate-org.js';
import { APP_TWINS, type AppTwin, type PersonStatus } from './org.js';
import type {
  GoogleScenario, JiraScenario, OktaScenario, ScenarioChannel, ScenarioFile, ScenarioIssue, ScenarioProject, ScenarioShare, SlackScenario, CellInput, FileType, ShareRole,
} from './scenario.js';
import type { FixturePath, Problem } from './scenario-source.js';

/** What the schema guarantees about a person entry (checked before this runs). */
export interface FixedPersonInput {
  firstName: string;
  lastName: string;
  email?: string;
  title: string;
  department: string;
  manager?: string | null;
  location?: string;
  timezone?: string;
  status?: PersonStatus;
  admin?: boolean;
  startDate?: string;
}

/** A group as the org gets it: members resolved to emails. */
export interface ResolvedGroup {
  name: string;
  slug: string;
  kind: 'team' | 'group';
  members: string[];
  description?: string;
}

export interface ResolvedFixture {
  people: FixedPersonInput[];
  /** The fixture's teams, then its groups (department groups are derived when the org is built). */
  groups: ResolvedGroup[];
  apps?: Partial<Record<AppTwin, string[]>>;
  /** Per-twin scenario sections (the config's `scenario` key). */
  scenarios: { okta?: OktaScenario; slack?: SlackScenario; jira?: JiraScenario; google?: GoogleScenario };
}

type Raw = Record<string, any>;

/** first.last@domain, as a person without `email` gets it. */
export function personEmail(p: FixedPersonInput, domain: string): string {
  const local = (s: string) => slugify(s).replace(/-/g, '');
  return (p.email ?? `${local(p.firstName)}.${local(p.lastName)}@${domain}`).toLowerCase();
}

/** Slack's conversations.create rule (lower case, no spaces or periods, at most 80 characters). */
const SLACK_CHANNEL_NAME = /^[a-z0-9_\-\u00c0-\uffff]{1,80}$/;
/** Channels Slack's seeding makes whatever the fixture says (plus one per department). */
const SEEDED_CHANNELS = ['general', 'random', 'leadership'];
/** Jira Cloud project keys: an upper-case letter, then upper-case letters or digits; 2 to 10 characters. */
const JIRA_KEY = /^[A-Z][A-Z0-9]{1,9}$/;
const SEEDED_PROJECT_KEYS = ['CORP', 'SITE'];

export function checkFixedFixture(raw: Raw): { problems: Problem[]; resolved: ResolvedFixture } {
  const problems: Problem[] = [];
  const problem = (path: FixturePath, message: string) => problems.push({ path, message });
  const domain = String(raw.domain).toLowerCase();
  const people = raw.people as FixedPersonInput[];

  // People: unique emails, managers who exist.
  const emails = people.map((p) => personEmail(p, domain));
  const byEmail = new Map<string, FixedPersonInput>();
  emails.forEach((email, i) => {
    if (byEmail.has(email)) problem(['people', i, ...(people[i].email ? ['email'] : [])], `"${email}" is used twice`);
    byEmail.set(email, people[i]);
  });
  const notAPerson = (email: string) => `"${email}" is not a person in this file`;
  people.forEach((p, i) => {
    if (p.manager && !byEmail.has(p.manager.toLowerCase())) problem(['people', i, 'manager'], notAPerson(p.manager));
  });
  const statusOf = (email: string) => byEmail.get(email)?.status ?? 'active';
  const admin = emails.find((e) => byEmail.get(e)?.admin && statusOf(e) === 'active') ?? emails.find((e) => statusOf(e) === 'active') ?? emails[0];

  // Groups: departments (derived), then teams and groups; every slug names one group.
  const groupMembers = new Map<string, string[]>();
  const groupName = new Map<string, string>();
  for (const p of people) {
    const slug = slugify(p.department);
    if (!groupMembers.has(slug)) groupName.set(slug, p.department);
    groupMembers.set(slug, [...(groupMembers.get(slug) ?? []), personEmail(p, domain)]);
  }
  const findGroup = (ref: string): string | undefined => {
    if (groupMembers.has(ref)) return ref;
    const slug = slugify(ref);
    return groupMembers.has(slug) ? slug : undefined;
  };
  const unknownGroup = (ref: string) => `"${ref}" is not a group in this file (groups: ${[...groupMembers.keys()].join(', ')})`;
  /** An email or a group: the emails it stands for, or undefined (a problem was reported). */
  const expand = (ref: string, path: FixturePath, allowGroups = true): string[] | undefined => {
    if (ref.includes('@')) {
      const email = ref.toLowerCase();
      if (byEmail.has(email)) return [email];
      problem(path, notAPerson(ref));
      return undefined;
    }
    const slug = allowGroups ? findGroup(ref) : undefined;
    if (slug) return groupMembers.get(slug);
    problem(path, allowGroups ? unknownGroup(ref) : `"${ref}" is not an email address`);
    return undefined;
  };
  const groups: ResolvedGroup[] = [];
  const addGroups = (key: 'teams' | 'groups', kind: ResolvedGroup['kind']) => {
    ((raw[key] ?? []) as { name: string; members: string[]; description?: string }[]).forEach((g, i) => {
      const slug = slugify(g.name);
      if (!slug) return problem([key, i, 'name'], `"${g.name}" needs at least one letter or digit`);
      if (groupMembers.has(slug)) return problem([key, i, 'name'], `"${g.name}" is already a group (slug "${slug}": ${groupName.get(slug)})`);
      const members = unique(g.members.flatMap((m, j) => expand(m, [key, i, 'members', j], kind === 'group') ?? []));
      groups.push({ name: g.name, slug, kind, members, ...(g.description !== undefined && { description: g.description }) });
      groupMembers.set(slug, members);
      groupName.set(slug, g.name);
    });
  };
  addGroups('teams', 'team');
  addGroups('groups', 'group');

  // App assignments: who exists in which twin.
  const apps: Partial<Record<AppTwin, string[]>> = {};
  const okta: OktaScenario = { apps: {} };
  for (const twin of APP_TWINS) {
    const spec = raw.apps?.[twin] as 'everyone' | { groups?: string[]; people?: string[] } | undefined;
    if (spec === undefined) continue;
    if (spec === 'everyone') {
      okta.apps[twin] = { everyone: true, groups: [], people: [] };
      continue;
    }
    const slugs = (spec.groups ?? []).map((ref, i) => findGroup(ref) ?? void problem(['apps', twin, 'groups', i], unknownGroup(ref))).filter((s): s is string => !!s);
    const direct = (spec.people ?? []).flatMap((ref, i) => expand(ref, ['apps', twin, 'people', i], false) ?? []);
    const assigned = new Set([...slugs.flatMap((s) => groupMembers.get(s)!), ...direct]);
    // The credentials act as the first active admin: they are always assigned (directly, if no group covers them).
    if (!assigned.has(admin)) direct.push(admin);
    assigned.add(admin);
    okta.apps[twin] = { everyone: false, groups: slugs, people: unique(direct) };
    apps[twin] = emails.filter((e) => assigned.has(e));
  }
  const inApp = (twin: AppTwin, email: string) => !apps[twin] || apps[twin]!.includes(email);
  const notAssigned = (twin: AppTwin, email: string) => `"${email}" is not assigned to the ${twin} app (apps.${twin}), so does not exist in ${twin}`;
  /** A person who must exist in the twin: their email, or undefined (a problem was reported). */
  const member = (twin: AppTwin, ref: string, path: FixturePath): string | undefined => {
    const [email] = expand(ref, path, false) ?? [];
    if (email && !inApp(twin, email)) return void problem(path, notAssigned(twin, email));
    return email;
  };

  const slack = checkChannels(raw, { problem, expand, inApp, notAssigned, statusOf, seeded: [...SEEDED_CHANNELS, ...[...groupMembers.keys()].filter((s) => people.some((p) => slugify(p.department) === s))] });
  const seededProjects = [`${raw.name} company-wide`, 'Site administration', ...new Set(people.map((p) => p.department))];
  const jira = checkProjects(raw, { problem, member, findGroup, unknownGroup, groupName, seededProjects });
  const google = checkFiles(raw, { problem, member, findGroup, unknownGroup, domain });
  const scenarios: ResolvedFixture['scenarios'] = {
    ...(raw.apps && { okta }), ...(raw.channels && { slack }), ...(raw.projects && { jira }), ...(raw.files && { google }),
  };
  return { problems, resolved: { people, groups, ...(raw.apps && { apps }), scenarios } };
}

const unique = <T>(list: T[]) => [...new Set(list)];

interface ChannelChecks {
  problem: (path: FixturePath, message: string) => void;
  expand: (ref: string, path: FixturePath) => string[] | undefined;
  inApp: (twin: AppTwin, email: string) => boolean;
  notAssigned: (twin: AppTwin, email: string) => string;
  statusOf: (email: string) => PersonStatus;
  seeded: string[];
}

function checkChannels(raw: Raw, c: ChannelChecks): SlackScenario {
  const seen = new Set<string>();
  const channels = ((raw.channels ?? []) as Raw[]).map((ch, i): ScenarioChannel => {
    const at = (...rest: FixturePath) => ['channels', i, ...rest];
    const name = ch.name as string;
    if (!SLACK_CHANNEL_NAME.test(name)) {
      c.problem(at('name'), `"${name}" is not a channel name Slack accepts (${name.length > 80 ? 'invalid_name_maxlength: at most 80 characters' : `${/[A-Z]/.test(name) ? 'invalid_name' : 'invalid_name_specials'}: lower-case letters, digits, hyphens and underscores only`})`);
    } else if (c.seeded.includes(name)) c.problem(at('name'), `"${name}" is a channel Slack seeds already (general, random, leadership and one per department)`);
    else if (seen.has(name)) c.problem(at('name'), `"${name}" is listed twice`);
    seen.add(name);
    const members = unique((ch.members as string[]).flatMap((ref, j) => {
      const emails = c.expand(ref, at('members', j)) ?? [];
      // A person named directly must exist in Slack; a group brings those of its members who do.
      if (ref.includes('@') && emails[0] && !c.inApp('slack', emails[0])) c.problem(at('members', j), c.notAssigned('slack', emails[0]));
      return emails.filter((e) => c.inApp('slack', e));
    }));
    const messages = ((ch.messages ?? []) as { from: string; text: string }[]).map((m, j) => {
      const from = m.from.toLowerCase();
      if (!members.includes(from)) c.problem(at('messages', j, 'from'), `"${m.from}" is not a member of #${name}`);
      else if (c.statusOf(from) !== 'active') c.problem(at('messages', j, 'from'), `"${m.from}" is ${c.statusOf(from)}: only active people post`);
      return { from, text: m.text };
    });
    return { name, private: ch.private === true, bot: ch.bot === true, ...(ch.topic !== undefined && { topic: ch.topic }), ...(ch.purpose !== undefined && { purpose: ch.purpose }), members, messages };
  });
  return { channels };
}

/** What the Jira and Drive checks both resolve references with: people in an app, groups by name. */
interface ReferenceChecks {
  problem: (path: FixturePath, message: string) => void;
  member: (twin: AppTwin, ref: string, path: FixturePath) => string | undefined;
  findGroup: (ref: string) => string | undefined;
  unknownGroup: (ref: string) => string;
}

interface ProjectChecks extends ReferenceChecks {
  groupName: Map<string, string>;
  /** Names of the projects Jira seeds (company-wide, site administration, one per department). */
  seededProjects: string[];
}

function checkProjects(raw: Raw, c: ProjectChecks): JiraScenario {
  const seen = new Set<string>();
  const names = new Set<string>();
  const projects = ((raw.projects ?? []) as Raw[]).map((p, i): ScenarioProject => {
    const at = (...rest: FixturePath) => ['projects', i, ...rest];
    const key = p.key as string;
    if (!JIRA_KEY.test(key)) c.problem(at('key'), `"${key}" is not a project key Jira accepts (an upper-case letter, then upper-case letters or digits, 2 to 10 characters)`);
    else if (SEEDED_PROJECT_KEYS.includes(key)) c.problem(at('key'), `"${key}" is a project Jira seeds already (${SEEDED_PROJECT_KEYS.join(', ')})`);
    else if (seen.has(key)) c.problem(at('key'), `"${key}" is used by another project in this file`);
    seen.add(key);
    const name = String(p.name).trim().toLowerCase();
    if (c.seededProjects.some((n) => n.toLowerCase() === name)) c.problem(at('name'), `"${p.name}" is the name of a project Jira seeds (Jira refuses a second project of that name)`);
    else if (names.has(name)) c.problem(at('name'), `"${p.name}" is the name of another project in this file`);
    names.add(name);
    const lead = c.member('jira', p.lead, at('lead')) ?? '';
    const access = p.access === undefined ? null : (p.access as string[]).flatMap((ref, j) => {
      const slug = c.findGroup(ref);
      if (!slug) c.problem(at('access', j), c.unknownGroup(ref));
      return slug ? [c.groupName.get(slug)!] : [];
    });
    const issues = ((p.issues ?? []) as Raw[]).map((issue, j): ScenarioIssue => ({
      summary: issue.summary,
      ...(issue.description !== undefined && { description: issue.description }),
      type: issue.type ?? 'Task', status: issue.status ?? 'To Do', priority: issue.priority ?? 'Medium',
      assignee: issue.assignee ? c.member('jira', issue.assignee, at('issues', j, 'assignee')) ?? null : null,
      reporter: issue.reporter ? c.member('jira', issue.reporter, at('issues', j, 'reporter')) ?? lead : lead,
      due: issue.due ?? null, labels: issue.labels ?? [],
    }));
    return { key, name: p.name, ...(p.description !== undefined && { description: p.description }), lead, access, issues };
  });
  return { projects };
}

interface FileChecks extends ReferenceChecks {
  domain: string;
}

function checkFiles(raw: Raw, c: FileChecks): GoogleScenario {
  const earlier = new Map<string, { type: FileType; owner: string }>();
  const files = ((raw.files ?? []) as Raw[]).map((f, i): ScenarioFile => {
    const at = (...rest: FixturePath) => ['files', i, ...rest];
    const type = f.type as FileType;
    const owner = c.member('google', f.owner, at('owner')) ?? '';
    if (earlier.has(f.name)) c.problem(at('name'), `"${f.name}" is the name of another file in this list (parent refers to folders by name)`);
    if (f.parent !== undefined) {
      const parent = earlier.get(f.parent);
      if (!parent) c.problem(at('parent'), `"${f.parent}" is not a folder listed before this file`);
      else if (parent.type !== 'folder') c.problem(at('parent'), `"${f.parent}" is a ${parent.type}, not a folder`);
      else if (owner && parent.owner !== owner) c.problem(at('parent'), `"${f.parent}" belongs to ${parent.owner}; a file goes in a folder of its own owner`);
    }
    earlier.set(f.name, { type, owner });
    const content = f.content as string | CellInput[][] | undefined;
    if (content !== undefined) {
      if (type === 'folder') c.problem(at('content'), 'a folder has no content');
      else if (type === 'spreadsheet' && typeof content === 'string') c.problem(at('content'), 'a spreadsheet\'s content is a list of rows (lists of cells)');
      else if (type !== 'spreadsheet' && typeof content !== 'string') c.problem(at('content'), `a ${type}'s content is text`);
    }
    const shares = ((f.shares ?? []) as Raw[]).flatMap((s, j): ScenarioShare[] => {
      const whom = ['email', 'group', 'domain', 'anyone'].filter((k) => s[k] !== undefined);
      if (whom.length !== 1) {
        c.problem(at('shares', j), `needs exactly one of email, group, domain, anyone (has ${whom.length ? whom.join(', ') : 'none'})`);
        return [];
      }
      const role = s.role as ShareRole;
      if (s.email !== undefined) {
        const email = c.member('google', s.email, at('shares', j, 'email'));
        if (email && email === owner) c.problem(at('shares', j, 'email'), `"${email}" owns the file`);
        return email ? [{ type: 'user', role, emailAddress: email }] : [];
      }
      if (s.group !== undefined) {
        const slug = c.findGroup(s.group);
        if (!slug) c.problem(at('shares', j, 'group'), c.unknownGroup(s.group));
        return slug ? [{ type: 'group', role, group: slug, emailAddress: `${slug}@${c.domain}` }] : [];
      }
      if (s.domain !== undefined) {
        if (!/^[a-z0-9.-]+\.[a-z]+$/i.test(s.domain)) c.problem(at('shares', j, 'domain'), `"${s.domain}" is not a domain name`);
        return [{ type: 'domain', role, domain: String(s.domain).toLowerCase() }];
      }
      return [{ type: 'anyone', role }];
    });
    return {
      name: f.name, owner, type, parent: f.parent ?? null,
      ...(f.description !== undefined && { description: f.description }), ...(content !== undefined && { content }), shares,
    };
  });
  return { files };
}
