// ORDER BY: each key's field must exist and be sortable; no direction means the field's default
// (descending for created/updated/resolved and priority, ascending otherwise). Empty values sort
// after every value ascending (before them descending). Ties fall back to the issue id, ascending.
// Without ORDER BY, results come newest first (created DESC), as Jira Cloud's issue navigator lists them.
import type { JiraIssue } from '../store.js';
import { clauseField, type JqlEnv } from './fields.js';
import type { SortKey } from './parser.js';

type Key = { get: (i: JiraIssue) => string | number | null; desc: boolean };

export function compileOrder(orderBy: SortKey[], env: JqlEnv, errors: string[]): Key[] {
  if (!orderBy.length) return [{ get: (i) => Date.parse(i.created.replace('+0000', 'Z')), desc: true }, { get: (i) => Number(i.id), desc: true }];
  const keys: Key[] = [];
  for (const { field: ref, direction } of orderBy) {
    const field = clauseField(ref.name);
    if (!field) { errors.push(`Field '${ref.name}' does not exist or you do not have permission to view it.`); continue; }
    const sort = field.sort;
    if (!sort) { errors.push(`Field '${ref.name}' does not support sorting.`); continue; }
    keys.push({ get: (i) => sort(i, env), desc: direction ? direction === 'desc' : !!field.sortDesc });
  }
  keys.push({ get: (i) => Number(i.id), desc: false });
  return keys;
}

/** Sorts issues by the keys, computing each key once per issue. */
export function sortIssues(issues: JiraIssue[], keys: Key[]): JiraIssue[] {
  const rows = issues.map((issue) => ({ issue, values: keys.map((k) => k.get(issue)) }));
  rows.sort((a, b) => {
    for (let n = 0; n < keys.length; n++) {
      const [x, y] = [a.values[n], b.values[n]];
      if (x === y) continue;
      // Empty is greater than any value.
      const c = x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
      return keys[n].desc ? -c : c;
    }
    return 0;
  });
  return rows.map((r) => r.issue);
}
