// The official clients against injected rate limits: they retry silently by default, and the options
// the README gives make them fail fast instead. Runs against the placeholder routes each twin has.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebClient, ErrorCode } from '@slack/web-api';
import okta from '@okta/okta-sdk-nodejs';
import { google } from 'googleapis';
import { Version3Client } from 'jira.js';
import { startUniverse, type Universe } from '../../shared/universe/start-universe.js';

let universe: Universe;
beforeAll(async () => {
  universe = await startUniverse({ port: 0, users: 5 });
});
afterAll(() => universe.close());
beforeEach(() => universe.reset());

const rateLimitOnce = (twin: string, operation: string) => universe.chaos.add({ twin, match: { operation }, effect: 'rate_limit', times: 1, retryAfterSec: 0 });
const hits = async () => (await universe.chaos.list())[0].hits;

describe('@slack/web-api', () => {
  const client = (options: ConstructorParameters<typeof WebClient>[1] = {}) =>
    new WebClient(universe.credentials.slack.botToken, { slackApiUrl: universe.credentials.slack.apiUrl, ...options });

  it('retries a 429 by itself and succeeds', async () => {
    await rateLimitOnce('slack', 'auth.test');
    expect((await client().auth.test()).ok).toBe(true);
    expect(await hits()).toBe(1);
  });

  it('with rejectRateLimitedCalls: true it throws a rate-limited error instead', async () => {
    await rateLimitOnce('slack', 'auth.test');
    await expect(client({ rejectRateLimitedCalls: true }).auth.test()).rejects.toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 0 });
  });
});

describe('@okta/okta-sdk-nodejs', () => {
  const client = (maxRetries?: number) => new okta.Client({
    orgUrl: universe.credentials.okta.orgUrl, token: universe.credentials.okta.apiToken,
    ...(maxRetries !== undefined && { requestExecutor: new okta.DefaultRequestExecutor({ maxRetries, requestTimeout: 0 }) }),
  });
  const firstUser = async (c: okta.Client) => {
    for await (const user of await c.userApi.listUsers()) return user;
  };

  it('waits until X-Rate-Limit-Reset (against Date) and retries', async () => {
    await rateLimitOnce('okta', 'listUsers');
    expect((await firstUser(client()))?.profile?.email).toContain('@');
    expect(await hits()).toBe(1);
  });

  it('with DefaultRequestExecutor({ maxRetries: 0 }) it surfaces the 429', async () => {
    await rateLimitOnce('okta', 'listUsers');
    await expect(firstUser(client(0))).rejects.toMatchObject({ status: 429, errorCode: 'E0000047' });
  });
});

describe('googleapis', () => {
  const drive = () => {
    const auth = new google.auth.OAuth2();
    auth.setCredentials({ access_token: universe.credentials.google.accessToken });
    return google.drive({ version: 'v3', auth, rootUrl: universe.credentials.google.rootUrl });
  };

  it('retries a 429 on a GET by itself and succeeds', async () => {
    await rateLimitOnce('google', 'drive.about.get');
    const { data } = await drive().about.get({ fields: 'user' });
    expect(data.user?.emailAddress).toBe(universe.credentials.google.as);
  });

  it('with { retry: false } it surfaces the 429 with Google’s reason', async () => {
    await rateLimitOnce('google', 'drive.about.get');
    const error = await drive().about.get({ fields: 'user' }, { retry: false }).catch((e) => e);
    expect(error.status).toBe(429);
    expect(error.response.data.error.errors[0]).toMatchObject({ reason: 'rateLimitExceeded', domain: 'usageLimits' });
  });
});

describe('jira.js', () => {
  it('does not retry: the 429 reaches the caller', async () => {
    await rateLimitOnce('jira', 'getCurrentUser');
    const client = new Version3Client({ host: universe.credentials.jira.host, authentication: { basic: { email: universe.credentials.jira.email, apiToken: universe.credentials.jira.apiToken } } });
    await expect(client.myself.getCurrentUser()).rejects.toMatchObject({ status: 429 });
    expect((await client.myself.getCurrentUser()).emailAddress).toBe(universe.credentials.jira.email);
  });
});
