// publishEvent(ctx, event): the one way Web API handlers (and SCIM, files) tell the app something
// happened. Call it once the change is complete; it returns at once and never throws. The event is
// delivered only if the app subscribes to it and its bot can see it (events/envelope.ts), over
// Socket Mode while a socket is connected, else signed to the Request URL with Slack's retries.
//
//   publishEvent(ctx, { type: 'team_join', user })                  // user: the SlackUser as stored
//   publishEvent(ctx, { type: 'user_change', user, cache_ts: now })
//   publishEvent(ctx, { type: 'file_shared', channel_id, file_id, user_id, file: { id: file_id } })
//   publishMessage(ctx, channel, message)                           // a stored message, any subtype
import { formatTs, type SlackChannel, type SlackData, type SlackMessage } from '../store.js';
import { messageView } from '../views.js';
import type { SlackContext } from '../web-api.js';
import { audienceOf, channelType, envelopeFor, type SlackEvent } from './envelope.js';
import { hubOf, type EventHub } from './hub.js';
import { verificationTokenOf } from './signing.js';
import { subscriptionOf } from './subscription.js';

export type { SlackEvent } from './envelope.js';

export interface PublishOptions {
  /** Overrides the bot-membership check, e.g. for a bot that was just removed from the channel. */
  visibleToBot?: boolean;
}

/**
 * The hub when anyone listens: none until a socket connects or a Request URL is set (the seeded
 * state), so an unobserved twin spends nothing on events.
 */
function listeningHub(ctx: SlackContext): EventHub | undefined {
  const hub = hubOf(ctx);
  return hub && (hub.sockets.connected > 0 || subscriptionOf(ctx.store.data).requestUrl) ? hub : undefined;
}

/**
 * Publishes one event: `event` is what Slack puts under `event` (type and fields; `event_ts` defaults
 * to now). The event is copied at once, so later changes to stored objects do not leak into it.
 */
export function publishEvent(ctx: SlackContext, event: SlackEvent, options: PublishOptions = {}): void {
  const hub = listeningHub(ctx);
  if (!hub) return;
  const data = ctx.store.data;
  const subscription = subscriptionOf(data);
  const audience = audienceOf(data, event, options.visibleToBot);
  if (!audience || !subscription.events.includes(audience.subscription)) return;
  const callback = envelopeFor(data, verificationTokenOf(ctx.seed()), structuredClone(event), audience, ctx.clock.now());
  // After the current request: its answer is not held up, and receivers that call back see the change.
  setImmediate(() => {
    if (hub.current(data)) hub.dispatch(callback, data);
  });
}

/** A stored message as its message event: as history shows it, plus the channel and its type. */
export function messageEvent(data: SlackData, channel: SlackChannel, message: SlackMessage): SlackEvent {
  return { ...messageView(data, message), channel: channel.id, event_ts: message.ts, channel_type: channelType(channel) };
}

const mentions = (text: string, userId: string) => text.includes(`<@${userId}>`) || text.includes(`<@${userId}|`);

/** Subtypes a person writes (system messages such as channel_join name the bot without mentioning it). */
const AUTHORED = new Set([undefined, 'thread_broadcast', 'file_share', 'me_message']);

/**
 * A new message (any subtype): its message event, plus app_mention when a person mentions the bot
 * (Slack sends both; none for the bot's own messages). A thread_broadcast carries its thread's root.
 */
export function publishMessage(ctx: SlackContext, channel: SlackChannel, message: SlackMessage, root?: SlackMessage): void {
  if (!listeningHub(ctx)) return;
  const data = ctx.store.data;
  const event = messageEvent(data, channel, message);
  if (message.subtype === 'thread_broadcast' && root) event.root = messageView(data, root);
  publishEvent(ctx, event);
  const bot = data.app.bot_user_id;
  if (message.user === bot || !AUTHORED.has(message.subtype) || !mentions(message.text, bot)) return;
  const { type: _type, subtype: _subtype, channel_type: _channelType, ...fields } = event;
  publishEvent(ctx, { type: 'app_mention', ...fields });
}

/** chat.update: message_changed, a hidden message event carrying the new and the previous version. */
export function publishMessageChanged(ctx: SlackContext, channel: SlackChannel, previous: SlackMessage, message: SlackMessage): void {
  const data = ctx.store.data;
  const ts = formatTs(Math.floor(ctx.clock.now()) * 1000);
  publishEvent(ctx, {
    type: 'message', subtype: 'message_changed', hidden: true, message: messageView(data, message), channel: channel.id,
    previous_message: messageView(data, previous), event_ts: ts, ts, channel_type: channelType(channel),
  });
}

/** chat.delete: message_deleted, a hidden message event naming the deleted ts and what it was. */
export function publishMessageDeleted(ctx: SlackContext, channel: SlackChannel, previous: SlackMessage): void {
  const ts = formatTs(Math.floor(ctx.clock.now()) * 1000);
  publishEvent(ctx, {
    type: 'message', subtype: 'message_deleted', hidden: true, deleted_ts: previous.ts, channel: channel.id,
    previous_message: messageView(ctx.store.data, previous), event_ts: ts, ts, channel_type: channelType(channel),
  });
}
