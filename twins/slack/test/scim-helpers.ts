// What the scim-*.test.ts files share: SCIM over raw fetch (Slack has no official Node SCIM client)
// and an Events API receiver subscribed to the events SCIM writes raise.
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { startReceiver, type HttpReceiver } from '../../../test/helpers/http-receiver.js';
import type { useSlack } from './setup.js';

type Env = ReturnType<typeof useSlack>;

export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface ScimAnswer {
  status: number;
  body: any;
}

/** One SCIM request with the credentials' scimToken (or `token`), its JSON answer. */
export async function scimCall(env: Env, path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<ScimAnswer> {
  const base = env.creds.apiUrl.replace(/\/api\/$/, '');
  const res = await fetch(`${base}/scim/v2/${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${init.token ?? env.creds.scimToken}`, ...(init.body !== undefined && { 'content-type': 'application/scim+json' }) },
    ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export const filterQuery = (expression: string) => `filter=${encodeURIComponent(expression)}`;

/**
 * A Request URL receiving the app's events, subscribed (again after each reset) to `events`.
 * `eventOf(type, match)` waits for one; `clear()` forgets what arrived.
 */
export function useEventReceiver(env: Env, events: string[]) {
  let receiver: HttpReceiver;
  beforeAll(async () => {
    receiver = await startReceiver((request) => {
      if (request.body?.type === 'url_verification') return { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ challenge: request.body.challenge }) };
    });
  });
  afterAll(() => receiver?.close());
  beforeEach(async () => {
    const res = await fetch(`${env.universe.urls.slack}/_dtu/slack/event-subscription`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requestUrl: `${receiver.url}/slack/events`, events }),
    });
    expect(res.status).toBe(200);
    receiver.clear();
  });
  const delivered = () => receiver.received.filter((r) => r.body?.type === 'event_callback').map((r) => r.body.event);
  return {
    delivered,
    clear: () => receiver.clear(),
    async eventOf(type: string, match: (event: any) => boolean = () => true): Promise<any> {
      for (let i = 0; i < 150; i++) {
        const found = delivered().find((e) => e.type === type && match(e));
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`no ${type} event; got ${delivered().map((e) => e.type).join(', ') || 'none'}`);
    },
  };
}
