// How Jira renders the site entities of entities.ts, and the issue fields they add (components,
// fixVersions, parent, sprint, watches, votes, worklog, issuelinks, attachment, subtasks).
import type { JiraAttachment, JiraComponent, JiraIssueLink, JiraSprint, JiraVersion, JiraVisibility, JiraWorklog } from './entities.js';
import { LINK_TYPES } from './entities.js';
import { dayOf, nowOf } from './clock-of.js';
import { ADMIN_GROUPS, groupsOf, type JiraComment, type JiraData, type JiraIssue } from './store.js';
import { type ApiVersion, issueTypeView, statusView, userRef } from './views.js';
import { adfToText, ISSUE_TYPES, PRIORITIES } from './workflow.js';

export function componentView(data: JiraData, base: string, v: ApiVersion, c: JiraComponent) {
  const project = data.projects.find((p) => p.id === c.projectId);
  const lead = userRef(data, base, v, c.leadAccountId);
  return {
    self: `${base}/rest/api/${v}/component/${c.id}`, id: c.id, name: c.name, description: c.description,
    ...(lead && { lead }), assigneeType: c.assigneeType, realAssigneeType: c.assigneeType, isAssigneeTypeValid: true,
    project: project?.key, projectId: Number(c.projectId),
  };
}

/** `today` (yyyy-MM-dd by the universe clock) decides `overdue`. */
export function versionView(base: string, v: ApiVersion, x: JiraVersion, today: string) {
  const overdue = !x.released && !!x.releaseDate && x.releaseDate < today;
  return {
    self: `${base}/rest/api/${v}/version/${x.id}`, id: x.id, description: x.description, name: x.name, archived: x.archived, released: x.released,
    ...(x.startDate && { startDate: x.startDate }), ...(x.releaseDate && { releaseDate: x.releaseDate }), ...(!x.released && { overdue }),
    ...(x.releaseDate && { userReleaseDate: x.releaseDate }), projectId: Number(x.projectId),
  };
}

/** A sprint as the sprint field and the Agile API render it. */
export function sprintView(base: string, s: JiraSprint) {
  return {
    id: s.id, self: `${base}/rest/agile/1.0/sprint/${s.id}`, state: s.state, name: s.name,
    ...(s.startDate && { startDate: s.startDate.replace('+0000', 'Z') }), ...(s.endDate && { endDate: s.endDate.replace('+0000', 'Z') }),
    ...(s.completeDate && { completeDate: s.completeDate.replace('+0000', 'Z') }), createdDate: s.createdDate.replace('+0000', 'Z'),
    originBoardId: s.boardId, boardId: s.boardId, goal: s.goal,
  };
}

export const linkTypeView = (base: string, v: ApiVersion, t: (typeof LINK_TYPES)[number]) => ({ id: t.id, name: t.name, inward: t.inward, outward: t.outward, self: `${base}/rest/api/${v}/issueLinkType/${t.id}` });

/** The few fields Jira puts on an issue referenced from another (parent, links). */
export function issueRef(base: string, v: ApiVersion, i: JiraIssue) {
  const priority = PRIORITIES.find((p) => p.id === i.priorityId)!;
  return {
    id: i.id, key: i.key, self: `${base}/rest/api/${v}/issue/${i.id}`,
    fields: {
      summary: i.summary, status: statusView(base, v, i.statusId), issuetype: issueTypeView(base, v, ISSUE_TYPES.find((t) => t.id === i.issueTypeId)!),
      priority: { self: `${base}/rest/api/${v}/priority/${priority.id}`, iconUrl: `${base}/images/icons/priorities/${priority.name.toLowerCase()}.svg`, name: priority.name, id: priority.id },
    },
  };
}

/** A link as seen from `from` (Jira shows the other end only), or the whole link when `from` is null. */
export function linkView(data: JiraData, base: string, v: ApiVersion, l: JiraIssueLink, from: JiraIssue | null) {
  const type = linkTypeView(base, v, LINK_TYPES.find((t) => t.id === l.typeId)!);
  const inward = data.issues[l.inwardIssueId];
  const outward = data.issues[l.outwardIssueId];
  const head = { id: l.id, self: `${base}/rest/api/${v}/issueLink/${l.id}`, type };
  if (!from) return { ...head, inwardIssue: issueRef(base, v, inward), outwardIssue: issueRef(base, v, outward) };
  return from.id === l.inwardIssueId ? { ...head, outwardIssue: issueRef(base, v, outward) } : { ...head, inwardIssue: issueRef(base, v, inward) };
}

export function worklogView(data: JiraData, base: string, v: ApiVersion, issue: JiraIssue, w: JiraWorklog) {
  return {
    self: `${base}/rest/api/${v}/issue/${issue.id}/worklog/${w.id}`, author: userRef(data, base, v, w.authorAccountId), updateAuthor: userRef(data, base, v, w.updateAuthorAccountId),
    ...(w.comment && { comment: v === '3' ? w.comment : adfToText(w.comment) }), created: w.created, updated: w.updated, started: w.started,
    timeSpent: formatDuration(w.timeSpentSeconds), timeSpentSeconds: w.timeSpentSeconds, id: w.id, issueId: issue.id,
  };
}

export function attachmentView(data: JiraData, base: string, v: ApiVersion, a: JiraAttachment) {
  return {
    self: `${base}/rest/api/${v}/attachment/${a.id}`, id: a.id, filename: a.filename, author: userRef(data, base, v, a.authorAccountId),
    created: a.created, size: a.size, mimeType: a.mimeType, content: `${base}/rest/api/${v}/attachment/content/${a.id}`,
  };
}

/** Whether `accountId` may read a comment restricted by visibility (group members; role: admins for Administrators). */
export function canSeeRestricted(data: JiraData, accountId: string | undefined, visibility: JiraVisibility | null | undefined, authorId?: string): boolean {
  if (!visibility) return true;
  if (!accountId) return false;
  if (accountId === authorId) return true;
  const mine = groupsOf(data.groups).get(accountId) ?? [];
  if (visibility.type === 'group') return mine.includes(visibility.value);
  return visibility.value !== 'Administrators' || mine.some((g) => ADMIN_GROUPS.includes(g));
}

export const visibleComments = (data: JiraData, issue: JiraIssue, viewer: string | undefined): JiraComment[] =>
  issue.comments.filter((c) => canSeeRestricted(data, viewer, c.visibility, c.authorAccountId));

/** Jira's duration text: weeks of 5 days, days of 8 hours ("1w 2d 3h 30m"). */
export function formatDuration(seconds: number): string {
  const units: [string, number][] = [['w', 5 * 8 * 3600], ['d', 8 * 3600], ['h', 3600], ['m', 60]];
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n) { parts.push(`${n}${unit}`); rest -= n * size; }
  }
  return parts.join(' ') || '0m';
}

/** The issue fields this module adds, by field id. */
export function siteFields(data: JiraData, base: string, v: ApiVersion, issue: JiraIssue, viewer?: string): Record<string, unknown> {
  const sprints = (issue.customfield_10020 ?? []).map((id) => data.sprints[id]).filter(Boolean);
  const parent = issue.parentId ? data.issues[issue.parentId] : undefined;
  const worklogs = issue.worklogs ?? [];
  return {
    components: (issue.componentIds ?? []).map((id) => data.components[id]).filter(Boolean).map((c) => ({ self: `${base}/rest/api/${v}/component/${c.id}`, id: c.id, name: c.name, description: c.description })),
    fixVersions: (issue.fixVersionIds ?? []).map((id) => data.versions[id]).filter(Boolean).map((x) => versionView(base, v, x, dayOf(nowOf(data)))),
    ...(parent && { parent: issueRef(base, v, parent) }),
    customfield_10020: sprints.length ? sprints.map((s) => ({ id: s.id, name: s.name, state: s.state, boardId: s.boardId, goal: s.goal, ...(s.startDate && { startDate: s.startDate.replace('+0000', 'Z') }), ...(s.endDate && { endDate: s.endDate.replace('+0000', 'Z') }), ...(s.completeDate && { completeDate: s.completeDate.replace('+0000', 'Z') }) })) : null,
    watches: { self: `${base}/rest/api/${v}/issue/${issue.key}/watchers`, watchCount: (issue.watchers ?? []).length, isWatching: !!viewer && (issue.watchers ?? []).includes(viewer) },
    votes: { self: `${base}/rest/api/${v}/issue/${issue.key}/votes`, votes: (issue.voters ?? []).length, hasVoted: !!viewer && (issue.voters ?? []).includes(viewer) },
    worklog: { startAt: 0, maxResults: 20, total: worklogs.length, worklogs: worklogs.slice(0, 20).map((w) => worklogView(data, base, v, issue, w)) },
    issuelinks: (issue.linkIds ?? []).map((id) => data.issueLinks[id]).filter(Boolean).map((l) => linkView(data, base, v, l, issue)),
    attachment: (issue.attachments ?? []).map((a) => attachmentView(data, base, v, a)),
    subtasks: [],
  };
}
