// chat.postEphemeral, chat.meMessage, chat.getPermalink.
import type { FastifyInstance } from 'fastify';
import { findMessage, isMember, visibleChannel } from '../access.js';
import { slackError } from '../errors.js';
import { publishMessage } from '../events/publish.js';
import { nextTs, userById } from '../store.js';
import { reqString, slackMethod, type SlackContext } from '../web-api.js';
import { authorship } from './chat.js';
import { content, resolveChannel } from './chat-common.js';

export function chatExtrasRoutes(app: FastifyInstance, ctx: SlackContext) {
  // Ephemeral messages are shown to one person and never stored (they are not in history).
  slackMethod(app, ctx, 'chat.postEphemeral', { readOnly: true, scopes: ['chat:write'] }, ({ data, args, caller, now }) => {
    const channel = resolveChannel(data, caller, reqString(args, 'channel', 'channel_not_found'));
    const userId = reqString(args, 'user', 'user_not_found');
    content(args);
    const user = userById(data, userId);
    if (!user || user.deleted) throw slackError('user_not_found');
    if (channel.is_archived) throw slackError('is_archived');
    if (!isMember(channel, caller.user)) throw slackError('not_in_channel');
    if (!isMember(channel, userId)) throw slackError('user_not_in_channel');
    return { message_ts: nextTs(data, now) };
  });

  slackMethod(app, ctx, 'chat.meMessage', { scopes: ['chat:write'] }, ({ data, args, caller, now, request }) => {
    const channel = resolveChannel(data, caller, reqString(args, 'channel', 'channel_not_found'));
    const text = reqString(args, 'text', 'no_text');
    if (channel.is_archived) throw slackError('is_archived');
    if (!isMember(channel, caller.user)) throw slackError('not_in_channel');
    const ts = nextTs(data, now);
    const message = { type: 'message', subtype: 'me_message', ...authorship(data, caller), text, ts } as const;
    (data.messages[channel.id] ??= []).push(message);
    publishMessage(ctx, channel, message);
    request.dtuTarget = { type: 'message', channel: channel.id, ts };
    return { channel: channel.id, ts };
  });

  // https://api.slack.com/methods/chat.getPermalink: no scope needed.
  slackMethod(app, ctx, 'chat.getPermalink', { readOnly: true, scopes: [] }, ({ data, args, caller }) => {
    const channel = visibleChannel(data, caller, reqString(args, 'channel', 'channel_not_found'));
    const found = findMessage(data, channel.id, reqString(args, 'message_ts', 'message_not_found'));
    if (!found) throw slackError('message_not_found');
    const base = `https://${data.team.domain}.slack.com/archives/${channel.id}/p${found.message.ts.replace('.', '')}`;
    const permalink = found.parent ? `${base}?thread_ts=${found.parent.ts}&cid=${channel.id}` : base;
    return { channel: channel.id, permalink };
  });
}
