// Admin SDK Directory v1 through googleapis: a service-account JWT with domain-wide delegation (subject =
// an admin) for writes, plain OAuth2 tokens for reads; users list/query/order/paging, get, insert, patch,
// update, delete, makeAdmin; groups and members; admin-only writes and scopes enforced.
import { JWT } from 'google-auth-library';
import { google, type admin_directory_v1 } from 'googleapis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { directory, googleUniverse, pointTokenRequestsAtTwin, raw, serviceAccount, tokenOf } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await googleUniverse({ fixture: 'small' }); });
afterAll(() => universe.close());
beforeEach(() => universe.reset());

const S = 'https://www.googleapis.com/auth/admin.directory.';
const admin = () => universe.credentials.google.as as string;
const domain = () => universe.org.domain;
const nonAdmin = () => universe.org.people.find((p) => !p.admin && p.status === 'active')!;

/** Directory as the admin through the service account's delegation (the usual server-to-server set-up). */
function delegated(subject = admin(), scopes = [`${S}user`, `${S}group`]): admin_directory_v1.Admin {
  const sa = serviceAccount(universe);
  const jwt = new JWT({ email: sa.client_email, key: sa.private_key, keyId: sa.private_key_id, subject, scopes });
  pointTokenRequestsAtTwin(jwt, sa.token_uri);
  return directory(universe, jwt);
}
function withToken(token: string): admin_directory_v1.Admin {
  const auth = new google.auth.OAuth2();
  auth.setCredentials({ access_token: token });
  return directory(universe, auth);
}
const fail = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: { status: number; response: { data: { error: { message: string; errors: { reason: string }[] } } } }) => e);

describe('directory.users', () => {
  it('lists every user of the domain with admin fields, ids and org units', async () => {
    const { data } = await withToken(universe.credentials.google.accessToken).users.list({ customer: 'my_customer', maxResults: 500 });
    expect(data.kind).toBe('admin#directory#users');
    expect(data.users!.map((u) => u.primaryEmail)).toEqual(universe.org.people.map((p) => p.email));
    const me = data.users!.find((u) => u.primaryEmail === admin())!;
    expect(me).toMatchObject({ isAdmin: true, suspended: false, orgUnitPath: expect.stringMatching(/^\//), id: expect.stringMatching(/^\d{21}$/), customerId: expect.stringMatching(/^C0/) });
    expect(data.users!.filter((u) => u.isAdmin).length).toBe(universe.org.people.filter((p) => p.admin).length);
    const suspended = universe.org.people.filter((p) => p.status !== 'active').map((p) => p.email);
    expect(data.users!.filter((u) => u.suspended).map((u) => u.primaryEmail)).toEqual(suspended);
  });

  it('query, orderBy and paging', async () => {
    const dir = delegated();
    const someone = nonAdmin();
    const q = async (query: string) => (await dir.users.list({ domain: domain(), query })).data.users?.map((u) => u.primaryEmail) ?? [];
    expect(await q(`email:${someone.email}`)).toEqual([someone.email]);
    expect(await q(`email:${someone.email.slice(0, 3)}*`)).toEqual(universe.org.people.filter((p) => p.email.startsWith(someone.email.slice(0, 3))).map((p) => p.email));
    expect(await q(`givenName:'${someone.firstName}'`)).toContain(someone.email);
    expect(await q('isAdmin=true')).toEqual(universe.org.people.filter((p) => p.admin).map((p) => p.email));
    expect(await q(`orgUnitPath=/${someone.department}`)).toEqual(universe.org.people.filter((p) => p.department === someone.department).map((p) => p.email));
    expect(await q(`isSuspended=false orgUnitPath=/${someone.department}`)).toEqual(universe.org.people.filter((p) => p.department === someone.department && p.status === 'active').map((p) => p.email));
    const sorted = (await dir.users.list({ customer: 'my_customer', orderBy: 'familyName', sortOrder: 'DESCENDING' })).data.users!.map((u) => u.name!.familyName!.toLowerCase());
    expect(sorted).toEqual([...sorted].sort().reverse());
    const all: string[] = [];
    let pageToken: string | undefined;
    do {
      const { data } = await dir.users.list({ customer: 'my_customer', maxResults: 5, pageToken });
      all.push(...data.users!.map((u) => u.primaryEmail!));
      pageToken = data.nextPageToken ?? undefined;
    } while (pageToken);
    expect(all).toEqual(universe.org.people.map((p) => p.email));
    expect((await fail(dir.users.list({}))).status).toBe(400);
    expect((await fail(dir.users.list({ customer: 'my_customer', query: 'shoeSize=9' }))).status).toBe(400);
    expect((await fail(dir.users.list({ customer: 'my_customer', maxResults: 501 }))).status).toBe(400);
  });

  it('insert, get by email and id, patch, update, makeAdmin and delete', async () => {
    const dir = delegated();
    const email = `new.hire@${domain()}`;
    const created = (await dir.users.insert({ requestBody: { primaryEmail: email, name: { givenName: 'New', familyName: 'Hire' }, password: 'correct horse battery', orgUnitPath: '/Engineering' } })).data;
    expect(created).toMatchObject({ primaryEmail: email, name: { fullName: 'New Hire' }, isAdmin: false, orgUnitPath: '/Engineering' });
    expect((created as Record<string, unknown>).password).toBeUndefined();
    expect((await dir.users.get({ userKey: created.id! })).data.primaryEmail).toBe(email);
    expect((await fail(dir.users.insert({ requestBody: { primaryEmail: email, name: { givenName: 'A', familyName: 'B' }, password: 'long enough pw' } }))).status).toBe(409);
    expect((await fail(dir.users.insert({ requestBody: { primaryEmail: 'x@other.example', name: { givenName: 'A', familyName: 'B' }, password: 'long enough pw' } }))).status).toBe(400);
    expect((await fail(dir.users.insert({ requestBody: { primaryEmail: `y@${domain()}`, name: { givenName: 'A', familyName: 'B' }, password: 'short' } }))).status).toBe(400);
    expect((await dir.users.patch({ userKey: email, requestBody: { name: { givenName: 'Newer' } } })).data.name).toMatchObject({ givenName: 'Newer', familyName: 'Hire', fullName: 'Newer Hire' });
    expect((await dir.users.update({ userKey: email, requestBody: { orgUnitPath: '/Sales' } })).data.orgUnitPath).toBe('/Sales');
    await dir.users.makeAdmin({ userKey: email, requestBody: { status: true } });
    expect((await dir.users.get({ userKey: email })).data.isAdmin).toBe(true);
    expect((await dir.users.delete({ userKey: email })).status).toBe(204);
    const gone = await fail(dir.users.get({ userKey: email }));
    expect([gone.status, gone.response.data.error.message]).toEqual([404, 'Resource Not Found: userKey']);
  });

  it('a non-admin may not write nor list with admin_view; domain_public shows public fields only', async () => {
    const person = nonAdmin();
    const asPerson = delegated(person.email);
    const denied = await fail(asPerson.users.insert({ requestBody: { primaryEmail: `z@${domain()}`, name: { givenName: 'Z', familyName: 'Z' }, password: 'long enough pw' } }));
    expect([denied.status, denied.response.data.error.message, denied.response.data.error.errors[0]!.reason]).toEqual([403, 'Not Authorized to access this resource/api', 'forbidden']);
    expect((await fail(asPerson.users.list({ customer: 'my_customer' }))).status).toBe(403);
    const pub = (await asPerson.users.list({ customer: 'my_customer', viewType: 'domain_public' })).data.users!;
    expect(pub.length).toBe(universe.org.people.length);
    expect(Object.keys(pub[0]!).sort()).toEqual(['emails', 'etag', 'id', 'kind', 'name', 'primaryEmail', 'thumbnailPhotoEtag', 'thumbnailPhotoUrl']);
    expect((await asPerson.users.get({ userKey: person.email })).data.orgUnitPath).toBe(`/${person.department}`);
    expect((await fail(asPerson.users.get({ userKey: admin() }))).status).toBe(403);
    expect(Object.keys((await asPerson.users.get({ userKey: admin(), viewType: 'domain_public' })).data)).not.toContain('isAdmin');
    // A person's seeded token reads the directory but its readonly scope cannot write.
    const scoped = await fail(withToken(universe.credentials.google.accessToken).users.delete({ userKey: person.email }));
    expect([scoped.status, scoped.response.data.error.errors[0]!.reason]).toEqual([403, 'insufficientPermissions']);
    expect((await raw(universe, '/admin/directory/v1/users?customer=my_customer', { token: universe.credentials.google.readonlyAccessToken })).status).toBe(403);
    expect((await raw(universe, '/admin/directory/v1/users?customer=my_customer', { token: 'ya29.bad' })).status).toBe(401);
  });
});

describe('directory.groups and directory.members', () => {
  it('lists department and team groups with their members; a user\'s own groups', async () => {
    const dir = delegated();
    const groups = (await dir.groups.list({ customer: 'my_customer' })).data.groups!;
    expect(groups.map((g) => g.email)).toEqual(universe.org.groups.map((g) => `${g.slug}@${domain()}`));
    const first = universe.org.groups[0]!;
    expect(groups[0]).toMatchObject({ name: first.name, directMembersCount: String(first.members.length), kind: 'admin#directory#group' });
    const members = (await dir.members.list({ groupKey: groups[0]!.email! })).data.members!;
    expect(members.map((m) => m.email)).toEqual(first.members);
    expect(members[0]).toMatchObject({ role: 'OWNER', type: 'USER', status: 'ACTIVE' });
    const person = nonAdmin();
    const mine = (await delegated(person.email, [`${S}group.readonly`]).groups.list({ userKey: person.email })).data.groups!.map((g) => g.email);
    expect(mine).toEqual(universe.org.groups.filter((g) => g.members.includes(person.email)).map((g) => `${g.slug}@${domain()}`));
    expect((await fail(delegated(person.email, [`${S}group.readonly`]).groups.list({ customer: 'my_customer' }))).status).toBe(403);
  });

  it('group CRUD and member insert, hasMember, role change, delete — sharing with the group follows', async () => {
    const dir = delegated();
    const email = `launch@${domain()}`;
    const group = (await dir.groups.insert({ requestBody: { email, name: 'Launch', description: 'Launch crew' } })).data;
    expect(group).toMatchObject({ email, name: 'Launch', directMembersCount: '0' });
    expect((await fail(dir.groups.insert({ requestBody: { email } }))).status).toBe(409);
    const person = nonAdmin();
    await dir.members.insert({ groupKey: email, requestBody: { email: person.email, role: 'MANAGER' } });
    expect((await fail(dir.members.insert({ groupKey: email, requestBody: { email: person.email } }))).status).toBe(409);
    expect((await dir.members.hasMember({ groupKey: email, memberKey: person.email })).data.isMember).toBe(true);
    expect((await dir.members.get({ groupKey: group.id!, memberKey: person.email })).data.role).toBe('MANAGER');
    expect((await dir.members.patch({ groupKey: email, memberKey: person.email, requestBody: { role: 'MEMBER' } })).data.role).toBe('MEMBER');
    expect((await dir.groups.patch({ groupKey: email, requestBody: { name: 'Launch team' } })).data).toMatchObject({ name: 'Launch team', directMembersCount: '1' });
    // A Drive file shared with the new group is visible to its new member, and not after removal.
    const file = (await raw(universe, '/drive/v3/files', { method: 'POST', body: { name: 'launch plan' } })).body;
    await raw(universe, `/drive/v3/files/${file.id}/permissions`, { method: 'POST', body: { type: 'group', role: 'reader', emailAddress: email } });
    expect((await raw(universe, `/drive/v3/files/${file.id}`, { token: tokenOf(universe, person.email) })).status).toBe(200);
    await dir.members.delete({ groupKey: email, memberKey: person.email });
    expect((await raw(universe, `/drive/v3/files/${file.id}`, { token: tokenOf(universe, person.email) })).status).toBe(404);
    expect((await fail(dir.members.get({ groupKey: email, memberKey: person.email }))).status).toBe(404);
    expect((await dir.groups.delete({ groupKey: email })).status).toBe(204);
    expect((await fail(dir.groups.get({ groupKey: email }))).response.data.error.message).toBe('Resource Not Found: groupKey');
  });
});
