// Ranking: Jira keeps a global LexoRank per issue; here a number (lower comes first). Issues moved
// before (or after) another get ranks evenly spaced between it and its neighbour, keeping their order.
import { jiraError } from '../errors.js';
import type { JiraData, JiraIssue } from '../store.js';
import { rankOf } from './common.js';

export function rank(data: JiraData, moving: JiraIssue[], target: { before?: JiraIssue; after?: JiraIssue }): void {
  const anchor = target.before ?? target.after;
  if (!anchor) return;
  if (moving.some((i) => i.id === anchor.id)) throw jiraError(400, 'An issue cannot be ranked relative to itself.');
  const skip = new Set(moving.map((i) => i.id));
  const at = rankOf(anchor);
  // The nearest other issue on the far side of the anchor, if any.
  let neighbour: number | undefined;
  for (const issue of Object.values(data.issues)) {
    if (skip.has(issue.id) || issue.id === anchor.id) continue;
    const r = rankOf(issue);
    if (target.before ? r < at && (neighbour === undefined || r > neighbour) : r > at && (neighbour === undefined || r < neighbour)) neighbour = r;
  }
  const far = neighbour ?? (target.before ? at - 1 : at + 1);
  const [low, high] = target.before ? [far, at] : [at, far];
  const step = (high - low) / (moving.length + 1);
  moving.forEach((issue, n) => { issue.rank = low + step * (n + 1); });
}
