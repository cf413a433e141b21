// The universe's merged journal live over a websocket (/_dtu/events/stream on the control plane), with
// each event's twin, time, actor, operation, target, outcome and any injected chaos.
import { WebSocket } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startUniverse, type Universe } from '../../shared/universe/start-universe.js';
import { until } from '../helpers/until.js';

let universe: Universe;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  universe = await startUniverse({ port: 0, seed: 5, users: 6 });
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await universe.close();
});
beforeEach(() => universe.reset());

/** Opens the stream and collects every event it sends. */
async function openStream(query = '') {
  const socket = new WebSocket(`${universe.urls.control.replace('http', 'ws')}/_dtu/events/stream${query}`);
  sockets.push(socket);
  const events: any[] = [];
  socket.addEventListener('message', (m) => events.push(JSON.parse(String(m.data))));
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () => reject(new Error('stream did not open')));
  });
  // The stream takes its starting cursor just after opening; give it that moment.
  await new Promise((r) => setTimeout(r, 150));
  return { socket, events };
}

const oktaGet = (path: string, init: RequestInit = {}) =>
  fetch(`${universe.urls.okta}${path}`, { ...init, headers: { authorization: `SSWS ${universe.credentials.okta.apiToken}`, accept: 'application/json', ...init.headers } });

describe('GET /_dtu/events/stream', () => {
  it('sends new events of every twin as they happen, with outcome and actor', async () => {
    const { events } = await openStream();
    expect((await oktaGet('/api/v1/users?limit=2')).status).toBe(200);
    expect((await oktaGet('/api/v1/users/00unobody')).status).toBe(404);
    await fetch(`${universe.urls.slack}/api/auth.test`, { method: 'POST', headers: { authorization: `Bearer ${universe.credentials.slack.botToken}` } });
    await fetch(`${universe.urls.slack}/api/chat.postMessage`, {
      method: 'POST', headers: { authorization: `Bearer ${universe.credentials.slack.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C0NOSUCH', text: 'lost' }),
    });
    const slack = await until(() => events.find((e) => e.twin === 'slack' && e.operation === 'auth.test'), 'the slack event');
    expect(slack).toMatchObject({ direction: 'in', outcome: 'success', actor: { type: 'bot' }, time: expect.any(String), seq: expect.any(Number) });
    // Slack answers its errors with HTTP 200 and ok:false: the journal still calls that a failure, and names it.
    const refused = await until(() => events.find((e) => e.operation === 'chat.postMessage'), 'the refused post');
    expect(refused).toMatchObject({ status: 200, outcome: 'failure', error: 'channel_not_found' });
    const okta = events.filter((e) => e.twin === 'okta');
    expect(okta.map((e) => [e.operation, e.status, e.outcome, e.error])).toEqual([['listUsers', 200, 'success', undefined], ['getUser', 404, 'failure', 'E0000007']]);
    expect(okta[0].actor).toMatchObject({ type: 'user', email: universe.credentials.okta.as });
    // Seqs are the universe's own, increasing.
    const seqs = events.map((e) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it('filters by twin and test id, and marks injected chaos', async () => {
    const { events } = await openStream('?twin=okta&testId=stream-1');
    await universe.chaos.add({ twin: 'okta', match: { operation: 'listUsers', testId: 'stream-1' }, effect: 'rate_limit', times: 1 });
    await oktaGet('/api/v1/users?limit=1', { headers: { 'x-dtu-test-id': 'stream-1' } });
    await oktaGet('/api/v1/users?limit=1', { headers: { 'x-dtu-test-id': 'other' } });
    await oktaGet('/api/v1/users?limit=1', { headers: { 'x-dtu-test-id': 'stream-1' } });
    await until(() => events.length >= 2 || undefined, 'two events');
    await new Promise((r) => setTimeout(r, 250));
    expect(events.map((e) => [e.testId, e.status, e.outcome, e.chaos?.effect])).toEqual([['stream-1', 429, 'failure', 'rate_limit'], ['stream-1', 200, 'success', undefined]]);
  });

  it('keeps streaming across a reset, which restarts the journal', async () => {
    const { events } = await openStream('?twin=okta');
    await oktaGet('/api/v1/users?limit=1');
    await until(() => events.length === 1 || undefined, 'the event before the reset');
    await universe.reset();
    await oktaGet('/api/v1/groups?limit=1');
    const after = await until(() => events.find((e) => e.operation === 'listGroups'), 'the event after the reset');
    expect(after.seq).toBeLessThanOrEqual(events[0].seq);
  });

  it('replays retained events with since=0', async () => {
    await oktaGet('/api/v1/groups?limit=1');
    const { events } = await openStream('?since=0&twin=okta');
    const replayed = await until(() => events.find((e) => e.operation === 'listGroups'), 'the replayed event');
    expect(replayed.seq).toBeGreaterThan(0);
  });

  it('refuses an unknown twin filter by closing with a reason', async () => {
    const socket = new WebSocket(`${universe.urls.control.replace('http', 'ws')}/_dtu/events/stream?twin=salesforce`);
    sockets.push(socket);
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => socket.addEventListener('close', (e) => resolve({ code: e.code, reason: e.reason })));
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/twin must be one of/);
  });
});
