// Slack cursor pagination: `cursor` + `limit` in, `response_metadata.next_cursor` out ("" at the end).
// Cursors are opaque base64 of `<kind>:<position key>`, like Slack's own `dXNlcjpVMEc5V0ZYTlo=`.
import { slackError } from './errors.js';
import { optInt, optString, type Args } from './web-api.js';

export const encodeCursor = (kind: string, key: string) => Buffer.from(`${kind}:${key}`).toString('base64');

/** The key inside a cursor of this kind, undefined without a cursor, invalid_cursor when malformed. */
export function decodeCursor(args: Args, kind: string): string | undefined {
  const cursor = optString(args, 'cursor');
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  if (!text.startsWith(`${kind}:`) || text.length === kind.length + 1 || Buffer.from(text).toString('base64') !== cursor) throw slackError('invalid_cursor');
  return text.slice(kind.length + 1);
}

/** `limit` clamped to the method's bounds; 0 or absent means the default. */
export function pageLimit(args: Args, defaultLimit: number, max: number): number {
  const limit = optInt(args, 'limit');
  if (limit === undefined || limit <= 0) return defaultLimit;
  return Math.min(limit, max);
}

/**
 * One page of `items` in stored order, starting at the item whose key the cursor names, keeping
 * those `keep` accepts; O(page + skipped) via `position` (key → index).
 */
export function page<T>(items: T[], position: Map<string, number>, keyOf: (item: T) => string, args: Args, kind: string, limit: number, keep: (item: T) => boolean = () => true) {
  const after = decodeCursor(args, kind);
  let i = 0;
  if (after !== undefined) {
    const at = position.get(after);
    if (at === undefined) throw slackError('invalid_cursor');
    i = at;
  }
  const out: T[] = [];
  for (; i < items.length && out.length < limit; i++) if (keep(items[i])) out.push(items[i]);
  while (i < items.length && !keep(items[i])) i++;
  return { items: out, next_cursor: i < items.length ? encodeCursor(kind, keyOf(items[i])) : '' };
}
