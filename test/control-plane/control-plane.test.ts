// The universe's control plane (port 4100 by default) as users' suites drive it over HTTP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startUniverse, type Universe } from '../../shared/universe/start-universe.js';

let universe: Universe;
const control = (path: string, init?: { method?: string; body?: unknown; raw?: string }) =>
  fetch(`${universe.urls.control}/_dtu${path}`, {
    method: init?.method ?? 'GET',
    headers: init?.body !== undefined || init?.raw !== undefined ? { 'content-type': 'application/json' } : undefined,
    body: init?.raw ?? (init?.body === undefined ? undefined : JSON.stringify(init.body)),
  });
const json = async (path: string, init?: Parameters<typeof control>[1]) => (await control(path, init)).json();

beforeAll(async () => {
  universe = await startUniverse({ port: 0, seed: 11, users: 8, chaos: 'jira:latency=1~getServerInfo' });
});
afterAll(() => universe.close());
beforeEach(() => json('/reset', { method: 'POST', body: { seed: 11 } }));

describe('health, credentials, org', () => {
  it('health lists every twin up with the seed', async () => {
    expect(await json('/health')).toEqual({ ok: true, seed: 11, twins: { okta: 'up', slack: 'up', jira: 'up', google: 'up' } });
  });

  it('credentials have the contract shape for every twin, with URLs on the twins’ ports', async () => {
    const creds = await json('/credentials');
    expect(creds.okta).toMatchObject({ orgUrl: universe.urls.okta, apiToken: expect.any(String), readOnlyApiToken: expect.any(String), as: expect.stringContaining('@'),
      oidc: { issuer: `${universe.urls.okta}/oauth2/default`, clientId: expect.any(String), clientSecret: expect.any(String), audience: 'api://default', tokenEndpointAuthMethod: 'client_secret_basic' } });
    expect(creds.slack).toMatchObject({ apiUrl: `${universe.urls.slack}/api/`, botToken: expect.stringMatching(/^xoxb-/), userToken: expect.stringMatching(/^xoxp-/), appToken: expect.stringMatching(/^xapp-/), appId: expect.stringMatching(/^A/), botUserId: expect.stringMatching(/^U/), limitedBotToken: expect.stringMatching(/^xoxb-/) });
    expect(creds.jira).toMatchObject({ host: universe.urls.jira, email: creds.okta.as, apiToken: expect.any(String) });
    expect(creds.google).toMatchObject({ rootUrl: `${universe.urls.google}/`, accessToken: expect.any(String), oauthClient: { tokenUrl: `${universe.urls.google}/token` }, serviceAccount: { type: 'service_account' } });
    const org = await json('/org');
    for (const twin of ['slack', 'jira', 'google']) expect(Object.keys(creds[twin].userTokens).sort()).toEqual(org.people.map((p: { email: string }) => p.email).sort());
  });

  it('org has the contract fields, people under the org domain, managers inside the org', async () => {
    const org = await json('/org');
    expect(org).toMatchObject({ name: expect.any(String), domain: expect.any(String) });
    expect(org.people).toHaveLength(8);
    const emails = new Set(org.people.map((p: { email: string }) => p.email));
    for (const person of org.people) {
      expect(person).toMatchObject({ email: expect.stringContaining(`@${org.domain}`), name: `${person.firstName} ${person.lastName}`, title: expect.any(String), department: expect.any(String), timezone: expect.any(String), status: 'active' });
      if (person.manager !== null) expect(emails.has(person.manager)).toBe(true);
    }
    for (const group of org.groups) for (const member of group.members) expect(emails.has(member)).toBe(true);
  });

  it('the embedded handle carries the same urls, credentials and org', async () => {
    expect(universe.credentials).toEqual(await json('/credentials'));
    expect(universe.org).toEqual(await json('/org'));
  });
});

describe('chaos over HTTP', () => {
  it('starts with the --chaos rules, appends one or many, answers the whole list with ids', async () => {
    expect((await json('/chaos')).rules).toEqual([expect.objectContaining({ id: 'startup-1', twin: 'jira', effect: 'latency', hits: 0 })]);
    const one = await json('/chaos', { method: 'POST', body: { twin: 'slack', effect: 'error', match: { operation: 'auth.test' } } });
    expect(one.rules.map((r: { id: string }) => r.id)).toEqual(['startup-1', expect.any(String)]);
    const many = await json('/chaos', { method: 'POST', body: { rules: [{ id: 'mine', twin: 'okta', effect: 'reset' }, { effect: 'latency', latencyMs: 5 }] } });
    expect(many.rules.map((r: { id: string; twin: string }) => [r.id, r.twin])).toEqual([['startup-1', 'jira'], [one.rules[1].id, 'slack'], ['mine', 'okta'], [expect.any(String), '*']]);
  });

  it('an id already in use is a 400 and nothing is added', async () => {
    await json('/chaos', { method: 'POST', body: { id: 'dup', effect: 'error', twin: 'slack' } });
    const res = await control('/chaos', { method: 'POST', body: { rules: [{ id: 'fresh', effect: 'error' }, { id: 'dup', effect: 'error' }] } });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toContain('dup');
    expect((await json('/chaos')).rules.map((r: { id: string }) => r.id)).toEqual(['startup-1', 'dup']);
  });

  it.each([
    ['malformed JSON', { raw: '{"effect":' }, 'not valid JSON'],
    ['an unknown effect', { body: { effect: 'explode' } }, 'effect must be one of'],
    ['probability 2', { body: { effect: 'error', probability: 2 } }, 'probability'],
    ['an unknown twin', { body: { effect: 'error', twin: 'salesforce' } }, 'twin must be one of'],
    ['one bad rule in a batch', { body: { rules: [{ effect: 'error' }, { effect: 'error', times: -1 }] } }, 'rules[1].times'],
    ['no body', {}, 'body must be'],
  ])('POST with %s → 400 with a clear message, nothing changed', async (_name, init, message) => {
    const before = await json('/chaos');
    const res = await control('/chaos', { method: 'POST', ...init });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: 'invalid_request', message: expect.stringContaining(message) });
    expect(await json('/chaos')).toEqual(before);
  });

  it('PUT replaces all rules; DELETE removes one (404 when unknown) or all', async () => {
    const put = await json('/chaos', { method: 'PUT', body: { rules: [{ id: 'a', effect: 'error', twin: 'slack' }, { id: 'b', effect: 'error' }] } });
    expect(put.rules.map((r: { id: string }) => r.id)).toEqual(['a', 'b']);
    expect((await control('/chaos', { method: 'PUT', body: { effect: 'error' } })).status).toBe(400);
    expect((await json('/chaos/a', { method: 'DELETE' })).rules.map((r: { id: string }) => r.id)).toEqual(['b']);
    const missing = await control('/chaos/a', { method: 'DELETE' });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toBe('not_found');
    expect(await json('/chaos', { method: 'DELETE' })).toEqual({ rules: [] });
    expect((await fetch(`${universe.urls.slack}/api/auth.test`)).status).toBe(200);
  });

  it('reports hits per rule, summed over twins for "*" rules', async () => {
    await json('/chaos', { method: 'PUT', body: { rules: [{ id: 'all', effect: 'error', times: 3 }] } });
    await fetch(`${universe.urls.slack}/api/auth.test`);
    await fetch(`${universe.urls.okta}/api/v1/users`);
    expect((await json('/chaos')).rules[0]).toMatchObject({ id: 'all', hits: 2 });
  });

  it('reset brings back the startup rules and drops the rest', async () => {
    await json('/chaos', { method: 'PUT', body: { rules: [{ effect: 'error' }] } });
    await json('/reset', { method: 'POST' });
    expect((await json('/chaos')).rules.map((r: { id: string }) => r.id)).toEqual(['startup-1']);
  });
});

describe('reset and seeds', () => {
  it('a seed in the body switches every twin to it, with new credentials; plain resets keep it', async () => {
    const before = await json('/credentials');
    expect(await json('/reset', { method: 'POST', body: { seed: 12 } })).toEqual({ ok: true, seed: 12 });
    await json('/reset', { method: 'POST' });
    const health = await json('/health');
    expect(health.seed).toBe(12);
    for (const twin of ['okta', 'slack', 'jira', 'google']) expect((await (await fetch(`${universe.urls[twin as 'okta']}/_dtu/health`)).json()).seed).toBe(12);
    const after = await json('/credentials');
    expect(after.slack.botToken).not.toBe(before.slack.botToken);
    await json('/reset', { method: 'POST', body: { seed: 11 } });
    expect(await json('/credentials')).toEqual(before);
  });

  it('refuses a bad seed or an unknown twin filter', async () => {
    expect((await control('/reset', { method: 'POST', body: { seed: -1 } })).status).toBe(400);
    expect((await control('/events?twin=salesforce')).status).toBe(400);
    expect((await json('/health')).seed).toBe(11);
  });
});

describe('snapshot of the whole universe', () => {
  it('exports every twin, and importing it restores the data after changes', async () => {
    const creds = universe.credentials;
    const post = (text: string) => fetch(`${universe.urls.slack}/api/chat.postMessage`, {
      method: 'POST', headers: { authorization: `Bearer ${creds.slack.botToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ channel: 'general', text }),
    });
    await post('before the snapshot');
    const snapshot = await json('/snapshot');
    expect(snapshot).toMatchObject({ version: 1, seed: 11 });
    expect(Object.keys(snapshot.twins).sort()).toEqual(['google', 'jira', 'okta', 'slack']);
    await post('after the snapshot');
    expect((await json('/snapshot', { method: 'PUT', body: snapshot })).ok).toBe(true);
    expect(await json('/snapshot')).toEqual(snapshot);
  });

  it('a snapshot of another seed switches the universe to it', async () => {
    await json('/reset', { method: 'POST', body: { seed: 13 } });
    const other = await json('/snapshot');
    const otherCreds = await json('/credentials');
    await json('/reset', { method: 'POST', body: { seed: 11 } });
    await json('/snapshot', { method: 'PUT', body: other });
    expect((await json('/health')).seed).toBe(13);
    expect(await json('/credentials')).toEqual(otherCreds);
  });

  it('a snapshot with one bad twin changes no twin', async () => {
    const good = await json('/snapshot');
    const bad = structuredClone(good);
    bad.twins.google = { users: 'not a list' };
    Object.values(bad.twins.slack.messages as Record<string, unknown[]>)[0].push({ type: 'message', ts: '9999999999.000001', user: 'U', text: 'would be partial' });
    const res = await control('/snapshot', { method: 'PUT', body: bad });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toContain('google');
    expect(await json('/snapshot')).toEqual(good);
  });
});

describe('events across twins', () => {
  it('merges every twin’s journal in order, filterable by twin, with universe-wide cursors', async () => {
    await fetch(`${universe.urls.okta}/api/v1/users`);
    await fetch(`${universe.urls.slack}/api/auth.test`);
    await fetch(`${universe.urls.google}/drive/v3/about`, { headers: { 'x-dtu-test-id': 'g' } });
    const all = await json('/events');
    expect(all.events.map((e: { twin: string }) => e.twin)).toEqual(['okta', 'slack', 'google']);
    expect(all.events.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3]);
    await fetch(`${universe.urls.jira}/rest/api/3/serverInfo`);
    const later = await json(`/events?since=${all.next}`);
    expect(later.events).toEqual([expect.objectContaining({ seq: 4, twin: 'jira', operation: 'getServerInfo', status: 401 })]);
    expect((await json('/events?twin=slack')).events).toHaveLength(1);
    expect((await json('/events?testId=g')).events).toEqual([expect.objectContaining({ twin: 'google', testId: 'g' })]);
  });
});

describe('universe clock', () => {
  const twinClock = async (twin: 'okta' | 'slack' | 'jira' | 'google') => (await fetch(`${universe.urls[twin]}/_dtu/clock`)).json();
  const TWINS = ['okta', 'slack', 'jira', 'google'] as const;

  it('freezes every twin at one instant, advances them in step, and stamps the journal by it', async () => {
    const frozen = await json('/clock', { method: 'PUT', body: { frozen: true, now: '2030-06-01T09:00:00Z' } });
    expect(frozen).toEqual({ now: '2030-06-01T09:00:00.000Z', epochMs: Date.parse('2030-06-01T09:00:00Z'), frozen: true });
    for (const twin of TWINS) expect(await twinClock(twin)).toEqual(frozen);
    await fetch(`${universe.urls.slack}/api/auth.test`);
    expect((await json('/events?twin=slack')).events.at(-1).time).toBe('2030-06-01T09:00:00.000Z');

    const later = await json('/clock/advance', { method: 'POST', body: { by: '1h30m' } });
    expect(later).toMatchObject({ now: '2030-06-01T10:30:00.000Z', frozen: true });
    for (const twin of TWINS) expect((await twinClock(twin)).now).toBe('2030-06-01T10:30:00.000Z');
    expect((await universe.clock.advance(60_000)).now).toBe(Date.parse('2030-06-01T10:31:00Z'));
  });

  it('unfreezes to running time from where it stood, and reset returns to real time', async () => {
    await universe.clock.set({ now: new Date('2031-01-01T00:00:00Z'), frozen: true });
    const running = await json('/clock', { method: 'PUT', body: { frozen: false } });
    expect(running.frozen).toBe(false);
    expect(running.epochMs).toBeGreaterThanOrEqual(Date.parse('2031-01-01T00:00:00Z'));
    await json('/reset', { method: 'POST', body: {} });
    const real = await json('/clock');
    expect(real.frozen).toBe(false);
    expect(Math.abs(real.epochMs - Date.now())).toBeLessThan(5_000);
  });

  it('refuses bad clock input with a DTU error and changes nothing', async () => {
    const before = (await json('/clock')).frozen;
    for (const [method, path, body] of [
      ['PUT', '/clock', { frozen: 'yes' }], ['PUT', '/clock', { now: 'next tuesday' }], ['PUT', '/clock', { speed: 2 }],
      ['POST', '/clock/advance', { by: '-1h' }], ['POST', '/clock/advance', {}],
    ] as const) {
      const res = await control(path, { method, body });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ ok: false, error: 'invalid_request', message: expect.any(String) });
    }
    expect((await json('/clock')).frozen).toBe(before);
  });
});

describe('twins on different seeds', () => {
  it('make the universe unhealthy, list the seeds, and refuse a snapshot until reset', async () => {
    await fetch(`${universe.urls.jira}/_dtu/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"seed":99}' });
    const res = await control('/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, seeds: { okta: 11, slack: 11, jira: 99, google: 11 } });
    expect((await control('/snapshot')).status).toBe(409);
    await json('/reset', { method: 'POST', body: { seed: 11 } });
    expect((await json('/health')).ok).toBe(true);
  });
});
