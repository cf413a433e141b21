// Every chaos effect through a real socket, rendered in each vendor's own form.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startUniverse, type Universe } from '../../shared/universe/start-universe.js';
import { startTwin, type RunningTwin } from '../../shared/kernel/twin-server.js';
import { testOrgSource, testTwin } from '../helpers/test-twin.js';

let universe: Universe;
const url = (twin: 'okta' | 'slack' | 'jira' | 'google', path: string) => `${universe.urls[twin]}${path}`;
const PATHS = { okta: '/api/v1/users', slack: '/api/auth.test', jira: '/rest/api/3/myself', google: '/drive/v3/about' } as const;

beforeAll(async () => {
  universe = await startUniverse({ port: 0, users: 5 });
});
afterAll(() => universe.close());
beforeEach(() => universe.reset());

describe('rate_limit in each vendor form', () => {
  it('slack: 429, Retry-After, {"ok":false,"error":"ratelimited"}', async () => {
    await universe.chaos.add({ twin: 'slack', effect: 'rate_limit', retryAfterSec: 7 });
    const res = await fetch(url('slack', PATHS.slack), { method: 'POST' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('okta: 429, X-Rate-Limit-Limit/Remaining/Reset (now + retryAfterSec) with a Date header, E0000047', async () => {
    await universe.chaos.add({ twin: 'okta', effect: 'rate_limit', retryAfterSec: 5 });
    const res = await fetch(url('okta', PATHS.okta));
    expect(res.status).toBe(429);
    const now = Math.ceil(Date.now() / 1000);
    expect(Number(res.headers.get('x-rate-limit-reset'))).toBeGreaterThanOrEqual(now + 4);
    expect(Number(res.headers.get('x-rate-limit-reset'))).toBeLessThanOrEqual(now + 6);
    expect(res.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(Number(res.headers.get('x-rate-limit-limit'))).toBeGreaterThan(0);
    expect(res.headers.get('date')).toBeTruthy();
    expect(await res.json()).toMatchObject({ errorCode: 'E0000047', errorSummary: expect.any(String), errorLink: 'E0000047', errorId: expect.any(String), errorCauses: [] });
  });

  it('jira: 429, Retry-After and X-RateLimit-* with an ISO reset, ErrorCollection body', async () => {
    await universe.chaos.add({ twin: 'jira', effect: 'rate_limit' });
    const res = await fetch(url('jira', PATHS.jira));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(new Date(res.headers.get('x-ratelimit-reset')!).toISOString()).toBe(res.headers.get('x-ratelimit-reset'));
    expect(res.headers.get('ratelimit-reason')).toBeTruthy();
    expect(await res.json()).toEqual({ errorMessages: [expect.any(String)], errors: {} });
  });

  it('google: 429 rateLimitExceeded, or 403 userRateLimitExceeded when status is 403', async () => {
    await universe.chaos.add([
      { twin: 'google', effect: 'rate_limit', times: 1 },
      { twin: 'google', effect: 'rate_limit', status: 403, times: 1 },
    ]);
    const first = await fetch(url('google', PATHS.google));
    expect(first.status).toBe(429);
    expect((await first.json()).error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED', errors: [{ reason: 'rateLimitExceeded', domain: 'usageLimits' }] });
    const second = await fetch(url('google', PATHS.google));
    expect(second.status).toBe(403);
    expect((await second.json()).error).toMatchObject({ code: 403, errors: [{ reason: 'userRateLimitExceeded', domain: 'usageLimits' }] });
  });
});

describe('error', () => {
  it('defaults to 500 and takes a status, in the vendor shape', async () => {
    await universe.chaos.add([{ twin: 'okta', effect: 'error', times: 1 }, { twin: 'okta', effect: 'error', status: 503 }]);
    const first = await fetch(url('okta', PATHS.okta));
    expect(first.status).toBe(500);
    expect((await first.json()).errorCode).toBe('E0000009');
    expect((await fetch(url('okta', PATHS.okta))).status).toBe(503);
  });

  it('slack and jira errors keep their own bodies', async () => {
    await universe.chaos.add([{ twin: 'slack', effect: 'error', status: 503 }, { twin: 'jira', effect: 'error' }]);
    const slack = await fetch(url('slack', PATHS.slack));
    expect([slack.status, await slack.json()]).toEqual([503, { ok: false, error: 'service_unavailable' }]);
    const jira = await fetch(url('jira', PATHS.jira));
    expect([jira.status, (await jira.json()).errorMessages]).toEqual([500, ['Internal server error']]);
  });
});

describe('latency, timeout, reset', () => {
  it('latency delays, then the request is served normally', async () => {
    await universe.chaos.add({ twin: 'slack', effect: 'latency', latencyMs: 250 });
    const started = Date.now();
    const res = await fetch(url('slack', PATHS.slack), { method: 'POST' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(await res.json()).toEqual({ ok: false, error: 'not_authed' });
  });

  it('timeout holds for latencyMs, then closes the socket unanswered', async () => {
    await universe.chaos.add({ twin: 'jira', effect: 'timeout', latencyMs: 300 });
    const started = Date.now();
    await expect(fetch(url('jira', PATHS.jira))).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const { events } = await universe.events({ twin: 'jira' });
    expect(events.at(-1)).toMatchObject({ status: 0, chaos: { effect: 'timeout', source: 'rule' } });
  });

  it('reset destroys the socket at once', async () => {
    await universe.chaos.add({ twin: 'google', effect: 'reset' });
    const started = Date.now();
    await expect(fetch(url('google', PATHS.google))).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('matching', () => {
  it('match.testId confines a rule to requests carrying X-DTU-Test-Id', async () => {
    await universe.chaos.add({ twin: 'slack', match: { testId: 'test-a' }, effect: 'error' });
    expect((await fetch(url('slack', PATHS.slack), { headers: { 'x-dtu-test-id': 'test-b' } })).status).toBe(200);
    expect((await fetch(url('slack', PATHS.slack))).status).toBe(200);
    expect((await fetch(url('slack', PATHS.slack), { headers: { 'x-dtu-test-id': 'test-a' } })).status).toBe(500);
  });

  it('match.operation uses the vendor operation name; hits count what fired', async () => {
    await universe.chaos.add({ id: 'two', twin: 'okta', match: { operation: 'listUsers' }, effect: 'error', times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(url('okta', PATHS.okta))).status);
    // After the rule is spent, Okta's own answer to a request without credentials: 403 E0000005.
    expect(statuses).toEqual([500, 500, 403]);
    expect((await fetch(url('okta', '/api/v1/users/x'))).status).toBe(403);
    expect((await universe.chaos.list()).find((r) => r.id === 'two')?.hits).toBe(2);
  });

  it('a "*" rule applies to every twin', async () => {
    await universe.chaos.add({ effect: 'error', status: 502 });
    for (const twin of ['okta', 'slack', 'jira', 'google'] as const) expect((await fetch(url(twin, PATHS[twin]))).status).toBe(502);
    expect((await universe.chaos.list())[0].hits).toBe(4);
  });

  it('control routes are never subject to chaos', async () => {
    await universe.chaos.add({ effect: 'reset' });
    expect((await fetch(url('slack', '/_dtu/health'))).status).toBe(200);
  });
});

describe('X-DTU-Chaos header', () => {
  it('applies to that request whatever its test id, and journals the effect', async () => {
    const res = await fetch(url('slack', PATHS.slack), { headers: { 'x-dtu-chaos': 'error=503', 'x-dtu-test-id': 'any' } });
    expect(res.status).toBe(503);
    expect((await fetch(url('okta', PATHS.okta), { headers: { 'x-dtu-chaos': 'rate_limit' } })).status).toBe(429);
    await expect(fetch(url('jira', PATHS.jira), { headers: { 'x-dtu-chaos': 'reset' } })).rejects.toThrow();
    const { events } = await universe.events({ testId: 'any' });
    expect(events[0]).toMatchObject({ status: 503, chaos: { effect: 'error', source: 'header', status: 503 } });
  });

  it('a bad header value is the vendor invalid-input error naming the header', async () => {
    const res = await fetch(url('jira', PATHS.jira), { headers: { 'x-dtu-chaos': 'explode' } });
    expect(res.status).toBe(400);
    expect((await res.json()).errorMessages[0]).toContain('X-DTU-Chaos');
  });
});

describe('--rate-limits realistic', () => {
  let twin: RunningTwin;
  afterAll(() => twin?.close());

  it('token buckets per credential and class answer the vendor 429 when empty', async () => {
    twin = await startTwin(testTwin, { seed: 1, orgSource: testOrgSource(), port: 0, rateLimits: 'realistic' });
    const call = (token: string) => fetch(`${twin.url}/limited`, { headers: { authorization: token } });
    expect([(await call('a')).status, (await call('a')).status]).toEqual([200, 200]);
    const limited = await call('a');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await call('b')).status).toBe(200);
    expect((await fetch(`${twin.url}/things`, { headers: { authorization: 'a' } })).status).toBe(200);
  });

  it('are off by default', async () => {
    const plain = await startTwin(testTwin, { seed: 1, orgSource: testOrgSource(), port: 0 });
    try {
      for (let i = 0; i < 5; i++) expect((await fetch(`${plain.url}/limited`)).status).toBe(200);
    } finally {
      await plain.close();
    }
  });
});
