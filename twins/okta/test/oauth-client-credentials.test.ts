// The authorization servers' metadata, client_credentials through openid-client (client_secret_basic,
// client_secret_post, private_key_jwt), tokens checked with @okta/jwt-verifier and jose, Okta's OAuth
// error bodies, and signing-key rotation through the control route.
import OktaJwtVerifier from '@okta/jwt-verifier';
import { createRemoteJWKSet, decodeProtectedHeader, importPKCS8, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { oktaUniverse } from './helpers.js';
import { oidcCredentials, postForm, serviceApp, webAppConfig } from './oauth-helpers.js';

let universe: Universe;
let orgUrl: string;

beforeAll(async () => {
  universe = await oktaUniverse({ seed: 12 });
  orgUrl = universe.credentials.okta.orgUrl;
});
afterAll(() => universe.close());

/** openid-client for the service app at the org server: private_key_jwt whose `aud` is the token endpoint, as Okta requires. */
async function serviceAppConfig(audience: 'token endpoint' | 'issuer' = 'token endpoint') {
  const app = serviceApp(universe);
  const key = { key: await importPKCS8(app.privateKey, 'RS256'), kid: app.keyId };
  const auth = oidc.PrivateKeyJwt(key, audience === 'issuer' ? {} : { [oidc.modifyAssertion]: (_header, payload) => { payload.aud = app.tokenUrl; } });
  return oidc.discovery(new URL(orgUrl), app.clientId, undefined, auth, { execute: [oidc.allowInsecureRequests] });
}

describe('discovery', () => {
  it.each([
    ['/.well-known/openid-configuration', '', true],
    ['/.well-known/oauth-authorization-server', '', false],
    ['/oauth2/default/.well-known/openid-configuration', '/oauth2/default', true],
    ['/oauth2/default/.well-known/oauth-authorization-server', '/oauth2/default', false],
  ])('%s names the issuer and absolute endpoints on the twin', async (path, issuerPath, oidcDocument) => {
    const res = await fetch(`${orgUrl}${path}`);
    expect(res.status).toBe(200);
    const doc = await res.json() as Record<string, unknown>;
    const prefix = issuerPath || '/oauth2';
    expect(doc).toMatchObject({
      issuer: `${orgUrl}${issuerPath}`, authorization_endpoint: `${orgUrl}${prefix}/v1/authorize`, token_endpoint: `${orgUrl}${prefix}/v1/token`,
      jwks_uri: `${orgUrl}${prefix}/v1/keys`, introspection_endpoint: `${orgUrl}${prefix}/v1/introspect`, revocation_endpoint: `${orgUrl}${prefix}/v1/revoke`,
      end_session_endpoint: `${orgUrl}${prefix}/v1/logout`, code_challenge_methods_supported: ['S256'],
    });
    expect(doc.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['client_secret_basic', 'client_secret_post', 'private_key_jwt']));
    expect('userinfo_endpoint' in doc).toBe(oidcDocument);
  });

  it('refuses an unknown client_id with Okta\'s 400', async () => {
    const res = await fetch(`${orgUrl}/.well-known/openid-configuration?client_id=0oanope`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errorCode: 'invalid_client' });
  });
});

describe('client_credentials', () => {
  it('issues a default-server access token for the credentials\' scope that @okta/jwt-verifier accepts', async () => {
    const { issuer, scope, clientId, audience } = oidcCredentials(universe);
    const config = await webAppConfig(universe);
    const tokens = await oidc.clientCredentialsGrant(config, { scope });
    expect(tokens).toMatchObject({ token_type: expect.stringMatching(/^bearer$/i), expires_in: 3600, scope });
    const verifier = new OktaJwtVerifier({ issuer, testing: { disableHttpsCheck: true } });
    const { claims } = await verifier.verifyAccessToken(tokens.access_token, audience);
    expect(claims).toMatchObject({ iss: issuer, aud: 'api://default', cid: clientId, sub: clientId, scp: scope.split(' '), ver: 1 });
    expect(claims.uid).toBeUndefined();
  });

  it('takes the client secret in the body, and URL-decodes HTTP Basic credentials', async () => {
    const config = await webAppConfig(universe, undefined, oidc.ClientSecretPost(oidcCredentials(universe).clientSecret));
    expect((await oidc.clientCredentialsGrant(config, { scope: 'api.read' })).access_token).toBeTruthy();
    const { clientId, clientSecret } = oidcCredentials(universe);
    const encoded = clientSecret.replace(/[a-z]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
    const res = await fetch(`${orgUrl}/oauth2/default/v1/token`, {
      method: 'POST', body: 'grant_type=client_credentials&scope=api.read',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${encoded}`).toString('base64')}` },
    });
    expect(res.status).toBe(200);
  });

  it('issues okta.* scopes at the org server to the service app with private_key_jwt', async () => {
    const tokens = await oidc.clientCredentialsGrant(await serviceAppConfig(), { scope: 'okta.users.read okta.groups.read' });
    const jwks = createRemoteJWKSet(new URL(`${orgUrl}/oauth2/v1/keys`));
    const { payload } = await jwtVerify(tokens.access_token, jwks, { issuer: orgUrl, audience: orgUrl });
    expect(payload).toMatchObject({ cid: serviceApp(universe).clientId, scp: ['okta.users.read', 'okta.groups.read'] });
    // jwt-verifier looks for keys at issuer + /v1/keys; the org server's are at /oauth2/v1/keys (as at Okta).
    const verifier = new OktaJwtVerifier({ issuer: orgUrl, jwksUri: `${orgUrl}/oauth2/v1/keys`, testing: { disableHttpsCheck: true } });
    expect((await verifier.verifyAccessToken(tokens.access_token, orgUrl)).claims.sub).toBe(serviceApp(universe).clientId);
  });

  it('refuses a client assertion whose aud is the issuer, and a replayed one', async () => {
    await expect(oidc.clientCredentialsGrant(await serviceAppConfig('issuer'), { scope: 'okta.users.read' }))
      .rejects.toMatchObject({ error: 'invalid_client', error_description: 'The audience claim for client_assertion must be the endpoint invoked for the request.' });
    let assertion = '';
    const config = await serviceAppConfig();
    config[oidc.customFetch] = async (url, init) => {
      assertion = new URLSearchParams(String(init.body)).get('client_assertion')!;
      return fetch(url, init as RequestInit);
    };
    await oidc.clientCredentialsGrant(config, { scope: 'okta.users.read' });
    expect(assertion).toMatch(/^ey/);
    const replay = await postForm(universe, '/oauth2/v1/token', { grant_type: 'client_credentials', scope: 'okta.users.read', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion });
    expect(replay).toMatchObject({ status: 401, body: { error: 'invalid_client', error_description: 'The client_assertion token has already been used.' } });
  });

  it('answers Okta\'s OAuth errors', async () => {
    const { clientId, clientSecret } = oidcCredentials(universe);
    const basic: [string, string] = [clientId, clientSecret];
    expect(await postForm(universe, '/oauth2/default/v1/token', { grant_type: 'client_credentials', scope: 'okta.users.read' }, { basic }))
      .toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    expect(await postForm(universe, '/oauth2/default/v1/token', { grant_type: 'client_credentials' }, { basic }))
      .toMatchObject({ status: 400, body: { error: 'invalid_scope', error_description: 'The authorization server resource does not have any configured default scopes, \'scope\' must be provided.' } });
    expect(await postForm(universe, '/oauth2/default/v1/token', { grant_type: 'urn:example:unknown' }, { basic }))
      .toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    expect(await postForm(universe, '/oauth2/default/v1/token', { grant_type: 'client_credentials', scope: 'api.read' }))
      .toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await postForm(universe, '/oauth2/default/v1/token', { grant_type: 'client_credentials', scope: 'api.read' }, { basic: ['0oaunknown', 'x'] }))
      .toMatchObject({ status: 401, body: { error: 'invalid_client', error_description: 'Invalid value for \'client_id\' parameter.' } });
    expect(await postForm(universe, '/oauth2/v1/token', { grant_type: 'client_credentials', scope: 'okta.users.read' }, { basic }))
      .toMatchObject({ status: 401, body: { error: 'invalid_client', error_description: expect.stringContaining('private_key_jwt') } });
    const json = await fetch(`${orgUrl}/oauth2/default/v1/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":"client_credentials"}' });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('malformed input', () => {
  it('answers Okta\'s 4xx, never a 5xx', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const cases: [string, string, RequestInit][] = [
      ['POST', '/oauth2/default/v1/token', { headers: form, body: '%%%&&&=' }],
      ['POST', '/oauth2/default/v1/token', { headers: { ...form, authorization: 'Basic !!!' }, body: 'grant_type=client_credentials' }],
      ['POST', '/oauth2/default/v1/token', { headers: { ...form, authorization: `Basic ${Buffer.from('%E0%A4%A:x').toString('base64')}` }, body: 'grant_type=client_credentials' }],
      ['POST', '/oauth2/v1/token', { headers: form, body: 'grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=a.b.c' }],
      ['POST', '/oauth2/default/v1/token', { headers: { 'content-type': 'text/plain' }, body: 'grant_type=client_credentials' }],
      ['GET', '/oauth2/default/v1/authorize?client_id=a&client_id=b', {}],
      ['GET', '/oauth2/default/v1/authorize', {}],
      ['POST', '/oauth2/default/v1/introspect', { headers: form, body: 'token=x' }],
      ['POST', '/oauth2/default/v1/revoke', { headers: form, body: '' }],
      ['GET', '/oauth2/default/v1/userinfo', { headers: { authorization: 'Bearer x.y.z' } }],
      ['GET', '/oauth2/default/v1/logout?id_token_hint=nope', {}],
      ['GET', '/login/login.htm?fromURI=a&fromURI=b', {}],
      ['POST', '/login/login.htm', { headers: form, body: 'username=&fromURI=http%3A%2F%2Fevil.example%2F' }],
      ['POST', '/api/v1/authn', { headers: { 'content-type': 'application/json' }, body: '{"username":5}' }],
      ['POST', '/api/v1/authn', { headers: { 'content-type': 'application/json' }, body: '[' }],
      ['GET', '/.well-known/openid-configuration?client_id=a&client_id=b', {}],
    ];
    for (const [method, path, init] of cases) {
      const res = await fetch(`${orgUrl}${path}`, { method, redirect: 'manual', ...init });
      expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${method} ${path}`).toBeLessThan(500);
    }
  });
});

describe('key rotation (POST /_dtu/okta/rotate-keys)', () => {
  it('signs new tokens with a new key and keeps the previous key published until the next rotation', async () => {
    const { issuer, audience } = oidcCredentials(universe);
    const config = await webAppConfig(universe);
    const before = (await oidc.clientCredentialsGrant(config, { scope: 'api.read' })).access_token;
    const rotated = await fetch(`${orgUrl}/_dtu/okta/rotate-keys`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"authorizationServer":"default"}' });
    expect(rotated.status).toBe(200);
    const { keys } = await rotated.json() as { keys: { default: string[] } };
    expect(keys.default).toHaveLength(2);

    const after = (await oidc.clientCredentialsGrant(config, { scope: 'api.read' })).access_token;
    expect(decodeProtectedHeader(after).kid).toBe(keys.default[0]);
    expect(decodeProtectedHeader(before).kid).toBe(keys.default[1]);
    const verifier = new OktaJwtVerifier({ issuer, testing: { disableHttpsCheck: true } });
    await verifier.verifyAccessToken(before, audience);
    await verifier.verifyAccessToken(after, audience);

    await fetch(`${orgUrl}/_dtu/okta/rotate-keys`, { method: 'POST' });
    const jwks = createRemoteJWKSet(new URL(`${issuer}/v1/keys`));
    await expect(jwtVerify(before, jwks)).rejects.toThrow();
    await jwtVerify(after, jwks);
    expect((await oidc.tokenIntrospection(config, before)).active).toBe(false);

    const bad = await fetch(`${orgUrl}/_dtu/okta/rotate-keys`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"authorizationServer":"nope"}' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: 'invalid_request' });
  });
});
