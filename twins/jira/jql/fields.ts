// The fields a JQL clause can name, by clause name (case-insensitive): what values an issue has for
// each, how a written value resolves to those (names, ids, keys, emails…), which functions feed them,
// how they order for ORDER BY and < >, and which have history for WAS and CHANGED.
import type { JiraData, JiraIssue } from '../store.js';
import { canBrowse, projectsByIdOrKey, usersById, usersByEmail } from '../store.js';
import { adfToText, ISSUE_TYPES, PRIORITIES, STATUS_CATEGORIES, STATUSES } from '../workflow.js';
import { LINK_TYPES } from '../entities.js';
import { RESOLUTIONS } from '../resolutions.js';
import { JqlError } from './errors.js';

export interface JqlEnv {
  data: JiraData;
  /** The caller (currentUser(), browse permission); null evaluates as anonymous. */
  accountId: string | null;
  now: number;
}

export type Kind = 'id' | 'text' | 'date' | 'number' | 'key';
type Value = string | number;

export interface ClauseField {
  /** API field id (names, schema, history items). */
  id: string;
  kind: Kind;
  values(issue: JiraIssue, env: JqlEnv): Value[];
  /** id fields: the stored ids a written value stands for; null = the EMPTY value; undefined = unknown. */
  resolve?(raw: string, env: JqlEnv): string[] | null | undefined;
  /** id fields: functions that produce values, by lower-case name. */
  functions?: Record<string, (args: string[], env: JqlEnv) => string[]>;
  /** id fields that support < > (priority): a number per stored id. */
  ordinal?(id: string): number;
  sort?(issue: JiraIssue, env: JqlEnv): Value | null;
  /** Default ORDER BY direction when none is written. */
  sortDesc?: boolean;
  /** WAS / CHANGED: the changelog's fieldId. */
  history?: string;
}

const lower = (s: string) => s.toLowerCase();
const byIdOrName = <T extends { id: string | number; name: string }>(list: readonly T[], raw: string) => list.filter((x) => String(x.id) === raw || lower(x.name) === lower(raw)).map((x) => String(x.id));
const some = (ids: string[]) => (ids.length ? ids : undefined);
const isDone = (i: JiraIssue) => STATUSES.find((s) => s.id === i.statusId)?.category === 'done';
const ms = (t: string | null | undefined) => (t ? Date.parse(t.replace('+0000', 'Z')) : null);
const dateValue = (t: string | null | undefined) => { const v = ms(t); return v === null ? [] : [v]; };
const one = <T>(v: T | null | undefined): T[] => (v === null || v === undefined ? [] : [v]);

/** Users by lower-case display name (several people may share one). */
const namesCache = new WeakMap<object, Map<string, string[]>>();
function usersByName(data: JiraData): Map<string, string[]> {
  let m = namesCache.get(data.users);
  if (!m) {
    m = new Map();
    for (const u of data.users) m.set(lower(u.displayName), [...(m.get(lower(u.displayName)) ?? []), u.accountId]);
    namesCache.set(data.users, m);
  }
  return m;
}

/** accountId, email or display name, as Jira Cloud accepts them in user clauses. */
function resolveUser(raw: string, env: JqlEnv): string[] | undefined {
  const byId = usersById(env.data.users).get(raw);
  if (byId) return [byId.accountId];
  const byEmail = usersByEmail(env.data.users).get(lower(raw));
  if (byEmail) return [byEmail.accountId];
  return usersByName(env.data).get(lower(raw));
}

const userFunctions: ClauseField['functions'] = {
  currentuser: (args, env) => { arity('currentUser', args, 0); return env.accountId ? [env.accountId] : []; },
  membersof: (args, env) => {
    arity('membersOf', args, 1);
    const group = env.data.groups.find((g) => lower(g.name) === lower(args[0]));
    if (!group) throw new JqlError(`Function 'membersOf' can not generate a list of users for group '${args[0]}'; the group does not exist.`);
    return group.members;
  },
};

export function arity(name: string, args: string[], n: number): void {
  if (args.length !== n) throw new JqlError(`Function '${name}' expected '${n}' arguments but received '${args.length}'.`);
}

const userField = (id: string, get: (i: JiraIssue) => string | null): ClauseField => ({
  id, kind: 'id', values: (i) => one(get(i)), resolve: (raw, env) => resolveUser(raw, env), functions: userFunctions, history: id === 'creator' ? undefined : id,
  sort: (i, env) => { const u = get(i); return u ? lower(usersById(env.data.users).get(u)?.displayName ?? u) : null; },
});

/** Projects the caller may browse: values of other projects do "not exist". */
const visibleProject = (env: JqlEnv, projectId: string) => {
  const p = projectsByIdOrKey(env.data.projects).get(projectId);
  return !!p && (env.accountId === null ? false : canBrowse(env.data, env.accountId, p));
};

function resolveIssue(raw: string, env: JqlEnv): string[] | undefined {
  const id = /^\d+$/.test(raw) ? raw : env.data.issueKeys[raw.toUpperCase()];
  const issue = id === undefined ? undefined : env.data.issues[id];
  return issue && visibleProject(env, issue.projectId) ? [issue.id] : undefined;
}

const sprintFunction = (states: string[]) => (args: string[], env: JqlEnv) => Object.values(env.data.sprints ?? {}).filter((s) => states.includes(s.state)).map((s) => String(s.id));
const versionFunction = (released: boolean, name: string) => (args: string[], env: JqlEnv) => {
  if (args.length > 1) throw new JqlError(`Function '${name}' expected between '0' and '1' arguments but received '${args.length}'.`);
  const project = args[0] === undefined ? undefined : projectsByIdOrKey(env.data.projects).get(args[0].toUpperCase()) ?? projectsByIdOrKey(env.data.projects).get(args[0]);
  if (args[0] !== undefined && !project) throw new JqlError(`Could not resolve the project '${args[0]}' provided to function '${name}'.`);
  return Object.values(env.data.versions ?? {}).filter((x) => x.released === released && !x.archived && (!project || x.projectId === project.id)).map((x) => x.id);
};

/** A link's description as the issue `from` sees it ("blocks", "is blocked by"), as linkedIssues() takes it. */
function linkTypeMatches(typeId: string, wanted: string, outwardFromHere: boolean): boolean {
  const t = LINK_TYPES.find((x) => x.id === typeId);
  return !!t && lower(outwardFromHere ? t.outward : t.inward) === wanted;
}

const ISSUE_KEY_SORT = (i: JiraIssue) => { const [p, n] = i.key.split('-'); return `${p}-${n.padStart(12, '0')}`; };
const parentField: ClauseField = {
  id: 'parent', kind: 'id', values: (i) => one(i.parentId), resolve: resolveIssue,
  sort: (i, env) => (i.parentId && env.data.issues[i.parentId] ? ISSUE_KEY_SORT(env.data.issues[i.parentId]) : null),
};
const sprintField: ClauseField = {
  id: 'customfield_10020', kind: 'id', values: (i) => (i.customfield_10020 ?? []).map(String), history: 'customfield_10020',
  resolve: (raw, env) => some(Object.values(env.data.sprints ?? {}).filter((s) => String(s.id) === raw || lower(s.name) === lower(raw)).map((s) => String(s.id))),
  functions: { opensprints: sprintFunction(['active', 'future']), closedsprints: sprintFunction(['closed']), futuresprints: sprintFunction(['future']) },
  sort: (i) => i.customfield_10020?.[0] ?? null,
};
const pointsField: ClauseField = { id: 'customfield_10016', kind: 'number', values: (i) => one(i.customfield_10016), sort: (i) => i.customfield_10016 ?? null };
const versionField = (id: string, get: (i: JiraIssue) => string[] | undefined): ClauseField => ({
  id, kind: 'id', values: (i) => get(i) ?? [], history: id,
  resolve: (raw, env) => some(Object.values(env.data.versions ?? {}).filter((x) => (x.id === raw || lower(x.name) === lower(raw)) && visibleProject(env, x.projectId)).map((x) => x.id)),
  functions: { releasedversions: versionFunction(true, 'releasedVersions'), unreleasedversions: versionFunction(false, 'unreleasedVersions') },
  sort: (i, env) => { const first = get(i)?.[0]; return first ? lower(env.data.versions[first]?.name ?? '') : null; },
});
const textOf = (i: JiraIssue, part: 'summary' | 'description' | 'comment' | 'environment') => {
  if (part === 'summary') return [i.summary];
  if (part === 'description') return one(i.description ? adfToText(i.description) : null).filter(Boolean);
  if (part === 'comment') return i.comments.map((c) => adfToText(c.body));
  return [];
};

const FIELDS: Record<string, ClauseField> = {
  project: {
    id: 'project', kind: 'id', values: (i) => [i.projectId],
    resolve: (raw, env) => { const p = projectsByIdOrKey(env.data.projects).get(raw.toUpperCase()) ?? projectsByIdOrKey(env.data.projects).get(raw) ?? env.data.projects.find((x) => lower(x.name) === lower(raw)); return p && visibleProject(env, p.id) ? [p.id] : undefined; },
    sort: (i, env) => projectsByIdOrKey(env.data.projects).get(i.projectId)?.key ?? null,
  },
  key: {
    id: 'issuekey', kind: 'key', values: (i) => [i.id], resolve: resolveIssue, sort: ISSUE_KEY_SORT,
    functions: {
      watchedissues: (args, env) => { arity('watchedIssues', args, 0); return Object.values(env.data.issues).filter((i) => env.accountId && i.watchers?.includes(env.accountId)).map((i) => i.id); },
      votedissues: (args, env) => { arity('votedIssues', args, 0); return Object.values(env.data.issues).filter((i) => env.accountId && i.voters?.includes(env.accountId)).map((i) => i.id); },
      linkedissues: (args, env) => {
        if (args.length < 1 || args.length > 2) throw new JqlError(`Function 'linkedIssues' expected between '1' and '2' arguments but received '${args.length}'.`);
        const [id] = resolveIssue(args[0], env) ?? [];
        if (!id) throw new JqlError(`Issue '${args[0]}' could not be found in function 'linkedIssues'.`);
        const wanted = args[1]?.toLowerCase();
        return (env.data.issues[id].linkIds ?? []).map((l) => env.data.issueLinks[l]).filter((l) => l && (!wanted || linkTypeMatches(l.typeId, wanted, l.inwardIssueId === id)))
          .map((l) => (l.inwardIssueId === id ? l.outwardIssueId : l.inwardIssueId));
      },
    },
  },
  watcher: { id: 'watches', kind: 'id', values: (i) => i.watchers ?? [], resolve: (raw, env) => resolveUser(raw, env), functions: userFunctions },
  voter: { id: 'votes', kind: 'id', values: (i) => i.voters ?? [], resolve: (raw, env) => resolveUser(raw, env), functions: userFunctions },
  issuetype: { id: 'issuetype', kind: 'id', values: (i) => [i.issueTypeId], resolve: (raw) => some(byIdOrName(ISSUE_TYPES, raw)), sort: (i) => ISSUE_TYPES.findIndex((t) => t.id === i.issueTypeId) },
  status: { id: 'status', kind: 'id', values: (i) => [i.statusId], resolve: (raw) => some(byIdOrName(STATUSES, raw)), history: 'status', sort: (i) => STATUSES.findIndex((s) => s.id === i.statusId) },
  statuscategory: {
    id: 'statusCategory', kind: 'id', values: (i) => [STATUSES.find((s) => s.id === i.statusId)!.category],
    resolve: (raw) => some(Object.values(STATUS_CATEGORIES).filter((c) => String(c.id) === raw || lower(c.key) === lower(raw) || lower(c.name) === lower(raw)).map((c) => c.key)),
    sort: (i) => STATUS_CATEGORIES[STATUSES.find((s) => s.id === i.statusId)!.category].id,
  },
  priority: { id: 'priority', kind: 'id', values: (i) => [i.priorityId], resolve: (raw) => some(byIdOrName(PRIORITIES, raw)), ordinal: (id) => 6 - Number(id), history: 'priority', sort: (i) => 6 - Number(i.priorityId), sortDesc: true },
  resolution: {
    id: 'resolution', kind: 'id', values: (i) => (isDone(i) ? [i.resolutionId ?? RESOLUTIONS[0].id] : []), history: 'resolution',
    resolve: (raw) => (lower(raw) === 'unresolved' ? null : some(byIdOrName(RESOLUTIONS, raw))),
    sort: (i) => (isDone(i) ? RESOLUTIONS.find((r) => r.id === (i.resolutionId ?? RESOLUTIONS[0].id))?.name ?? null : null),
  },
  assignee: userField('assignee', (i) => i.assigneeAccountId),
  reporter: userField('reporter', (i) => i.reporterAccountId),
  creator: userField('creator', (i) => i.creatorAccountId),
  labels: { id: 'labels', kind: 'id', values: (i) => i.labels.map(lower), resolve: (raw) => [lower(raw)], sort: (i) => (i.labels.length ? lower([...i.labels].sort().join(' ')) : null) },
  component: {
    id: 'components', kind: 'id', values: (i) => i.componentIds ?? [],
    resolve: (raw, env) => some(Object.values(env.data.components ?? {}).filter((c) => (c.id === raw || lower(c.name) === lower(raw)) && visibleProject(env, c.projectId)).map((c) => c.id)),
    sort: (i, env) => { const first = i.componentIds?.[0]; return first ? lower(env.data.components[first]?.name ?? '') : null; },
  },
  fixversion: versionField('fixVersions', (i) => i.fixVersionIds),
  affectedversion: versionField('versions', (i) => i.affectedVersionIds),
  sprint: sprintField,
  parent: parentField,
  summary: { id: 'summary', kind: 'text', values: (i) => textOf(i, 'summary'), sort: (i) => lower(i.summary) },
  description: { id: 'description', kind: 'text', values: (i) => textOf(i, 'description') },
  environment: { id: 'environment', kind: 'text', values: () => [] },
  comment: { id: 'comment', kind: 'text', values: (i) => textOf(i, 'comment') },
  text: { id: 'text', kind: 'text', values: (i) => [...textOf(i, 'summary'), ...textOf(i, 'description'), ...textOf(i, 'comment')] },
  created: { id: 'created', kind: 'date', values: (i) => dateValue(i.created), sort: (i) => ms(i.created), sortDesc: true },
  updated: { id: 'updated', kind: 'date', values: (i) => dateValue(i.updated), sort: (i) => ms(i.updated), sortDesc: true },
  resolved: { id: 'resolutiondate', kind: 'date', values: (i) => dateValue(i.resolutionDate), sort: (i) => ms(i.resolutionDate), sortDesc: true },
  duedate: { id: 'duedate', kind: 'date', values: (i) => (i.dueDate ? [Date.parse(i.dueDate)] : []), sort: (i) => (i.dueDate ? Date.parse(i.dueDate) : null) },
  statuscategorychangeddate: { id: 'statuscategorychangedate', kind: 'date', values: (i) => dateValue(i.updated), sort: (i) => ms(i.updated), sortDesc: true },
  customfield_10016: pointsField,
  customfield_10020: sprintField,
  customfield_10014: parentField,
  customfield_10019: { id: 'customfield_10019', kind: 'number', values: (i) => one(i.rank), sort: (i) => i.rank ?? Number(i.id) },
};

/** Other names Jira accepts for the same clause. */
const ALIASES: Record<string, string> = {
  id: 'key', issue: 'key', issuekey: 'key', type: 'issuetype', createddate: 'created', updateddate: 'updated', resolutiondate: 'resolved', due: 'duedate',
  label: 'labels', watchers: 'watcher', voters: 'voter', components: 'component', fixversions: 'fixversion', affectedversions: 'affectedversion',
  'story points': 'customfield_10016', 'story point estimate': 'customfield_10016', 'epic link': 'customfield_10014', rank: 'customfield_10019',
};

/** The clause field for a written name, or undefined ("Field 'x' does not exist…"). */
export function clauseField(name: string): ClauseField | undefined {
  const n = lower(name.trim());
  return FIELDS[ALIASES[n] ?? n];
}
