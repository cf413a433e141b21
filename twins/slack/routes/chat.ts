// chat.postMessage, chat.update, chat.delete.
import type { FastifyInstance } from 'fastify';
import { findCopies, findMessage, isMember, noteReply, visibleChannel } from '../access.js';
import type { Caller } from '../auth.js';
import { ensureIm } from '../dms.js';
import { slackError } from '../errors.js';
import { publishMessage, publishMessageChanged, publishMessageDeleted } from '../events/publish.js';
import { formatTs, nextTs, threadKey, userById, type SlackData, type SlackMessage } from '../store.js';
import { messageView } from '../views.js';
import { optBool, optString, reqString, slackMethod, type Args, type SlackContext } from '../web-api.js';
import { content, resolveChannel } from './chat-common.js';

export function addReply(data: SlackData, channel: string, parent: SlackMessage, reply: SlackMessage) {
  const key = threadKey(channel, parent.ts);
  (data.replies[key] ??= []).push(reply);
  noteReply(data, channel, reply.ts, key);
  const users = parent.reply_users ?? [];
  if (!users.includes(reply.user)) users.push(reply.user);
  Object.assign(parent, { thread_ts: parent.ts, reply_count: (parent.reply_count ?? 0) + 1, reply_users_count: users.length, reply_users: users, latest_reply: reply.ts });
}

function dropReply(data: SlackData, channel: string, parent: SlackMessage, list: SlackMessage[], index: number) {
  const [gone] = list.splice(index, 1);
  noteReply(data, channel, gone.ts, null);
  if (list.length === 0) {
    delete data.replies[threadKey(channel, parent.ts)];
    for (const field of ['reply_count', 'reply_users_count', 'reply_users', 'latest_reply', 'thread_ts'] as const) delete parent[field];
    return;
  }
  const users = [...new Set(list.map((m) => m.user))];
  Object.assign(parent, { reply_count: list.length, reply_users: users, reply_users_count: users.length, latest_reply: list[list.length - 1].ts });
}

/**
 * as_user is for classic apps: with a granular bot token Slack refuses it, even when false
 * (`invalid_arguments` + `deprecated_argument`); user tokens always post as their user.
 */
function checkAsUser(args: Args, caller: Caller) {
  if (args.as_user === undefined || args.as_user === null || args.as_user === '') return;
  if (caller.isBot) throw slackError('invalid_arguments', { deprecated_argument: 'as_user' });
  optBool(args, 'as_user');
}

/** Message fields the caller's token stamps on what it posts. */
export const authorship = (data: SlackData, caller: Caller) => ({ user: caller.user, team: data.team.id, ...(caller.isBot && { bot_id: data.app.bot_id, app_id: data.app.id }) });

/**
 * A message as chat.postMessage stores it, in Slack's field order. Built field by field rather than
 * from conditional spreads: in V8 (Node 20) a property after a spread costs about 1 µs per object.
 */
function newMessage(data: SlackData, caller: Caller, subtype: string | undefined, body: ReturnType<typeof content>, ts: string, parent: SlackMessage | undefined): SlackMessage {
  const message = { type: 'message' } as SlackMessage;
  if (subtype) message.subtype = subtype;
  message.user = caller.user;
  message.team = data.team.id;
  if (caller.isBot) {
    message.bot_id = data.app.bot_id;
    message.app_id = data.app.id;
  }
  message.text = body.text;
  message.ts = ts;
  if (body.blocks) message.blocks = body.blocks;
  if (body.attachments) message.attachments = body.attachments;
  if (parent) {
    message.thread_ts = parent.ts;
    message.parent_user_id = parent.user;
  }
  return message;
}

export function chatRoutes(app: FastifyInstance, ctx: SlackContext) {
  slackMethod(app, ctx, 'chat.postMessage', { scopes: ['chat:write'] }, ({ data, args, caller, now, request }) => {
    const target = reqString(args, 'channel', 'channel_not_found');
    checkAsUser(args, caller);
    // A user id as channel posts to the DM between the caller and that person; the content is checked
    // before that DM is opened, so a refused post writes nothing.
    const toUser = /^[UW]/.test(target) && userById(data, target)?.deleted === false;
    const checked = toUser ? content(args) : undefined;
    const channel = toUser ? ensureIm(data, ctx.seed(), caller.user, target, Math.floor(now / 1000)).channel : resolveChannel(data, caller, target);
    const body = checked ?? content(args);
    if (channel.is_archived) throw slackError('is_archived');
    if (!isMember(channel, caller.user)) throw slackError('not_in_channel');
    const threadTs = optString(args, 'thread_ts');
    const thread = threadTs === undefined ? undefined : findMessage(data, channel.id, threadTs);
    if (threadTs !== undefined && !thread) throw slackError('thread_not_found');
    const parent = thread?.parent ?? thread?.message;
    const broadcast = Boolean(parent && optBool(args, 'reply_broadcast'));
    const message = newMessage(data, caller, broadcast ? 'thread_broadcast' : undefined, body, nextTs(data, now), parent);
    if (parent) addReply(data, channel.id, parent, message);
    // A broadcast reply also shows in the channel, as a separate stored copy with the same ts.
    if (!parent || broadcast) (data.messages[channel.id] ??= []).push(parent ? structuredClone(message) : message);
    publishMessage(ctx, channel, message, broadcast ? parent : undefined);
    request.dtuTarget = { type: 'message', channel: channel.id, ts: message.ts };
    return { channel: channel.id, ts: message.ts, message: messageView(data, message) };
  });

  slackMethod(app, ctx, 'chat.update', { scopes: ['chat:write'] }, ({ data, args, caller, now, request }) => {
    const channel = visibleChannel(data, caller, reqString(args, 'channel', 'channel_not_found'));
    const copies = findCopies(data, channel.id, reqString(args, 'ts', 'message_not_found'));
    if (copies.length === 0) throw slackError('message_not_found');
    if (copies[0].message.user !== caller.user || copies[0].message.subtype?.startsWith('channel_')) throw slackError('cant_update_message');
    if (channel.is_archived) throw slackError('is_archived');
    const body = content(args);
    const previous = structuredClone(copies[0].message);
    for (const { message } of copies) {
      message.text = body.text;
      if (body.blocks) message.blocks = body.blocks;
      if (body.attachments) message.attachments = body.attachments;
      message.edited = { user: caller.user, ts: formatTs(Math.floor(now) * 1000) };
    }
    const message = copies[0].message;
    publishMessageChanged(ctx, channel, previous, message);
    request.dtuTarget = { type: 'message', channel: channel.id, ts: message.ts };
    return { channel: channel.id, ts: message.ts, text: message.text, message: messageView(data, message) };
  });

  slackMethod(app, ctx, 'chat.delete', { scopes: ['chat:write'] }, ({ data, args, caller, request }) => {
    const channel = visibleChannel(data, caller, reqString(args, 'channel', 'channel_not_found'));
    const ts = reqString(args, 'ts', 'message_not_found');
    const copies = findCopies(data, channel.id, ts);
    if (copies.length === 0) throw slackError('message_not_found');
    // Authors may delete their messages; so may workspace admins with a user token.
    if (copies[0].message.user !== caller.user && (caller.isBot || !caller.account.is_admin)) throw slackError('cant_delete_message');
    if (channel.is_archived) throw slackError('is_archived');
    // A broadcast reply has two copies, in different lists: remove both.
    for (const found of copies) {
      if (found.parent) dropReply(data, channel.id, found.parent, found.list, found.index);
      else {
        // Approximation: Slack leaves a "This message was deleted." tombstone when a thread has replies; the twin removes the thread.
        found.list.splice(found.index, 1);
        for (const reply of data.replies[threadKey(channel.id, ts)] ?? []) noteReply(data, channel.id, reply.ts, null);
        delete data.replies[threadKey(channel.id, ts)];
      }
    }
    publishMessageDeleted(ctx, channel, copies[0].message);
    request.dtuTarget = { type: 'message', channel: channel.id, ts };
    return { channel: channel.id, ts };
  });
}
