// The console's shell and its Universe, People, Chaos and Journal views in a real browser (Debian's
// chromium through playwright-core), with the twins driven through the vendors' official SDKs.
import okta from '@okta/okta-sdk-nodejs';
import { WebClient } from '@slack/web-api';
import type { Locator } from 'playwright-core';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleRoutes } from '../../shared/universe/console-routes.js';
import { startUniverse } from '../../shared/universe/start-universe.js';
import { startConsoleSession, type ConsoleSession } from './browser.js';

let session: ConsoleSession;

const POLL = { timeout: 5000, interval: 50 };
const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible', timeout: 5000 });
const text = (locator: Locator) => expect.poll(() => locator.textContent(), POLL);
const count = (locator: Locator) => expect.poll(() => locator.count(), POLL);

beforeAll(async () => {
  session = await startConsoleSession({ seed: 11, users: 12 });
});
afterAll(async () => {
  await session?.close();
});

const slack = (options: { rejectRateLimitedCalls?: boolean } = {}) =>
  new WebClient(session.universe.credentials.slack.botToken, { slackApiUrl: session.universe.credentials.slack.apiUrl, retryConfig: { retries: 0 }, ...options });

describe('console', () => {
  it('serves the Universe view at / with every twin up, and the old JSON to JSON clients', async () => {
    const { page, open } = session;
    expect((await slack().auth.test()).ok).toBe(true);
    await open('/');
    const twins = page.getByRole('list', { name: 'Twins' }).getByRole('listitem');
    await count(twins).toBe(4);
    for (const twin of ['okta', 'slack', 'jira', 'google']) {
      await visible(page.getByRole('listitem', { name: `${twin} twin` }).getByText('up', { exact: true }));
    }
    // Requests in the last minute: the one made before the page opened, then one more, live.
    const slackRequests = page.getByRole('listitem', { name: 'slack twin' }).getByRole('definition').first();
    await text(slackRequests).toMatch(/^1 /);
    expect((await slack().auth.test()).ok).toBe(true);
    await text(slackRequests).toMatch(/^2 /);
    expect(await page.getByRole('link', { name: 'Universe' }).getAttribute('aria-current')).toBe('page');
    await visible(page.getByText(/seed 11/).first());
    await session.screenshot('console-universe');

    // The clock: freeze, advance by a duration, unfreeze.
    await page.getByRole('button', { name: 'Freeze clock' }).click();
    await expect.poll(async () => (await session.universe.clock.get()).frozen, POLL).toBe(true);
    const frozenAt = (await session.universe.clock.get()).now;
    await page.getByLabel(/^Advance by/).fill('2h');
    await page.getByRole('button', { name: 'Advance clock' }).click();
    await expect.poll(async () => (await session.universe.clock.get()).now - frozenAt, POLL).toBe(2 * 3600_000);
    await page.getByRole('button', { name: 'Unfreeze clock' }).click();
    await expect.poll(async () => (await session.universe.clock.get()).frozen, POLL).toBe(false);

    // Reset: back to real time and an empty journal.
    await page.getByRole('button', { name: 'Reset universe' }).click();
    await expect.poll(async () => Math.abs((await session.universe.clock.get()).now - Date.now()) < 60_000, POLL).toBe(true);
    expect((await session.universe.events()).events).toEqual([]);
    expect(await page.getByRole('link', { name: 'Download snapshot' }).getAttribute('href')).toBe('/_dtu/snapshot');

    const json = await fetch(`${session.universe.urls.control}/`, { headers: { accept: 'application/json' } });
    expect(await json.json()).toEqual({ name: 'Digital Twin Universe', control: '/_dtu/health' });
  });

  it('adds a chaos rule through the form; the Slack SDK gets a 429 and the rule shows its hit', async () => {
    const { page, open } = session;
    await open('/chaos');
    await page.getByLabel('Twin').selectOption('slack');
    await page.getByLabel('Effect').selectOption('rate_limit');
    await page.getByLabel('Operation').fill('auth.test');
    await page.getByLabel('Times').fill('1');
    await page.getByRole('button', { name: 'Add rule' }).click();
    const row = page.getByRole('row').filter({ hasText: 'auth.test' });
    await visible(row);
    await text(row.getByRole('cell').nth(4)).toBe('0');

    await expect(slack({ rejectRateLimitedCalls: true }).auth.test()).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error' });
    await text(row.getByRole('cell').nth(4)).toBe('1');
    await session.screenshot('console-chaos');

    // A bad rule is refused by the control plane and its message shown.
    await page.getByLabel('Probability (0–1)').fill('7');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await text(page.getByRole('alert')).toContain('probability');
    // Chromium logs the refused request itself as a console error: that one is expected.
    const refused = session.errors.findIndex((e) => e.includes('status of 400') && e.includes('/_dtu/chaos'));
    expect(refused).toBeGreaterThanOrEqual(0);
    session.errors.splice(refused, 1);

    await page.getByRole('button', { name: 'Clear all rules' }).click();
    await visible(page.getByText('No chaos rules.'));
    expect(await session.universe.chaos.list()).toEqual([]);
  });

  it('shows a Slack call made through the SDK live in the Journal, and its detail page', async () => {
    const { page, open } = session;
    await open('/journal');
    await visible(page.getByRole('status').filter({ hasText: 'live' }));
    const channel = (await slack().conversations.list({ limit: 1 })).channels![0].id!;
    await slack().conversations.join({ channel });
    expect((await slack().chat.postMessage({ channel, text: 'seen in the journal' })).ok).toBe(true);
    const row = page.getByRole('link', { name: /slack POST/ }).filter({ hasText: 'chat.postMessage' });
    await visible(row);
    await visible(page.getByRole('link', { name: /slack POST/ }).filter({ hasText: 'conversations.join' }));
    await session.screenshot('console-journal');

    // Filters narrow the list.
    await page.getByLabel('Operation or URL').fill('chat.post');
    await count(page.getByRole('list', { name: 'Events' }).getByRole('listitem')).toBe(1);

    await row.click();
    await expect.poll(() => page.url(), POLL).toMatch(/\/journal\/\d+$/);
    await visible(page.getByRole('heading', { name: /Event #\d+/ }));
    await text(page.getByLabel('Event JSON')).toContain('"operation": "chat.postMessage"');
    // The call's request and response, as the twin kept them, with the token masked.
    await text(page.getByLabel('Request body')).toContain('"text": "seen in the journal"');
    await text(page.getByLabel('Response body')).toContain('"ok": true');
    await page.getByText('Request headers').click();
    await text(page.getByLabel('Request headers')).toContain('"authorization": "Bearer …"');
    await session.screenshot('console-journal-event');
    // What the call changed links to where the console shows it.
    await page.getByRole('link', { name: new RegExp(channel) }).click();
    await expect.poll(() => page.url(), POLL).toMatch(new RegExp(`/slack/${channel}$`));
  });

  it('shows a person deactivated through the Okta SDK as inactive in every twin, by a deep link', async () => {
    const { page, open, universe } = session;
    const person = universe.org.people.find((p) => !p.admin && p.status === 'active' && p.manager)!;
    const client = new okta.Client({ orgUrl: universe.credentials.okta.orgUrl, token: universe.credentials.okta.apiToken, requestExecutor: new okta.DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 0 }) });
    const user = await client.userApi.getUser({ userId: person.email });
    await client.userApi.deactivateUser({ userId: user.id! });
    await universe.control.settle();

    await open(`/people/${encodeURIComponent(person.email)}`);
    await visible(page.getByRole('heading', { name: person.name, level: 1 }));
    const statusIn = (twin: string) => page.getByRole('row', { name: new RegExp(`^${twin} `) }).getByRole('cell').first();
    await text(statusIn('okta')).toBe('deactivated');
    await text(statusIn('slack')).toBe('deactivated');
    await text(statusIn('jira')).toBe('deactivated');
    await text(statusIn('google')).toBe('suspended'); // Google Workspace suspends; it has no deactivated state
    await visible(page.getByText('None: every twin agrees with Okta.'));
    expect(await page.getByRole('img', { name: `${person.name}'s avatar` }).getAttribute('src')).toBe(person.avatarUrl);
    expect(await page.getByRole('link', { name: user.id! }).getAttribute('href')).toBe(`/okta/users/${user.id}`);
    await session.screenshot('console-person');

    // The list: one row per person, the deactivated one marked in every twin; the filter narrows it.
    await page.getByRole('link', { name: 'People', exact: true }).click();
    await expect.poll(() => page.url(), POLL).toMatch(/\/people$/);
    const rows = page.getByRole('list', { name: 'People' }).getByRole('listitem');
    await count(rows).toBe(universe.org.people.length);
    await page.getByLabel(/^Filter/).fill(person.email);
    await count(rows).toBe(1);
    await count(rows.getByText('deactivated', { exact: true })).toBe(3);
    await session.screenshot('console-people');
  });

  it('logs no console errors on any of these views', () => {
    expect(session.errors).toEqual([]);
  });
});

describe('the control plane serving the console', () => {
  const get = (path: string, accept = 'text/html,*/*') => fetch(`${session.universe.urls.control}${path}`, { headers: { accept } });
  const proxy = (path: string, init: RequestInit = {}) => fetch(`${session.universe.urls.control}/_dtu/console/proxy${path}`, init);

  it('answers index.html (no-cache) for any console path a browser opens, hashed assets as immutable', async () => {
    const page = await get('/jira/ENG/ENG-1');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
    const asset = await get(script, '*/*');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await get('/assets/missing.js', '*/*')).status).toBe(404);
    const control = await get('/_dtu/nothing-here');
    expect(control.status).toBe(404);
    expect(await control.json()).toMatchObject({ ok: false, error: 'not_found' });
  });

  it("proxies to each twin with the admin credentials, or a person's with X-DTU-As", async () => {
    const { credentials } = session.universe;
    const slackMe = await (await proxy('/slack/api/auth.test', { method: 'POST' })).json();
    expect(slackMe).toMatchObject({ ok: true });
    const other = (await session.universe.control.people()).slack.find((p) => p.email !== credentials.slack.as && p.status === 'active')!;
    const asOther = await (await proxy('/slack/api/auth.test', { method: 'POST', headers: { 'x-dtu-as': other.email } })).json();
    expect(asOther.ok).toBe(true);
    expect(asOther.user_id).not.toBe(slackMe.user_id);
    // A form body reaches the twin as sent.
    const listed = await (await proxy('/slack/api/conversations.list', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'limit=1' })).json();
    expect(listed.channels).toHaveLength(1);

    const users = await proxy('/okta/api/v1/users?limit=2');
    expect(users.status).toBe(200);
    expect(await users.json()).toHaveLength(2);
    expect((await (await proxy('/jira/rest/api/3/myself')).json()).emailAddress).toBe(credentials.jira.email);
    expect((await (await proxy('/google/drive/v3/about?fields=user')).json()).user.emailAddress).toBe(credentials.google.as);

    // Vendor errors come back as the vendor sent them.
    const missing = await proxy('/okta/api/v1/users/nobody@nowhere.test');
    expect(missing.status).toBe(404);
    expect((await missing.json()).errorCode).toBe('E0000007');

    // After a seed switch through the control plane the proxy uses the new seed's credentials.
    const switched = await fetch(`${session.universe.urls.control}/_dtu/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"seed":12}' });
    expect(switched.status).toBe(200);
    expect((await (await proxy('/slack/api/auth.test', { method: 'POST' })).json()).ok).toBe(true);
    await session.universe.reset(11);

    expect((await proxy('/github/repos')).status).toBe(404);
    expect((await proxy('/slack/api/auth.test', { method: 'POST', headers: { 'x-dtu-as': 'stranger@nowhere.test' } })).status).toBe(400);
  });

  it('says so at / when the console is not built, and answers JSON without the console', async () => {
    const app = Fastify();
    await consoleRoutes(app, session.universe.control, '/nonexistent/dtu-console');
    const root = await app.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(root.statusCode).toBe(200);
    expect(root.body).toContain('not built');
    expect((await app.inject({ url: '/people', headers: { accept: 'text/html' } })).statusCode).toBe(404);
    await app.close();

    const bare = await startUniverse({ port: 0, twins: ['okta'], users: 3, console: false });
    try {
      const answer = await fetch(`${bare.urls.control}/`, { headers: { accept: 'text/html' } });
      expect(await answer.json()).toEqual({ name: 'Digital Twin Universe', control: '/_dtu/health' });
    } finally {
      await bare.close();
    }
  });
});
