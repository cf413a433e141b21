// reactions.add, reactions.remove, reactions.get, reactions.list (messages only; file reactions are not modelled).
import type { FastifyInstance } from 'fastify';
import { findCopies, isMember, membersOnly, visibleChannel } from '../access.js';
import type { Caller } from '../auth.js';
import { slackError } from '../errors.js';
import { publishEvent } from '../events/publish.js';
import { userById, type SlackData, type SlackMessage } from '../store.js';
import { page, pageLimit } from '../pagination.js';
import { messageView } from '../views.js';
import { optBool, optString, reqString, slackMethod, type Args, type SlackContext } from '../web-api.js';

function target(data: SlackData, caller: Caller, args: Args) {
  const channel = visibleChannel(data, caller, reqString(args, 'channel', 'channel_not_found'));
  const copies = findCopies(data, channel.id, reqString(args, 'timestamp', 'message_not_found'));
  if (copies.length === 0) throw slackError('message_not_found');
  // A broadcast reply's copies (thread and channel) carry the same reactions.
  return { channel, message: copies[0].message, all: copies.map((c) => c.message) };
}

/** Emoji name without colons; skin tones stay (`thumbsup::skin-tone-2`). */
function emojiName(args: Args): string {
  const name = reqString(args, 'name', 'invalid_name').replace(/^:|:$/g, '');
  if (!/^[a-z0-9_+\-']+(::skin-tone-[2-6])?$/.test(name)) throw slackError('invalid_name');
  return name;
}

export function reactionsRoutes(app: FastifyInstance, ctx: SlackContext) {
  slackMethod(app, ctx, 'reactions.add', { scopes: ['reactions:write'] }, ({ data, args, caller, request }) => {
    const { channel, message, all } = target(data, caller, args);
    const name = emojiName(args);
    if (channel.is_archived) throw slackError('is_archived');
    const existing = message.reactions?.find((r) => r.name === name);
    if (existing?.users.includes(caller.user)) throw slackError('already_reacted');
    if (!existing && (message.reactions?.length ?? 0) >= 50) throw slackError('too_many_emoji');
    for (const copy of all) {
      const reactions = (copy.reactions ??= []);
      let reaction = reactions.find((r) => r.name === name);
      if (!reaction) reactions.push((reaction = { name, users: [], count: 0 }));
      reaction.users.push(caller.user);
      reaction.count++;
    }
    publishEvent(ctx, { type: 'reaction_added', user: caller.user, reaction: name, item_user: message.user, item: { type: 'message', channel: channel.id, ts: message.ts } });
    request.dtuTarget = { type: 'message', channel: channel.id, ts: message.ts };
    return {};
  });

  slackMethod(app, ctx, 'reactions.remove', { scopes: ['reactions:write'] }, ({ data, args, caller, request }) => {
    const { channel, message, all } = target(data, caller, args);
    const name = emojiName(args);
    const existing = message.reactions?.find((r) => r.name === name);
    if (!existing || !existing.users.includes(caller.user)) throw slackError('no_reaction');
    for (const copy of all) {
      const reaction = copy.reactions?.find((r) => r.name === name);
      if (!reaction) continue;
      reaction.users.splice(reaction.users.indexOf(caller.user), 1);
      reaction.count--;
      if (reaction.count === 0) copy.reactions!.splice(copy.reactions!.indexOf(reaction), 1);
      if (copy.reactions!.length === 0) delete copy.reactions;
    }
    publishEvent(ctx, { type: 'reaction_removed', user: caller.user, reaction: name, item_user: message.user, item: { type: 'message', channel: channel.id, ts: message.ts } });
    request.dtuTarget = { type: 'message', channel: channel.id, ts: message.ts };
    return {};
  });

  slackMethod(app, ctx, 'reactions.get', { readOnly: true, scopes: ['reactions:read'] }, ({ data, args, caller }) => {
    const { channel, message } = target(data, caller, args);
    // Without `full`, Slack may truncate each reaction's user list; the twin always answers in full.
    void optBool(args, 'full');
    return { type: 'message', channel: channel.id, message: messageView(data, message) };
  });

  // A scan of every visible conversation: O(messages) per call, fine at seeded sizes (an index by
  // reacting user would serve big workspaces).
  slackMethod(app, ctx, 'reactions.list', { readOnly: true, scopes: ['reactions:read'] }, ({ data, args, caller }) => {
    const userId = optString(args, 'user') ?? caller.user;
    if (!userById(data, userId)) throw slackError('user_not_found');
    const items: { channel: string; message: SlackMessage }[] = [];
    for (const channel of data.channels) {
      if (membersOnly(channel) && !isMember(channel, caller.user)) continue;
      const lists = [data.messages[channel.id] ?? [], ...Object.entries(data.replies).filter(([key]) => key.startsWith(`${channel.id}/`)).map(([, list]) => list)];
      for (const [n, list] of lists.entries()) {
        for (const message of list) {
          // A broadcast reply is listed once, from its thread.
          if (n === 0 && message.subtype === 'thread_broadcast') continue;
          if (message.reactions?.some((r) => r.users.includes(userId))) items.push({ channel: channel.id, message });
        }
      }
    }
    items.sort((a, b) => (a.message.ts < b.message.ts ? 1 : -1));
    const key = (item: (typeof items)[number]) => `${item.channel}/${item.message.ts}`;
    const result = page(items, new Map(items.map((item, i) => [key(item), i])), key, args, 'reaction', pageLimit(args, 100, 1000));
    return {
      items: result.items.map((item) => ({ type: 'message', channel: item.channel, message: messageView(data, item.message) })),
      response_metadata: { next_cursor: result.next_cursor },
    };
  });
}
