// --rate-limits realistic: per-user buckets per API family. A drained Drive bucket answers 403
// userRateLimitExceeded (another user is unaffected); Sheets and Docs classes answer 429 RESOURCE_EXHAUSTED
// with Google's quota message; chaos keeps its own forms.
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { googleErrors } from '../errors.js';
import { googleRateLimit } from '../rate-limits.js';
import { drive, googleUniverse, raw, tokenOf } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await googleUniverse({ seed: 4, users: 6, rateLimits: 'realistic' }); });
afterAll(() => universe.close());

const classOf = (operation: string) => googleRateLimit({ routeOptions: { config: { operation } } } as unknown as FastifyRequest);

describe('realistic rate limits', () => {
  it('classes requests per API family, reads and writes apart for Sheets and Docs', () => {
    expect(classOf('drive.files.list')).toMatchObject({ limit: 12_000, windowSec: 60 });
    expect(classOf('directory.users.list')).toMatchObject({ limit: 2_400 });
    expect(classOf('sheets.spreadsheets.values.get')).toMatchObject({ name: 'google:sheets:read-per-user', limit: 60 });
    expect(classOf('sheets.spreadsheets.values.update')).toMatchObject({ name: 'google:sheets:write-per-user', limit: 60 });
    expect(classOf('docs.documents.get')).toMatchObject({ limit: 300 });
    expect(classOf('docs.documents.batchUpdate')).toMatchObject({ limit: 60 });
    expect(classOf('oauth2.token')).toBeNull();
  });

  it('a user over the Drive quota gets 403 userRateLimitExceeded; others carry on', async () => {
    const runtime = universe.twins.get('google')!.runtime;
    const token = universe.credentials.google.accessToken as string;
    const limit = classOf('drive.files.list')!;
    // A frozen clock: the bucket does not refill while the test runs.
    runtime.clock.set({ frozen: true });
    for (let i = 0; i < limit.limit; i++) runtime.limiter!.take(limit, `Bearer ${token}`, runtime.clock.now());
    const res = await raw(universe, '/drive/v3/files?pageSize=1');
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 403, errors: [{ reason: 'userRateLimitExceeded', domain: 'usageLimits' }] });
    const err = await drive(universe).files.list({}, { retry: false }).catch((e) => e);
    expect(err.status).toBe(403);
    const other = universe.org.people.find((p) => p.email !== universe.credentials.google.as)!.email;
    expect((await raw(universe, '/drive/v3/files?pageSize=1', { token: tokenOf(universe, other) })).status).toBe(200);
    const { events } = await universe.events({ twin: 'google' });
    expect(events.find((e) => e.status === 403)?.chaos).toMatchObject({ source: 'rate_limit', rule: limit.name });
    await universe.reset();
    runtime.clock.set({ frozen: false });
    expect((await raw(universe, '/drive/v3/files?pageSize=1')).status).toBe(200);
  });

  it('Sheets / Docs quotas render as 429 RESOURCE_EXHAUSTED with the quota metric named', () => {
    const limitClass = classOf('sheets.spreadsheets.values.get')!;
    const sheets = googleErrors.rateLimited({ retryAfterSec: 7, limit: 60, remaining: 0, resetAtSec: 0, limitClass });
    expect(sheets.status).toBe(429);
    expect(sheets.headers).toMatchObject({ 'retry-after': '7' });
    expect(sheets.body).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: expect.stringContaining("Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com'") } });
    // Injected chaos (no class) keeps its own form.
    expect(googleErrors.rateLimited({ retryAfterSec: 1, status: 403, resetAtSec: 0 }).body).toMatchObject({ error: { errors: [{ reason: 'userRateLimitExceeded' }] } });
    expect(googleErrors.rateLimited({ retryAfterSec: 1, resetAtSec: 0 }).body).toMatchObject({ error: { code: 429, errors: [{ reason: 'rateLimitExceeded' }] } });
  });
});
