// Event hooks through @okta/okta-sdk-nodejs against a local HTTP receiver: CRUD, the one-time
// verification request, delivery of subscribed System Log events with the configured headers, lifecycle.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { startReceiver, type HttpReceiver, type ReceivedRequest } from '../../../test/helpers/http-receiver.js';
import { collect, oktaUniverse, raw, sdk } from './helpers.js';

let universe: Universe;
let receiver: HttpReceiver;
let url: string;
let received: ReceivedRequest[] = [];
/** How the receiver answers the verification GET: echo the challenge, or something else. */
let verification: 'echo' | 'wrong' | 'error' = 'echo';

beforeAll(async () => {
  universe = await oktaUniverse({ seed: 27, users: 8 });
  receiver = await startReceiver((request) => {
    if (request.method !== 'GET') return;
    if (verification === 'error') return { status: 500 };
    const value = verification === 'echo' ? request.headers['x-okta-verification-challenge'] : 'nope';
    return { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verification: value }) };
  });
  received = receiver.received;
  url = `${receiver.url}/okta/events`;
});
afterAll(async () => {
  await universe.close();
  await receiver.close();
});
beforeEach(async () => {
  await universe.reset();
  receiver.clear();
  verification = 'echo';
});

const hookBody = (events: string[]) => ({
  name: 'Provisioning listener',
  events: { type: 'EVENT_TYPE', items: events },
  channel: { type: 'HTTP', version: '1.0.0', config: { uri: url, headers: [{ key: 'X-Other-Header', value: 'other' }], authScheme: { type: 'HEADER', key: 'Authorization', value: 'secret-123' } } },
});

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out waiting for a delivery');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('event hooks', () => {
  it('verifies with the challenge, then delivers subscribed events with the auth header in Okta’s envelope', async () => {
    const client = sdk(universe);
    const hook = await client.eventHookApi.createEventHook({ eventHook: hookBody(['user.lifecycle.create', 'group.user_membership.add']) as any });
    expect(hook).toMatchObject({ status: 'ACTIVE', verificationStatus: 'UNVERIFIED', id: expect.stringMatching(/^who/) });
    expect((hook.channel.config.authScheme as any).value).toBeUndefined();
    const verified = await client.eventHookApi.verifyEventHook({ eventHookId: hook.id! });
    expect(verified.verificationStatus).toBe('VERIFIED');
    const get = received.find((r) => r.method === 'GET')!;
    expect(get.headers['x-okta-verification-challenge']).toEqual(expect.any(String));
    expect(get.headers.authorization).toBe('secret-123');

    const created = await client.userApi.createUser({ body: { profile: { login: 'hooked@example.com', email: 'hooked@example.com', firstName: 'Hoo', lastName: 'Ked' } } });
    const delivery = await until(() => received.find((r) => r.method === 'POST'));
    expect(delivery.headers.authorization).toBe('secret-123');
    expect(delivery.headers['x-other-header']).toBe('other');
    expect(delivery.body).toMatchObject({
      eventType: 'com.okta.event_hook', eventTypeVersion: '1.0', cloudEventsVersion: '0.1', contentType: 'application/json',
      source: `${universe.credentials.okta.orgUrl}/api/v1/eventHooks/${hook.id}`, eventId: expect.any(String), eventTime: expect.any(String),
    });
    // Only subscribed types: user.lifecycle.create, not user.lifecycle.activate.
    expect(delivery.body.data.events.map((e: any) => e.eventType)).toEqual(['user.lifecycle.create']);
    expect(delivery.body.data.events[0].target[0].id).toBe(created.id);
    // The journal records an outbound call once its answer is in, a moment after the receiver saw it.
    let outbound: [string, number][] = [];
    await until(async () => {
      outbound = (await universe.events({ twin: 'okta' })).events.filter((e) => e.direction === 'out').map((e) => [e.method, e.status]);
      return outbound.length >= 2 ? true : undefined;
    });
    expect(outbound).toEqual([['GET', 200], ['POST', 200]]);
  });

  it('an UNVERIFIED or INACTIVE hook receives nothing; a failed verification is a 400 and leaves it UNVERIFIED', async () => {
    const client = sdk(universe);
    const hook = await client.eventHookApi.createEventHook({ eventHook: hookBody(['group.lifecycle.create']) as any });
    await client.groupApi.createGroup({ group: { profile: { name: 'Unheard' } } });
    verification = 'wrong';
    await expect(client.eventHookApi.verifyEventHook({ eventHookId: hook.id! })).rejects.toMatchObject({ status: 400, errorCode: 'E0000001' });
    verification = 'error';
    await expect(client.eventHookApi.verifyEventHook({ eventHookId: hook.id! })).rejects.toMatchObject({ status: 400 });
    expect((await client.eventHookApi.getEventHook({ eventHookId: hook.id! })).verificationStatus).toBe('UNVERIFIED');
    verification = 'echo';
    await client.eventHookApi.verifyEventHook({ eventHookId: hook.id! });
    const deactivated = await client.eventHookApi.deactivateEventHook({ eventHookId: hook.id! });
    expect(deactivated.status).toBe('INACTIVE');
    await client.groupApi.createGroup({ group: { profile: { name: 'Still unheard' } } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received.filter((r) => r.method === 'POST')).toEqual([]);
    await client.eventHookApi.activateEventHook({ eventHookId: hook.id! });
    await client.groupApi.createGroup({ group: { profile: { name: 'Heard' } } });
    const delivery = await until(() => received.find((r) => r.method === 'POST'));
    expect(delivery.body.data.events[0].target[0].displayName).toBe('Heard');
  });

  it('lists, replaces, and deletes only once deactivated; bad bodies are E0000001 with nothing stored', async () => {
    const client = sdk(universe);
    const hook = await client.eventHookApi.createEventHook({ eventHook: hookBody(['user.lifecycle.deactivate']) as any });
    expect((await collect(await client.eventHookApi.listEventHooks())).map((h) => h.id)).toEqual([hook.id]);
    // The SDK round trip (get, change, replace) sends no secret; the stored one is kept.
    const current = await client.eventHookApi.getEventHook({ eventHookId: hook.id! });
    const replaced = await client.eventHookApi.replaceEventHook({ eventHookId: hook.id!, eventHook: { ...current, name: 'Renamed' } as any });
    expect(replaced.name).toBe('Renamed');
    await client.eventHookApi.verifyEventHook({ eventHookId: hook.id! });
    expect(received.find((r) => r.method === 'GET')!.headers.authorization).toBe('secret-123');
    await expect(client.eventHookApi.deleteEventHook({ eventHookId: hook.id! })).rejects.toMatchObject({ status: 400 });
    await client.eventHookApi.deactivateEventHook({ eventHookId: hook.id! });
    await client.eventHookApi.deleteEventHook({ eventHookId: hook.id! });
    await expect(client.eventHookApi.getEventHook({ eventHookId: hook.id! })).rejects.toMatchObject({ status: 404, errorCode: 'E0000007' });
    for (const body of [{}, { ...hookBody([]) }, { ...hookBody(['Not An Event']) }, { ...hookBody(['user.lifecycle.create']), channel: { type: 'HTTP', version: '1.0.0', config: { uri: 'ftp://x' } } }]) {
      const res = await raw(universe, '/api/v1/eventHooks', { method: 'POST', body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errorCode).toBe('E0000001');
    }
    expect((await raw(universe, '/api/v1/eventHooks')).body).toEqual([]);
  });
});
