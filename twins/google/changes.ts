// The Drive change log and push notifications (developers.google.com/drive/api/guides/push): every
// change to a file is appended to `data.changes` (changes.list pages through it) and announced to the
// watch channels that can see it, as a POST with X-Goog-Channel-* / X-Goog-Resource-* headers and no body.
// Docs and Sheets call `fileChanged` after changing a document, as Drive records their edits too.
import type { TwinContext } from '../../shared/kernel/twin-definition.js';
import { callerFor, roleOf } from './drive.js';
import type { WatchChannel } from './model.js';
import type { DriveFile, GoogleData } from './store.js';

export type ResourceState = 'sync' | 'add' | 'remove' | 'update' | 'trash' | 'untrash' | 'change';

export interface ChangeOptions {
  /** The file is gone (deleted): recorded as removed. */
  removed?: boolean;
  /** What files.watch channels hear; default update. */
  state?: ResourceState;
  /** X-Goog-Changed: content, properties, parents, children, permissions. */
  changed?: string[];
  /** Who made the change (default the owner). */
  by?: string;
}

/** Records a change of `file` (already applied) and notifies watchers. Call it after every write. */
export function fileChanged(ctx: TwinContext<GoogleData>, file: DriveFile, options: ChangeOptions = {}): void {
  const data = ctx.store.data;
  const time = new Date(ctx.clock.now()).toISOString();
  if (!options.removed) {
    file.version = (file.version ?? 1) + 1;
    if (options.by) file.lastModifier = options.by;
  }
  data.changes.push({ fileId: file.id, time, removed: options.removed === true, ...(file.driveId && { driveId: file.driveId }), ...(options.removed && { owner: file.owner }) });
  const now = ctx.clock.now();
  for (const channel of Object.values(data.channels)) {
    if (channel.expiration <= now) { delete data.channels[channel.id]; continue; }
    if (channel.fileId === file.id) {
      notify(ctx, channel, options.removed ? 'remove' : options.state ?? 'update', options.changed);
    } else if (channel.fileId === null && (options.removed ? file.owner === channel.email : roleOf(data, file, callerFor(data, channel.email)) !== null)) {
      notify(ctx, channel, 'change');
    }
  }
}

/** Deliveries per channel run one after another, so `sync` always arrives first and numbers stay in order. */
const queues = new Map<string, Promise<unknown>>();

export function notify(ctx: TwinContext<GoogleData>, channel: WatchChannel, state: ResourceState, changed?: string[]): void {
  channel.messageNumber += 1;
  const headers: Record<string, string> = {
    'x-goog-channel-id': channel.id,
    'x-goog-channel-expiration': new Date(channel.expiration).toUTCString(),
    'x-goog-resource-id': channel.resourceId,
    'x-goog-resource-uri': channel.resourceUri,
    'x-goog-resource-state': state,
    'x-goog-message-number': String(channel.messageNumber),
    ...(channel.token !== undefined && { 'x-goog-channel-token': channel.token }),
    ...(changed?.length && { 'x-goog-changed': changed.join(',') }),
  };
  const previous = queues.get(channel.id) ?? Promise.resolve();
  const delivery: Delivery = { channel: channel.id, backingOff: false, done: previous };
  const next = previous.then(() => ctx.outbound.deliver(
    { url: channel.address, method: 'POST', headers, body: '', operation: `drive.push.${state}`, target: { type: 'channel', id: channel.id } },
    // Google retries failed deliveries with exponential backoff.
    {
      delaysMs: [1000, 2000, 4000],
      prepare: (request) => { delivery.backingOff = false; return request; },
      retryOn: (result) => (delivery.backingOff = result.status === 0 || result.status === 429 || result.status >= 500),
    },
  ));
  delivery.done = next;
  const tracked = deliveriesOf(ctx);
  tracked.add(delivery);
  queues.set(channel.id, next);
  void next.finally(() => {
    tracked.delete(delivery);
    if (queues.get(channel.id) === next) queues.delete(channel.id);
  });
}

/** A push in flight: sending (or queued behind its channel's earlier pushes), or waiting for a retry. */
interface Delivery { channel: string; backingOff: boolean; done: Promise<unknown> }
const deliveries = new WeakMap<object, Set<Delivery>>();
const deliveriesOf = (ctx: TwinContext<GoogleData>) => {
  let set = deliveries.get(ctx.outbound);
  if (!set) deliveries.set(ctx.outbound, (set = new Set()));
  return set;
};

/**
 * The twin's `settle` hook: resolves once every push being sent now has been answered; `pending` counts
 * those waiting for a retry (and the ones queued behind them on the same channel).
 */
export async function settlePushes(ctx: TwinContext<GoogleData>): Promise<{ pending: number }> {
  const tracked = deliveriesOf(ctx);
  const sending = () => {
    const stalled = new Set([...tracked].filter((d) => d.backingOff).map((d) => d.channel));
    return [...tracked].filter((d) => !stalled.has(d.channel));
  };
  for (let busy = sending(); busy.length; busy = sending()) {
    // A push that starts backing off does not resolve: look again every few milliseconds.
    await Promise.race([Promise.allSettled(busy.map((d) => d.done)), new Promise((resolve) => setTimeout(resolve, 10))]);
  }
  return { pending: tracked.size };
}
