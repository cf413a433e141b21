// users.list, users.info, users.lookupByEmail, users.conversations, users.getPresence, users.setPresence,
// users.profile.get, users.profile.set.
import type { FastifyInstance } from 'fastify';
import { isMember, membersOnly } from '../access.js';
import { slackError } from '../errors.js';
import { page, pageLimit } from '../pagination.js';
import { positionIndex, userByEmail, userById, type SlackChannel } from '../store.js';
import { channelView, userView } from '../views.js';
import { optBool, optString, reqString, slackMethod, type SlackContext } from '../web-api.js';
import { conversationTypes } from './conversations.js';
import { profileRoutes } from './users-profile.js';

export function usersRoutes(app: FastifyInstance, ctx: SlackContext) {
  slackMethod(app, ctx, 'users.list', { readOnly: true, scopes: ['users:read'] }, ({ data, args, caller, now }) => {
    // Slack recommends limit ≤ 200 and serves at most 1000 a page.
    const result = page(data.users, positionIndex(data.users, (u) => u.id), (u) => u.id, args, 'user', pageLimit(args, 1000, 1000));
    return { members: result.items.map((u) => userView(u, caller)), cache_ts: Math.floor(now / 1000), response_metadata: { next_cursor: result.next_cursor } };
  });

  slackMethod(app, ctx, 'users.info', { readOnly: true, scopes: ['users:read'] }, ({ data, args, caller }) => {
    const user = userById(data, reqString(args, 'user', 'user_not_found'));
    if (!user) throw slackError('user_not_found');
    return { user: userView(user, caller) };
  });

  slackMethod(app, ctx, 'users.lookupByEmail', { readOnly: true, scopes: ['users:read.email'] }, ({ data, args, caller }) => {
    const user = userByEmail(data, reqString(args, 'email', 'users_not_found'));
    if (!user || user.deleted) throw slackError('users_not_found');
    return { user: userView(user, caller) };
  });

  slackMethod(app, ctx, 'users.conversations', { readOnly: true, scopes: [] }, ({ data, args, caller }) => {
    const userId = optString(args, 'user') ?? caller.user;
    const user = userById(data, userId);
    if (!user) throw slackError('user_not_found');
    const types = conversationTypes(args, caller);
    const excludeArchived = optBool(args, 'exclude_archived') ?? false;
    // The user's conversations that the caller can see too.
    const keep = (c: SlackChannel) => types.has(c) && isMember(c, userId) && (!membersOnly(c) || isMember(c, caller.user)) && !(excludeArchived && c.is_archived);
    const result = page(data.channels, positionIndex(data.channels, (c) => c.id), (c) => c.id, args, 'channel', pageLimit(args, 100, 1000), keep);
    return { channels: result.items.map((c) => channelView(data, c, caller)), response_metadata: { next_cursor: result.next_cursor } };
  });

  slackMethod(app, ctx, 'users.getPresence', { readOnly: true, scopes: ['users:read'] }, ({ data, args, caller }) => {
    const userId = optString(args, 'user') ?? caller.user;
    const user = userById(data, userId);
    if (!user) throw slackError('user_not_found');
    const away = user.deleted || data.presence[userId] === 'away';
    const presence = away ? 'away' : 'active';
    // Slack tells only the caller about their own connection details.
    if (userId !== caller.user) return { presence };
    return { presence, online: !away, auto_away: false, manual_away: data.presence[userId] === 'away', connection_count: away ? 0 : 1, last_activity: Math.floor(ctx.clock.now() / 1000) };
  });

  slackMethod(app, ctx, 'users.setPresence', { scopes: ['users:write'] }, ({ data, args, caller, request }) => {
    const presence = reqString(args, 'presence', 'invalid_presence');
    if (presence !== 'auto' && presence !== 'away') throw slackError('invalid_presence');
    if (presence === 'auto') delete data.presence[caller.user];
    else data.presence[caller.user] = presence;
    request.dtuTarget = { type: 'user', id: caller.user };
    return {};
  });

  profileRoutes(app, ctx);
}
