// conversations.history and conversations.replies pages: binary search on ts over the ts-sorted
// lists, so a page costs O(log n + limit) however long the channel is.
import { findMessage } from '../access.js';
import { slackError } from '../errors.js';
import { decodeCursor, encodeCursor, pageLimit } from '../pagination.js';
import { bound, formatTs, parseTs, threadKey, type SlackData, type SlackMessage } from '../store.js';
import { messagesJson } from '../views.js';
import { jsonBody, optBool, optString, RawJson, type Args } from '../web-api.js';

function tsArg(args: Args, name: string): string | undefined {
  const value = optString(args, name);
  if (value === undefined) return undefined;
  const micros = parseTs(value);
  if (micros === null) throw slackError('invalid_ts_' + name);
  return formatTs(micros);
}

/** Newest first, between `oldest` and `latest` (exclusive unless `inclusive`), `limit` default 100, at most 999. */
export function historyPage(list: SlackMessage[], args: Args, pinCount = 0) {
  const inclusive = optBool(args, 'inclusive') ?? false;
  const latest = tsArg(args, 'latest');
  const oldest = tsArg(args, 'oldest');
  const limit = pageLimit(args, 100, 999);
  const cursor = decodeCursor(args, 'next_ts');
  if (cursor !== undefined && parseTs(cursor) === null) throw slackError('invalid_cursor');
  // hi: one past the newest message to return; lo: the oldest index allowed.
  let hi = latest === undefined ? list.length : bound(list, latest, inclusive);
  if (cursor !== undefined) hi = Math.min(hi, bound(list, cursor, true));
  const lo = oldest === undefined ? 0 : bound(list, oldest, !inclusive);
  const start = Math.max(lo, hi - limit);
  const messages = hi > start ? list.slice(start, hi).reverse() : [];
  const hasMore = start > lo;
  return jsonBody({
    messages: new RawJson(messagesJson(messages)), has_more: hasMore, pin_count: pinCount, channel_actions_ts: null, channel_actions_count: 0,
    response_metadata: { next_cursor: hasMore ? encodeCursor('next_ts', list[start - 1].ts) : '' },
  });
}

/** The parent then its replies, oldest first, `limit` default 1000. */
export function repliesPage(data: SlackData, channel: string, ts: string, args: Args) {
  const found = findMessage(data, channel, ts);
  if (!found) throw slackError('thread_not_found');
  // Asking with a reply's ts answers its whole thread, as Slack does.
  const parent = found.parent ?? found.message;
  const replies = data.replies[threadKey(channel, parent.ts)] ?? [];
  const inclusive = optBool(args, 'inclusive') ?? false;
  const latest = tsArg(args, 'latest');
  const oldest = tsArg(args, 'oldest');
  const limit = pageLimit(args, 1000, 1000);
  const cursor = decodeCursor(args, 'next_ts');
  const all = cursor === undefined ? [parent] : [];
  let from = cursor === undefined ? 0 : bound(replies, cursor, false);
  if (oldest !== undefined) from = Math.max(from, bound(replies, oldest, !inclusive));
  const to = latest === undefined ? replies.length : bound(replies, latest, inclusive);
  const take = Math.max(0, Math.min(to - from, limit - all.length));
  const messages = all.concat(replies.slice(from, from + take));
  const hasMore = from + take < to;
  return { messages, has_more: hasMore, response_metadata: { next_cursor: hasMore ? encodeCursor('next_ts', replies[from + take].ts) : '' } };
}
