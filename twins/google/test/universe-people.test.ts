// The Google twin's part of the universe, through googleapis (admin directory_v1, drive v3) and raw HTTP:
// users.update / users.patch (profile lists, rename with alias, suspension, archive) and their errors;
// users inserted by the Admin SDK get tokens derived like seeded people's and own Drive files; suspended
// users are refused while their files stay reachable; sharing with a group follows its current (and
// nested) members; /_dtu/people; the org's avatar and profile in Directory and Drive; /_dtu/settle waits
// for Drive push notifications.
import { JWT, OAuth2Client } from 'google-auth-library';
import type { admin_directory_v1 } from 'googleapis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tokens } from '../../../shared/seeding/people-ids.js';
import { mulberry32 } from '../../../shared/seeding/prng.js';
import type { Person } from '../../../shared/seeding/org.js';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { startReceiver, type HttpReceiver } from '../../../test/helpers/http-receiver.js';
import { directory, drive, driveWith, googleUniverse, pointTokenRequestsAtTwin, raw, serviceAccount, tokenOf } from './helpers.js';

let universe: Universe;
let receiver: HttpReceiver;
let receiverStatus = 200;
beforeAll(async () => {
  universe = await googleUniverse({ fixture: 'small' });
  receiver = await startReceiver(() => ({ status: receiverStatus }));
});
afterAll(async () => { await universe.close(); await receiver.close(); });
beforeEach(async () => { await universe.reset(); receiver.clear(); receiverStatus = 200; });

const S = 'https://www.googleapis.com/auth/admin.directory.';
const admin = () => universe.credentials.google.as as string;
const domain = () => universe.org.domain;
const active = () => universe.org.people.filter((p) => p.status === 'active' && !p.admin);
const U = '/admin/directory/v1/users';

function delegated(subject = admin(), scopes = [`${S}user`, `${S}group`]): admin_directory_v1.Admin {
  const sa = serviceAccount(universe);
  const jwt = new JWT({ email: sa.client_email, key: sa.private_key, keyId: sa.private_key_id, subject, scopes });
  pointTokenRequestsAtTwin(jwt, sa.token_uri);
  return directory(universe, jwt);
}
/** An access token from the token endpoint for the service account acting as `subject`. */
async function delegatedToken(subject: string, scope: string): Promise<string> {
  const sa = serviceAccount(universe);
  const jwt = new JWT({ email: sa.client_email, key: sa.private_key, keyId: sa.private_key_id, subject, scopes: [scope] });
  pointTokenRequestsAtTwin(jwt, sa.token_uri);
  return (await jwt.getAccessToken()).token!;
}
type Failure = { status: number; response: { data: any } };
const fail = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: Failure) => e);
/** Two active department-mates (each one's plan is shared writer with the department group). */
function colleagues(): [Person, Person] {
  for (const p of active()) {
    const q = active().find((x) => x.department === p.department && x !== p);
    if (q) return [p, q];
  }
  throw new Error('the fixture has no two active people in one department');
}
const planOf = async (p: Person) => (await drive(universe, tokenOf(universe, p.email)).files.list({ q: `'${p.email}' in owners and name contains 'plan'`, fields: 'files(id,name)' })).data.files![0]!;

describe('directory.users.update and patch', () => {
  it('update sets name, organizations, relations, orgUnitPath, archived and suspended; patch keeps lists it gets empty', async () => {
    const dir = delegated();
    const [person, boss] = active();
    const { data } = await dir.users.update({
      userKey: person!.email,
      requestBody: {
        name: { givenName: 'Renée', familyName: 'Nouveau' }, orgUnitPath: '/Engineering/Platform', suspended: true,
        organizations: [{ title: 'Staff Engineer', department: 'Engineering', primary: true }], relations: [{ type: 'manager', value: boss!.email }],
      },
    });
    expect(data).toMatchObject({
      primaryEmail: person!.email, name: { givenName: 'Renée', familyName: 'Nouveau', fullName: 'Renée Nouveau' }, orgUnitPath: '/Engineering/Platform',
      suspended: true, suspensionReason: 'ADMIN', archived: false,
      organizations: [{ title: 'Staff Engineer', department: 'Engineering', primary: true }], relations: [{ type: 'manager', value: boss!.email }],
    });
    expect((await dir.users.get({ userKey: person!.email })).data).toMatchObject({ name: data.name, organizations: data.organizations, suspended: true });
    // Lists not in the body are kept; patch with [] cannot clear a list, update with [] does; archived.
    const patched = (await dir.users.patch({ userKey: person!.email, requestBody: { relations: [], suspended: false, archived: true } })).data;
    expect(patched).toMatchObject({ relations: data.relations, organizations: data.organizations, suspended: false, archived: true });
    expect(patched.suspensionReason).toBeUndefined();
    const cleared = (await dir.users.update({ userKey: person!.email, requestBody: { relations: [] } })).data;
    expect(cleared.relations).toBeUndefined();
    expect(cleared.organizations).toEqual(data.organizations);
  });

  it('a new primaryEmail keeps the old address as an alias; files, groups and tokens follow', async () => {
    const dir = delegated();
    const person = active()[0]!;
    const plan = await planOf(person);
    const group = universe.org.groups.find((g) => g.members.includes(person.email))!;
    const to = `renamed.person@${domain()}`;
    const { data } = await dir.users.patch({ userKey: person.email, requestBody: { primaryEmail: to } });
    expect(data).toMatchObject({ primaryEmail: to, aliases: [person.email], emails: expect.arrayContaining([{ address: to, primary: true }, { address: person.email }]) });
    expect((await dir.users.get({ userKey: person.email })).data.primaryEmail).toBe(to);
    // Their old token is the same account: Drive sees the new address and the files they own.
    const theirs = drive(universe, tokenOf(universe, person.email));
    expect((await theirs.about.get({ fields: 'user(emailAddress,permissionId)' })).data.user).toEqual({ emailAddress: to, permissionId: data.id });
    const file = (await theirs.files.get({ fileId: plan.id!, fields: 'owners(emailAddress),ownedByMe' })).data;
    expect(file).toEqual({ owners: [{ emailAddress: to }], ownedByMe: true });
    expect((await theirs.files.list({ q: `'${to}' in owners`, fields: 'files(id)' })).data.files!.map((f) => f.id)).toContain(plan.id);
    // A token derived from the new address works too (as for a person created with it).
    expect((await raw(universe, '/drive/v3/about?fields=user', { token: tokens.googleAccess(universe.seed, to) })).body.user.emailAddress).toBe(to);
    // Sharing with the old address shares with the account.
    const adminDrive = drive(universe);
    const shared = (await adminDrive.files.create({ requestBody: { name: 'for the renamed' }, fields: 'id' })).data;
    const perm = (await adminDrive.permissions.create({ fileId: shared.id!, requestBody: { type: 'user', role: 'reader', emailAddress: person.email }, fields: 'id,emailAddress' })).data;
    expect(perm).toEqual({ id: data.id, emailAddress: to });
    expect((await theirs.files.get({ fileId: shared.id!, fields: 'id' })).data.id).toBe(shared.id);
    const members = (await dir.members.list({ groupKey: `${group.slug}@${domain()}` })).data.members!.map((m) => m.email);
    expect(members).toContain(to);
    expect(members).not.toContain(person.email);
    // The old address cannot be taken by someone else; another user's address cannot be taken either.
    const other = active()[1]!;
    expect((await fail(dir.users.patch({ userKey: other.email, requestBody: { primaryEmail: person.email } }))).status).toBe(409);
    expect((await fail(dir.users.update({ userKey: other.email, requestBody: { primaryEmail: admin() } }))).status).toBe(409);
  });

  it('refuses bad input, unknown users, non-admins and read-only scopes with Google\'s errors, changing nothing', async () => {
    const person = active()[0]!;
    const before = (await raw(universe, `${U}/${person.email}`)).body;
    const put = (body: unknown, token?: string) => raw(universe, `${U}/${person.email}`, { method: 'PUT', body, ...(token !== undefined && { token }) });
    const adminToken = await delegatedToken(admin(), `${S}user`);
    const cases: [unknown, string][] = [
      [{ organizations: 'Engineering' }, 'Invalid Input: organizations'],
      [{ relations: [{ type: 'boss', value: 'x@y' }] }, 'Invalid Input: relations.type'],
      [{ relations: [{ type: 'manager' }] }, 'Invalid Input: relations.value'],
      [{ name: { givenName: '' } }, 'Invalid Given/Family Name: GivenName'],
      [{ suspended: 'yes', name: { givenName: 'Never' } }, 'Invalid Input: suspended'],
      [{ primaryEmail: 'someone@elsewhere.example' }, 'Invalid Input: primary_user_email. Domain not found.'],
      [{ orgUnitPath: 'Engineering' }, 'Invalid Input: org_unit_path'],
    ];
    for (const [body, message] of cases) {
      const res = await put(body, adminToken);
      expect([res.status, res.body.error.message, res.body.error.status]).toEqual([400, message, 'INVALID_ARGUMENT']);
    }
    const unknown = await raw(universe, `${U}/nobody@${domain()}`, { method: 'PATCH', body: { suspended: true }, token: adminToken });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 404, message: 'Resource Not Found: userKey', errors: [{ reason: 'notFound' }] });
    // A non-admin holding the admin.directory.user scope is not authorised; a read-only scope is not enough.
    const nonAdmin = await put({ suspended: true }, await delegatedToken(active()[1]!.email, `${S}user`));
    expect([nonAdmin.status, nonAdmin.body.error.message, nonAdmin.body.error.errors[0].reason]).toEqual([403, 'Not Authorized to access this resource/api', 'forbidden']);
    const readonly = await put({ suspended: true }, universe.credentials.google.accessToken);
    expect([readonly.status, readonly.body.error.details[0].reason]).toEqual([403, 'ACCESS_TOKEN_SCOPE_INSUFFICIENT']);
    expect((await raw(universe, `${U}/${person.email}`)).body).toEqual(before);
  });
});

describe('users.update / patch garbage', () => {
  it('random User bodies: never a 5xx; a refused one changes nothing', async () => {
    const random = mulberry32(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const person = active()[0]!.email;
    const fields = ['organizations', 'relations', 'externalIds', 'locations', 'name', 'primaryEmail', 'suspended', 'archived', 'orgUnitPath', 'password', 'aliases'];
    const values = [null, 0, 1.5, 'x', '', true, [], {}, [null], [[]], [{}], [{ type: 'custom' }], [{ type: 'manager', value: 5 }], [{ title: 'T', primary: 'yes' }],
      [{ area: 'Berlin', type: 'desk' }], [{ value: 'E1', type: 'organization' }], { givenName: 7 }, { givenName: 'x'.repeat(61) }, `someone@${domain()}`, '/Ops'];
    const state = async () => JSON.stringify((await universe.snapshot()).twins.google);
    const token = await delegatedToken(admin(), `${S}user`);
    let accepted = 0;
    for (let i = 0; i < 60; i++) {
      const body = Object.fromEntries(Array.from({ length: 1 + Math.floor(random() * 3) }, () => [pick(fields), pick(values)]));
      const before = await state();
      const res = await raw(universe, `${U}/${person}`, { method: pick(['PUT', 'PATCH']), body, token });
      const what = JSON.stringify(body);
      expect(res.status, what).toBeLessThan(500);
      if (res.status === 200) accepted++;
      if (res.status >= 400) {
        expect(res.body.error, what).toMatchObject({ code: res.status, message: expect.any(String), errors: [expect.objectContaining({ reason: expect.any(String) })] });
        expect(await state(), what).toBe(before);
      }
    }
    // Both outcomes were exercised.
    expect(accepted).toBeGreaterThan(5);
    expect(accepted).toBeLessThan(55);
  });
});

describe('users created through the Admin SDK', () => {
  it('get tokens derived from (seed, email) as seeded people do, a My Drive, and own what they create', async () => {
    const email = `new.starter@${domain()}`;
    const created = (await delegated().users.insert({ requestBody: { primaryEmail: email, name: { givenName: 'New', familyName: 'Starter' }, password: 'a long password' } })).data;
    const theirs = drive(universe, tokens.googleAccess(universe.seed, email));
    expect((await theirs.about.get({ fields: 'user' })).data.user).toMatchObject({ emailAddress: email, displayName: 'New Starter', permissionId: created.id, me: true });
    const file = (await theirs.files.create({ requestBody: { name: 'first day notes', mimeType: 'text/plain' }, fields: 'id,parents,ownedByMe,owners(emailAddress)' })).data;
    const root = (await theirs.files.get({ fileId: 'root', fields: 'id' })).data.id;
    expect(file).toMatchObject({ parents: [root], ownedByMe: true, owners: [{ emailAddress: email }] });
    // Their refresh token works at the token endpoint through google-auth-library.
    const oauth = universe.credentials.google.oauthClient as { clientId: string; clientSecret: string; tokenUrl: string };
    const client = new OAuth2Client({ clientId: oauth.clientId, clientSecret: oauth.clientSecret, endpoints: { oauth2TokenUrl: oauth.tokenUrl } });
    client.setCredentials({ refresh_token: tokens.googleRefresh(universe.seed, email) });
    const viaRefresh = driveWith(universe, client);
    expect((await viaRefresh.files.list({ q: `'${email}' in owners`, fields: 'files(id)' })).data.files!.map((f) => f.id)).toEqual([file.id]);
  });
});

describe('suspension', () => {
  it('refuses the user\'s tokens and delegation; their files stay theirs and reachable; unsuspending restores access', async () => {
    const dir = delegated();
    const [owner, colleague] = colleagues();
    const plan = await planOf(owner);
    await dir.users.update({ userKey: owner.email, requestBody: { suspended: true } });
    const refused = await fail(drive(universe, tokenOf(universe, owner.email)).files.list({}, { retry: false }));
    expect(refused.status).toBe(401);
    expect(refused.response.data.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED', errors: [{ reason: 'authError' }] });
    const sa = serviceAccount(universe);
    const asOwner = new JWT({ email: sa.client_email, key: sa.private_key, keyId: sa.private_key_id, subject: owner.email, scopes: ['https://www.googleapis.com/auth/drive'] });
    pointTokenRequestsAtTwin(asOwner, sa.token_uri);
    expect((await fail(asOwner.getAccessToken())).response.data).toEqual({ error: 'invalid_grant', error_description: 'Invalid email or User ID' });
    // The colleague the file is shared with still reads it, owned by the suspended user.
    const read = (await drive(universe, tokenOf(universe, colleague.email)).files.get({ fileId: plan.id!, fields: 'id,owners(emailAddress)' })).data;
    expect(read).toEqual({ id: plan.id, owners: [{ emailAddress: owner.email }] });
    // The admin still finds what of theirs is visible to the domain.
    const found = (await drive(universe).files.list({ q: `'${owner.email}' in owners`, fields: 'files(name)' })).data.files!.map((f) => f.name);
    expect(found).toContain(`About ${owner.name}`);
    await dir.users.update({ userKey: owner.email, requestBody: { suspended: false } });
    expect((await drive(universe, tokenOf(universe, owner.email)).files.get({ fileId: plan.id!, fields: 'ownedByMe' })).data.ownedByMe).toBe(true);
  });
});

describe('sharing with a group', () => {
  it('grants exactly the current members, also through a nested group', async () => {
    const dir = delegated();
    const [member, nested, outsider] = active();
    const crew = `crew@${domain()}`;
    const inner = `crew-inner@${domain()}`;
    await dir.groups.insert({ requestBody: { email: crew, name: 'Crew' } });
    await dir.groups.insert({ requestBody: { email: inner, name: 'Crew inner' } });
    const mine = drive(universe);
    const file = (await mine.files.create({ requestBody: { name: 'crew roster' }, fields: 'id' })).data;
    await mine.permissions.create({ fileId: file.id!, requestBody: { type: 'group', role: 'reader', emailAddress: crew } });
    const reads = async (p: Person) => drive(universe, tokenOf(universe, p.email)).files.get({ fileId: file.id! }, { retry: false }).then(() => 200, (e: Failure) => e.status);
    expect(await reads(member!)).toBe(404);
    await dir.members.insert({ groupKey: crew, requestBody: { email: member!.email } });
    expect(await reads(member!)).toBe(200);
    await dir.members.insert({ groupKey: inner, requestBody: { email: nested!.email } });
    expect(await reads(nested!)).toBe(404);
    await dir.members.insert({ groupKey: crew, requestBody: { email: inner, type: 'GROUP' } });
    expect(await reads(nested!)).toBe(200);
    expect(await reads(outsider!)).toBe(404);
    const listed = (await drive(universe, tokenOf(universe, nested!.email)).files.list({ q: "name = 'crew roster'", fields: 'files(id)' })).data.files!;
    expect(listed.map((f) => f.id)).toEqual([file.id]);
    await dir.members.delete({ groupKey: crew, memberKey: member!.email });
    await dir.members.delete({ groupKey: crew, memberKey: inner });
    expect([await reads(member!), await reads(nested!)]).toEqual([404, 404]);
  });
});

describe('the universe view', () => {
  it('/_dtu/people lists every user with status and name; suspended and archived count as suspended', async () => {
    const dir = delegated();
    const [a, b] = active();
    await dir.users.patch({ userKey: a!.email, requestBody: { suspended: true } });
    await dir.users.patch({ userKey: b!.email, requestBody: { archived: true, name: { familyName: 'Archived' } } });
    const { twins } = (await raw(universe, '/_dtu/people', { token: null })).body as { twins: { google: { email: string; id: string; status: string; name: string }[] } };
    expect(twins.google.map((p) => p.email)).toEqual(universe.org.people.map((p) => p.email));
    const by = new Map(twins.google.map((p) => [p.email, p]));
    expect(by.get(a!.email)).toMatchObject({ status: 'suspended', name: a!.name });
    expect(by.get(b!.email)).toMatchObject({ status: 'suspended', name: `${b!.firstName} Archived` });
    for (const p of universe.org.people.filter((x) => x !== a && x !== b)) expect(by.get(p.email)!.status).toBe(p.status === 'active' ? 'active' : 'suspended');
    const users = (await dir.users.list({ customer: 'my_customer', maxResults: 500 })).data.users!;
    expect(twins.google.map((p) => p.id)).toEqual(users.map((u) => u.id));
  });

  it('every person has the org\'s name, title, department, manager, location, employee number and picture', async () => {
    const users = (await delegated().users.list({ customer: 'my_customer', maxResults: 500 })).data.users!;
    const byEmail = new Map(users.map((u) => [u.primaryEmail, u]));
    for (const p of universe.org.people) {
      const u = byEmail.get(p.email)!;
      expect(u).toMatchObject({
        name: { givenName: p.firstName, familyName: p.lastName, fullName: p.name }, thumbnailPhotoUrl: p.avatarUrl,
        organizations: [{ title: p.title, department: p.department, location: p.location, primary: true }],
        externalIds: [{ type: 'organization', value: p.employeeNumber }], locations: [{ type: 'desk', area: p.location }],
      });
      expect(u.relations).toEqual(p.manager ? [{ type: 'manager', value: p.manager }] : undefined);
    }
  });

  it('Drive shows the same picture: about.get, owners and permissions', async () => {
    const [owner, colleague] = colleagues();
    const theirs = drive(universe, tokenOf(universe, owner.email));
    expect((await theirs.about.get({ fields: 'user(photoLink)' })).data.user!.photoLink).toBe(owner.avatarUrl);
    const plan = await planOf(owner);
    const file = (await drive(universe, tokenOf(universe, colleague.email)).files.get({ fileId: plan.id!, fields: 'owners(photoLink)' })).data;
    expect(file.owners).toEqual([{ photoLink: owner.avatarUrl }]);
    const perms = (await theirs.permissions.list({ fileId: plan.id!, fields: 'permissions(type,emailAddress,photoLink)' })).data.permissions!;
    expect(perms.find((p) => p.emailAddress === owner.email)).toEqual({ type: 'user', emailAddress: owner.email, photoLink: owner.avatarUrl });
    expect(perms.find((p) => p.type === 'group')!.photoLink).toBeUndefined();
  });
});

describe('settle', () => {
  const settle = async () => (await fetch(`${universe.credentials.google.rootUrl}_dtu/settle`, { method: 'POST' })).json() as Promise<{ ok: boolean; pending: number }>;
  const states = () => receiver.received.map((r) => r.headers['x-goog-resource-state']);

  it('waits for Drive push notifications in flight; one backing off for a retry is pending', async () => {
    const client = drive(universe);
    const file = (await client.files.create({ requestBody: { name: 'watched' }, fields: 'id' })).data;
    await client.files.watch({ fileId: file.id!, requestBody: { id: 'settle-chan', type: 'web_hook', address: `${receiver.url}/push` } });
    await client.files.update({ fileId: file.id!, requestBody: { name: 'watched, renamed' } });
    expect(await settle()).toEqual({ ok: true, pending: 0 });
    expect(states()).toEqual(['sync', 'update']);
    receiverStatus = 503;
    await client.files.update({ fileId: file.id!, requestBody: { name: 'again' } });
    const started = Date.now();
    expect(await settle()).toEqual({ ok: true, pending: 1 });
    expect(Date.now() - started).toBeLessThan(900);
    expect(states()).toEqual(['sync', 'update', 'update']);
  });
});
