// conversations.list, .info, .members, .history, .replies: reading conversations.
import type { FastifyInstance } from 'fastify';
import { historyScopes, isMember, membersOnly, readableChannel, readScope, visibleChannel } from '../access.js';
import { requireScope, type Caller } from '../auth.js';
import { slackError } from '../errors.js';
import { page, pageLimit } from '../pagination.js';
import { positionIndex, type SlackChannel } from '../store.js';
import { channelView } from '../views.js';
import { optBool, optString, reqString, slackMethod, type Args, type SlackContext } from '../web-api.js';
import { historyPage, repliesPage } from './history.js';

const TYPES = { public_channel: 'channels:read', private_channel: 'groups:read', im: 'im:read', mpim: 'mpim:read' } as const;
type ConversationType = keyof typeof TYPES;

const typeOf = (c: SlackChannel): ConversationType => (c.is_im ? 'im' : c.is_mpim ? 'mpim' : c.is_private ? 'private_channel' : 'public_channel');

/** The `types` argument (default public_channel), checked against the caller's scopes. */
export function conversationTypes(args: Args, caller: Caller) {
  const types = (optString(args, 'types') ?? 'public_channel').split(',').map((t) => t.trim()).filter(Boolean);
  for (const t of types) if (!(t in TYPES)) throw slackError('invalid_types');
  const missing = types.map((t) => TYPES[t as ConversationType]).find((scope) => !caller.scopes.includes(scope));
  if (missing) requireScope(caller, [missing]);
  const wanted = new Set(types);
  return { has: (c: SlackChannel) => wanted.has(typeOf(c)) };
}

export function conversationsRoutes(app: FastifyInstance, ctx: SlackContext) {
  slackMethod(app, ctx, 'conversations.list', { readOnly: true, scopes: [] }, ({ data, args, caller }) => {
    const types = conversationTypes(args, caller);
    const excludeArchived = optBool(args, 'exclude_archived') ?? false;
    const keep = (c: SlackChannel) => types.has(c) && (!membersOnly(c) || isMember(c, caller.user)) && !(excludeArchived && c.is_archived);
    const result = page(data.channels, positionIndex(data.channels, (c) => c.id), (c) => c.id, args, 'channel', pageLimit(args, 100, 1000), keep);
    return { channels: result.items.map((c) => channelView(data, c, caller, { numMembers: !c.is_im })), response_metadata: { next_cursor: result.next_cursor } };
  });

  slackMethod(app, ctx, 'conversations.info', { readOnly: true, scopes: Object.values(TYPES) }, ({ data, args, caller }) => {
    const channel = visibleChannel(data, caller, reqString(args, 'channel', 'channel_not_found'));
    requireScope(caller, [readScope(channel)]);
    return { channel: channelView(data, channel, caller, { numMembers: (optBool(args, 'include_num_members') ?? false) && !channel.is_im }) };
  });

  slackMethod(app, ctx, 'conversations.members', { readOnly: true, scopes: Object.values(TYPES) }, ({ data, args, caller }) => {
    const channel = visibleChannel(data, caller, reqString(args, 'channel', 'channel_not_found'));
    requireScope(caller, [readScope(channel)]);
    const position = new Map(channel.members.map((m, i) => [m, i]));
    const result = page(channel.members, position, (m) => m, args, 'member', pageLimit(args, 100, 1000));
    return { members: result.items, response_metadata: { next_cursor: result.next_cursor } };
  });

  slackMethod(app, ctx, 'conversations.history', { readOnly: true, scopes: ['channels:history', 'groups:history', 'im:history', 'mpim:history'] }, ({ data, args, caller }) => {
    const channel = readableChannel(data, caller, reqString(args, 'channel', 'channel_not_found'));
    requireScope(caller, historyScopes(channel));
    return historyPage(data.messages[channel.id] ?? [], args, data.pins[channel.id]?.length ?? 0);
  });

  slackMethod(app, ctx, 'conversations.replies', { readOnly: true, scopes: ['channels:history', 'groups:history', 'im:history', 'mpim:history'] }, ({ data, args, caller }) => {
    const channel = readableChannel(data, caller, reqString(args, 'channel', 'channel_not_found'));
    requireScope(caller, historyScopes(channel));
    return repliesPage(data, channel.id, reqString(args, 'ts', 'thread_not_found'), args);
  });
}
