// Realistic rate limits (--rate-limits realistic): Slack's tiers per method and chat.postMessage's
// per-channel limit answer 429 + Retry-After + ratelimited; WebClient waits Retry-After and retries,
// or throws with rejectRateLimitedCalls.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, WebClient, WebClientEvent } from '@slack/web-api';
import { startUniverse, type Universe } from '../../../shared/universe/start-universe.js';
import { TIERS } from '../rate-limits.js';

let universe: Universe;
let creds: any;
beforeAll(async () => {
  universe = await startUniverse({ port: 0, twins: ['slack'], fixture: 'small', seed: 5, rateLimits: 'realistic' });
  creds = universe.credentials.slack;
});
afterAll(() => universe.close());
beforeEach(() => universe.reset());

const client = (options: ConstructorParameters<typeof WebClient>[1] = {}) => new WebClient(creds.botToken, { slackApiUrl: creds.apiUrl, ...options });

describe('realistic rate limits', () => {
  it('chat.postMessage: bursts of five per channel, then 429 with Retry-After and {"ok":false,"error":"ratelimited"}', async () => {
    await universe.clock.set({ frozen: true }); // no refill while the test runs, however slow the machine
    const post = (channel: string) => fetch(`${creds.apiUrl}chat.postMessage`, {
      method: 'POST', headers: { authorization: `Bearer ${creds.botToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ channel, text: 'hi' }),
    });
    for (let i = 0; i < 5; i++) expect((await post('general')).status).toBe(200);
    const limited = await post('general');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toEqual({ ok: false, error: 'ratelimited' });
    // Another channel has its own allowance.
    const { channel } = await client().conversations.create({ name: 'elsewhere' });
    expect((await post(channel!.id!)).status).toBe(200);
  });

  it('WebClient waits Retry-After (1 s) and retries; rejectRateLimitedCalls throws instead', async () => {
    const bot = client({ retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 } });
    for (let i = 0; i < 5; i++) await bot.chat.postMessage({ channel: 'general', text: `m${i}` });
    await expect(client({ rejectRateLimitedCalls: true }).chat.postMessage({ channel: 'general', text: 'now' }))
      .rejects.toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 1 });
    const started = Date.now();
    let limitedFor = 0;
    bot.on(WebClientEvent.RATE_LIMITED, (seconds: number) => { limitedFor = seconds; });
    expect((await bot.chat.postMessage({ channel: 'general', text: 'after waiting' })).ok).toBe(true);
    expect(limitedFor).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('Tier 2 methods allow 20 calls a minute per token, then refuse with a Retry-After of a few seconds', async () => {
    expect(TIERS['users.list']).toBe(2);
    await universe.clock.set({ frozen: true });
    const bot = client({ rejectRateLimitedCalls: true });
    for (let i = 0; i < 20; i++) await bot.users.list({ limit: 1 });
    const error = await bot.users.list({ limit: 1 }).catch((e) => e);
    expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 3 });
    // Another token is another bucket; another method another tier.
    expect((await new WebClient(creds.userToken, { slackApiUrl: creds.apiUrl }).users.list({ limit: 1 })).ok).toBe(true);
    expect((await bot.auth.test()).ok).toBe(true);
  });

  it('every method the twin serves has a tier (chat.postMessage has its own per-channel limit)', () => {
    const routes = universe.twins.get('slack')!.app.printRoutes({ commonPrefix: false });
    const methods = [...routes.matchAll(/\/api\/([\w.]+) \(/g)].map((m) => m[1]).filter((m) => m !== 'chat.postMessage');
    expect(methods.length).toBeGreaterThan(55);
    expect(methods.filter((m) => !(m in TIERS))).toEqual([]);
  });
});
