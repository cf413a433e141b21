// SCIM /Groups as Okta's group push drives it (find by displayName, create with members, add and
// remove members in both of Okta's PATCH forms, rename, delete), over raw fetch; the effects seen
// through WebClient's usergroups.* and the Events API (subteam_created / _updated / _members_changed).
import { describe, expect, it } from 'vitest';
import { hasVendorDocs, vendorDoc } from '../../../test/helpers/vendor-docs.js';
import { filterQuery, PATCH_OP, scimCall, useEventReceiver } from './scim-helpers.js';
import { LUCIA, PRIYA, useSlack } from './setup.js';

const env = useSlack();
const events = useEventReceiver(env, ['subteam_created', 'subteam_updated', 'subteam_members_changed']);
const scim = (path: string, init?: Parameters<typeof scimCall>[2]) => scimCall(env, path, init);
const idOf = async (email: string) => (await env.bot.users.lookupByEmail({ email })).user!.id!;

describe('seeded user groups', () => {
  it('each org team (and other non-department group) is a user group with handle = its slug and name = its name, found by displayName', async () => {
    const teams = env.universe.org.groups.filter((g) => g.kind !== 'department');
    expect(teams.length).toBeGreaterThan(0);
    const groups = (await env.bot.usergroups.list({ include_users: true })).usergroups!;
    for (const team of teams) {
      const group = groups.find((g) => g.handle === team.slug);
      expect(group, team.slug).toMatchObject({ name: team.name });
      const active = team.members.filter((email) => env.universe.org.people.find((p) => p.email === email)!.status === 'active');
      expect(group!.users!.length).toBe(active.length);
      const found = (await scim(`Groups?${filterQuery(`displayName eq "${team.name}"`)}`)).body;
      expect(found).toMatchObject({ totalResults: 1, Resources: [{ id: group!.id, displayName: team.name }] });
    }
  });

  it('departments are user groups too, found by displayName as Okta group push looks them up', async () => {
    const department = env.universe.org.groups.find((g) => g.kind === 'department' && g.name.includes(' '))!;
    const found = (await scim(`Groups?${filterQuery(`displayName eq "${department.name}"`)}`)).body;
    expect(found.totalResults).toBe(1);
    expect((await env.bot.usergroups.list({})).usergroups!.find((g) => g.id === found.Resources[0].id)).toMatchObject({ name: department.name, handle: department.slug });
  });

  it('pages groups 10 by default with totalResults', async () => {
    const total = (await env.bot.usergroups.list({})).usergroups!.length;
    const page = (await scim('Groups')).body;
    expect(page).toMatchObject({ totalResults: total, itemsPerPage: Math.min(total, 10), startIndex: 1 });
    expect((await scim(`Groups?${filterQuery('displayName eq "No Such Group"')}`)).body).toMatchObject({ totalResults: 0, Resources: [] });
  });
});

describe('Okta group push', () => {
  it('creates a group with members, adds and removes members in both PATCH forms, renames and deletes it; Slack shows each step', async () => {
    const [lucia, priya] = [await idOf(LUCIA), await idOf(PRIYA)];
    const created = await scim('Groups', { method: 'POST', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Release Captains', members: [{ value: lucia }] } });
    expect(created).toMatchObject({ status: 201, body: { displayName: 'Release Captains', members: [{ value: lucia, display: 'Lucia Fernandez' }] } });
    const id = created.body.id;
    expect((await env.bot.usergroups.list({ include_users: true, include_count: true })).usergroups!.find((g) => g.id === id)).toMatchObject({ name: 'Release Captains', handle: 'release-captains', users: [lucia], user_count: 1 });
    expect((await events.eventOf('subteam_created')).subteam).toMatchObject({ id, name: 'Release Captains', users: [lucia] });

    const add = await scim(`Groups/${id}`, { method: 'PATCH', body: { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: priya }] }] } });
    expect(add.status).toBe(200);
    expect((await env.bot.usergroups.users.list({ usergroup: id })).users).toEqual([lucia, priya]);
    expect(await events.eventOf('subteam_members_changed', (e) => e.added_users_count === 1)).toMatchObject({ subteam_id: id, added_users: [priya], removed_users: [], removed_users_count: 0 });

    await scim(`Groups/${id}`, { method: 'PATCH', body: { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${lucia}"]` }] } });
    expect((await env.bot.usergroups.users.list({ usergroup: id })).users).toEqual([priya]);
    await scim(`Groups/${id}`, { method: 'PATCH', body: { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 'members', value: [{ value: priya }] }] } });
    expect((await env.bot.usergroups.users.list({ usergroup: id })).users).toEqual([]);
    expect(await events.eventOf('subteam_members_changed', (e) => e.removed_users.includes(priya))).toMatchObject({ subteam_id: id, removed_users_count: 1 });

    // Okta renames with a path-less replace carrying the id and the new displayName.
    const renamed = await scim(`Groups/${id}`, { method: 'PATCH', body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { id, displayName: 'Release Crew' } }] } });
    expect(renamed).toMatchObject({ status: 200, body: { id, displayName: 'Release Crew', members: [] } });
    expect((await env.bot.usergroups.list({})).usergroups!.find((g) => g.id === id)).toMatchObject({ name: 'Release Crew', handle: 'release-captains' });
    expect((await events.eventOf('subteam_updated', (e) => e.subteam.name === 'Release Crew')).subteam).toMatchObject({ id, date_delete: 0 });

    expect((await scim(`Groups/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await env.bot.usergroups.list({ include_disabled: true })).usergroups!.map((g) => g.id)).not.toContain(id);
    expect(await scim(`Groups/${id}`)).toEqual({ status: 404, body: { Errors: { description: 'group_not_found', code: 404 } } });
    expect((await events.eventOf('subteam_updated', (e) => e.subteam.date_delete > 0)).subteam).toMatchObject({ id });
  });

  it('a PATCH that changes nothing announces nothing; a refused one writes nothing', async () => {
    const lucia = await idOf(LUCIA);
    const group = (await scim(`Groups?${filterQuery('displayName eq "Platform Team"')}`)).body.Resources[0];
    expect(group.members.map((m: any) => m.value)).toContain(lucia);
    const same = await scim(`Groups/${group.id}`, { method: 'PATCH', body: { Operations: [{ op: 'add', path: 'members', value: [{ value: lucia }] }] } });
    expect(same.body.members).toEqual(group.members);
    const before = await env.universe.snapshot();
    const refused = await scim(`Groups/${group.id}`, { method: 'PATCH', body: { Operations: [{ op: 'remove', path: `members[value eq "${lucia}"]` }, { op: 'add', path: 'members', value: [{ value: 'U0NOBODY00' }] }] } });
    expect(refused.status).toBe(400);
    expect(await env.universe.snapshot()).toEqual(before);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events.delivered()).toEqual([]);
  });
});

describe.skipIf(!hasVendorDocs)('subteam events match Slack\'s samples (samples/events)', () => {
  it('subteam_created, subteam_updated and subteam_members_changed carry only the sample\'s fields, with its types', async () => {
    const lucia = await idOf(LUCIA);
    const id = (await scim('Groups', { method: 'POST', body: { displayName: 'Shape Check' } })).body.id;
    await scim(`Groups/${id}`, { method: 'PATCH', body: { Operations: [{ op: 'add', path: 'members', value: [{ value: lucia }] }] } });
    const samples: Record<string, string> = { subteam_created: 'SubteamCreatedPayload', subteam_updated: 'SubteamUpdatedPayload', subteam_members_changed: 'SubteamMembersChangedPayload' };
    for (const [type, file] of Object.entries(samples)) {
      const ours = await events.eventOf(type);
      const sample = vendorDoc(`slack/samples/events/${file}.json`).event;
      for (const [key, value] of Object.entries(ours)) {
        expect(Object.keys(sample), `${type}.${key}`).toContain(key);
        expect(Array.isArray(value) ? 'array' : typeof value, `${type}.${key}`).toBe(Array.isArray(sample[key]) ? 'array' : typeof sample[key]);
      }
    }
  });
});
