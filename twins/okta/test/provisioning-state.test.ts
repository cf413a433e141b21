// Provisioning's state: the seed needs no work, tasks survive a snapshot round trip and are re-armed,
// 429s wait out Retry-After, and an Okta without peers provisions nothing. Okta SDK + raw HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import okta from '@okta/okta-sdk-nodejs';
import { WebClient } from '@slack/web-api';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startUniverse, type Universe } from '../../../shared/universe/start-universe.js';
import { hasVendorDocs, standaloneSchema, vendorDoc } from '../../../test/helpers/vendor-docs.js';
import { raw, sdk } from './helpers.js';

const password = { value: 'Tr0ub4dor&Zebra' };
const tasksOf = async (universe: Universe) => (await raw(universe, '/_dtu/okta/provisioning', { token: null })).body.tasks as { state: string; nextAttemptAt: string | null; app: { target: string } }[];
const appIdOf = async (universe: Universe, name: string) => ((await raw(universe, '/api/v1/apps?limit=200')).body as { id: string; name: string }[]).find((a) => a.name === name)!.id;

describe('in a whole universe', () => {
  let universe: Universe;
  let client: okta.Client;
  beforeAll(async () => { universe = await startUniverse({ seed: 5, port: 0 }); });
  afterAll(() => universe.close());
  beforeEach(async () => {
    await universe.reset();
    client = sdk(universe);
  });
  const hire = (local: string) => {
    const email = `${local}@${universe.org.domain}`;
    return client.userApi.createUser({ body: { profile: { firstName: 'Ola', lastName: 'Nordmann', email, login: email }, credentials: { password } }, activate: true });
  };

  it('the seeded universe is already in sync: no tasks, no outbound calls, no drift, seeded app users SYNCHRONIZED', async () => {
    expect(await universe.control.settle()).toEqual({ pending: 0 });
    expect(await tasksOf(universe)).toEqual([]);
    const { events } = await universe.events({ twin: 'okta', limit: 1000 });
    expect(events.filter((e) => e.direction === 'out')).toEqual([]);
    const report = await (await fetch(`${universe.urls.control}/_dtu/consistency?drift=true`)).json();
    expect(report).toMatchObject({ ok: true, drifting: 0 });
    const person = universe.org.people.find((p) => p.status === 'active')!;
    const user = await client.userApi.getUser({ userId: person.email });
    const appUser = await client.applicationApi.getApplicationUser({ appId: await appIdOf(universe, 'google'), userId: user.id! });
    expect(appUser).toMatchObject({ status: 'PROVISIONED', syncState: 'SYNCHRONIZED' });
    // people(): Okta's statuses in the universe's terms, with the twins the person's apps provision.
    const people = (await universe.control.people()).okta;
    expect(people.find((p) => p.email === person.email)).toMatchObject({ status: 'active', apps: expect.arrayContaining(['slack', 'google', 'jira']) });
    const suspended = universe.org.people.find((p) => p.status === 'suspended');
    if (suspended) expect(people.find((p) => p.email === suspended.email)).toMatchObject({ status: 'suspended' });
  });

  it('a waiting task survives snapshot, reset and restore, and its retry is re-armed on the clock', async () => {
    await universe.chaos.add({ twin: 'google', match: { operation: 'directory.users.insert' }, effect: 'error', status: 500, times: 1 });
    const user = await hire('ola.nordmann');
    expect(await universe.control.settle()).toEqual({ pending: 1 });
    const snapshot = await universe.snapshot();
    await universe.reset();
    expect(await tasksOf(universe)).toEqual([]);
    await universe.restore(snapshot);
    expect(await tasksOf(universe)).toEqual([expect.objectContaining({ state: 'waiting', app: expect.objectContaining({ target: 'google' }) })]);
    await universe.clock.advance('90s');
    expect(await universe.control.settle()).toEqual({ pending: 0 });
    const appUser = await client.applicationApi.getApplicationUser({ appId: await appIdOf(universe, 'google'), userId: user.id! });
    expect(appUser).toMatchObject({ status: 'PROVISIONED', syncState: 'SYNCHRONIZED' });
  });

  it('a 429 from Slack waits out its Retry-After rather than the one-minute backoff', async () => {
    await universe.chaos.add({ twin: 'slack', match: { operation: 'scim.Users.create' }, effect: 'rate_limit', retryAfterSec: 600, times: 1 });
    const before = (await universe.clock.get()).now;
    const user = await hire('kari.nordmann');
    expect(await universe.control.settle()).toEqual({ pending: 1 });
    const [task] = await tasksOf(universe);
    expect(Date.parse(task.nextAttemptAt!) - before).toBeGreaterThanOrEqual(600_000);
    await universe.clock.advance('2m');
    expect(await universe.control.settle()).toEqual({ pending: 1 });
    await universe.clock.advance('9m');
    expect(await universe.control.settle()).toEqual({ pending: 0 });
    const slack = new WebClient(universe.credentials.slack.botToken, { slackApiUrl: universe.credentials.slack.apiUrl });
    expect((await slack.users.lookupByEmail({ email: user.profile!.email! })).user?.deleted).toBe(false);
  });

  it('Google\'s rate limit (403 userRateLimitExceeded or 429) is retried, not a permanent failure', async () => {
    await universe.chaos.add({ twin: 'google', match: { operation: 'directory.users.insert' }, effect: 'rate_limit', times: 1 });
    await hire('liv.nordmann');
    expect(await universe.control.settle()).toEqual({ pending: 1 });
    expect(await tasksOf(universe)).toEqual([expect.objectContaining({ state: 'waiting', app: expect.objectContaining({ target: 'google' }) })]);
    await universe.clock.advance('1m');
    expect(await universe.control.settle()).toEqual({ pending: 0 });
    expect(await tasksOf(universe)).toEqual([]);
  });

  it('a change while a push waits is pushed by the retry, once (one task per app and user)', async () => {
    await universe.chaos.add({ twin: 'slack', match: { operation: 'scim.Users.create' }, effect: 'error', status: 502, times: 1 });
    const user = await hire('per.nordmann');
    await universe.control.settle();
    await client.userApi.updateUser({ userId: user.id!, user: { profile: { title: 'Skipper' } } });
    await client.userApi.updateUser({ userId: user.id!, user: { profile: { title: 'Captain' } } });
    expect((await tasksOf(universe)).filter((t) => t.app.target === 'slack')).toHaveLength(1);
    await universe.clock.advance('1m');
    await universe.control.settle();
    const slack = new WebClient(universe.credentials.slack.botToken, { slackApiUrl: universe.credentials.slack.apiUrl });
    expect((await slack.users.lookupByEmail({ email: user.profile!.email! })).user?.profile?.title).toBe('Captain');
    const { events } = await universe.events({ twin: 'slack', limit: 1000 });
    expect(events.filter((e) => e.operation === 'scim.Users.create').map((e) => e.status)).toEqual([502, 201]);
  });

  it.skipIf(!hasVendorDocs)('provisioning events, App Users and Group Push mappings fit Okta\'s published schemas', async () => {
    const validator = (pointer: string) => new Ajv({ strict: false, allErrors: true, validateFormats: false, validateSchema: false })
      .compile(standaloneSchema(vendorDoc('okta/management-minimal.yaml'), pointer));
    const ok = (validate: ReturnType<typeof validator>, value: unknown) => expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
    await universe.chaos.add({ twin: 'google', match: { operation: 'directory.users.insert' }, effect: 'error', status: 503, times: 1 });
    const user = await hire('eva.nordmann');
    await universe.control.settle();
    await universe.clock.advance('1m');
    await universe.control.settle();
    const events = (await raw(universe, `/api/v1/logs?filter=${encodeURIComponent('eventType sw "application.provision"')}`)).body as { outcome: { result: string } }[];
    expect(events.map((e) => e.outcome.result).sort()).toEqual(['FAILURE', 'SUCCESS', 'SUCCESS']);
    const logEvent = validator('#/components/schemas/LogEvent');
    for (const e of events) ok(logEvent, e);
    const appUser = (await raw(universe, `/api/v1/apps/${await appIdOf(universe, 'google')}/users/${user.id}`)).body;
    expect(appUser).toMatchObject({ syncState: 'SYNCHRONIZED', externalId: expect.any(String), lastSync: expect.any(String) });
    ok(validator('#/components/schemas/AppUser'), appUser);
    const mappings = (await raw(universe, `/api/v1/apps/${await appIdOf(universe, 'slack')}/group-push/mappings?limit=3`)).body as unknown[];
    expect(mappings).toHaveLength(3);
    for (const m of mappings) ok(validator('#/components/schemas/GroupPushMapping'), m);
  });
});

describe('with --persist', () => {
  it('a waiting task is kept across a restart and its retry re-armed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtu-okta-provisioning-'));
    try {
      let universe = await startUniverse({ seed: 6, port: 0, persist: dir });
      await universe.chaos.add({ twin: 'slack', match: { operation: 'scim.Users.create' }, effect: 'error', status: 503, times: 1 });
      const email = `restart@${universe.org.domain}`;
      await sdk(universe).userApi.createUser({ body: { profile: { firstName: 'Re', lastName: 'Start', email, login: email }, credentials: { password } }, activate: true });
      expect(await universe.control.settle()).toEqual({ pending: 1 });
      await universe.close();

      universe = await startUniverse({ seed: 6, port: 0, persist: dir });
      try {
        expect(await tasksOf(universe)).toEqual([expect.objectContaining({ state: 'waiting', app: expect.objectContaining({ target: 'slack' }) })]);
        await universe.clock.advance('2m');
        expect(await universe.control.settle()).toEqual({ pending: 0 });
        const slack = new WebClient(universe.credentials.slack.botToken, { slackApiUrl: universe.credentials.slack.apiUrl });
        expect((await slack.users.lookupByEmail({ email })).user?.deleted).toBe(false);
      } finally {
        await universe.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('an Okta without peers', () => {
  let universe: Universe;
  beforeAll(async () => { universe = await startUniverse({ seed: 5, port: 0, twins: ['okta'] }); });
  afterAll(() => universe.close());

  it('provisions nothing: no tasks, App Users show syncState DISABLED', async () => {
    const client = sdk(universe);
    const email = `solo@${universe.org.domain}`;
    const user = await client.userApi.createUser({ body: { profile: { firstName: 'So', lastName: 'Lo', email, login: email }, credentials: { password } }, activate: true });
    expect(await universe.control.settle()).toEqual({ pending: 0 });
    expect(await tasksOf(universe)).toEqual([]);
    const appUser = await client.applicationApi.getApplicationUser({ appId: await appIdOf(universe, 'slack'), userId: user.id! });
    expect(appUser.syncState).toBe('DISABLED');
  });
});
