// conversations.create, .join, .leave, .invite, .kick, .archive, .unarchive, .rename, .setTopic,
// .setPurpose, .mark: changing conversations. Membership and settings changes leave Slack's system
// messages (channel_join, channel_topic, …) in the history, as Slack does.
import type { FastifyInstance } from 'fastify';
import { slackId } from '../../../shared/seeding/people-ids.js';
import { isMember, visibleChannel } from '../access.js';
import { requireScope, type Caller } from '../auth.js';
import { slackError } from '../errors.js';
import { publishArchived, publishChannelCreated, publishMemberJoined, publishMemberLeft, publishRenamed } from '../events/channel-events.js';
import { publishMessage } from '../events/publish.js';
import { channelByName, nextTs, parseTs, userById, type SlackChannel, type SlackData } from '../store.js';
import { channelView } from '../views.js';
import { optBool, reqString, slackMethod, type Args, type SlackContext } from '../web-api.js';

const MANAGE = ['channels:manage', 'channels:write', 'groups:write'];
const manageScopes = (c: SlackChannel) => (c.is_private ? ['groups:write'] : ['channels:manage', 'channels:write']);

/** Slack's channel-name rules: lower case, no spaces or periods, at most 80 characters. */
function checkName(data: SlackData, name: string) {
  if (name.length > 80) throw slackError('invalid_name_maxlength');
  if (!/^[a-z0-9_\-\u00c0-\uffff]+$/.test(name)) throw slackError(/[A-Z]/.test(name) ? 'invalid_name' : 'invalid_name_specials');
  if (channelByName(data, name)) throw slackError('name_taken');
}

function system(ctx: SlackContext, data: SlackData, channel: SlackChannel, user: string, subtype: string, text: string, now: number, extra: Record<string, unknown> = {}) {
  const message = { type: 'message', subtype, user, text, ts: nextTs(data, now), team: data.team.id, ...extra } as const;
  (data.messages[channel.id] ??= []).push(message);
  publishMessage(ctx, channel, message);
}

/** A channel the caller may change: visible, of the right scope, not archived, with the caller in it. */
function changeable(data: SlackData, caller: Caller, args: Args) {
  const channel = visibleChannel(data, caller, reqString(args, 'channel', 'channel_not_found'));
  requireScope(caller, manageScopes(channel));
  if (channel.is_archived) throw slackError('is_archived');
  if (!isMember(channel, caller.user)) throw slackError('not_in_channel');
  return channel;
}

export function conversationsManageRoutes(app: FastifyInstance, ctx: SlackContext) {
  slackMethod(app, ctx, 'conversations.create', { scopes: MANAGE }, ({ data, args, caller, now, request }) => {
    const name = reqString(args, 'name', 'invalid_name_required');
    const isPrivate = optBool(args, 'is_private') ?? false;
    requireScope(caller, isPrivate ? ['groups:write'] : ['channels:manage', 'channels:write']);
    checkName(data, name);
    const channel: SlackChannel = {
      id: slackId(ctx.seed(), isPrivate ? 'G' : 'C', `created:${name}:${data.channels.length}:${now}`), name, is_channel: !isPrivate, is_group: isPrivate,
      is_im: false, is_mpim: false, is_private: isPrivate, created: Math.floor(now / 1000), is_archived: false, is_general: false, unlinked: 0, name_normalized: name,
      is_shared: false, is_org_shared: false, is_ext_shared: false, is_pending_ext_shared: false, pending_shared: [], context_team_id: data.team.id,
      updated: now, parent_conversation: null, creator: caller.user, shared_team_ids: [data.team.id],
      topic: { value: '', creator: '', last_set: 0 }, purpose: { value: '', creator: '', last_set: 0 }, previous_names: [], members: [caller.user],
    };
    data.channels.push(channel);
    data.messages[channel.id] = [];
    publishChannelCreated(ctx, channel);
    system(ctx, data, channel, caller.user, 'channel_join', `<@${caller.user}> has joined the channel`, now);
    publishMemberJoined(ctx, channel, caller.user);
    request.dtuTarget = { type: 'channel', id: channel.id };
    return { channel: { ...channelView(data, channel, caller), last_read: '0000000000.000000', latest: null, unread_count: 0, unread_count_display: 0, priority: 0 } };
  });

  slackMethod(app, ctx, 'conversations.join', { scopes: ['channels:join', 'channels:write'] }, ({ data, args, caller, now, request }) => {
    const channel = visibleChannel(data, caller, reqString(args, 'channel', 'channel_not_found'));
    if (channel.is_private || channel.is_im || channel.is_mpim) throw slackError('method_not_supported_for_channel_type');
    if (channel.is_archived) throw slackError('is_archived');
    request.dtuTarget = { type: 'channel', id: channel.id };
    if (isMember(channel, caller.user)) return { channel: channelView(data, channel, caller), warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } };
    channel.members.push(caller.user);
    system(ctx, data, channel, caller.user, 'channel_join', `<@${caller.user}> has joined the channel`, now);
    publishMemberJoined(ctx, channel, caller.user);
    return { channel: channelView(data, channel, caller) };
  });

  slackMethod(app, ctx, 'conversations.leave', { scopes: MANAGE }, ({ data, args, caller, now, request }) => {
    const channel = visibleChannel(data, caller, reqString(args, 'channel', 'channel_not_found'));
    if (channel.is_im) throw slackError('method_not_supported_for_channel_type');
    if (channel.is_general) throw slackError('cant_leave_general');
    if (channel.is_archived) throw slackError('is_archived');
    if (!isMember(channel, caller.user)) return { not_in_channel: true };
    if (channel.is_private && channel.members.length === 1) throw slackError('last_member');
    channel.members.splice(channel.members.indexOf(caller.user), 1);
    system(ctx, data, channel, caller.user, 'channel_leave', `<@${caller.user}> has left the channel`, now);
    publishMemberLeft(ctx, channel, caller.user);
    request.dtuTarget = { type: 'channel', id: channel.id };
    return {};
  });

  slackMethod(app, ctx, 'conversations.invite', { scopes: MANAGE }, ({ data, args, caller, now, request }) => {
    const ids = reqString(args, 'users', 'no_user').split(',').map((u) => u.trim()).filter(Boolean);
    const channel = changeable(data, caller, args);
    if (ids.length === 0) throw slackError('no_user');
    if (ids.length > 1000) throw slackError('too_many_users');
    for (const id of ids) {
      const user = userById(data, id);
      if (!user || user.deleted) throw slackError('user_not_found');
      if (id === caller.user) throw slackError('cant_invite_self');
    }
    const fresh = [...new Set(ids)].filter((id) => !isMember(channel, id));
    if (fresh.length === 0) throw slackError('already_in_channel', { errors: ids.map((user) => ({ user, ok: false, error: 'already_in_channel' })) });
    for (const id of fresh) {
      channel.members.push(id);
      system(ctx, data, channel, id, 'channel_join', `<@${id}> has joined the channel`, now, { inviter: caller.user });
      publishMemberJoined(ctx, channel, id, caller.user);
    }
    request.dtuTarget = { type: 'channel', id: channel.id };
    return { channel: channelView(data, channel, caller) };
  });

  slackMethod(app, ctx, 'conversations.kick', { scopes: MANAGE }, ({ data, args, caller, request }) => {
    const userId = reqString(args, 'user', 'user_not_found');
    const channel = changeable(data, caller, args);
    if (channel.is_general) throw slackError('cant_kick_from_general');
    if (userId === caller.user) throw slackError('cant_kick_self');
    if (!userById(data, userId)) throw slackError('user_not_found');
    if (!isMember(channel, userId)) throw slackError('not_in_channel');
    channel.members.splice(channel.members.indexOf(userId), 1);
    publishMemberLeft(ctx, channel, userId);
    request.dtuTarget = { type: 'channel', id: channel.id, user: userId };
    return {};
  });

  slackMethod(app, ctx, 'conversations.archive', { scopes: MANAGE }, ({ data, args, caller, now, request }) => {
    const channel = visibleChannel(data, caller, reqString(args, 'channel', 'channel_not_found'));
    requireScope(caller, manageScopes(channel));
    if (channel.is_general) throw slackError('cant_archive_general');
    if (channel.is_archived) throw slackError('already_archived');
    if (caller.isBot && !isMember(channel, caller.user)) throw slackError('not_in_channel');
    system(ctx, data, channel, caller.user, 'channel_archive', `<@${caller.user}> archived the channel`, now);
    channel.is_archived = true;
    publishArchived(ctx, channel, caller.user, true);
    request.dtuTarget = { type: 'channel', id: channel.id };
    return {};
  });

  slackMethod(app, ctx, 'conversations.unarchive', { scopes: MANAGE }, ({ data, args, caller, now, request }) => {
    const channel = visibleChannel(data, caller, reqString(args, 'channel', 'channel_not_found'));
    requireScope(caller, manageScopes(channel));
    if (!channel.is_archived) throw slackError('not_archived');
    // A bot cannot bring back a channel (it is no longer a member once archived, in Slack).
    if (caller.isBot) throw slackError('not_in_channel');
    channel.is_archived = false;
    system(ctx, data, channel, caller.user, 'channel_unarchive', `<@${caller.user}> un-archived the channel`, now);
    publishArchived(ctx, channel, caller.user, false);
    request.dtuTarget = { type: 'channel', id: channel.id };
    return {};
  });

  slackMethod(app, ctx, 'conversations.rename', { scopes: MANAGE }, ({ data, args, caller, now, request }) => {
    const name = reqString(args, 'name', 'invalid_name_required');
    const channel = changeable(data, caller, args);
    if (channel.name !== name) checkName(data, name);
    const old = channel.name;
    if (old !== name) {
      channel.previous_names = [old, ...channel.previous_names];
      channel.name = channel.name_normalized = name;
      system(ctx, data, channel, caller.user, 'channel_name', `<@${caller.user}> renamed the channel from "${old}" to "${name}"`, now, { old_name: old, name });
      publishRenamed(ctx, channel);
    }
    request.dtuTarget = { type: 'channel', id: channel.id };
    return { channel: channelView(data, channel, caller) };
  });

  for (const [method, field] of [['conversations.setTopic', 'topic'], ['conversations.setPurpose', 'purpose']] as const) {
    slackMethod(app, ctx, method, { scopes: [...MANAGE, 'im:write', 'mpim:write'] }, ({ data, args, caller, now, request }) => {
      const value = typeof args[field] === 'string' ? (args[field] as string) : reqString(args, field, 'invalid_arguments');
      const channel = visibleChannel(data, caller, reqString(args, 'channel', 'channel_not_found'));
      if (channel.is_archived) throw slackError('is_archived');
      if (!isMember(channel, caller.user)) throw slackError('not_in_channel');
      if (value.length > 250) throw slackError('too_long');
      channel[field] = { value, creator: caller.user, last_set: Math.floor(now / 1000) };
      system(ctx, data, channel, caller.user, `channel_${field}`, `set the channel ${field}: ${value}`, now, { [field]: value });
      request.dtuTarget = { type: 'channel', id: channel.id };
      return { channel: channelView(data, channel, caller) };
    });
  }

  slackMethod(app, ctx, 'conversations.mark', { scopes: ['channels:write', 'groups:write', 'im:write', 'mpim:write', 'channels:manage'] }, ({ data, args, caller, request }) => {
    const channel = visibleChannel(data, caller, reqString(args, 'channel', 'channel_not_found'));
    const ts = reqString(args, 'ts', 'invalid_timestamp');
    if (parseTs(ts) === null) throw slackError('invalid_timestamp');
    if (!isMember(channel, caller.user)) throw slackError('not_in_channel');
    data.reads[`${channel.id}/${caller.user}`] = ts;
    request.dtuTarget = { type: 'channel', id: channel.id };
    return {};
  });
}
