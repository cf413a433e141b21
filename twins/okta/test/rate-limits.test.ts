// Okta's per-endpoint limits: X-Rate-Limit-Limit names the endpoint's bucket on every answer, and
// under `--rate-limits realistic` the bucket runs out into Okta's 429 E0000047.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUniverse, type Universe } from '../../../shared/universe/start-universe.js';
import { raw } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await startUniverse({ port: 0, twins: ['okta'], users: 4, rateLimits: 'realistic' }); });
afterAll(() => universe.close());

describe('rate limits', () => {
  it('answers each endpoint’s limit in X-Rate-Limit-Limit', async () => {
    expect((await raw(universe, '/api/v1/users?limit=1')).headers.get('x-rate-limit-limit')).toBe('600');
    expect((await raw(universe, '/api/v1/groups?limit=1')).headers.get('x-rate-limit-limit')).toBe('500');
  });

  it('the System Log bucket (120/min) runs out into 429 E0000047 with the reset time', async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof raw>> | undefined;
    for (let i = 0; i < 121; i++) {
      last = await raw(universe, '/api/v1/logs?until=2000-01-01T00:00:00.000Z');
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 120).every((s) => s === 200)).toBe(true);
    expect(last!.status).toBe(429);
    expect(last!.body.errorCode).toBe('E0000047');
    expect(last!.headers.get('x-rate-limit-limit')).toBe('120');
    expect(Number(last!.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });
});

describe('X-Rate-Limit-Remaining under realistic limits', () => {
  it('counts down with each call in the same bucket', async () => {
    const first = Number((await raw(universe, '/api/v1/groups?limit=1')).headers.get('x-rate-limit-remaining'));
    const second = Number((await raw(universe, '/api/v1/groups?limit=1')).headers.get('x-rate-limit-remaining'));
    expect(first).toBeLessThan(500);
    expect(second).toBe(first - 1);
  });
});
