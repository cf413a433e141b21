// The event_callback envelope Slack wraps every event in, and which subscription and visibility
// rules decide whether the app gets an event at all.
import { randomBytes } from 'node:crypto';
import { isMember } from '../access.js';
import { channelById, formatTs, type SlackChannel, type SlackData } from '../store.js';

/** An event as Slack puts it under `event`: its type and fields (`event_ts` is added when missing). */
export interface SlackEvent {
  type: string;
  [field: string]: unknown;
}

/** The event_callback body as delivered over HTTP and inside Socket Mode's events_api envelopes. */
export interface EventCallback {
  token: string;
  team_id: string;
  context_team_id: string;
  context_enterprise_id: null;
  api_app_id: string;
  event: SlackEvent;
  type: 'event_callback';
  event_id: string;
  event_time: number;
  authorizations: { enterprise_id: null; team_id: string; user_id: string; is_bot: true; is_enterprise_install: false }[];
  is_ext_shared_channel: boolean;
  event_context: string;
}

/**
 * Events Slack sends for the whole workspace, whether or not the bot is in the channel concerned
 * (public-channel lifecycle, people). Every other event about a conversation goes only to apps whose
 * bot is a member of it (docs.slack.dev/apis/events-api: "…in conversations the app is a member of").
 */
const WORKSPACE_WIDE = new Set(['channel_created', 'channel_rename', 'channel_archive', 'channel_unarchive', 'channel_deleted', 'user_change', 'team_join', 'file_created', 'file_change', 'file_deleted']);

/** Slack's channel_type in message events. */
export const channelType = (c: SlackChannel) => (c.is_im ? 'im' : c.is_mpim ? 'mpim' : c.is_private ? 'group' : 'channel');

const MESSAGE_SUBSCRIPTION = { channel: 'message.channels', group: 'message.groups', im: 'message.im', mpim: 'message.mpim' } as const;

/** The conversation an event is about: `channel` (an id or a channel object), `channel_id`, or the reacted/pinned item's channel. */
function conversationOf(event: SlackEvent): string | undefined {
  if (typeof event.channel === 'string') return event.channel;
  const object = event.channel as { id?: unknown } | undefined;
  if (typeof object?.id === 'string') return object.id;
  if (typeof event.channel_id === 'string') return event.channel_id;
  const item = event.item as { channel?: unknown } | undefined;
  return typeof item?.channel === 'string' ? item.channel : undefined;
}

export interface Audience {
  /** The subscription name the event is delivered under (message → message.channels, …). */
  subscription: string;
  channel?: SlackChannel;
}

/**
 * Whether the app gets this event: the subscription it falls under and the bot's view of the
 * conversation; null when the bot cannot see it. `visibleToBot` overrides membership (a bot that was
 * just removed still hears of its own removal).
 */
export function audienceOf(data: SlackData, event: SlackEvent, visibleToBot?: boolean): Audience | null {
  const id = conversationOf(event);
  const channel = id ? channelById(data, id) : undefined;
  if (event.type === 'message') {
    if (!channel) return null;
    if (!(visibleToBot ?? isMember(channel, data.app.bot_user_id))) return null;
    return { subscription: MESSAGE_SUBSCRIPTION[channelType(channel)], channel };
  }
  if (!WORKSPACE_WIDE.has(event.type) && id !== undefined && !(visibleToBot ?? (channel !== undefined && isMember(channel, data.app.bot_user_id)))) return null;
  return { subscription: event.type, channel };
}

/** Slack's event ids: "Ev" and ten upper-case letters and digits. */
function eventId(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return `Ev${[...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

/** The opaque event_context: Slack's is "4-" and base64url JSON naming the event type, team, app and channel. */
function eventContext(data: SlackData, event: SlackEvent, channel?: SlackChannel): string {
  const context = { et: event.type, tid: data.team.id, aid: data.app.id, ...(channel && { cid: channel.id }) };
  return `4-${Buffer.from(JSON.stringify(context)).toString('base64url')}`;
}

/** Wraps one event for delivery; `nowMs` is the twin clock's time of the event. */
export function envelopeFor(data: SlackData, verificationToken: string, event: SlackEvent, audience: Audience, nowMs: number): EventCallback {
  const eventTs = typeof event.event_ts === 'string' ? event.event_ts : formatTs(Math.floor(nowMs) * 1000);
  return {
    token: verificationToken, team_id: data.team.id, context_team_id: data.team.id, context_enterprise_id: null, api_app_id: data.app.id,
    event: { ...event, event_ts: eventTs }, type: 'event_callback', event_id: eventId(), event_time: Math.floor(nowMs / 1000),
    authorizations: [{ enterprise_id: null, team_id: data.team.id, user_id: data.app.bot_user_id, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: audience.channel?.is_ext_shared ?? false, event_context: eventContext(data, event, audience.channel),
  };
}
