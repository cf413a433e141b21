// The README's embedded-API example, verbatim: if this fails, the README is wrong.
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { WebClient } from '@slack/web-api';
import { startUniverse, type Universe } from 'digital-twin-universe';

let universe: Universe;
beforeAll(async () => { universe = await startUniverse({ seed: 7, port: 0 }); });
afterAll(() => universe.close());
beforeEach(() => universe.reset());           // seeded data, startup chaos rules, empty journal

it('survives one rate limit', async () => {
  const { apiUrl, botToken } = universe.credentials.slack;
  const slack = new WebClient(botToken, { slackApiUrl: apiUrl, rejectRateLimitedCalls: true });
  await universe.chaos.add({ twin: 'slack', match: { operation: 'auth.test' }, effect: 'rate_limit', times: 1 });
  await expect(slack.auth.test()).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error' });
  expect((await slack.auth.test()).ok).toBe(true);
  const { events } = await universe.events({ twin: 'slack' });
  expect(events.map((e) => e.status)).toEqual([429, 200]);
});
