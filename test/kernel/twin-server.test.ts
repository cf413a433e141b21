// The kernel every twin gets: control routes, the journal, vendor-shaped errors for every failure.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestTwin } from '../helpers/test-twin.js';
import type { TwinRuntime } from '../../shared/kernel/twin-runtime.js';
import type { TestData } from '../helpers/test-twin.js';

let app: FastifyInstance;
let runtime: TwinRuntime<TestData>;

beforeEach(async () => {
  ({ app, runtime } = await buildTestTwin());
});
afterEach(() => app.close());

describe('control routes on a twin', () => {
  it('reports health with the seed and the twin up', async () => {
    const res = await app.inject('/_dtu/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, seed: 7, twins: { slack: 'up' } });
  });

  it('serves its credentials section built from the seed and public URL', async () => {
    expect((await app.inject('/_dtu/credentials')).json()).toEqual({ slack: { url: 'http://twin.test', token: 'token-7' } });
  });

  it('serves the org it was seeded from', async () => {
    const org = (await app.inject('/_dtu/org')).json();
    expect(org.people).toHaveLength(5);
    expect(org.people[0]).toMatchObject({ email: expect.stringContaining(`@${org.domain}`), status: 'active' });
  });

  it('reset brings seeded data back and a seed in the body switches seed for later resets', async () => {
    await app.inject({ method: 'POST', url: '/things', payload: { name: 'extra' } });
    expect((await app.inject('/things')).json().things).toHaveLength(2);
    expect((await app.inject({ method: 'POST', url: '/_dtu/reset' })).json()).toEqual({ ok: true, seed: 7 });
    expect((await app.inject('/things')).json().things).toHaveLength(1);

    const before = (await app.inject('/_dtu/org')).json();
    expect((await app.inject({ method: 'POST', url: '/_dtu/reset', payload: { seed: 8 } })).json()).toEqual({ ok: true, seed: 8 });
    await app.inject({ method: 'POST', url: '/_dtu/reset', headers: { 'content-type': 'application/json' }, payload: '' });
    expect((await app.inject('/_dtu/health')).json().seed).toBe(8);
    expect((await app.inject('/_dtu/org')).json().people).not.toEqual(before.people);
    expect((await app.inject('/_dtu/credentials')).json().slack.token).toBe('token-8');
  });

  it('rejects a bad seed with a clear 400 and keeps the current one', async () => {
    const res = await app.inject({ method: 'POST', url: '/_dtu/reset', payload: { seed: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ ok: false, error: 'invalid_request', message: expect.stringContaining('seed') });
    expect(runtime.seed).toBe(7);
  });

  it('answers unknown control routes with a DTU 404, not a vendor one', async () => {
    const res = await app.inject('/_dtu/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ ok: false, error: 'not_found' });
  });
});

describe('snapshot', () => {
  it('round-trips: export, change, import → the exported state is back', async () => {
    await app.inject({ method: 'POST', url: '/things', payload: { name: 'kept' } });
    const snapshot = (await app.inject('/_dtu/snapshot')).json();
    expect(snapshot).toMatchObject({ version: 1, seed: 7, twins: { slack: { things: [{ name: 'seeded' }, { name: 'kept' }] } } });
    await app.inject({ method: 'POST', url: '/_dtu/reset' });
    await app.inject({ method: 'POST', url: '/things', payload: { name: 'lost' } });
    const put = await app.inject({ method: 'PUT', url: '/_dtu/snapshot', payload: snapshot });
    expect(put.statusCode).toBe(200);
    expect((await app.inject('/_dtu/snapshot')).json()).toEqual(snapshot);
  });

  it('importing a snapshot of another seed switches to that seed and its credentials', async () => {
    const snapshot = (await app.inject('/_dtu/snapshot')).json();
    await app.inject({ method: 'PUT', url: '/_dtu/snapshot', payload: { ...snapshot, seed: 99 } });
    expect((await app.inject('/_dtu/credentials')).json().slack.token).toBe('token-99');
  });

  it.each([
    ['wrong version', { version: 2, seed: 7, twins: { slack: {} } }, 'version'],
    ['no data for this twin', { version: 1, seed: 7, twins: {} }, 'no data for the slack twin'],
    ['wrong shape', { version: 1, seed: 7, twins: { slack: { things: {}, people: [] } } }, '"things" must be a list'],
    ['unknown key', { version: 1, seed: 7, twins: { slack: { things: [], people: [], extra: 1 } } }, 'unknown key "extra"'],
  ])('refuses %s with 400 and changes nothing', async (_name, payload, message) => {
    const before = (await app.inject('/_dtu/snapshot')).json();
    const res = await app.inject({ method: 'PUT', url: '/_dtu/snapshot', payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain(message);
    expect((await app.inject('/_dtu/snapshot')).json()).toEqual(before);
  });

  it('a dry run checks without importing', async () => {
    const snapshot = (await app.inject('/_dtu/snapshot')).json();
    snapshot.twins.slack.things = [];
    const res = await app.inject({ method: 'PUT', url: '/_dtu/snapshot?dryRun=true', payload: snapshot });
    expect(res.json()).toEqual({ ok: true, seed: 7, dryRun: true });
    expect((await app.inject('/things')).json().things).toHaveLength(1);
  });

  it('refuses malformed JSON on control routes with a clear 400', async () => {
    const res = await app.inject({ method: 'PUT', url: '/_dtu/snapshot', headers: { 'content-type': 'application/json' }, payload: '{"version":' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ ok: false, error: 'invalid_request', message: expect.stringContaining('not valid JSON') });
  });
});

describe('vendor-shaped errors', () => {
  it('a handler error is sent as the vendor renders it', async () => {
    const res = await app.inject('/things/42');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ kind: 'not_found', message: 'thing_not_found' });
  });

  it('an unknown route gets the vendor not-found form', async () => {
    const res = await app.inject('/no/such/route');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ kind: 'not_found', message: expect.stringContaining('/no/such/route') });
  });

  it('schema failures become the vendor invalid-input form', async () => {
    const res = await app.inject({ method: 'POST', url: '/things', payload: { nom: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ kind: 'invalid', message: expect.stringContaining('name') });
  });

  it('malformed JSON becomes the vendor invalid-input form, never a 500', async () => {
    const res = await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json' }, payload: '{"name":' });
    expect(res.statusCode).toBe(400);
    expect(res.json().kind).toBe('invalid');
  });

  it('a body over the limit becomes the vendor too-large form', async () => {
    const res = await app.inject({ method: 'POST', url: '/things', payload: { name: 'x'.repeat(5000) } });
    expect(res.statusCode).toBe(413);
    expect(res.json().kind).toBe('too_large');
  });

  it('an unexpected exception becomes the vendor server-error form without leaking the message', async () => {
    const res = await app.inject('/boom');
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ kind: 'server_error', message: 'Internal server error' });
  });
});

describe('journal (/_dtu/events)', () => {
  it('records vendor requests with operation, status, actor, target and test id, but not control calls', async () => {
    await app.inject({ url: '/things', headers: { 'x-dtu-test-id': 'case-1' } });
    await app.inject({ method: 'POST', url: '/things?x=1', payload: { name: 'n' } });
    await app.inject('/_dtu/health');
    const { events, next } = (await app.inject('/_dtu/events')).json();
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ seq: 1, twin: 'slack', direction: 'in', method: 'GET', url: '/things', operation: 'things.list', status: 200, actor: { type: 'user', id: 'U1' }, testId: 'case-1' });
    expect(events[1]).toMatchObject({ seq: 2, url: '/things?x=1', operation: 'things.create', actor: { type: 'anonymous' }, target: { type: 'thing', id: 2 } });
    expect(typeof events[0].durationMs).toBe('number');
    expect(new Date(events[0].time).toISOString()).toBe(events[0].time);
    expect(next).toBe(2);
  });

  it('pages with since (exclusive), limit and next, and filters by testId and twin', async () => {
    for (let i = 0; i < 5; i++) await app.inject({ url: '/things', headers: { 'x-dtu-test-id': i % 2 ? 'odd' : 'even' } });
    const first = (await app.inject('/_dtu/events?limit=2')).json();
    expect(first.events.map((e: { seq: number }) => e.seq)).toEqual([1, 2]);
    const second = (await app.inject(`/_dtu/events?limit=2&since=${first.next}`)).json();
    expect(second.events.map((e: { seq: number }) => e.seq)).toEqual([3, 4]);
    const empty = (await app.inject('/_dtu/events?since=5')).json();
    expect(empty).toEqual({ events: [], next: 5 });
    expect((await app.inject('/_dtu/events?testId=odd')).json().events).toHaveLength(2);
    expect((await app.inject('/_dtu/events?twin=okta')).json().events).toHaveLength(0);
  });

  it('refuses bad paging input with 400', async () => {
    expect((await app.inject('/_dtu/events?limit=0')).statusCode).toBe(400);
    expect((await app.inject('/_dtu/events?limit=5000')).statusCode).toBe(400);
    expect((await app.inject('/_dtu/events?since=abc')).statusCode).toBe(400);
    expect((await app.inject('/_dtu/events?twin=salesforce')).statusCode).toBe(400);
  });

  it('keeps only the newest entries when full', async () => {
    const { Journal } = await import('../../shared/kernel/journal.js');
    const journal = new Journal(3);
    for (let i = 0; i < 5; i++) journal.record({ twin: 'slack', direction: 'in', method: 'GET', url: `/${i}`, operation: null, status: 200, durationMs: 1, actor: { type: 'anonymous' } });
    expect(journal.list().events.map((e) => e.url)).toEqual(['/2', '/3', '/4']);
    expect(journal.list({ since: 4 }).events.map((e) => e.seq)).toEqual([5]);
  });

  it('is emptied by reset', async () => {
    await app.inject('/things');
    await app.inject({ method: 'POST', url: '/_dtu/reset' });
    expect((await app.inject('/_dtu/events')).json().events).toEqual([]);
  });
});

describe('store change notices', () => {
  it('every answered write tells the store, even when the handler does not; reads and refused writes do not', async () => {
    let notices = 0;
    runtime.store.onChange(() => { notices++; });
    await app.inject({ method: 'GET', url: '/things' });
    await app.inject({ method: 'POST', url: '/things', payload: {} }); // refused: no name
    expect(notices).toBe(0);
    const created = await app.inject({ method: 'POST', url: '/things', payload: { name: 'new' } });
    expect(created.statusCode).toBe(200);
    expect(notices).toBe(1);
  });
});
