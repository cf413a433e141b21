// OAuth bearer tokens on the Management API: @okta/okta-sdk-nodejs in PrivateKey mode (client
// credentials + private_key_jwt at /oauth2/v1/token, then `Bearer` on /api/v1/*), scopes enforced.
import okta from '@okta/okta-sdk-nodejs';
import { importPKCS8 } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { collect, oktaUniverse, raw } from './helpers.js';
import { serviceApp, webAppConfig } from './oauth-helpers.js';

let universe: Universe;

beforeAll(async () => { universe = await oktaUniverse({ seed: 13 }); });
afterAll(() => universe.close());

function privateKeyClient(scopes: string[]): okta.Client {
  const app = serviceApp(universe);
  return new okta.Client({
    orgUrl: universe.credentials.okta.orgUrl, authorizationMode: 'PrivateKey', clientId: app.clientId, scopes, privateKey: app.privateKey, keyId: app.keyId,
    requestExecutor: new okta.DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 0 }),
  });
}

const bearer = async (path: string, token: string, init: { method?: string; body?: unknown } = {}) => {
  const res = await fetch(`${universe.credentials.okta.orgUrl}${path}`, {
    method: init.method ?? 'GET', headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(init.body !== undefined && { 'content-type': 'application/json' }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, headers: res.headers, body: await res.json() as Record<string, unknown> };
};

describe('the SDK in PrivateKey mode', () => {
  it('lists users and groups with okta.users.read and okta.groups.read', async () => {
    const client = privateKeyClient(['okta.users.read', 'okta.groups.read']);
    const users = await collect(await client.userApi.listUsers({ limit: 50 }));
    const active = universe.org.people.filter((p) => p.status !== 'deactivated').map((p) => p.email).sort();
    expect(users.map((u) => u.profile!.login).sort()).toEqual(active);
    const groups = await collect(await client.groupApi.listGroups());
    expect(groups.map((g) => g.profile!.name)).toContain('Everyone');
  });

  it('is refused a write its token has no scope for: 403 E0000006 with the insufficient_scope challenge', async () => {
    const client = privateKeyClient(['okta.users.read']);
    const error = await client.userApi.createUser({ body: { profile: { login: 'new.person@example.com', email: 'new.person@example.com', firstName: 'New', lastName: 'Person' } } })
      .then(() => null, (e: { status: number; errorCode: string }) => e);
    expect(error).toMatchObject({ status: 403, errorCode: 'E0000006' });
    const users = await collect(await client.userApi.listUsers({ search: 'profile.login eq "new.person@example.com"' }));
    expect(users).toHaveLength(0);
  });

  it('writes with okta.users.manage, and the System Log records the token grant', async () => {
    const client = privateKeyClient(['okta.users.manage']);
    const created = await client.userApi.createUser({ body: { profile: { login: 'oauth.made@example.com', email: 'oauth.made@example.com', firstName: 'OAuth', lastName: 'Made' } } });
    expect(created.profile!.login).toBe('oauth.made@example.com');
    const logs = await raw(universe, `/api/v1/logs?filter=${encodeURIComponent('eventType eq "app.oauth2.token.grant.access_token"')}&until=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect((logs.body as { actor: { id: string; type: string } }[]).map((e) => e.actor)).toContainEqual(expect.objectContaining({ id: serviceApp(universe).clientId, type: 'PublicClientApp' }));
    // The write itself is the app's doing too, as Okta logs it.
    const creates = await raw(universe, `/api/v1/logs?filter=${encodeURIComponent('eventType eq "user.lifecycle.create"')}&until=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    const create = (creates.body as { actor: { id: string; type: string }; target: { alternateId: string }[] }[]).find((e) => e.target.some((t) => t.alternateId === 'oauth.made@example.com'));
    expect(create?.actor).toMatchObject({ id: serviceApp(universe).clientId, type: 'PublicClientApp' });
  });
});

describe('bearer tokens (raw HTTP)', () => {
  it('answers a missing scope with Okta\'s 403 and WWW-Authenticate header', async () => {
    const tokens = await oidc.clientCredentialsGrant(await serviceAppConfig(), { scope: 'okta.users.read' });
    const res = await bearer('/api/v1/groups', tokens.access_token);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ errorCode: 'E0000006' });
    expect(res.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(res.headers.get('www-authenticate')).toContain('scope="okta.groups.read"');
    expect((await bearer('/api/v1/users?limit=1', tokens.access_token)).status).toBe(200);
  });

  it('refuses garbage, a default-server token and a revoked token with 401 E0000011', async () => {
    expect(await bearer('/api/v1/users', 'not.a.jwt')).toMatchObject({ status: 401, body: { errorCode: 'E0000011' } });
    const config = await webAppConfig(universe);
    const custom = await oidc.clientCredentialsGrant(config, { scope: 'api.read' });
    expect((await bearer('/api/v1/users', custom.access_token)).status).toBe(401);
    const serviceConfig = await serviceAppConfig();
    const tokens = await oidc.clientCredentialsGrant(serviceConfig, { scope: 'okta.users.read' });
    expect((await bearer('/api/v1/users?limit=1', tokens.access_token)).status).toBe(200);
    await oidc.tokenRevocation(await serviceAppConfig('revoke'), tokens.access_token);
    expect(await bearer('/api/v1/users?limit=1', tokens.access_token)).toMatchObject({ status: 401, body: { errorCode: 'E0000011' } });
  });
});

/** openid-client for the service app; Okta wants the assertion's aud to be the endpoint called (token by default). */
async function serviceAppConfig(endpoint = 'token') {
  const app = serviceApp(universe);
  const key = { key: await importPKCS8(app.privateKey, 'RS256'), kid: app.keyId };
  const audience = `${universe.credentials.okta.orgUrl}/oauth2/v1/${endpoint}`;
  const auth = oidc.PrivateKeyJwt(key, { [oidc.modifyAssertion]: (_header, payload) => { payload.aud = audience; } });
  return oidc.discovery(new URL(universe.credentials.okta.orgUrl), app.clientId, undefined, auth, { execute: [oidc.allowInsecureRequests] });
}
