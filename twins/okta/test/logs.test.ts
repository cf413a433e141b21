// System Log through @okta/okta-sdk-nodejs: lifecycle and membership changes appear with Okta's
// event types, filterable; without `until` the answer always links to the next poll.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { collect, oktaUniverse, raw, sdk } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await oktaUniverse({ seed: 10, users: 8 }); });
afterAll(() => universe.close());
beforeEach(() => universe.reset());

const until = () => new Date(Date.now() + 60_000).toISOString();

describe('listLogEvents', () => {
  it('records lifecycle and membership changes with Okta event types, actor and targets', async () => {
    const client = sdk(universe);
    const created = await client.userApi.createUser({ body: { profile: { login: 'l@example.com', email: 'l@example.com', firstName: 'L', lastName: 'G' }, credentials: { password: { value: 'Secret-123' } } } });
    await client.userApi.suspendUser({ userId: created.id! });
    const group = await client.groupApi.createGroup({ group: { profile: { name: 'Loggers' } } });
    await client.groupApi.assignUserToGroup({ groupId: group.id!, userId: created.id! });
    const events = await collect(await client.systemLogApi.listLogEvents({ until: until(), limit: 2 }));
    expect(events.map((e) => e.eventType)).toEqual(['user.lifecycle.create', 'user.lifecycle.activate', 'user.lifecycle.suspend', 'group.lifecycle.create', 'group.user_membership.add']);
    const suspend = events[2];
    expect(suspend.target?.[0]).toMatchObject({ id: created.id, type: 'User', alternateId: 'l@example.com' });
    expect(suspend.actor).toMatchObject({ type: 'User', alternateId: universe.credentials.okta.as });
    expect(suspend.outcome?.result).toBe('SUCCESS');
  });

  it('filters by eventType and target id, searches with q, and can sort descending', async () => {
    const client = sdk(universe);
    const userId = universe.org.people.find((p) => p.status === 'active' && !p.admin)!.email;
    await client.userApi.suspendUser({ userId });
    await client.userApi.unsuspendUser({ userId });
    const id = (await client.userApi.getUser({ userId })).id!;
    const suspended = await collect(await client.systemLogApi.listLogEvents({ until: until(), filter: `eventType eq "user.lifecycle.suspend" and target.id eq "${id}"` }));
    expect(suspended).toHaveLength(1);
    expect((await collect(await client.systemLogApi.listLogEvents({ until: until(), q: 'unsuspend' }))).map((e) => e.eventType)).toEqual(['user.lifecycle.unsuspend']);
    expect((await collect(await client.systemLogApi.listLogEvents({ until: until(), sortOrder: 'DESCENDING' }))).map((e) => e.eventType)).toEqual(['user.lifecycle.unsuspend', 'user.lifecycle.suspend']);
  });

  it('without until always answers rel="next", so a poller picks up later events', async () => {
    const first = await raw(universe, '/api/v1/logs');
    expect(first.body).toEqual([]);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link')!)![1];
    await sdk(universe).userApi.suspendUser({ userId: universe.org.people.find((p) => p.status === 'active' && !p.admin)!.email });
    const polled = await raw(universe, next.slice(universe.credentials.okta.orgUrl.length));
    expect(polled.body.map((e: { eventType: string }) => e.eventType)).toEqual(['user.lifecycle.suspend']);
    const again = /<([^>]+)>; rel="next"/.exec(polled.headers.get('link')!)![1];
    expect((await raw(universe, again.slice(universe.credentials.okta.orgUrl.length))).body).toEqual([]);
  });

  it('refuses a bad date with E0000030 and a bad filter with E0000031', async () => {
    expect((await raw(universe, '/api/v1/logs?since=yesterday')).body.errorCode).toBe('E0000030');
    expect((await raw(universe, '/api/v1/logs?filter=eventType%20eq')).body.errorCode).toBe('E0000031');
  });
});
