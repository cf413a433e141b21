// Events over HTTP: signed POSTs to the Request URL through ctx.outbound (every attempt journaled,
// direction "out"), Slack's retries with X-Slack-Retry-Num / X-Slack-Retry-Reason, and the
// url_verification handshake that must succeed before a Request URL is accepted.
import { randomBytes } from 'node:crypto';
import type { OutboundResult } from '../../../shared/kernel/outbound.js';
import type { SlackData, SlackEventSubscription } from '../store.js';
import type { SlackContext } from '../web-api.js';
import type { EventCallback } from './envelope.js';
import type { EventHub } from './hub.js';
import { signedHeaders, signingSecretOf, verificationTokenOf } from './signing.js';

const delivered = (r: OutboundResult) => r.status >= 200 && r.status < 300;

/** Slack's X-Slack-Retry-Reason for a failed attempt (http_timeout, connection_failed, http_error). */
function retryReason(r: OutboundResult): string {
  if (r.status === 0) return /timeout|aborted/i.test(r.error ?? '') ? 'http_timeout' : 'connection_failed';
  return 'http_error';
}

/**
 * Sends one event_callback, retrying per the subscription's schedule until a 2xx, until the receiver
 * answers with `X-Slack-No-Retry: 1` (Slack honours it), or until the retries run out. Each attempt
 * is signed afresh, as Slack re-signs retries.
 */
export function deliverOverHttp(hub: EventHub, callback: EventCallback, subscription: SlackEventSubscription, data: SlackData): void {
  const { ctx } = hub;
  const url = subscription.requestUrl!;
  const { retryDelaysMs: delays, timeoutMs } = subscription;
  const body = JSON.stringify(callback);
  const secret = signingSecretOf(ctx.seed());
  const channel = typeof callback.event.channel === 'string' ? callback.event.channel : undefined;
  const target = { type: 'event', event_id: callback.event_id, ...(channel && { channel }) };
  const attempt = async (n: number, reason: string | null): Promise<void> => {
    if (!hub.current(data)) return;
    const headers = signedHeaders(secret, body);
    if (reason) Object.assign(headers, { 'x-slack-retry-num': String(n - 1), 'x-slack-retry-reason': reason });
    const result = await ctx.outbound.send({ url, headers, body, operation: callback.event.type, target, timeoutMs, actor: { type: 'app', id: data.app.id } }, n);
    if (delivered(result) || result.headers?.get('x-slack-no-retry') === '1' || n > delays.length || !hub.current(data)) return;
    const next = retryReason(result);
    hub.later(delays[n - 1], () => hub.track(attempt(n + 1, next)));
  };
  hub.track(attempt(1, null));
}

/** Whether the receiver echoed the challenge: as plain text, as JSON {"challenge"} or form-encoded. */
function echoed(body: string, challenge: string): boolean {
  const text = body.trim();
  if (text === challenge) return true;
  try {
    if ((JSON.parse(text) as { challenge?: unknown }).challenge === challenge) return true;
  } catch {
    // not JSON: try the form encoding below
  }
  return new URLSearchParams(text).get('challenge') === challenge;
}

/** Slack's url_verification handshake: a signed POST whose HTTP 200 answer must carry the challenge back. */
export async function verifyRequestUrl(ctx: SlackContext, url: string, timeoutMs: number): Promise<{ ok: boolean; status: number }> {
  const challenge = randomBytes(24).toString('base64url');
  const body = JSON.stringify({ token: verificationTokenOf(ctx.seed()), challenge, type: 'url_verification' });
  const result = await ctx.outbound.send({
    url, headers: signedHeaders(signingSecretOf(ctx.seed()), body), body, operation: 'url_verification', timeoutMs,
    target: { type: 'event_subscription' }, actor: { type: 'app', id: ctx.store.data.app.id },
  });
  return { ok: result.status === 200 && echoed(result.body, challenge), status: result.status };
}
