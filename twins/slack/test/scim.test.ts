// SCIM v2 (/scim/v2/Users, /scim/v2/Groups) as Slack offers it to identity providers, over raw HTTP
// (there is no official Node SCIM client); its effects checked through WebClient.
import { describe, expect, it } from 'vitest';
import { hasVendorDocs, vendorDoc } from '../../../test/helpers/vendor-docs.js';
import { LUCIA, slackErrorOf, useSlack } from './setup.js';

const env = useSlack();

function scim(path: string, init: { method?: string; body?: unknown; token?: string | null; raw?: string } = {}) {
  const base = env.creds.apiUrl.replace(/\/api\/$/, '');
  const token = init.token === undefined ? env.creds.scimToken : init.token;
  return fetch(`${base}/scim/v2/${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...((init.body !== undefined || init.raw) && { 'content-type': 'application/scim+json' }) },
    ...((init.body !== undefined || init.raw) && { body: init.raw ?? JSON.stringify(init.body) }),
  });
}
const json = async (res: Response) => ({ status: res.status, body: res.status === 204 ? null : await res.json() });

const NEW_PERSON = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'nora.quinn@northwind-robotics.example.com', externalId: '00u-okta-1',
  name: { givenName: 'Nora', familyName: 'Quinn' }, displayName: 'Nora', title: 'Analyst', emails: [{ value: 'nora.quinn@northwind-robotics.example.com', primary: true }],
};

describe('SCIM auth and errors', () => {
  it('refuses missing, unknown and non-admin tokens in SCIM error shape; malformed JSON is a 400', async () => {
    expect(await json(await scim('Users', { token: null }))).toEqual({ status: 401, body: { Errors: { description: 'invalid_authentication', code: 401 } } });
    expect((await json(await scim('Users', { token: 'xoxp-nope' }))).status).toBe(401);
    expect(await json(await scim('Users', { token: env.creds.userToken }))).toEqual({ status: 403, body: { Errors: { description: 'invalid_permissions', code: 403 } } });
    expect(await json(await scim('Users', { method: 'POST', raw: '{"userName":' }))).toEqual({ status: 400, body: { Errors: { description: 'invalid_json', code: 400 } } });
    expect(await json(await scim('Users/U0NOPE'))).toEqual({ status: 404, body: { Errors: { description: 'user_not_found', code: 404 } } });
    expect((await json(await scim('Users?filter=userName%20co%20%22a%22'))).status).toBe(400);
  });
});

describe('SCIM malformed input', () => {
  it('wrong types and shapes anywhere in a body are 400s in SCIM shape, never 5xx, and write nothing', async () => {
    const id = (await env.as(env.creds.userTokens[LUCIA]).auth.test()).user_id!;
    const group = (await json(await scim('Groups?count=1'))).body.Resources[0].id;
    const both: unknown[] = [null, [], 'text', 5, {}, { Operations: 'x' }, { Operations: [null] }, { Operations: [{ op: 'replace', path: 5 }] }, { Operations: [{ op: 'replace', value: null }] }];
    const users: unknown[] = [
      { userName: 5 }, { userName: 'a', emails: 'x' }, { userName: 'a', emails: [{ value: 5 }] }, { userName: 'a', emails: [] }, { userName: 'a', emails: [{ value: 'not-an-email' }] },
      { userName: 'a', emails: [{ value: 'a@b.co' }], name: 'x' }, { userName: '../../etc', emails: [{ value: 'a@b.co' }] }, { userName: 'a', emails: [{ value: 'a@b.co' }], active: 'maybe' },
      { Operations: [{ op: 'remove', path: 'active' }] }, { Operations: [{ op: 'replace', path: 'active', value: 3 }] },
    ];
    const groups: unknown[] = [
      { displayName: '' }, { displayName: 'x', members: 'all' }, { displayName: 'x', members: [{ value: 'U0NOBODY' }] },
      { Operations: [{ op: 'add', path: 'members', value: 'x' }] }, { Operations: [{ op: 'remove', path: 'members', value: 'x' }] }, { Operations: [{ op: 'replace', path: 'owner', value: 'x' }] },
    ];
    const targets = (kind: 'Users' | 'Groups', at: string) => [['POST', kind], ['PUT', `${kind}/${at}`], ['PATCH', `${kind}/${at}`]];
    const cases = [...[...both, ...users].flatMap((body) => targets('Users', id).map((t) => [...t, body])), ...[...both, ...groups].flatMap((body) => targets('Groups', group).map((t) => [...t, body]))];
    const before = await env.universe.snapshot();
    for (const [method, path, body] of cases as [string, string, unknown][]) {
      {
        const res = await json(await scim(path, { method, raw: JSON.stringify(body) }));
        expect([400, 409], `${method} ${path} ${JSON.stringify(body)}`).toContain(res.status);
        expect(res.body, `${method} ${path} ${JSON.stringify(body)}`).toEqual({ Errors: { description: expect.any(String), code: res.status } });
      }
    }
    expect(await env.universe.snapshot()).toEqual(before);
  });
});

describe('SCIM /Users', () => {
  it('lists people (no bots) with startIndex/count and filters by userName and email', async () => {
    const all = (await json(await scim('Users?count=1000'))).body;
    expect(all.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
    expect(all.totalResults).toBe(12);
    const page = (await json(await scim('Users?startIndex=3&count=4'))).body;
    expect(page).toMatchObject({ totalResults: 12, itemsPerPage: 4, startIndex: 3 });
    expect(page.Resources.map((u: any) => u.id)).toEqual(all.Resources.slice(2, 6).map((u: any) => u.id));
    const byName = (await json(await scim('Users?filter=' + encodeURIComponent('userName eq "lucia.fernandez"')))).body;
    expect(byName.Resources).toHaveLength(1);
    expect(byName.Resources[0]).toMatchObject({ userName: 'lucia.fernandez', active: true, emails: [{ value: LUCIA, primary: true }] });
    const byEmail = (await json(await scim('Users?filter=' + encodeURIComponent(`email eq "${LUCIA.toUpperCase()}"`)))).body;
    expect(byEmail.Resources.map((u: any) => u.id)).toEqual([byName.Resources[0].id]);
  });

  it('creating a person makes a Slack user in #general; duplicates are 409', async () => {
    const created = await json(await scim('Users', { method: 'POST', body: NEW_PERSON }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ userName: 'nora.quinn', externalId: '00u-okta-1', active: true, title: 'Analyst', meta: { location: expect.stringContaining(`/scim/v2/Users/${created.body.id}`) } });
    const user = (await env.bot.users.lookupByEmail({ email: NEW_PERSON.emails[0].value })).user!;
    expect(user).toMatchObject({ id: created.body.id, name: 'nora.quinn', real_name: 'Nora Quinn', deleted: false });
    const general = (await env.bot.conversations.list({})).channels!.find((c) => c.name === 'general')!.id!;
    expect((await env.bot.conversations.members({ channel: general, limit: 1000 })).members).toContain(user.id);
    expect((await env.bot.conversations.history({ channel: general, limit: 1 })).messages![0]).toMatchObject({ subtype: 'channel_join', user: user.id });
    expect(await json(await scim('Users', { method: 'POST', body: NEW_PERSON }))).toEqual({ status: 409, body: { Errors: { description: 'username_taken', code: 409 } } });
    expect((await json(await scim('Users', { method: 'POST', body: { ...NEW_PERSON, userName: 'other' } }))).body.Errors.description).toBe('email_taken');
    expect((await json(await scim('Users', { method: 'POST', body: { userName: 'no-email' } }))).status).toBe(400);
  });

  it('PATCH active:false deactivates: tokens fail with account_inactive, the person leaves member lists; active:true brings them back', async () => {
    const lucia = env.as(env.creds.userTokens[LUCIA]);
    const id = (await lucia.auth.test()).user_id!;
    const engineering = (await env.bot.conversations.list({})).channels!.find((c) => c.name === 'engineering')!.id!;
    expect((await env.user.conversations.members({ channel: engineering })).members).toContain(id);
    const patched = await json(await scim(`Users/${id}`, { method: 'PATCH', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] } }));
    expect(patched).toMatchObject({ status: 200, body: { id, active: false } });
    expect(await slackErrorOf(lucia.auth.test())).toMatchObject({ error: 'account_inactive' });
    expect((await env.user.conversations.members({ channel: engineering })).members).not.toContain(id);
    expect((await env.bot.users.info({ user: id })).user).toMatchObject({ deleted: true });
    const groups = await env.bot.usergroups.list({ include_users: true });
    expect(groups.usergroups!.some((g) => g.users?.includes(id))).toBe(false);

    await scim(`Users/${id}`, { method: 'PATCH', body: { Operations: [{ op: 'replace', path: 'active', value: 'True' }] } });
    expect((await lucia.auth.test()).user_id).toBe(id);
  });

  it('PUT replaces the profile, PATCH paths change single fields, DELETE deactivates; a refused change writes nothing', async () => {
    const id = (await env.as(env.creds.userTokens[LUCIA]).auth.test()).user_id!;
    const put = await json(await scim(`Users/${id}`, { method: 'PUT', body: { userName: 'lucia', name: { givenName: 'Lucía', familyName: 'Fernández' }, emails: [{ value: 'lucia@northwind-robotics.example.com' }], title: 'Staff Engineer' } }));
    expect(put.body).toMatchObject({ userName: 'lucia', title: 'Staff Engineer', emails: [{ value: 'lucia@northwind-robotics.example.com' }] });
    expect((await env.bot.users.lookupByEmail({ email: 'lucia@northwind-robotics.example.com' })).user!.id).toBe(id);
    await scim(`Users/${id}`, { method: 'PATCH', body: { Operations: [{ op: 'replace', path: 'title', value: 'Principal Engineer' }, { op: 'replace', path: 'name.familyName', value: 'F.' }] } });
    expect((await env.bot.users.info({ user: id })).user).toMatchObject({ real_name: 'Lucía F.', profile: { title: 'Principal Engineer' } });

    const before = await env.universe.snapshot();
    const clash = await json(await scim(`Users/${id}`, { method: 'PATCH', body: { Operations: [{ op: 'replace', path: 'title', value: 'x' }, { op: 'replace', path: 'userName', value: 'priya.raman' }] } }));
    expect(clash.status).toBe(409);
    expect((await json(await scim(`Users/${id}`, { method: 'PATCH', body: { Operations: [{ op: 'explode' }] } }))).status).toBe(400);
    expect(await env.universe.snapshot()).toEqual(before);

    expect((await scim(`Users/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await json(await scim(`Users/${id}`))).body.active).toBe(false);
  });
});

describe('SCIM /Groups (user groups)', () => {
  it('lists, creates, patches members and display name, and deletes user groups', async () => {
    const listed = (await json(await scim('Groups'))).body;
    expect(listed.totalResults).toBe((await env.bot.usergroups.list({})).usergroups!.length);
    const luciaId = (await env.as(env.creds.userTokens[LUCIA]).auth.test()).user_id!;
    const ownerId = (await env.user.auth.test()).user_id!;
    const created = await json(await scim('Groups', { method: 'POST', body: { displayName: 'Incident Review', members: [{ value: luciaId }] } }));
    expect(created).toMatchObject({ status: 201, body: { displayName: 'Incident Review', members: [{ value: luciaId }] } });
    const id = created.body.id;
    expect(await json(await scim('Groups', { method: 'POST', body: { displayName: 'on-call' } }))).toEqual({ status: 409, body: { Errors: { description: 'name_already_exists', code: 409 } } });
    expect((await env.bot.usergroups.users.list({ usergroup: id })).users).toEqual([luciaId]);
    const filtered = (await json(await scim('Groups?filter=' + encodeURIComponent('displayName eq "incident review"')))).body;
    expect(filtered.Resources.map((g: any) => g.id)).toEqual([id]);

    await scim(`Groups/${id}`, { method: 'PATCH', body: { Operations: [{ op: 'add', path: 'members', value: [{ value: ownerId }] }, { op: 'remove', path: `members[value eq "${luciaId}"]` }, { op: 'replace', path: 'displayName', value: 'Incident Reviews' }] } });
    expect((await json(await scim(`Groups/${id}`))).body).toMatchObject({ displayName: 'Incident Reviews', members: [{ value: ownerId }] });
    expect((await json(await scim(`Groups/${id}`, { method: 'PATCH', body: { Operations: [{ op: 'add', path: 'members', value: [{ value: 'U0NOBODY' }] }] } }))).status).toBe(400);
    expect((await scim(`Groups/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await json(await scim(`Groups/${id}`))).status).toBe(404);
  });
});

describe.skipIf(!hasVendorDocs)('SCIM shapes match Slack\'s current samples (samples/scim/v2)', () => {
  it('list responses, users and groups use only the sample\'s fields, with the same types', async () => {
    const sameTypes = (ours: any, sample: any, where: string) => {
      for (const [key, value] of Object.entries(ours)) {
        expect(Object.keys(sample), `${where}.${key}`).toContain(key);
        expect(Array.isArray(value) ? 'array' : typeof value, `${where}.${key}`).toBe(Array.isArray(sample[key]) ? 'array' : typeof sample[key]);
      }
    };
    const users = (await json(await scim('Users?count=2'))).body;
    const userSample = vendorDoc('slack/samples/scim/v2/Users.json');
    sameTypes(users, userSample, 'Users');
    sameTypes(users.Resources[0], userSample.Resources[0], 'User');
    const groups = (await json(await scim('Groups?count=2'))).body;
    const groupSample = vendorDoc('slack/samples/scim/v2/Groups.json');
    sameTypes(groups, groupSample, 'Groups');
    sameTypes(groups.Resources[0], groupSample.Resources[0], 'Group');
    const error = (await json(await scim('Users/U0NOPE'))).body;
    sameTypes(error.Errors, userSample.Errors, 'Errors');
    const { schemas, ...config } = (await json(await scim('ServiceProviderConfig'))).body;
    expect(schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig']);
    sameTypes(config, vendorDoc('slack/samples/scim/v2/ServiceProviderConfigs.json'), 'ServiceProviderConfig');
    expect(config).toMatchObject({ patch: { supported: true }, filter: { supported: true }, bulk: { supported: false } });
    const types = (await json(await scim('ResourceTypes'))).body;
    const typeSample = vendorDoc('slack/samples/scim/v2/ResourceTypes.json');
    sameTypes(types, typeSample, 'ResourceTypes');
    for (const type of types.Resources) sameTypes(type, typeSample.Resources[0], 'ResourceType');
    expect(types.Resources.map((t: any) => t.endpoint)).toEqual(['/Users', '/Groups']);
  });
});

