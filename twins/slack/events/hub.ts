// One twin's event dispatcher: it picks the transport for each event (Socket Mode while a socket is
// connected, else the Request URL) and owns the runtime parts (sockets, tickets, pending retries),
// which are not data and survive neither close nor, for retries, a reset.
import type { SlackData, SlackEventSubscription } from '../store.js';
import { SocketModeSessions } from '../socket-mode/sessions.js';
import type { SlackContext } from '../web-api.js';
import type { EventCallback } from './envelope.js';
import { deliverOverHttp } from './http-delivery.js';
import { subscriptionOf } from './subscription.js';

export class EventHub {
  closed = false;
  readonly sockets: SocketModeSessions;
  /** Deliveries under way, and retries waiting for the clock (with the state they belong to), for settle(). */
  private readonly running = new Set<Promise<void>>();
  private readonly waiting = new Map<number, SlackData>();
  private waitCounter = 0;

  constructor(readonly ctx: SlackContext) {
    this.sockets = new SocketModeSessions(this);
  }

  /**
   * Runs `fire` after `delayMs` of twin-clock time: a clock timer, so advancing the universe clock
   * fires due retries at once, and reset, snapshot import and close drop them.
   */
  later(delayMs: number, fire: () => void): () => void {
    if (this.closed) return () => {};
    const id = ++this.waitCounter;
    this.waiting.set(id, this.ctx.store.data);
    const cancel = this.ctx.clock.schedule(this.ctx.clock.now() + delayMs, () => {
      this.waiting.delete(id);
      fire();
    });
    return () => {
      this.waiting.delete(id);
      cancel();
    };
  }

  /** Counts a delivery as under way until it ends. */
  track(work: Promise<void>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  /** Waits for deliveries under way; answers how many retries wait for a later clock time. */
  async settle(): Promise<{ pending: number }> {
    while (this.running.size) await Promise.allSettled([...this.running]);
    // Retries of a replaced state (reset, import) were dropped with their timers: forget them here.
    for (const [id, data] of this.waiting) if (!this.current(data)) this.waiting.delete(id);
    return { pending: this.waiting.size };
  }

  /** True while `data` is still the twin's state (a retry for a replaced state is dropped). */
  current(data: SlackData): boolean {
    return !this.closed && this.ctx.store.data === data;
  }

  /**
   * Slack sends an app's events either to its sockets (Socket Mode on) or to its Request URL. The twin
   * has no Socket Mode switch: it uses Socket Mode whenever at least one socket is connected.
   */
  dispatch(callback: EventCallback, data: SlackData): void {
    const subscription: SlackEventSubscription = subscriptionOf(data);
    if (this.sockets.connected > 0) this.sockets.deliver(callback, subscription, data);
    else if (subscription.requestUrl) deliverOverHttp(this, callback, subscription, data);
  }

  close(): void {
    this.closed = true;
    this.sockets.close();
  }
}

// Keyed by the twin's Store, which lives as long as the twin (TwinContext objects are made per call).
const hubs = new WeakMap<object, EventHub>();

export function attachEventHub(ctx: SlackContext): EventHub {
  const hub = new EventHub(ctx);
  hubs.set(ctx.store, hub);
  return hub;
}

export const hubOf = (ctx: SlackContext): EventHub | undefined => hubs.get(ctx.store);
