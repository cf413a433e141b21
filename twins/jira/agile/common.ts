// What the Agile routes share: boards and sprints looked up with the caller's browse permission (Jira
// Software answers an invisible board or sprint like a missing one), issue pages in the Agile shape
// (SearchResults with the sprint, closedSprints, epic and flagged fields), rank order and the
// optional `jql` narrowing through the twin's JQL module.
import type { FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { callerId } from '../auth.js';
import type { JiraBoard, JiraSprint } from '../entities.js';
import { jiraError } from '../errors.js';
import { compileJql, jqlHttpError, JqlError } from '../jql/index.js';
import { intParam, query } from '../routes/params.js';
import { canBrowse, type JiraData, type JiraIssue, type JiraProject, projectsByIdOrKey } from '../store.js';
import { issueView } from '../views.js';
import { sprintView } from '../views-site.js';
import { STATUSES } from '../workflow.js';

export const AGILE = '/rest/agile/1.0';
export const EPIC_TYPE = '10000';
const SUBTASK_TYPE = '10004';

export const boardMissing = () => jiraError(404, 'Board does not exist or you do not have permission to see it.');
export const sprintMissing = (id: string) => jiraError(404, `Sprint with id ${id} does not exist or you do not have permission to see it.`);

export function boardOf(data: JiraData, request: FastifyRequest, id = (request.params as { boardId: string }).boardId): { board: JiraBoard; project: JiraProject } {
  const board = data.boards.find((b) => String(b.id) === id);
  const project = board && projectsByIdOrKey(data.projects).get(board.projectId);
  if (!board || !project || !canBrowse(data, callerId(request), project)) throw boardMissing();
  return { board, project };
}

export function sprintOf(data: JiraData, request: FastifyRequest, id = (request.params as { sprintId: string }).sprintId): JiraSprint {
  const sprint = /^\d+$/.test(id) ? data.sprints[id] : undefined;
  if (!sprint) throw sprintMissing(id);
  const board = data.boards.find((b) => b.id === sprint.boardId);
  const project = board && projectsByIdOrKey(data.projects).get(board.projectId);
  if (!project || !canBrowse(data, callerId(request), project)) throw sprintMissing(id);
  return sprint;
}

export const rankOf = (i: JiraIssue) => i.rank ?? Number(i.id);
export const byRank = (a: JiraIssue, b: JiraIssue) => rankOf(a) - rankOf(b) || Number(a.id) - Number(b.id);
export const isDone = (i: JiraIssue) => STATUSES.find((s) => s.id === i.statusId)?.category === 'done';
export const isEpic = (i: JiraIssue) => i.issueTypeId === EPIC_TYPE;
export const isSubtask = (i: JiraIssue) => i.issueTypeId === SUBTASK_TYPE;

/** The open (active or future) sprint of an issue, if any; the last one wins as in Jira. */
export const openSprintOf = (data: JiraData, i: JiraIssue): JiraSprint | undefined =>
  (i.customfield_10020 ?? []).map((id) => data.sprints[id]).filter((s) => s && s.state !== 'closed').at(-1);

/** Issues the caller may browse among `pool`, narrowed by the `jql` parameter, in rank order. */
export function narrow(ctx: TwinContext<JiraData>, request: FastifyRequest, pool: Iterable<JiraIssue>): JiraIssue[] {
  const data = ctx.store.data;
  const me = callerId(request);
  const jql = query(request).jql;
  let test: ((i: JiraIssue) => boolean) | null = null;
  if (jql && jql.trim()) {
    try {
      test = compileJql(jql, { data, accountId: me, now: ctx.clock.now() }).matches;
    } catch (error) {
      if (error instanceof JqlError) throw jqlHttpError(error);
      throw error;
    }
  }
  const projects = projectsByIdOrKey(data.projects);
  const allowed = new Map<string, boolean>();
  const browsable = (projectId: string) => {
    if (!allowed.has(projectId)) { const p = projects.get(projectId); allowed.set(projectId, !!p && canBrowse(data, me, p)); }
    return allowed.get(projectId)!;
  };
  const out: JiraIssue[] = [];
  for (const issue of pool) if (browsable(issue.projectId) && (!test || test(issue))) out.push(issue);
  return out.sort(byRank);
}

/** The `fields` parameter: comma lists, repeated or both. */
export const fieldList = (request: FastifyRequest): string[] | undefined => {
  const raw = (request.query as Record<string, string | string[] | undefined>).fields;
  if (raw === undefined) return undefined;
  return (Array.isArray(raw) ? raw : [raw]).flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean);
};

/** Jira Software's issue representation: the platform issue (v2 text) plus its Agile fields. */
export function agileIssue(ctx: TwinContext<JiraData>, issue: JiraIssue, fields: string[] | undefined, viewer: string) {
  const data = ctx.store.data;
  const base = ctx.publicUrl();
  const view = issueView(data, base, '2', issue, fields, viewer);
  const wants = (f: string) => !fields || fields.includes(f) || fields.includes('*all') || fields.includes('*navigable');
  const sprints = (issue.customfield_10020 ?? []).map((id) => data.sprints[id]).filter(Boolean);
  const open = openSprintOf(data, issue);
  const epic = issue.parentId ? data.issues[issue.parentId] : undefined;
  const extra: Record<string, unknown> = {};
  if (wants('sprint')) extra.sprint = open ? sprintView(base, open) : null;
  if (wants('closedSprints')) extra.closedSprints = sprints.filter((s) => s.state === 'closed').map((s) => sprintView(base, s));
  if (wants('epic')) extra.epic = epic && isEpic(epic) ? epicView(ctx, epic) : null;
  if (wants('flagged')) extra.flagged = false;
  return { ...view, self: `${base}${AGILE}/issue/${issue.id}`, fields: { ...view.fields, ...extra } };
}

export function epicView(ctx: TwinContext<JiraData>, epic: JiraIssue) {
  return { id: Number(epic.id), key: epic.key, self: `${ctx.publicUrl()}${AGILE}/epic/${epic.id}`, name: epic.summary, summary: epic.summary, color: { key: `color_${(Number(epic.id) % 14) + 1}` }, done: isDone(epic) };
}

/** Jira Software's SearchResults page of issues. */
export function issuePage(ctx: TwinContext<JiraData>, request: FastifyRequest, issues: JiraIssue[]) {
  const q = query(request);
  const startAt = intParam(q, 'startAt', 0);
  const maxResults = intParam(q, 'maxResults', 50, 100);
  const fields = fieldList(request);
  const me = callerId(request);
  return { expand: 'schema,names', startAt, maxResults, total: issues.length, issues: issues.slice(startAt, startAt + maxResults).map((i) => agileIssue(ctx, i, fields, me)) };
}

/** The Agile "values" page (boards, sprints, epics): startAt, maxResults, isLast, and total where Jira gives it. */
export function valuesPage<T, V>(request: FastifyRequest, all: T[], render: (x: T) => V, withTotal: boolean) {
  const q = query(request);
  const startAt = intParam(q, 'startAt', 0);
  const maxResults = intParam(q, 'maxResults', 50, 50);
  const values = all.slice(startAt, startAt + maxResults).map(render);
  return { maxResults, startAt, ...(withTotal && { total: all.length }), isLast: startAt + values.length >= all.length, values };
}

/** Issue keys or ids from an Agile body's `issues`, each visible to the caller (at most 50); else `status`. */
export function issuesIn(data: JiraData, request: FastifyRequest, raw: unknown, status = 400): JiraIssue[] {
  if (!Array.isArray(raw) || !raw.length) throw jiraError(400, 'At least one issue must be given in issues.');
  if (raw.length > 50) throw jiraError(400, 'At most 50 issues can be moved or ranked at once.');
  const me = callerId(request);
  return raw.map((ref) => {
    const text = String(ref);
    const id = /^\d+$/.test(text) ? text : data.issueKeys[text.toUpperCase()];
    const issue = id === undefined ? undefined : data.issues[id];
    const project = issue && projectsByIdOrKey(data.projects).get(issue.projectId);
    if (!issue || !project || !canBrowse(data, me, project)) throw jiraError(status, status === 404 ? 'Issue does not exist or you do not have permission to see it.' : `Issue '${text}' does not exist or you do not have permission to see it.`);
    return issue;
  });
}
