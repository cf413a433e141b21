// The data-model fields an issue takes on create and edit: duedate ("yyyy-MM-dd" or null), Story
// Points (customfield_10016, a number or null) and affects versions ("versions": [{id}|{name}] of the
// issue's project). Checked first; the caller applies them only when every field is fine.
import type { JiraData, JiraIssue } from '../store.js';

export const MODEL_FIELDS = ['duedate', 'customfield_10016', 'versions'];

export type ModelChanges = Pick<JiraIssue, 'dueDate' | 'customfield_10016' | 'affectedVersionIds'>;

const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

export function readModelFields(data: JiraData, fields: Record<string, unknown>, projectId: string | undefined, errors: Record<string, string>): ModelChanges {
  const changes: ModelChanges = {};
  if ('duedate' in fields) {
    const v = fields.duedate;
    const valid = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
    if (v === null || v === '') changes.dueDate = null;
    else if (!valid) errors.duedate = "Error parsing date string: " + String(v);
    else changes.dueDate = v as string;
  }
  if ('customfield_10016' in fields) {
    const v = fields.customfield_10016;
    if (v === null) changes.customfield_10016 = null;
    else if (typeof v !== 'number' || !Number.isFinite(v)) errors.customfield_10016 = 'Operation value must be a number';
    else changes.customfield_10016 = v;
  }
  if ('versions' in fields && projectId) {
    const v = fields.versions;
    const ids: string[] = [];
    for (const item of Array.isArray(v) ? v : [null]) {
      const r = obj(item);
      const found: JiraData['versions'][string] | null | undefined = r && (r.id !== undefined ? data.versions[String(r.id)] : Object.values(data.versions).find((x) => x.projectId === projectId && x.name === r.name));
      if (!found || found.projectId !== projectId) { errors.versions = r?.id !== undefined ? `Version with id '${String(r.id)}' does not exist.` : `Version name '${String(r?.name ?? '')}' is not valid`; break; }
      if (!ids.includes(found.id)) ids.push(found.id);
    }
    if (!errors.versions) changes.affectedVersionIds = ids;
  }
  return changes;
}
