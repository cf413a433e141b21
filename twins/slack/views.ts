// How stored objects are shown to a caller: channels without the twin's member list (and DMs in
// their own short form), users without email unless the token may read emails, bot messages with
// their bot_profile.
import type { Caller } from './auth.js';
import { userById, type SlackChannel, type SlackData, type SlackMessage, type SlackUser } from './store.js';

export function channelView(data: SlackData, channel: SlackChannel, caller: Caller, options: { numMembers?: boolean } = {}) {
  const lastRead = data.reads[`${channel.id}/${caller.user}`];
  if (channel.is_im) {
    // A DM is shown from the caller's side: `user` is the other person (or the caller, for a self-DM).
    const other = channel.members.find((m) => m !== caller.user) ?? caller.user;
    return {
      id: channel.id, created: channel.created, is_archived: channel.is_archived, is_im: true, is_org_shared: false, context_team_id: channel.context_team_id,
      updated: channel.updated, user: other, is_user_deleted: userById(data, other)?.deleted ?? false, priority: 0, ...(lastRead && { last_read: lastRead }),
    };
  }
  // Copied field by field, not `{ ...rest, is_member, … }`: in V8 (Node 20) a property after a spread
  // costs about 1 µs, and that form measured 6 µs per channel, for every channel of a page.
  const view = {} as ChannelView;
  const fields = view as unknown as Record<string, unknown>;
  for (const key in channel) if (key !== 'members') fields[key] = channel[key as keyof SlackChannel];
  view.is_member = channel.members.includes(caller.user);
  if (lastRead) view.last_read = lastRead;
  if (options.numMembers) view.num_members = channel.members.length;
  return view;
}

/** A channel as Slack shows it: the stored fields in their order, without the twin's member list. */
type ChannelView = Omit<SlackChannel, 'members'> & { is_member: boolean; last_read?: string; num_members?: number };

export function userView(user: SlackUser, caller: Caller): SlackUser {
  if (!user.profile.email || caller.scopes.includes('users:read.email')) return user;
  // The profile without email, copied field by field: `{ email, ...profile } = …` measured about 1 µs
  // per user in V8 (Node 20), for every user of a page.
  const profile = {} as Record<string, unknown>;
  for (const key in user.profile) if (key !== 'email') profile[key] = user.profile[key];
  return { ...user, profile: profile as SlackUser['profile'] };
}

type BotProfile = ReturnType<typeof newBotProfile>;
const botProfiles = new WeakMap<SlackData['app'], BotProfile>();

function newBotProfile(data: SlackData) {
  const icon = (size: number) => `https://a.slack-edge.com/80588/img/plugins/app/bot_${size}.png`;
  return {
    id: data.app.bot_id, deleted: false, name: data.app.name, updated: 1736154000, app_id: data.app.id,
    icons: { image_36: icon(36), image_48: icon(48), image_72: icon(72) }, team_id: data.team.id,
  };
}

/** The bot_profile Slack attaches to messages a bot posted; one object per app, rebuilt if the app or team changed. */
export function botProfile(data: SlackData): BotProfile {
  const cached = botProfiles.get(data.app);
  if (cached && cached.id === data.app.bot_id && cached.name === data.app.name && cached.app_id === data.app.id && cached.team_id === data.team.id) return cached;
  const profile = newBotProfile(data);
  botProfiles.set(data.app, profile);
  return profile;
}

export function messageView(data: SlackData, message: SlackMessage) {
  if (!message.bot_id) return message;
  // Not `{ ...message, bot_profile }`: in V8 (Node 20) a property after a spread costs about 1 µs, and
  // JSON.stringify of such an object measured 2× slower than of this copy.
  const view: SlackMessage & { bot_profile?: BotProfile } = Object.assign({}, message);
  view.bot_profile = botProfile(data);
  return view;
}

/** JSON text of a message, kept with the [key, value, …] list it was made from: valid while that list is unchanged. */
interface CachedJson {
  json: string;
  fields: unknown[];
}

/** Enough for many history pages; beyond it the cache starts afresh (and old entries are collectable). */
const MAX_CACHED_MESSAGES = 20_000;
let messageJsonCache = new WeakMap<SlackMessage, CachedJson>();
let cachedMessages = 0;

/**
 * JSON.stringify(message), cached: history pages are read far more often than their messages change,
 * and serialising them is most of a page's cost. Messages are changed in place (edits, reactions,
 * replies), so a cached text is used only if every top-level field is still the same primitive in
 * the same order; messages holding objects or arrays (blocks, reactions, …) are never cached, as a
 * change inside them could not be seen.
 */
export function messageJson(message: SlackMessage): string {
  const record = message as unknown as Record<string, unknown>;
  const cached = messageJsonCache.get(message);
  if (cached) {
    const { fields } = cached;
    let i = 0;
    let same = true;
    for (const key in record) {
      if (fields[i] !== key || fields[i + 1] !== record[key]) {
        same = false;
        break;
      }
      i += 2;
    }
    if (same && i === fields.length) return cached.json;
  }
  const fields: unknown[] = [];
  for (const key in record) {
    const value = record[key];
    if (value !== null && typeof value === 'object') return JSON.stringify(message);
    fields.push(key, value);
  }
  const json = JSON.stringify(message);
  if (++cachedMessages > MAX_CACHED_MESSAGES) {
    messageJsonCache = new WeakMap();
    cachedMessages = 1;
  }
  messageJsonCache.set(message, { json, fields });
  return json;
}

/** A list of messages as JSON text (an array), from the per-message cache. */
export function messagesJson(messages: SlackMessage[]): string {
  let json = '[';
  for (let i = 0; i < messages.length; i++) json += (i === 0 ? '' : ',') + messageJson(messages[i]);
  return `${json}]`;
}
