// Who may see and touch which conversation: private channels are invisible to non-members,
// writing needs membership, archived channels refuse changes.
import type { Caller } from './auth.js';
import { slackError } from './errors.js';
import { bound, channelById, threadKey, type SlackChannel, type SlackData, type SlackMessage } from './store.js';

export const isMember = (channel: SlackChannel, userId: string) => channel.members.includes(userId);

/** Private channels, DMs and group DMs exist only for their members. */
export const membersOnly = (channel: SlackChannel) => channel.is_private || channel.is_im || channel.is_mpim;

/** The read scope for a conversation's type. */
export const readScope = (c: SlackChannel) => (c.is_im ? 'im:read' : c.is_mpim ? 'mpim:read' : c.is_private ? 'groups:read' : 'channels:read');

/** A channel the caller may see, or channel_not_found (private channels hide from non-members). */
export function visibleChannel(data: SlackData, caller: Caller, id: string): SlackChannel {
  const channel = channelById(data, id);
  if (!channel || (membersOnly(channel) && !isMember(channel, caller.user))) throw slackError('channel_not_found');
  return channel;
}

/** Reading history: bots must be in the channel; people may read any public channel. */
export function readableChannel(data: SlackData, caller: Caller, id: string): SlackChannel {
  const channel = visibleChannel(data, caller, id);
  if (caller.isBot && !isMember(channel, caller.user)) throw slackError('not_in_channel');
  return channel;
}

export function historyScopes(c: SlackChannel) {
  return [c.is_im ? 'im:history' : c.is_mpim ? 'mpim:history' : c.is_private ? 'groups:history' : 'channels:history'];
}

/** Where a message lives: its list and index (top level, or inside its thread). */
export interface Located {
  list: SlackMessage[];
  index: number;
  message: SlackMessage;
  /** The parent, when the message is a thread reply. */
  parent?: SlackMessage;
}

const replyIndexes = new WeakMap<object, Map<string, string>>();

/** `<channel>/<reply ts>` → thread key, derived from data.replies once per state object. */
function replyIndex(data: SlackData): Map<string, string> {
  let index = replyIndexes.get(data.replies);
  if (!index) {
    index = new Map();
    for (const [key, replies] of Object.entries(data.replies)) {
      const channel = key.slice(0, key.indexOf('/'));
      for (const r of replies) index.set(`${channel}/${r.ts}`, key);
    }
    replyIndexes.set(data.replies, index);
  }
  return index;
}

export function noteReply(data: SlackData, channel: string, ts: string, key: string | null) {
  if (key) replyIndex(data).set(`${channel}/${ts}`, key);
  else replyIndex(data).delete(`${channel}/${ts}`);
}

export function findMessage(data: SlackData, channel: string, ts: string): Located | undefined {
  const top = data.messages[channel] ?? [];
  const i = bound(top, ts, false);
  if (i < top.length && top[i].ts === ts) return { list: top, index: i, message: top[i] };
  const key = replyIndex(data).get(`${channel}/${ts}`);
  const list = key ? data.replies[key] : undefined;
  if (!list) return undefined;
  const j = bound(list, ts, false);
  if (j >= list.length || list[j].ts !== ts) return undefined;
  const parentTs = key!.slice(channel.length + 1);
  const k = bound(top, parentTs, false);
  return { list, index: j, message: list[j], parent: top[k]?.ts === parentTs ? top[k] : undefined };
}

/**
 * Every stored copy of a message: a thread reply sent with reply_broadcast lives both in its
 * thread and, as a thread_broadcast, in the channel's history, with the same ts.
 */
export function findCopies(data: SlackData, channel: string, ts: string): Located[] {
  const first = findMessage(data, channel, ts);
  if (!first) return [];
  if (first.message.subtype !== 'thread_broadcast' || first.parent) return [first];
  const key = replyIndex(data).get(`${channel}/${ts}`);
  const list = key ? data.replies[key] : undefined;
  const j = list ? bound(list, ts, false) : -1;
  if (!list || list[j]?.ts !== ts) return [first];
  const top = data.messages[channel] ?? [];
  const parentTs = key!.slice(channel.length + 1);
  const k = bound(top, parentTs, false);
  return [first, { list, index: j, message: list[j], parent: top[k]?.ts === parentTs ? top[k] : undefined }];
}

export { threadKey };
