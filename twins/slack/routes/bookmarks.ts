// bookmarks.add, bookmarks.edit, bookmarks.list, bookmarks.remove (link bookmarks).
import type { FastifyInstance } from 'fastify';
import { slackId } from '../../../shared/seeding/people-ids.js';
import { isMember, visibleChannel } from '../access.js';
import type { Caller } from '../auth.js';
import { slackError } from '../errors.js';
import type { SlackData } from '../store.js';
import { optString, reqString, slackMethod, type Args, type SlackContext } from '../web-api.js';

function channelOf(data: SlackData, caller: Caller, args: Args) {
  const channel = visibleChannel(data, caller, reqString(args, 'channel_id', 'channel_not_found'));
  return channel;
}

function checkLink(link: string) {
  if (!/^https?:\/\/\S+$/.test(link) || link.length > 2000) throw slackError('invalid_link');
}

export function bookmarksRoutes(app: FastifyInstance, ctx: SlackContext) {
  slackMethod(app, ctx, 'bookmarks.add', { scopes: ['bookmarks:write'] }, ({ data, args, caller, now, request }) => {
    const channel = channelOf(data, caller, args);
    const title = reqString(args, 'title', 'invalid_title');
    const type = reqString(args, 'type', 'invalid_type');
    if (type !== 'link') throw slackError('invalid_type');
    const link = reqString(args, 'link', 'invalid_link');
    checkLink(link);
    if (channel.is_archived) throw slackError('is_archived');
    if (!isMember(channel, caller.user)) throw slackError('not_in_channel');
    const list = (data.bookmarks[channel.id] ??= []);
    if (list.length >= 100) throw slackError('too_many_bookmarks');
    const sec = Math.floor(now / 1000);
    const bookmark = {
      id: `Bk${slackId(ctx.seed(), 'B', `bookmark:${channel.id}:${now}:${list.length}`).slice(1)}`, channel_id: channel.id, title, link,
      emoji: optString(args, 'emoji') ?? null, icon_url: null, type: 'link' as const, entity_id: null, date_created: sec, date_updated: sec,
      rank: String.fromCharCode(97 + (list.length % 26)), last_updated_by_user_id: caller.user, last_updated_by_team_id: data.team.id,
      shortcut_id: null, app_id: caller.isBot ? data.app.id : null,
    };
    list.push(bookmark);
    request.dtuTarget = { type: 'bookmark', id: bookmark.id, channel: channel.id };
    return { bookmark };
  });

  slackMethod(app, ctx, 'bookmarks.edit', { scopes: ['bookmarks:write'] }, ({ data, args, caller, now, request }) => {
    const channel = channelOf(data, caller, args);
    const id = reqString(args, 'bookmark_id', 'not_found');
    const bookmark = data.bookmarks[channel.id]?.find((b) => b.id === id);
    if (!bookmark) throw slackError('not_found');
    const [title, link, emoji] = [optString(args, 'title'), optString(args, 'link'), optString(args, 'emoji')];
    if (link !== undefined) checkLink(link);
    Object.assign(bookmark, { ...(title !== undefined && { title }), ...(link !== undefined && { link }), ...(emoji !== undefined && { emoji }), date_updated: Math.floor(now / 1000), last_updated_by_user_id: caller.user });
    request.dtuTarget = { type: 'bookmark', id, channel: channel.id };
    return { bookmark };
  });

  slackMethod(app, ctx, 'bookmarks.list', { readOnly: true, scopes: ['bookmarks:read'] }, ({ data, args, caller }) => {
    const channel = channelOf(data, caller, args);
    return { bookmarks: data.bookmarks[channel.id] ?? [] };
  });

  slackMethod(app, ctx, 'bookmarks.remove', { scopes: ['bookmarks:write'] }, ({ data, args, caller, request }) => {
    const channel = channelOf(data, caller, args);
    const id = reqString(args, 'bookmark_id', 'not_found');
    const list = data.bookmarks[channel.id] ?? [];
    const i = list.findIndex((b) => b.id === id);
    if (i < 0) throw slackError('not_found');
    list.splice(i, 1);
    if (list.length === 0) delete data.bookmarks[channel.id];
    request.dtuTarget = { type: 'bookmark', id, channel: channel.id };
    return {};
  });
}
