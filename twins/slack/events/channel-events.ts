// Conversation lifecycle events: members joining and leaving, channels created, archived, restored
// and renamed. Public channels use the channel_* events (seen workspace-wide), private ones group_*
// (seen by members only), as Slack splits them.
import type { SlackChannel } from '../store.js';
import type { SlackContext } from '../web-api.js';
import { publishEvent } from './publish.js';

const kind = (channel: SlackChannel) => (channel.is_private ? 'group' : 'channel');

/** Slack's single-letter channel_type: the id's prefix (G for private channels with G ids, else C). */
const letter = (channel: SlackChannel) => (channel.id.startsWith('G') ? 'G' : 'C');

/** member_joined_channel (also for a channel's creator). */
export function publishMemberJoined(ctx: SlackContext, channel: SlackChannel, user: string, inviter?: string): void {
  publishEvent(ctx, {
    type: 'member_joined_channel', user, channel: channel.id, channel_type: letter(channel), team: ctx.store.data.team.id,
    ...(inviter && { inviter }),
  });
}

/** member_left_channel, also to a bot that has just left (it was there when it happened). */
export function publishMemberLeft(ctx: SlackContext, channel: SlackChannel, user: string): void {
  const event = { type: 'member_left_channel', user, channel: channel.id, channel_type: letter(channel), team: ctx.store.data.team.id };
  publishEvent(ctx, event, user === ctx.store.data.app.bot_user_id ? { visibleToBot: true } : {});
}

/** channel_created, for public channels (a new private channel is news to its members only). */
export function publishChannelCreated(ctx: SlackContext, channel: SlackChannel): void {
  if (channel.is_private) return;
  const { id, name, name_normalized, created, creator, is_channel, is_shared, is_org_shared, is_ext_shared, context_team_id } = channel;
  publishEvent(ctx, {
    type: 'channel_created',
    channel: { id, name, name_normalized, created, creator, is_channel, is_shared, is_org_shared, is_ext_shared, is_im: false, is_mpim: false, is_private: false, context_team_id },
  });
}

export function publishArchived(ctx: SlackContext, channel: SlackChannel, user: string, archived: boolean): void {
  const type = `${kind(channel)}_${archived ? 'archive' : 'unarchive'}`;
  publishEvent(ctx, { type, channel: channel.id, user, ...(archived && !channel.is_private && { is_moved: 0 }) });
}

export function publishRenamed(ctx: SlackContext, channel: SlackChannel): void {
  const { id, name, name_normalized, created } = channel;
  publishEvent(ctx, { type: `${kind(channel)}_rename`, channel: { id, name, name_normalized, created, is_channel: !channel.is_private, is_mpim: channel.is_mpim } });
}
