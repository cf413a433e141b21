// A field's past values, rebuilt from the issue's changelog: the segments during which each value
// held (with who set it) and the changes themselves, for WAS and CHANGED.
import type { JiraIssue } from '../store.js';
import type { ClauseField, JqlEnv } from './fields.js';

export interface Segment { values: string[]; start: number; end: number; by: string }
export interface Change { at: number; by: string; from: string[]; to: string[] }
export interface Timeline { segments: Segment[]; changes: Change[] }

const split = (v: string | null) => (v ? v.split(', ') : []);
const ms = (t: string) => Date.parse(t.replace('+0000', 'Z'));

export function history(issue: JiraIssue, field: ClauseField, env: JqlEnv): Timeline {
  const changes: Change[] = [];
  for (const h of issue.changelog ?? []) {
    for (const item of h.items) if (item.fieldId === field.history) changes.push({ at: ms(h.created), by: h.authorAccountId, from: split(item.from), to: split(item.to) });
  }
  const current = field.values(issue, env).map(String);
  const segments: Segment[] = [];
  let start = ms(issue.created);
  let values = changes.length ? changes[0].from : current;
  let by = issue.creatorAccountId;
  for (const c of changes) {
    segments.push({ values, start, end: c.at, by });
    ({ at: start, to: values, by } = c);
  }
  segments.push({ values, start, end: Infinity, by });
  return { segments, changes };
}
