// chat.scheduleMessage, chat.scheduledMessages.list, chat.deleteScheduledMessage.
import type { FastifyInstance } from 'fastify';
import { slackId } from '../../../shared/seeding/people-ids.js';
import { findMessage, isMember, visibleChannel } from '../access.js';
import { slackError } from '../errors.js';
import { page, pageLimit } from '../pagination.js';
import { armTimer } from '../scheduled.js';
import type { SlackMessage } from '../store.js';
import { optInt, optString, reqString, slackMethod, type SlackContext } from '../web-api.js';
import { authorship } from './chat.js';
import { content, resolveChannel } from './chat-common.js';

const MAX_AHEAD_SEC = 120 * 86400;

export function chatScheduledRoutes(app: FastifyInstance, ctx: SlackContext) {
  slackMethod(app, ctx, 'chat.scheduleMessage', { scopes: ['chat:write'] }, ({ data, args, caller, now, request }) => {
    const channel = resolveChannel(data, caller, reqString(args, 'channel', 'channel_not_found'));
    const postAt = optInt(args, 'post_at');
    if (postAt === undefined) throw slackError('invalid_time');
    const body = content(args);
    const nowSec = Math.floor(now / 1000);
    if (postAt <= nowSec) throw slackError('time_in_past');
    if (postAt > nowSec + MAX_AHEAD_SEC) throw slackError('time_too_far');
    if (channel.is_archived) throw slackError('is_archived');
    if (!isMember(channel, caller.user)) throw slackError('not_in_channel');
    const threadTs = optString(args, 'thread_ts');
    if (threadTs !== undefined && !findMessage(data, channel.id, threadTs)) throw slackError('thread_not_found');
    const message: SlackMessage = {
      type: 'message', ...authorship(data, caller), text: body.text, ts: '', ...(body.blocks && { blocks: body.blocks }), ...(body.attachments && { attachments: body.attachments }),
    };
    const id = `Q${slackId(ctx.seed(), 'C', `scheduled:${channel.id}:${now}:${data.scheduled.length}`).slice(1)}`;
    const entry = { id, channel_id: channel.id, post_at: postAt, date_created: nowSec, text: body.text, ...(threadTs && { thread_ts: threadTs }), message };
    // Keep the list in post_at order so delivery only looks at its head.
    const at = data.scheduled.findIndex((s) => s.post_at > postAt);
    data.scheduled.splice(at < 0 ? data.scheduled.length : at, 0, entry);
    armTimer(ctx, data, postAt);
    request.dtuTarget = { type: 'scheduled_message', id, channel: channel.id };
    const { ts: _ts, ...shown } = message;
    return { channel: channel.id, scheduled_message_id: id, post_at: postAt, message: shown };
  });

  slackMethod(app, ctx, 'chat.scheduledMessages.list', { readOnly: true, scopes: ['chat:write'] }, ({ data, args, caller }) => {
    const channelId = optString(args, 'channel');
    if (channelId !== undefined) visibleChannel(data, caller, channelId);
    const latest = optInt(args, 'latest');
    const oldest = optInt(args, 'oldest');
    // Each caller sees what it scheduled itself.
    const keep = (s: (typeof data.scheduled)[number]) => s.message.user === caller.user && (channelId === undefined || s.channel_id === channelId)
      && (latest === undefined || s.post_at <= latest) && (oldest === undefined || s.post_at >= oldest);
    const result = page(data.scheduled, new Map(data.scheduled.map((s, i) => [s.id, i])), (s) => s.id, args, 'scheduled', pageLimit(args, 100, 100), keep);
    return {
      scheduled_messages: result.items.map(({ id, channel_id, post_at, date_created, text }) => ({ id, channel_id, post_at, date_created, text })),
      response_metadata: { next_cursor: result.next_cursor },
    };
  });

  slackMethod(app, ctx, 'chat.deleteScheduledMessage', { scopes: ['chat:write'] }, ({ data, args, caller, request }) => {
    const channel = visibleChannel(data, caller, reqString(args, 'channel', 'channel_not_found'));
    const id = reqString(args, 'scheduled_message_id', 'invalid_scheduled_message_id');
    const i = data.scheduled.findIndex((s) => s.id === id && s.channel_id === channel.id && s.message.user === caller.user);
    if (i < 0) throw slackError('invalid_scheduled_message_id');
    data.scheduled.splice(i, 1);
    request.dtuTarget = { type: 'scheduled_message', id, channel: channel.id };
    return {};
  });
}
