// Malformed input of every kind gets an Okta-shaped 4xx, never a 5xx, and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { oktaUniverse, raw } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await oktaUniverse({ seed: 12, users: 6 }); });
afterAll(() => universe.close());

const FILTERS = ['', ' ', '(', ')', 'status', 'status eq', 'status eq ACTIVE', 'status eq "ACTIVE" and', 'and or', '"a" eq "b"', 'status eq "A" status eq "B"',
  'status ~ "A"', 'status eq "unterminated', 'lastUpdated gt "not a date" or', 'a.b.c eq (', '\\', 'status eq "A")', 'x'.repeat(5000)];

const BODIES: unknown[] = [null, 1, 'text', [], [{}], {}, { profile: null }, { profile: [] }, { profile: 'x' }, { profile: { login: 5, email: true, firstName: {}, lastName: [] } },
  { profile: { login: 'not-an-email', email: 'x', firstName: 'a', lastName: 'b' } }, { profile: { login: 'ok@example.com', email: 'ok@example.com', firstName: 'a', lastName: 'b' }, credentials: 'pw' },
  { profile: { login: 'ok@example.com', email: 'ok@example.com', firstName: 'a', lastName: 'b' }, credentials: { password: { value: 7 } } },
  { profile: { login: 'ok@example.com', email: 'ok@example.com', firstName: 'a', lastName: 'b' }, groupIds: 'nope' },
  { profile: { login: 'ok@example.com', email: 'ok@example.com', firstName: 'a', lastName: 'b' }, groupIds: [1] }];

const expectOktaClientError = (res: { status: number; body: any }, what: string) => {
  expect(res.status, what).toBeGreaterThanOrEqual(400);
  expect(res.status, what).toBeLessThan(500);
  expect(res.body, what).toMatchObject({ errorCode: expect.stringMatching(/^E0000\d{3}$/), errorSummary: expect.any(String), errorCauses: expect.any(Array) });
};

describe('malformed input', () => {
  it('bad filters, searches and parameters are 400s; bad bodies are 400s; nothing is written', async () => {
    const before = await universe.snapshot();
    const someone = before.twins.okta as { users: { id: string }[] };
    for (const f of FILTERS) {
      for (const param of ['filter', 'search']) {
        if (f.trim() === '') continue;
        expectOktaClientError(await raw(universe, `/api/v1/users?${param}=${encodeURIComponent(f)}`), `users ${param} ${f}`);
        expectOktaClientError(await raw(universe, `/api/v1/groups?${param}=${encodeURIComponent(f)}`), `groups ${param} ${f}`);
      }
    }
    // Valid search, but beyond what Okta's filter accepts.
    for (const f of ['profile.login co "a"', 'status sw "A"', 'status ne "A"']) expectOktaClientError(await raw(universe, `/api/v1/users?filter=${encodeURIComponent(f)}`), `filter ${f}`);
    for (const q of ['limit=-1', 'limit=0', 'limit=1.5', 'limit=x', 'limit=1&limit=2', 'activate=maybe', 'q=a&q=b']) {
      expectOktaClientError(await raw(universe, `/api/v1/users?${q}`, q.startsWith('activate') ? { method: 'POST', body: BODIES[11] } : {}), q);
    }
    for (const body of BODIES) {
      expectOktaClientError(await raw(universe, '/api/v1/users', { method: 'POST', rawBody: JSON.stringify(body) }), `create ${JSON.stringify(body)}`);
      // replaceUser ignores groupIds, so those bodies are valid there.
      if (!(body && typeof body === 'object' && 'groupIds' in body)) expectOktaClientError(await raw(universe, `/api/v1/users/${someone.users[0].id}`, { method: 'PUT', rawBody: JSON.stringify(body) }), `replace ${JSON.stringify(body)}`);
      expectOktaClientError(await raw(universe, '/api/v1/groups', { method: 'POST', rawBody: JSON.stringify(body) }), `group ${JSON.stringify(body)}`);
    }
    for (const text of ['{', '{"profile":', 'nul', '"x']) expectOktaClientError(await raw(universe, '/api/v1/users', { method: 'POST', rawBody: text }), text);
    expectOktaClientError(await raw(universe, '/api/v1/logs?until=never'), 'logs until');
    expectOktaClientError(await raw(universe, '/api/v1/logs?sortOrder=SIDEWAYS'), 'logs sortOrder');
    expect((await universe.snapshot()).twins.okta).toEqual(before.twins.okta);
  });
});

const NOT_OBJECTS: unknown[] = [null, 1, 'text', [], [{}], true];

describe('malformed input to apps, app assignments, group rules and event hooks', () => {
  it('answers Okta-shaped 4xx for bad bodies, filters, types and unknown fields, and writes nothing', async () => {
    const before = await universe.snapshot();
    const data = before.twins.okta as { apps: { id: string }[]; users: { id: string }[]; groups: { id: string; type: string }[] };
    const appId = data.apps[0].id;
    const userId = data.users[0].id;
    const groupId = data.groups.find((g) => g.type === 'OKTA_GROUP')!.id;
    const oidc = (oauthClient: unknown, extra: Record<string, unknown> = {}) => ({ label: 'Fuzz', signOnMode: 'OPENID_CONNECT', settings: { oauthClient }, ...extra });
    const appBodies: unknown[] = [...NOT_OBJECTS, {}, { label: 5, signOnMode: 'SAML_2_0' }, { label: 'x', signOnMode: 'CARRIER_PIGEON' }, { label: 'x', signOnMode: 'SAML_2_0', shoeSize: 9 },
      { label: 'x', signOnMode: 'BOOKMARK', settings: { app: { url: 'not a url' } } }, { label: 'x', signOnMode: 'SAML_2_0', settings: [] }, { label: 'x', signOnMode: 'SAML_2_0', settings: { app: 'x' } },
      { label: 'x', signOnMode: 'OPENID_CONNECT', name: 'not_in_catalog', settings: { oauthClient: {} } }, oidc(null), oidc('x'), oidc({ grant_types: 'authorization_code' }),
      oidc({ grant_types: ['authorization_code'], redirect_uris: ['not a uri'] }), oidc({ grant_types: ['teleport'] }), oidc({ grant_types: ['client_credentials'], application_type: 'toaster' }),
      oidc({ grant_types: ['authorization_code'], redirect_uris: ['https://x.example/cb'] }, { credentials: { oauthClient: { token_endpoint_auth_method: 'magic' } } }),
      oidc({ grant_types: ['client_credentials'], application_type: 'service', jwks: { keys: 'none' } }, { credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } } }),
      oidc({ grant_types: ['authorization_code', 'client_credentials'], application_type: 'service', redirect_uris: ['https://x.example/cb'] })];
    for (const body of appBodies) {
      expectOktaClientError(await raw(universe, '/api/v1/apps', { method: 'POST', rawBody: JSON.stringify(body) }), `createApplication ${JSON.stringify(body)}`);
      expectOktaClientError(await raw(universe, `/api/v1/apps/${appId}`, { method: 'PUT', rawBody: JSON.stringify(body) }), `replaceApplication ${JSON.stringify(body)}`);
    }
    for (const f of ['status eq ACTIVE', 'label eq "x"', 'status eq "ACTIVE" or name eq "x"', '(', 'user.id sw "00u"']) expectOktaClientError(await raw(universe, `/api/v1/apps?filter=${encodeURIComponent(f)}`), `apps filter ${f}`);
    for (const q of ['limit=0', 'limit=x', 'q=a&q=b', 'activate=maybe']) expectOktaClientError(await raw(universe, `/api/v1/apps?${q}`, q.startsWith('activate') ? { method: 'POST', body: { label: 'x', signOnMode: 'SAML_2_0' } } : {}), `apps ${q}`);
    const appUserBodies: unknown[] = [...NOT_OBJECTS, {}, { id: 5 }, { id: '00unope' }, { id: userId, profile: 'x' }, { id: userId, credentials: { userName: 7 } }, { id: userId, colour: 'red' }];
    for (const body of appUserBodies) expectOktaClientError(await raw(universe, `/api/v1/apps/${appId}/users`, { method: 'POST', rawBody: JSON.stringify(body) }), `assignUserToApplication ${JSON.stringify(body)}`);
    for (const body of [{ profile: [] }, { credentials: 'x' }, { colour: 'red' }]) expectOktaClientError(await raw(universe, `/api/v1/apps/${appId}/users/${userId}`, { method: 'POST', body }), `updateApplicationUser ${JSON.stringify(body)}`);
    for (const body of [{ priority: -1 }, { priority: 'high' }, { profile: 'x' }, [], 'x']) expectOktaClientError(await raw(universe, `/api/v1/apps/${appId}/groups/${groupId}`, { method: 'PUT', rawBody: JSON.stringify(body) }), `assignGroupToApplication ${JSON.stringify(body)}`);
    expectOktaClientError(await raw(universe, `/api/v1/apps/${appId}/groups/00gnope`, { method: 'PUT' }), 'assign unknown group');
    expectOktaClientError(await raw(universe, '/api/v1/apps/0oanope/users'), 'unknown app');
    const rule = (value: unknown, groupIds: unknown = [groupId]) => ({ name: 'r', conditions: { expression: { type: 'urn:okta:expression:1.0', value } }, actions: { assignUserToGroups: { groupIds } } });
    const ruleBodies: unknown[] = [...NOT_OBJECTS, {}, rule('user.department == '), rule(5), rule('user.a == "b"', 'x'), rule('user.a == "b"', [5]), rule('user.a == "b"', ['00gnope']),
      rule('user.a = "b"'), rule('user.a == "b" &&'), rule('((user.a == "b")'), { ...rule('user.a == "b"'), colour: 'red' }, { ...rule('user.a == "b"'), name: 'n'.repeat(51) }];
    for (const body of ruleBodies) expectOktaClientError(await raw(universe, '/api/v1/groups/rules', { method: 'POST', rawBody: JSON.stringify(body) }), `createGroupRule ${JSON.stringify(body)}`);
    const hook = (config: unknown, items: unknown = ['user.lifecycle.create']) => ({ name: 'h', events: { type: 'EVENT_TYPE', items }, channel: { type: 'HTTP', version: '1.0.0', config } });
    const hookBodies: unknown[] = [...NOT_OBJECTS, {}, hook({ uri: 'http://127.0.0.1:1/x' }, []), hook({ uri: 'http://127.0.0.1:1/x' }, 'user.lifecycle.create'), hook({ uri: 'http://127.0.0.1:1/x' }, ['NOPE']),
      hook({ uri: 'not a url' }), hook({}), hook('x'), hook({ uri: 'http://127.0.0.1:1/x', headers: 'x' }), hook({ uri: 'http://127.0.0.1:1/x', authScheme: { type: 'BASIC', key: 'a', value: 'b' } }),
      hook({ uri: 'http://127.0.0.1:1/x', authScheme: { type: 'HEADER', key: 'Authorization' } }), { ...hook({ uri: 'http://127.0.0.1:1/x' }), colour: 'red' }];
    for (const body of hookBodies) expectOktaClientError(await raw(universe, '/api/v1/eventHooks', { method: 'POST', rawBody: JSON.stringify(body) }), `createEventHook ${JSON.stringify(body)}`);
    const userBodies: unknown[] = [{ profile: { login: 'n@example.com', email: 'n@example.com', firstName: 'a', lastName: 'b', shoeSize: '9' } },
      { profile: { login: 'n@example.com', email: 'n@example.com', firstName: 'a', lastName: 'b' }, colour: 'red' },
      { profile: { login: 'n@example.com', email: 'n@example.com', firstName: 'a', lastName: 'b', title: 5 } },
      { profile: { login: 'n@example.com', email: 'n@example.com', firstName: 'a', lastName: 'b' }, credentials: { password: { value: 'alllowercase1' } } },
      { profile: { login: 'nora@example.com', email: 'nora@example.com', firstName: 'a', lastName: 'b' }, credentials: { password: { value: 'Nora-12345' } } }];
    for (const body of userBodies) expectOktaClientError(await raw(universe, '/api/v1/users', { method: 'POST', body }), `createUser ${JSON.stringify(body)}`);
    expectOktaClientError(await raw(universe, '/api/v1/users?nextLogin=later', { method: 'POST', body: { profile: { login: 'n@example.com', email: 'n@example.com', firstName: 'a', lastName: 'b' } } }), 'nextLogin');
    expect((await universe.snapshot()).twins.okta).toEqual(before.twins.okta);
  });
});
