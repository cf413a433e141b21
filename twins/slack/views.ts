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
  const { members, ...rest } = channel;
  return {
    ...rest, is_member: members.includes(caller.user), ...(lastRead && { last_read: lastRead }),
    ...(options.numMembers && { num_members: members.length }),
  };
}

export function userView(user: SlackUser, caller: Caller): SlackUser {
  if (!user.profile.email || caller.scopes.includes('users:read.email')) return user;
  const { email: _email, ...profile } = user.profile;
  return { ...user, profile: profile as SlackUser['profile'] };
}

/** The bot_profile Slack attaches to messages a bot posted. */
export function botProfile(data: SlackData) {
  const icon = (size: number) => `https://a.slack-edge.com/80588/img/plugins/app/bot_${size}.png`;
  return {
    id: data.app.bot_id, deleted: false, name: data.app.name, updated: 1736154000, app_id: data.app.id,
    icons: { image_36: icon(36), image_48: icon(48), image_72: icon(72) }, team_id: data.team.id,
  };
}

export function messageView(data: SlackData, message: SlackMessage) {
  return message.bot_id ? { ...message, bot_profile: botProfile(data) } : message;
}
