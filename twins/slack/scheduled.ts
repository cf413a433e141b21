// Scheduled messages really post when due: a timer posts them on time, and every Web API call first
// posts whatever is overdue (after a restart, an import, or when the universe clock moved ahead).
import { findMessage, noteReply } from './access.js';
import { publishMessage } from './events/publish.js';
import type { SlackContext } from './web-api.js';
import { nextTs, threadKey, type SlackData } from './store.js';

/** Posts every scheduled message due at `nowMs` (each with its message event); true when any was posted. */
export function deliverDue(ctx: SlackContext, data: SlackData, nowMs: number): boolean {
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
      const reply = { ...message, thread_ts: parent.ts, parent_user_id: parent.user };
      (data.replies[key] ??= []).push(reply);
      publishMessage(ctx, channel, reply);
      noteReply(data, channel.id, message.ts, key);
      const users = parent.reply_users ?? [];
      if (!users.includes(message.user)) users.push(message.user);
      Object.assign(parent, { thread_ts: parent.ts, reply_count: (parent.reply_count ?? 0) + 1, reply_users: users, reply_users_count: users.length, latest_reply: message.ts });
    } else {
      (data.messages[channel.id] ??= []).push(message);
      publishMessage(ctx, channel, message);
    }
  }
  return posted;
}

/**
 * A clock timer for one scheduled message: it posts when the universe clock reaches post_at, also when
 * the clock is advanced past it. Reset and snapshot import drop the timers (stateLoaded re-arms).
 */
export function armTimer(ctx: SlackContext, data: SlackData, postAtSec: number) {
  ctx.clock.schedule(postAtSec * 1000, () => {
    if (ctx.store.data === data && deliverDue(ctx, data, ctx.clock.now())) ctx.store.changed();
  });
}

/** After start, reset or import: a timer for every scheduled message in the state. */
export function armAllTimers(ctx: SlackContext): void {
  const data = ctx.store.data;
  for (const due of data.scheduled) armTimer(ctx, data, due.post_at);
}
