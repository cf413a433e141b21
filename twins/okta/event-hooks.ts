// Event hooks: the stored hook, its one-time verification request and the delivery of System Log
// events to ACTIVE + VERIFIED hooks subscribed to their type (developer.okta.com/docs/concepts/event-hooks).
// Deliveries go through ctx.outbound (journaled), carry the configured auth header and custom headers,
// time out after 3 s and are retried once, as Okta does. Events logged in the same tick are batched
// into one delivery, as Okta batches events that happen together.
import { randomBytes, randomUUID } from 'node:crypto';
import type { TwinContext } from '../../shared/kernel/twin-definition.js';
import type { LogEvent, OktaData } from './store.js';

export interface EventHook {
  id: string;
  status: 'ACTIVE' | 'INACTIVE';
  verificationStatus: 'VERIFIED' | 'UNVERIFIED';
  name: string;
  description: string | null;
  created: string;
  createdBy: string;
  lastUpdated: string;
  events: { type: 'EVENT_TYPE'; items: string[]; filter: null };
  channel: {
    type: 'HTTP';
    version: string;
    config: {
      uri: string;
      headers: { key: string; value: string }[];
      method: 'POST';
      /** `value` is the secret: stored, sent with every request, never served. */
      authScheme: { type: 'HEADER'; key: string; value: string } | null;
    };
  };
}

const TIMEOUT_MS = 3000;
const RETRY = { delaysMs: [200] };

export function eventHookView(hook: EventHook, publicUrl: string) {
  const self = `${publicUrl}/api/v1/eventHooks/${hook.id}`;
  const { authScheme } = hook.channel.config;
  const post = { hints: { allow: ['POST'] } };
  return {
    ...hook,
    channel: { ...hook.channel, config: { ...hook.channel.config, authScheme: authScheme && { type: authScheme.type, key: authScheme.key } } },
    _links: {
      self: { href: self },
      verify: { href: `${self}/lifecycle/verify`, ...post },
      ...(hook.status === 'ACTIVE' ? { deactivate: { href: `${self}/lifecycle/deactivate`, ...post } } : { activate: { href: `${self}/lifecycle/activate`, ...post } }),
    },
  };
}

/** The headers Okta sends the hook's endpoint: custom headers, then the auth header. */
function hookHeaders(hook: EventHook): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of hook.channel.config.headers) headers[h.key] = h.value;
  const auth = hook.channel.config.authScheme;
  if (auth) headers[auth.key] = auth.value;
  return headers;
}

/**
 * The one-time verification: a GET with X-Okta-Verification-Challenge that must be answered 200 with
 * `{"verification": <the challenge>}`. Resolves with an error message, or null when verified.
 */
export async function verifyHook(ctx: TwinContext<OktaData>, hook: EventHook): Promise<string | null> {
  const challenge = randomBytes(24).toString('base64url');
  const result = await ctx.outbound.deliver({
    url: hook.channel.config.uri, method: 'GET', operation: 'event_hook.verification', timeoutMs: TIMEOUT_MS,
    headers: { ...hookHeaders(hook), accept: 'application/json', 'x-okta-verification-challenge': challenge },
    target: { eventHook: hook.id },
  }, { ...RETRY, retryOn: (r) => r.status < 200 || r.status >= 300 });
  if (result.status === 0) return `Could not reach the event hook endpoint: ${result.error ?? 'no answer'}`;
  if (result.status !== 200) return `The event hook endpoint answered HTTP ${result.status}`;
  try {
    if ((JSON.parse(result.body) as { verification?: unknown }).verification === challenge) return null;
  } catch {
    // falls through: the body is not JSON
  }
  return 'The event hook endpoint did not answer with the verification value';
}

/** Pending events per hook, flushed once per tick; keyed by the state object so a reset drops them. */
const pending = new WeakMap<OktaData, Map<string, LogEvent[]>>();

/** Called for every System Log event: queues it for each ACTIVE, VERIFIED hook subscribed to its type. */
export function deliverToEventHooks(ctx: TwinContext<OktaData>, event: LogEvent): void {
  const data = ctx.store.data;
  for (const hook of data.eventHooks) {
    if (hook.status !== 'ACTIVE' || hook.verificationStatus !== 'VERIFIED' || !hook.events.items.includes(event.eventType)) continue;
    let queues = pending.get(data);
    if (!queues) {
      pending.set(data, (queues = new Map()));
      setImmediate(() => flush(ctx, data));
    }
    const queue = queues.get(hook.id) ?? [];
    queue.push(event);
    queues.set(hook.id, queue);
  }
}

function flush(ctx: TwinContext<OktaData>, data: OktaData): void {
  const queues = pending.get(data);
  pending.delete(data);
  if (!queues || ctx.store.data !== data) return;
  for (const [hookId, events] of queues) {
    const hook = data.eventHooks.find((h) => h.id === hookId);
    if (!hook) continue;
    const body = {
      eventType: 'com.okta.event_hook',
      eventTypeVersion: '1.0',
      cloudEventsVersion: '0.1',
      source: `${ctx.publicUrl()}/api/v1/eventHooks/${hook.id}`,
      eventId: randomUUID(),
      data: { events },
      eventTime: new Date(ctx.clock.now()).toISOString(),
      contentType: 'application/json',
    };
    void ctx.outbound.deliver({
      url: hook.channel.config.uri, method: 'POST', operation: events.length === 1 ? events[0].eventType : 'com.okta.event_hook',
      headers: { ...hookHeaders(hook), 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body), timeoutMs: TIMEOUT_MS, target: { eventHook: hook.id },
    }, RETRY);
  }
}
