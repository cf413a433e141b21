// pin_added and pin_removed: the pinned item with the message as it is now, and who pinned it when.
import type { SlackChannel, SlackMessage } from '../store.js';
import { messageView } from '../views.js';
import type { SlackContext } from '../web-api.js';
import { publishEvent } from './publish.js';

interface Pin {
  ts: string;
  created: number;
  created_by: string;
}

/** pin_added when `removedBy` is absent, pin_removed (by that user) otherwise; `count` is the channel's pins afterwards. */
export function publishPin(ctx: SlackContext, channel: SlackChannel, message: SlackMessage, pin: Pin, count: number, removedBy?: string): void {
  const item = { type: 'message', created: pin.created, created_by: pin.created_by, channel: channel.id, message: messageView(ctx.store.data, message) };
  publishEvent(ctx, {
    type: removedBy ? 'pin_removed' : 'pin_added', user: removedBy ?? pin.created_by, channel_id: channel.id, item, item_user: message.user, pin_count: count,
    pinned_info: { channel: channel.id, pinned_by: pin.created_by, pinned_ts: pin.created }, ...(removedBy && { has_pins: count > 0 }),
  });
}
