// Scheduled messages really post when due: a timer posts them on time, and every Web API call first
// posts whatever is overdue (after a restart, an import, or when the universe clock moved ahead).
import { findMessage, noteReply } from './access.js';
import type { SlackContext } from './web-api.js';
import { nextTs, threadKey, type SlackData } from './store.js';

/** Posts every scheduled message due at `nowMs`; true when any was posted. */
export function deliverDue(data: SlackData, nowMs: number): boolean {
  let posted = false;
  while (data.scheduled.length > 0 && data.scheduled[0].post_at * 1000 <= nowMs) {
    const due = data.scheduled.shift()!;
    posted = true;
    const channel = data.channels.find((c) => c.id === due.channel_id);
    if (!channel || channel.is_archived) continue;
    const message = { ...due.message, ts: nextTs(data, due.post_at * 1000) };
    const parent = due.thread_ts ? findMessage(data, channel.id, due.thread_ts)?.message : undefined;
    if (parent) {
      const key = threadKey(channel.id, parent.ts);
      (data.replies[key] ??= []).push({ ...message, thread_ts: parent.ts, parent_user_id: parent.user });
      noteReply(data, channel.id, message.ts, key);
      const users = parent.reply_users ?? [];
      if (!users.includes(message.user)) users.push(message.user);
      Object.assign(parent, { thread_ts: parent.ts, reply_count: (parent.reply_count ?? 0) + 1, reply_users: users, reply_users_count: users.length, latest_reply: message.ts });
    } else {
      (data.messages[channel.id] ??= []).push(message);
    }
  }
  return posted;
}

/** Arms a timer for one scheduled message; it does nothing if the state was reset or replaced meanwhile. */
export function armTimer(ctx: SlackContext, data: SlackData, postAtSec: number) {
  const delay = postAtSec * 1000 - ctx.clock.now();
  // Beyond setTimeout's range the next call after the due time delivers it.
  if (delay > 2 ** 31 - 1) return;
  setTimeout(() => {
    if (ctx.store.data === data && deliverDue(data, ctx.clock.now())) ctx.store.changed();
  }, Math.max(0, delay) + 5).unref();
}
