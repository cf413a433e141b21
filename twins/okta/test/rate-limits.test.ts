// Okta's per-endpoint limits: X-Rate-Limit-Limit names the endpoint's bucket on every answer, each
// endpoint family counts on its own, and under `--rate-limits realistic` a bucket runs out into 429 E0000047.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUniverse, type Universe } from '../../../shared/universe/start-universe.js';
import { OKTA_LIMITS } from '../rate-limits.js';
import { raw } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await startUniverse({ port: 0, twins: ['okta'], users: 4, rateLimits: 'realistic' }); });
afterAll(() => universe.close());

const limitOf = async (path: string, method = 'GET') => (await raw(universe, path, { method })).headers.get('x-rate-limit-limit');

describe('rate limits', () => {
  it('answers each endpoint family’s own limit in X-Rate-Limit-Limit, errors included', async () => {
    const someone = universe.org.people[0].email;
    const app = (await raw(universe, '/api/v1/apps?limit=1')).body[0];
    const expected: [string, string, number][] = [
      ['GET', '/api/v1/users?limit=1', OKTA_LIMITS.users.limit],
      ['GET', `/api/v1/users/${someone}`, OKTA_LIMITS.userRead.limit],
      ['DELETE', '/api/v1/users/00unope', OKTA_LIMITS.userWrite.limit],
      ['GET', '/api/v1/groups?limit=1', OKTA_LIMITS.groups.limit],
      ['GET', '/api/v1/groups/00gnope', OKTA_LIMITS.group.limit],
      ['GET', '/api/v1/groups/rules', OKTA_LIMITS.groups.limit],
      ['GET', '/api/v1/apps', OKTA_LIMITS.apps.limit],
      ['GET', `/api/v1/apps/${app.id}`, OKTA_LIMITS.app.limit],
      ['GET', `/api/v1/apps/${app.id}/users`, OKTA_LIMITS.apps.limit],
      ['GET', '/api/v1/logs?until=2000-01-01T00:00:00.000Z', OKTA_LIMITS.logs.limit],
      ['GET', '/api/v1/eventHooks', OKTA_LIMITS.other.limit],
    ];
    for (const [method, path, limit] of expected) expect(await limitOf(path, method), `${method} ${path}`).toBe(String(limit));
    expect(OKTA_LIMITS.users.limit).toBe(600);
    expect(OKTA_LIMITS.logs.limit).toBe(120);
  });

  it('counts each bucket down separately: reading a user does not use up the list bucket', async () => {
    const list = async () => Number((await raw(universe, '/api/v1/groups?limit=1')).headers.get('x-rate-limit-remaining'));
    const first = await list();
    await raw(universe, `/api/v1/users/${universe.org.people[0].email}`);
    const second = await list();
    expect(first).toBeLessThan(OKTA_LIMITS.groups.limit);
    // Buckets refill continuously (500/min: one token every 120 ms), so one may have come back.
    expect(second === first - 1 || second === first).toBe(true);
  });

  it('the System Log bucket (120/min) runs out into 429 E0000047 with the reset time', async () => {
    let last: Awaited<ReturnType<typeof raw>> | undefined;
    let served = 0;
    // A credential no other test uses, so its bucket starts full; it refills 2 tokens a second, so a slow
    // machine gets a few more than 120 through.
    const token = universe.credentials.okta.readOnlyApiToken;
    for (let i = 0; i < 200; i++) {
      last = await raw(universe, '/api/v1/logs?until=2000-01-01T00:00:00.000Z', { token });
      if (last.status !== 200) break;
      served++;
    }
    expect(served).toBeGreaterThanOrEqual(120);
    expect(last!.status).toBe(429);
    expect(last!.body.errorCode).toBe('E0000047');
    expect(last!.headers.get('x-rate-limit-limit')).toBe('120');
    expect(last!.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(Number(last!.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
    // Other families are unaffected.
    expect((await raw(universe, '/api/v1/users?limit=1', { token })).status).toBe(200);
  });
});
