// pins.add, pins.remove, pins.list (messages; file pins are not modelled).
import type { FastifyInstance } from 'fastify';
import { findCopies, isMember, visibleChannel } from '../access.js';
import type { Caller } from '../auth.js';
import { slackError } from '../errors.js';
import { publishPin } from '../events/pin-events.js';
import type { SlackData } from '../store.js';
import { messageView } from '../views.js';
import { optString, reqString, slackMethod, type Args, type SlackContext } from '../web-api.js';

function pinTarget(data: SlackData, caller: Caller, args: Args) {
  const channel = visibleChannel(data, caller, reqString(args, 'channel', 'channel_not_found'));
  const ts = optString(args, 'timestamp');
  if (ts === undefined) throw slackError('no_item_specified');
  const copies = findCopies(data, channel.id, ts);
  if (copies.length === 0) throw slackError('message_not_found');
  return { channel, ts, copies };
}

export function pinsRoutes(app: FastifyInstance, ctx: SlackContext) {
  slackMethod(app, ctx, 'pins.add', { scopes: ['pins:write'] }, ({ data, args, caller, now, request }) => {
    const { channel, ts, copies } = pinTarget(data, caller, args);
    if (!isMember(channel, caller.user)) throw slackError('not_in_channel');
    if (channel.is_archived) throw slackError('is_archived');
    const pins = (data.pins[channel.id] ??= []);
    if (pins.some((p) => p.ts === ts)) throw slackError('already_pinned');
    if (pins.length >= 100) throw slackError('too_many_pins');
    pins.push({ ts, created: Math.floor(now / 1000), created_by: caller.user });
    for (const { message } of copies) message.pinned_to = [channel.id];
    publishPin(ctx, channel, copies[0].message, pins[pins.length - 1], pins.length);
    request.dtuTarget = { type: 'message', channel: channel.id, ts };
    return {};
  });

  slackMethod(app, ctx, 'pins.remove', { scopes: ['pins:write'] }, ({ data, args, caller, request }) => {
    const { channel, ts, copies } = pinTarget(data, caller, args);
    const pins = data.pins[channel.id] ?? [];
    const i = pins.findIndex((p) => p.ts === ts);
    if (i < 0) throw slackError('no_pin');
    const [pin] = pins.splice(i, 1);
    if (pins.length === 0) delete data.pins[channel.id];
    for (const { message } of copies) delete message.pinned_to;
    publishPin(ctx, channel, copies[0].message, pin, pins.length, caller.user);
    request.dtuTarget = { type: 'message', channel: channel.id, ts };
    return {};
  });

  slackMethod(app, ctx, 'pins.list', { readOnly: true, scopes: ['pins:read'] }, ({ data, args, caller }) => {
    const channel = visibleChannel(data, caller, reqString(args, 'channel', 'channel_not_found'));
    const items = (data.pins[channel.id] ?? []).slice().reverse().flatMap((pin) => {
      const message = findCopies(data, channel.id, pin.ts)[0]?.message;
      return message ? [{ type: 'message', created: pin.created, created_by: pin.created_by, channel: channel.id, message: messageView(data, message) }] : [];
    });
    return { items };
  });
}
