// conversations.open (DM and group DM), conversations.close.
import type { FastifyInstance } from 'fastify';
import { isMember, visibleChannel } from '../access.js';
import { requireScope } from '../auth.js';
import { ensureIm, ensureMpim } from '../dms.js';
import { slackError } from '../errors.js';
import { userById } from '../store.js';
import { channelView } from '../views.js';
import { optBool, optString, slackMethod, type SlackContext } from '../web-api.js';

export function conversationsDmRoutes(app: FastifyInstance, ctx: SlackContext) {
  slackMethod(app, ctx, 'conversations.open', { scopes: ['im:write', 'mpim:write'] }, ({ data, args, caller, now, request }) => {
    const returnIm = optBool(args, 'return_im') ?? false;
    const channelId = optString(args, 'channel');
    const users = optString(args, 'users');
    if (!channelId && !users) throw slackError('users_list_not_supplied');
    let opened;
    if (channelId) {
      const channel = visibleChannel(data, caller, channelId);
      if (!channel.is_im && !channel.is_mpim) throw slackError('method_not_supported_for_channel_type');
      opened = { channel, existed: true };
    } else {
      const ids = [...new Set(users!.split(',').map((u) => u.trim()).filter(Boolean))];
      if (ids.length > 8) throw slackError('too_many_users');
      for (const id of ids) if (!userById(data, id) || userById(data, id)!.deleted) throw slackError('user_not_found');
      const others = ids.filter((id) => id !== caller.user);
      if (others.length <= 1) {
        requireScope(caller, ['im:write']);
        opened = ensureIm(data, ctx.seed(), caller.user, others[0] ?? caller.user, Math.floor(now / 1000));
      } else {
        requireScope(caller, ['mpim:write']);
        const all = [caller.user, ...others];
        opened = ensureMpim(data, ctx.seed(), all, all.map((id) => userById(data, id)!.name), caller.user, Math.floor(now / 1000));
      }
    }
    const key = `${opened.channel.id}/${caller.user}`;
    const wasOpen = opened.existed && !data.closed[key];
    delete data.closed[key];
    request.dtuTarget = { type: 'channel', id: opened.channel.id };
    const view = returnIm || opened.channel.is_mpim ? { ...channelView(data, opened.channel, caller), is_open: true } : { id: opened.channel.id };
    return { ...(wasOpen && { no_op: true, already_open: true }), channel: view };
  });

  slackMethod(app, ctx, 'conversations.close', { scopes: ['im:write', 'mpim:write', 'channels:manage', 'groups:write'] }, ({ data, args, caller, request }) => {
    const channel = visibleChannel(data, caller, optString(args, 'channel') ?? '');
    if (!channel.is_im && !channel.is_mpim) throw slackError('method_not_supported_for_channel_type');
    if (!isMember(channel, caller.user)) throw slackError('channel_not_found');
    const key = `${channel.id}/${caller.user}`;
    request.dtuTarget = { type: 'channel', id: channel.id };
    if (data.closed[key]) return { no_op: true, already_closed: true };
    data.closed[key] = true;
    return {};
  });
}
