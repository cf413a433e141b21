// Groups and memberships through @okta/okta-sdk-nodejs.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { collect, oktaUniverse, raw, sdk } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await oktaUniverse({ seed: 8, users: 25 }); });
afterAll(() => universe.close());
beforeEach(() => universe.reset());

describe('seeded groups', () => {
  it('Everyone (BUILT_IN) holds every user; each org group exists with its members', async () => {
    const client = sdk(universe);
    const groups = await collect(await client.groupApi.listGroups({ limit: 3 }));
    expect(groups.map((g) => g.profile?.name).sort()).toEqual(['Everyone', ...universe.org.groups.map((g) => g.name)].sort());
    const everyone = groups.find((g) => g.profile?.name === 'Everyone')!;
    expect(everyone.type).toBe('BUILT_IN');
    expect((await collect(await client.groupApi.listGroupUsers({ groupId: everyone.id!, limit: 4 }))).length).toBe(universe.org.people.length);
    for (const orgGroup of universe.org.groups) {
      const group = groups.find((g) => g.profile?.name === orgGroup.name)!;
      expect(group.id).toMatch(/^00g[0-9A-Za-z]{17}$/);
      expect(group.type).toBe('OKTA_GROUP');
      const members = await collect(await client.groupApi.listGroupUsers({ groupId: group.id! }));
      expect(members.map((u) => u.profile?.login).sort()).toEqual([...orgGroup.members].sort());
    }
  });

  it('listGroups filters by type and searches by name', async () => {
    const client = sdk(universe);
    expect((await collect(await client.groupApi.listGroups({ filter: 'type eq "BUILT_IN"' }))).map((g) => g.profile?.name)).toEqual(['Everyone']);
    const name = universe.org.groups[0].name;
    expect((await collect(await client.groupApi.listGroups({ search: `profile.name eq "${name}"` }))).map((g) => g.profile?.name)).toEqual([name]);
  });
});

describe('addGroup (SDK createGroup), replaceGroup, deleteGroup and membership', () => {
  it('creates, renames, adds and removes a member, deletes', async () => {
    const client = sdk(universe);
    const group = await client.groupApi.createGroup({ group: { profile: { name: 'Pilots', description: 'Fly' } } });
    expect(group).toMatchObject({ type: 'OKTA_GROUP', profile: { name: 'Pilots', description: 'Fly' } });
    const renamed = await client.groupApi.replaceGroup({ groupId: group.id!, group: { profile: { name: 'Aviators' } } });
    expect(renamed.profile?.name).toBe('Aviators');
    const user = universe.org.people[0].email;
    const userId = (await client.userApi.getUser({ userId: user })).id!;
    await client.groupApi.assignUserToGroup({ groupId: group.id!, userId });
    await client.groupApi.assignUserToGroup({ groupId: group.id!, userId });
    expect((await collect(await client.groupApi.listGroupUsers({ groupId: group.id! }))).map((u) => u.id)).toEqual([userId]);
    expect((await collect(await client.userApi.listUserGroups({ userId }))).map((g) => g.profile?.name)).toContain('Aviators');
    await client.groupApi.unassignUserFromGroup({ groupId: group.id!, userId });
    expect(await collect(await client.groupApi.listGroupUsers({ groupId: group.id! }))).toEqual([]);
    await client.groupApi.deleteGroup({ groupId: group.id! });
    await expect(client.groupApi.getGroup({ groupId: group.id! })).rejects.toMatchObject({ status: 404, errorCode: 'E0000007' });
  });

  it('refuses a duplicate name, a missing name, and changes to the Everyone group', async () => {
    const client = sdk(universe);
    await expect(client.groupApi.createGroup({ group: { profile: { name: universe.org.groups[0].name } } })).rejects.toMatchObject({ status: 400, errorCode: 'E0000001' });
    expect((await raw(universe, '/api/v1/groups', { method: 'POST', body: { profile: {} } })).body.errorCode).toBe('E0000001');
    const everyone = (await collect(await client.groupApi.listGroups({ q: 'Everyone' })))[0];
    expect((await raw(universe, `/api/v1/groups/${everyone.id}`, { method: 'DELETE' })).status).toBe(403);
  });
});
