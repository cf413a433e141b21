// Issue history: every edit, transition and assignment leaves a changelog entry (a "history") whose
// items name the field and its old and new values as ids (`from`/`to`) and display strings
// (`fromString`/`toString`), as Jira records them. Routes take a `historyState` before they change an
// issue and call `recordHistory` after: the difference becomes one history, authored by the caller.
import { nextId } from './entities.js';
import { type JiraData, type JiraIssue, usersById } from './store.js';
import { RESOLUTIONS } from './resolutions.js';
import { adfToText, ISSUE_TYPES, PRIORITIES, RESOLUTION_DONE, STATUSES } from './workflow.js';

export interface HistoryItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface JiraHistory {
  id: string;
  authorAccountId: string;
  created: string;
  items: HistoryItem[];
}

/** What this module adds to a stored issue (optional: older snapshots still load). */
export interface ModelExtras {
  changelog?: JiraHistory[];
  /** yyyy-MM-dd. */
  dueDate?: string | null;
  /** Story Points (customfield_10016). */
  customfield_10016?: number | null;
  /** Affects versions ("versions"): version ids. */
  affectedVersionIds?: string[];
}

type Tracked = { field: string; fieldtype?: 'custom'; fieldId: string; ids: (i: JiraIssue) => string[]; names: (data: JiraData, ids: string[]) => string | null; joinIds?: string };

const nameOf = <T extends { id: string | number; name: string }>(list: readonly T[] | Record<string, T>) => (data: JiraData, ids: string[]) => {
  const all = Array.isArray(list) ? list : Object.values(list);
  return ids.length ? ids.map((id) => all.find((x) => String(x.id) === id)?.name ?? id).join(', ') : null;
};
const userName = (data: JiraData, ids: string[]) => (ids[0] ? usersById(data.users).get(ids[0])?.displayName ?? ids[0] : null);
const one = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? [] : [v]);
const isDone = (i: JiraIssue) => STATUSES.find((s) => s.id === i.statusId)?.category === 'done';

/** The fields whose changes are recorded, with Jira's history field names. */
const TRACKED: Tracked[] = [
  { field: 'summary', fieldId: 'summary', ids: (i) => [i.summary], names: (_d, v) => v[0] ?? null },
  { field: 'description', fieldId: 'description', ids: (i) => one(i.description ? adfToText(i.description) : null), names: (_d, v) => v[0] ?? null },
  { field: 'issuetype', fieldId: 'issuetype', ids: (i) => [i.issueTypeId], names: nameOf(ISSUE_TYPES) },
  { field: 'priority', fieldId: 'priority', ids: (i) => [i.priorityId], names: nameOf(PRIORITIES) },
  { field: 'status', fieldId: 'status', ids: (i) => [i.statusId], names: nameOf(STATUSES) },
  { field: 'resolution', fieldId: 'resolution', ids: (i) => (isDone(i) ? [i.resolutionId ?? RESOLUTION_DONE.id] : []), names: nameOf(RESOLUTIONS) },
  { field: 'assignee', fieldId: 'assignee', ids: (i) => one(i.assigneeAccountId), names: userName },
  { field: 'reporter', fieldId: 'reporter', ids: (i) => one(i.reporterAccountId), names: userName },
  { field: 'labels', fieldId: 'labels', ids: (i) => [...i.labels], names: (_d, v) => (v.length ? v.join(' ') : null), joinIds: 'none' },
  { field: 'duedate', fieldId: 'duedate', ids: (i) => one(i.dueDate), names: (_d, v) => v[0] ?? null },
  { field: 'Component', fieldId: 'components', ids: (i) => [...(i.componentIds ?? [])], names: (d, v) => nameOf(d.components)(d, v) },
  { field: 'Fix Version', fieldId: 'fixVersions', ids: (i) => [...(i.fixVersionIds ?? [])], names: (d, v) => nameOf(d.versions)(d, v) },
  { field: 'Version', fieldId: 'versions', ids: (i) => [...(i.affectedVersionIds ?? [])], names: (d, v) => nameOf(d.versions)(d, v) },
  { field: 'IssueParentAssociation', fieldId: 'parent', ids: (i) => one(i.parentId), names: (d, v) => (v[0] ? d.issues[v[0]]?.key ?? v[0] : null) },
  { field: 'Sprint', fieldtype: 'custom', fieldId: 'customfield_10020', ids: (i) => (i.customfield_10020 ?? []).map(String), names: (d, v) => nameOf(d.sprints)(d, v) },
  { field: 'Story Points', fieldtype: 'custom', fieldId: 'customfield_10016', ids: (i) => one(i.customfield_10016 === null || i.customfield_10016 === undefined ? null : String(i.customfield_10016)), names: (_d, v) => v[0] ?? null },
];

/** Free-text fields keep their values in fromString/toString only, as Jira does. */
const TEXT_FIELDS = new Set(['summary', 'description', 'labels', 'duedate', 'customfield_10016']);

export type HistoryState = string[][];

/** The tracked values of an issue, taken before a change. */
export const historyState = (issue: JiraIssue): HistoryState => TRACKED.map((t) => t.ids(issue));

/** Records what changed since `before` as one history by `authorAccountId`; nothing if nothing changed. */
export function recordHistory(data: JiraData, issue: JiraIssue, before: HistoryState, authorAccountId: string, created: string): JiraHistory | null {
  const items: HistoryItem[] = [];
  TRACKED.forEach((t, n) => {
    const [was, now] = [before[n], t.ids(issue)];
    if (was.length === now.length && was.every((x, k) => x === now[k])) return;
    const text = TEXT_FIELDS.has(t.fieldId);
    items.push({
      field: t.field, fieldtype: t.fieldtype ?? 'jira', fieldId: t.fieldId,
      from: text ? null : was.join(', ') || null, fromString: t.names(data, was),
      to: text ? null : now.join(', ') || null, toString: t.names(data, now),
    });
  });
  if (!items.length) return null;
  const history: JiraHistory = { id: String(nextId(data, 'history')), authorAccountId, created, items };
  (issue.changelog ??= []).push(history);
  return history;
}

/** Jira's history field name (as in changelog items) for a tracked field id. */
export const historyFieldName = (fieldId: string): string | undefined => TRACKED.find((t) => t.fieldId === fieldId)?.field;
