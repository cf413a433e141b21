// The issue fields and expansions of the issue data model: due date, story points, affects versions,
// the custom fields every Jira Software site has; changelog histories; and `expand` on an issue
// (changelog, renderedFields, names, schema, transitions, editmeta, operations).
import type { JiraHistory } from './changelog.js';
import { namesOf, schemaOf } from './fields.js';
import type { JiraData, JiraIssue } from './store.js';
import { type ApiVersion, statusView, userRef } from './views.js';
import { versionView } from './views-site.js';
import { dayOf, nowOf } from './clock-of.js';
import { adfToText, TRANSITIONS } from './workflow.js';

/** The fields this module adds to an issue, by field id. */
export function modelFields(data: JiraData, base: string, v: ApiVersion, issue: JiraIssue): Record<string, unknown> {
  return {
    duedate: issue.dueDate ?? null,
    versions: (issue.affectedVersionIds ?? []).map((id) => data.versions[id]).filter(Boolean).map((x) => versionView(base, v, x, dayOf(nowOf(data)))),
    customfield_10016: issue.customfield_10016 ?? null,
    customfield_10014: null,
    customfield_10001: null,
    environment: null,
  };
}

export function historyView(data: JiraData, base: string, v: ApiVersion, h: JiraHistory) {
  return { id: h.id, author: userRef(data, base, v, h.authorAccountId), created: h.created, items: h.items };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Jira's rendered date-time, e.g. "05/Jan/26 9:00 AM" (UTC). */
function renderedTime(t: string): string {
  const d = new Date(t.replace('+0000', 'Z'));
  const h = d.getUTCHours();
  return `${String(d.getUTCDate()).padStart(2, '0')}/${MONTHS[d.getUTCMonth()]}/${String(d.getUTCFullYear()).slice(2)} ${h % 12 || 12}:${String(d.getUTCMinutes()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
}
const html = (text: string) => text.split('\n').map((line) => `<p>${escapeHtml(line)}</p>`).join('');

function renderedFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(fields)) {
    if (id === 'description') out[id] = value === null ? null : html(typeof value === 'string' ? value : adfToText(value));
    else if (id === 'comment' && value && typeof value === 'object') {
      const page = value as { comments: { body: unknown; created: string; updated: string }[] };
      out[id] = { ...page, comments: page.comments.map((c) => ({ ...c, body: html(typeof c.body === 'string' ? c.body : adfToText(c.body)), created: renderedTime(c.created), updated: renderedTime(c.updated) })) };
    } else if ((id === 'created' || id === 'updated' || id === 'resolutiondate') && typeof value === 'string') out[id] = renderedTime(value);
    else if (id === 'duedate' && typeof value === 'string') out[id] = renderedTime(`${value}T00:00:00.000Z`).slice(0, 9);
    else out[id] = null;
  }
  return out;
}

const EDITABLE = ['summary', 'description', 'issuetype', 'priority', 'assignee', 'reporter', 'labels', 'components', 'fixVersions', 'duedate', 'parent', 'customfield_10020'];

export const EXPANDS = new Set(['changelog', 'renderedFields', 'names', 'schema', 'transitions', 'editmeta', 'operations', 'versionedRepresentations']);

/** The `expand` list of a request: comma-separated string(s) or an array. */
export function expandList(raw: unknown): Set<string> {
  const parts = (Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw]).flatMap((x) => String(x).split(','));
  return new Set(parts.map((x) => x.trim()).filter(Boolean));
}

type View = { expand?: string; id: string; self: string; key: string; fields: Record<string, unknown> } & Record<string, unknown>;

/**
 * Adds the per-issue expansions to an issue view. `names` and `schema` go on the issue itself
 * (GET issue) unless `topLevel` collects them for a search response.
 */
export function expandIssue(data: JiraData, base: string, v: ApiVersion, issue: JiraIssue, view: View, expand: Set<string>, topLevel?: Set<string>): View {
  const out: View = { ...view };
  if (expand.has('renderedFields')) out.renderedFields = renderedFields(view.fields);
  if (expand.has('names') || expand.has('schema')) {
    if (topLevel) for (const id of Object.keys(view.fields)) topLevel.add(id);
    else {
      if (expand.has('names')) out.names = namesOf(Object.keys(view.fields));
      if (expand.has('schema')) out.schema = schemaOf(Object.keys(view.fields));
    }
  }
  if (expand.has('transitions')) {
    out.transitions = TRANSITIONS.filter((t) => (t.from as readonly string[]).includes(issue.statusId)).map((t) => ({ id: t.id, name: t.name, to: statusView(base, v, t.to), hasScreen: t.to === '10002', isGlobal: false, isInitial: false, isAvailable: true, isConditional: false, isLooped: false }));
  }
  if (expand.has('editmeta')) {
    const schemas = schemaOf(EDITABLE);
    const names = namesOf(EDITABLE);
    out.editmeta = { fields: Object.fromEntries(EDITABLE.map((id) => [id, { required: id === 'summary' || id === 'issuetype', schema: schemas[id], name: names[id], key: id, operations: id === 'labels' || id === 'components' || id === 'fixVersions' ? ['add', 'set', 'remove'] : ['set'] }])) };
  }
  if (expand.has('operations')) out.operations = { linkGroups: [] };
  if (expand.has('changelog')) {
    const histories = (issue.changelog ?? []).map((h) => historyView(data, base, v, h));
    out.changelog = { startAt: 0, maxResults: histories.length, total: histories.length, histories };
  }
  return out;
}
