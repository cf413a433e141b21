// The issue fields tied to site entities, on create and edit: components, fixVersions, parent (an
// epic), the sprint field customfield_10020; and the `update` operations for components, fixVersions
// (add/remove/set) and comment (add). Checked first, applied only when every field is fine.
import type { ApiVersion } from '../views.js';
import { canBrowse, type JiraComment, type JiraData, type JiraIssue, projectsByIdOrKey } from '../store.js';
import { isAdf, textToAdf, type Adf } from '../workflow.js';
import { readVisibility } from './comments.js';

export const SITE_FIELDS = ['components', 'fixVersions', 'parent', 'customfield_10020'];
const UPDATABLE = new Set(['components', 'fixVersions', 'comment']);

export type SiteChanges = Pick<JiraIssue, 'componentIds' | 'fixVersionIds' | 'parentId' | 'customfield_10020'>;

const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const EPIC = '10000';

/** Component or version ids from [{id}|{name}] in the project; the first bad one is Jira's field error. */
function refsIn<T extends { id: string; name: string; projectId: string }>(table: Record<string, T>, projectId: string, value: unknown, what: 'Component' | 'Version'): string[] | string {
  if (!Array.isArray(value)) return `${what}s must be given as a list of {id} or {name} objects.`;
  const out: string[] = [];
  for (const item of value) {
    const r = obj(item);
    const found = r && (r.id !== undefined ? table[String(r.id)] : Object.values(table).find((x) => x.projectId === projectId && x.name === r.name));
    if (!found || found.projectId !== projectId) return r?.id !== undefined ? `${what} with id '${String(r.id)}' does not exist.` : `${what} name '${String(r?.name ?? '')}' is not valid`;
    if (!out.includes(found.id)) out.push(found.id);
  }
  return out;
}

/** Reads the site fields present in `fields` for an issue of `projectId`; errors go into `errors`. */
export function readSiteFields(data: JiraData, fields: Record<string, unknown>, projectId: string | undefined, me: string, issueTypeId: string | undefined, errors: Record<string, string>, self?: JiraIssue): SiteChanges {
  const changes: SiteChanges = {};
  if (!projectId) return changes;
  const set = (field: string, result: string[] | string, key: 'componentIds' | 'fixVersionIds') => {
    if (typeof result === 'string') errors[field] = result;
    else changes[key] = result;
  };
  if ('components' in fields) set('components', refsIn(data.components, projectId, fields.components, 'Component'), 'componentIds');
  if ('fixVersions' in fields) set('fixVersions', refsIn(data.versions, projectId, fields.fixVersions, 'Version'), 'fixVersionIds');
  if ('parent' in fields) {
    const r = obj(fields.parent);
    if (fields.parent === null) changes.parentId = null;
    else {
      const idOrKey = r && String(r.key ?? r.id ?? '');
      const id = idOrKey && (/^\d+$/.test(idOrKey) ? idOrKey : data.issueKeys[idOrKey.toUpperCase()]);
      const parent = id ? data.issues[id] : undefined;
      const project = parent && projectsByIdOrKey(data.projects).get(parent.projectId);
      if (!parent || !project || !canBrowse(data, me, project)) errors.parent = `Could not find issue by id or key.`;
      else if (parent.issueTypeId !== EPIC || issueTypeId === EPIC || parent.id === self?.id) errors.parent = 'Given parent work item does not belong to appropriate hierarchy.';
      else changes.parentId = parent.id;
    }
  }
  if ('customfield_10020' in fields) {
    const value = fields.customfield_10020;
    const sprint = value === null ? null : data.sprints[String(typeof value === 'object' ? obj(value)?.id : value)];
    if (value === null) changes.customfield_10020 = [];
    else if (!sprint) errors.customfield_10020 = `Sprint with id '${JSON.stringify(value)}' does not exist.`;
    else if (sprint.state === 'closed') errors.customfield_10020 = 'Issue can be assigned only active or future sprints.';
    else changes.customfield_10020 = [...(self?.customfield_10020 ?? []).filter((s) => data.sprints[s]?.state === 'closed'), sprint.id];
  }
  return changes;
}

/** `update` operations this module handles; the names it does not handle are left to the caller. */
export const handlesUpdate = (name: string) => UPDATABLE.has(name);

/**
 * Applies `update` operations on components / fixVersions ({add|remove: {id|name}}, {set: [...]}) and
 * comment ({add: {body, visibility?}}) to a copy; returns the new lists and comments to add.
 */
export function readSiteUpdate(data: JiraData, v: ApiVersion, update: Record<string, unknown>, issue: JiraIssue, me: string, errors: Record<string, string>): { changes: SiteChanges; comments: Pick<JiraComment, 'body' | 'visibility'>[] } {
  const changes: SiteChanges = {};
  const comments: Pick<JiraComment, 'body' | 'visibility'>[] = [];
  for (const [name, ops] of Object.entries(update)) {
    if (!UPDATABLE.has(name)) continue;
    if (!Array.isArray(ops)) { errors[name] = `Operations for ${name} must be a list.`; continue; }
    if (name === 'comment') {
      for (const op of ops) {
        const add = obj(obj(op)?.add);
        const body = add?.body;
        const adf: Adf | null = v === '3' ? (isAdf(body) ? body : null) : typeof body === 'string' && body.trim() ? textToAdf(body) : null;
        if (!add || !adf || !adf.content.length) { errors.comment = 'Comment body can not be empty!'; continue; }
        try {
          comments.push({ body: adf, visibility: readVisibility(data, add.visibility, me) ?? null });
        } catch {
          errors.comment = 'The comment visibility is not valid.';
        }
      }
      continue;
    }
    const key = name === 'components' ? 'componentIds' : 'fixVersionIds';
    const table: Record<string, { id: string; name: string; projectId: string }> = name === 'components' ? data.components : data.versions;
    const what = name === 'components' ? 'Component' : 'Version';
    let list = [...(issue[key] ?? [])];
    for (const op of ops) {
      const [verb, arg] = Object.entries(obj(op) ?? {})[0] ?? [];
      const ids = refsIn(table, issue.projectId, verb === 'set' ? arg : [arg], what);
      if (typeof ids === 'string' || !['add', 'remove', 'set'].includes(verb ?? '')) { errors[name] = typeof ids === 'string' ? ids : `Invalid operation for ${name}: ${JSON.stringify(op)}`; continue; }
      if (verb === 'set') list = ids;
      else if (verb === 'add') list = [...new Set([...list, ...ids])];
      else list = list.filter((x) => !ids.includes(x));
    }
    changes[key] = list;
  }
  return { changes, comments };
}
