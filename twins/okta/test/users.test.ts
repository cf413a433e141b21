// Users through @okta/okta-sdk-nodejs: the seeded org, listing across Link pages, filters, create,
// get by id or login, partial update vs replace, delete; raw HTTP for headers and malformed input.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { collect, oktaUniverse, raw, sdk } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await oktaUniverse({ seed: 5, users: 30 }); });
afterAll(() => universe.close());
beforeEach(() => universe.reset());

const newUser = (login: string, extra: Record<string, unknown> = {}) => ({ profile: { login, email: login, firstName: 'New', lastName: 'Person', ...extra } });

describe('seeded org', () => {
  it('every person is a user with an 00u id, their profile and the org status', async () => {
    const users = await collect(await sdk(universe).userApi.listUsers({ search: 'id pr' }));
    expect(users).toHaveLength(universe.org.people.length);
    for (const person of universe.org.people) {
      const user = users.find((u) => u.profile?.login === person.email)!;
      expect(user.id).toMatch(/^00u[0-9A-Za-z]{17}$/);
      expect(user.status).toBe({ active: 'ACTIVE', suspended: 'SUSPENDED', deactivated: 'DEPROVISIONED' }[person.status]);
      expect(user.profile).toMatchObject({ email: person.email, firstName: person.firstName, lastName: person.lastName, title: person.title, department: person.department, manager: person.manager, timezone: person.timezone });
      if (person.manager) expect(user.profile?.managerId).toBe(users.find((u) => u.profile?.login === person.manager)!.id);
    }
  });
});

describe('listUsers', () => {
  it('follows Link rel="next" across pages of `limit` and sees every listed user once', async () => {
    const all = await collect(await sdk(universe).userApi.listUsers({ limit: 7 }));
    const listed = universe.org.people.filter((p) => p.status !== 'deactivated');
    expect(all.map((u) => u.profile?.login).sort()).toEqual(listed.map((p) => p.email).sort());
    expect(new Set(all.map((u) => u.id)).size).toBe(all.length);
    const events = (await universe.events({ twin: 'okta' })).events.filter((e) => e.operation === 'listUsers');
    expect(events.length).toBe(Math.ceil(listed.length / 7));
  });

  it('answers absolute Link headers on the public URL and leaves rel="next" off the last page', async () => {
    const first = await raw(universe, '/api/v1/users?limit=5');
    expect(first.status).toBe(200);
    expect(first.body).toHaveLength(5);
    const link = first.headers.get('link')!;
    const base = universe.credentials.okta.orgUrl;
    expect(link).toContain(`<${base}/api/v1/users?limit=5>; rel="self"`);
    const next = /<([^>]+)>; rel="next"/.exec(link)![1];
    expect(next.startsWith(`${base}/api/v1/users?limit=5&after=`)).toBe(true);
    const last = await raw(universe, '/api/v1/users?limit=200');
    expect(last.headers.get('link')).not.toContain('rel="next"');
  });

  it('filters by status, profile attributes with and/or, and searches', async () => {
    const client = sdk(universe);
    const suspended = universe.org.people.filter((p) => p.status === 'suspended').map((p) => p.email);
    expect((await collect(await client.userApi.listUsers({ filter: 'status eq "SUSPENDED"' }))).map((u) => u.profile?.login).sort()).toEqual(suspended.sort());
    const dept = universe.org.people[0].department;
    const inDept = await collect(await client.userApi.listUsers({ filter: `profile.department eq "${dept}" and status eq "ACTIVE"` }));
    expect(inDept.map((u) => u.profile?.login).sort()).toEqual(universe.org.people.filter((p) => p.department === dept && p.status === 'active').map((p) => p.email).sort());
    const person = universe.org.people[3];
    expect((await collect(await client.userApi.listUsers({ q: person.firstName.slice(0, 3) }))).map((u) => u.profile?.login)).toContain(person.email);
    expect((await collect(await client.userApi.listUsers({ search: `profile.email co "${person.email.split('@')[0]}"` }))).map((u) => u.profile?.login)).toContain(person.email);
  });

  it('refuses a malformed filter with E0000031 and a bad limit with E0000001', async () => {
    const bad = await raw(universe, `/api/v1/users?filter=${encodeURIComponent('status eq')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errorCode).toBe('E0000031');
    expect((await raw(universe, '/api/v1/users?limit=abc')).body.errorCode).toBe('E0000001');
    expect((await raw(universe, '/api/v1/users?limit=500')).body).toHaveLength(universe.org.people.filter((p) => p.status !== 'deactivated').length);
  });
});

describe('headers and auth', () => {
  it('sends X-Rate-Limit-* and X-Okta-Request-Id on every response, errors included', async () => {
    for (const res of [await raw(universe, '/api/v1/users?limit=1'), await raw(universe, '/api/v1/users/nobody'), await raw(universe, '/api/v1/users', { token: null })]) {
      expect(res.headers.get('x-rate-limit-limit')).toMatch(/^\d+$/);
      expect(res.headers.get('x-rate-limit-remaining')).toMatch(/^\d+$/);
      expect(Number(res.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
      expect(res.headers.get('x-okta-request-id')).toBeTruthy();
    }
  });

  it('refuses a bad token with 401 E0000011 and a read-only token on writes with 403 E0000006', async () => {
    expect((await raw(universe, '/api/v1/users', { token: 'nope' })).body.errorCode).toBe('E0000011');
    const readOnly = sdk(universe, universe.credentials.okta.readOnlyApiToken);
    expect((await collect(await readOnly.userApi.listUsers({ limit: 3 }))).length).toBeGreaterThan(0);
    await expect(readOnly.userApi.createUser({ body: newUser('ro@example.com') })).rejects.toMatchObject({ status: 403, errorCode: 'E0000006' });
  });

  it('answers a body that is not JSON with E0000003 and a non-object body likewise', async () => {
    expect((await raw(universe, '/api/v1/users', { method: 'POST', rawBody: '{"profile":' })).body.errorCode).toBe('E0000003');
    expect((await raw(universe, '/api/v1/users', { method: 'POST', body: [1] })).body.errorCode).toBe('E0000003');
  });
});

describe('createUser, getUser, updateUser, replaceUser, deleteUser', () => {
  it('creates with a password (ACTIVE), without credentials (PROVISIONED) and with activate=false (STAGED)', async () => {
    const client = sdk(universe);
    const withPassword = await client.userApi.createUser({ body: { ...newUser('a1@example.com'), credentials: { password: { value: 'Secret-123' } } } });
    expect(withPassword).toMatchObject({ status: 'ACTIVE', profile: { login: 'a1@example.com' } });
    expect(withPassword.id).toMatch(/^00u/);
    expect(withPassword.credentials?.password).toBeDefined();
    expect((await client.userApi.createUser({ body: newUser('a2@example.com') })).status).toBe('PROVISIONED');
    expect((await client.userApi.createUser({ body: newUser('a3@example.com'), activate: false })).status).toBe('STAGED');
    expect((await client.userApi.getUser({ userId: 'a1@example.com' })).id).toBe(withPassword.id);
    expect((await client.userApi.getUser({ userId: withPassword.id! })).profile?.login).toBe('a1@example.com');
    expect((await client.userApi.getUser({ userId: 'me' })).profile?.login).toBe(universe.credentials.okta.as);
  });

  it('creates with nextLogin=changePassword (PASSWORD_EXPIRED); enforces the default password policy and the base profile schema', async () => {
    const client = sdk(universe);
    const expired = await client.userApi.createUser({ body: { ...newUser('n1@example.com'), credentials: { password: { value: 'Temp-Pass-42' } } }, nextLogin: 'changePassword' } as never);
    expect(expired.status).toBe('PASSWORD_EXPIRED');
    for (const weak of ['short1A', 'alllowercase1', 'ALLUPPERCASE1', 'NoDigitsHere', 'Nina-Secret-9']) {
      await expect(client.userApi.createUser({ body: { ...newUser('nina@example.com'), credentials: { password: { value: weak } } } }), weak)
        .rejects.toMatchObject({ status: 400, errorCode: 'E0000001', errorCauses: [{ errorSummary: expect.stringContaining('Password requirements were not met') }] });
    }
    const custom = await raw(universe, '/api/v1/users', { method: 'POST', body: { profile: { ...newUser('n3@example.com').profile, favouriteColour: 'teal' } } });
    expect(custom.body.errorCauses).toEqual([{ errorSummary: "Property name 'favouriteColour' is not defined in profile" }]);
    expect((await raw(universe, '/api/v1/users/nina@example.com')).status).toBe(404);
  });

  it('creates into groups (and Everyone)', async () => {
    const client = sdk(universe);
    const group = (await collect(await client.groupApi.listGroups({ q: universe.org.groups[0].name })))[0];
    const user = await client.userApi.createUser({ body: { ...newUser('g@example.com'), groupIds: [group.id!] } as never });
    const names = (await collect(await client.userApi.listUserGroups({ userId: user.id! }))).map((g) => g.profile?.name).sort();
    expect(names).toEqual(['Everyone', group.profile!.name].sort());
  });

  it('refuses a duplicate login, missing fields and unknown groups without writing anything', async () => {
    const client = sdk(universe);
    const taken = universe.org.people[0].email;
    await expect(client.userApi.createUser({ body: newUser(taken) })).rejects.toMatchObject({ status: 400, errorCode: 'E0000001', errorCauses: [{ errorSummary: expect.stringContaining('already exists') }] });
    const missing = await raw(universe, '/api/v1/users', { method: 'POST', body: { profile: { login: 'x@example.com' } } });
    expect(missing.status).toBe(400);
    expect(missing.body.errorCauses.map((c: { errorSummary: string }) => c.errorSummary)).toEqual(expect.arrayContaining([expect.stringContaining('email'), expect.stringContaining('firstName')]));
    expect((await raw(universe, '/api/v1/users', { method: 'POST', body: { ...newUser('y@example.com'), groupIds: ['00gnothere'] } })).status).toBe(404);
    expect((await raw(universe, '/api/v1/users/y@example.com')).status).toBe(404);
  });

  it('POST updates only the attributes sent; PUT replaces the whole profile', async () => {
    const client = sdk(universe);
    const person = universe.org.people[1];
    const updated = await client.userApi.updateUser({ userId: person.email, user: { profile: { nickName: 'Zed' } } });
    expect(updated.profile).toMatchObject({ nickName: 'Zed', title: person.title, login: person.email });
    const replaced = await client.userApi.replaceUser({ userId: person.email, user: { profile: { login: person.email, email: person.email, firstName: 'Only', lastName: 'These' } } });
    expect(replaced.profile).toEqual({ login: person.email, email: person.email, firstName: 'Only', lastName: 'These' });
    expect(Date.parse(replaced.lastUpdated as unknown as string)).toBeGreaterThan(Date.parse('2025-01-01'));
  });

  it('a login change is found under the new login only', async () => {
    const person = universe.org.people[2];
    await sdk(universe).userApi.updateUser({ userId: person.email, user: { profile: { login: 'renamed@example.com' } } });
    expect((await raw(universe, '/api/v1/users/renamed@example.com')).status).toBe(200);
    expect((await raw(universe, `/api/v1/users/${person.email}`)).status).toBe(404);
  });

  it('DELETE deactivates first, deletes on the second call; unknown ids are E0000007', async () => {
    const client = sdk(universe);
    const user = await client.userApi.createUser({ body: newUser('gone@example.com') });
    await client.userApi.deleteUser({ userId: user.id! });
    expect((await client.userApi.getUser({ userId: user.id! })).status).toBe('DEPROVISIONED');
    await client.userApi.deleteUser({ userId: user.id! });
    await expect(client.userApi.getUser({ userId: user.id! })).rejects.toMatchObject({ status: 404, errorCode: 'E0000007' });
  });
});
