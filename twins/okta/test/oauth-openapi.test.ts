// The OAuth answers against Okta's published OIDC & OAuth 2.0 description (skipped without
// ../shared/api-docs): metadata, JWKS, token, introspection, userinfo and error bodies fit their
// schemas, and every endpoint journals the operationId the description gives its method and path.
import { Ajv } from 'ajv';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { hasVendorDocs, standaloneSchema, vendorDoc } from '../../../test/helpers/vendor-docs.js';
import { oktaUniverse, raw } from './helpers.js';
import { oidcCredentials, postForm, signInThroughForm, webAppConfig } from './oauth-helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await oktaUniverse({ seed: 14, users: 10 }); });
afterAll(() => universe.close());

// validateSchema: false — the published GrantType enum lists a value twice, which Ajv refuses as a schema.
const validator = (name: string) => new Ajv({ strict: false, allErrors: true, validateFormats: false, validateSchema: false })
  .compile(standaloneSchema(vendorDoc('okta/oauth-minimal.yaml'), `#/components/schemas/${name}`));
const ok = (name: string, value: unknown) => {
  const validate = validator(name);
  expect(validate(value), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
};
const getJson = async (path: string) => (await fetch(`${universe.credentials.okta.orgUrl}${path}`)).json();

describe.skipIf(!hasVendorDocs)('Okta OIDC & OAuth 2.0 description', () => {
  it('metadata, keys, tokens, introspection, userinfo and errors fit their schemas', async () => {
    ok('OidcMetadata', await getJson('/.well-known/openid-configuration'));
    ok('OidcMetadata', await getJson('/oauth2/default/.well-known/openid-configuration'));
    ok('OAuthMetadata', await getJson('/oauth2/default/.well-known/oauth-authorization-server'));
    ok('OAuthKeys', await getJson('/oauth2/v1/keys'));
    ok('OAuthKeys', await getJson('/oauth2/default/v1/keys'));

    const config = await webAppConfig(universe);
    const person = universe.org.people.find((p) => p.status === 'active')!;
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: oidcCredentials(universe).redirectUri, scope: 'openid profile email offline_access', state: 's', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const signedIn = await signInThroughForm(universe, url, person.email, oidcCredentials(universe).people[person.email]);
    const { clientId, clientSecret, redirectUri } = oidcCredentials(universe);
    const code = new URL(signedIn.location!).searchParams.get('code')!;
    const tokens = await postForm(universe, '/oauth2/default/v1/token', { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }, { basic: [clientId, clientSecret] });
    expect(tokens.status).toBe(200);
    ok('TokenResponse', tokens.body);
    const accessToken = (tokens.body as { access_token: string }).access_token;
    ok('IntrospectionResponse', (await postForm(universe, '/oauth2/default/v1/introspect', { token: accessToken }, { basic: [clientId, clientSecret] })).body);
    const userinfo = await fetch(`${universe.credentials.okta.orgUrl}/oauth2/default/v1/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } });
    ok('UserInfo', await userinfo.json());
    ok('OAuthError', (await postForm(universe, '/oauth2/default/v1/token', { grant_type: 'authorization_code', code, redirect_uri: redirectUri }, { basic: [clientId, clientSecret] })).body);

    // The sign-in and token events are LogEvents of the management description.
    const logEvent = new Ajv({ strict: false, allErrors: true, validateFormats: false, validateSchema: false })
      .compile(standaloneSchema(vendorDoc('okta/management-minimal.yaml'), '#/components/schemas/LogEvent'));
    const logs = await raw(universe, `/api/v1/logs?until=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    const signInEvents = (logs.body as { eventType: string }[]).filter((e) => /^(user\.session|user\.authentication|app\.oauth2)/.test(e.eventType));
    expect(signInEvents.length).toBeGreaterThanOrEqual(4);
    for (const event of signInEvents) expect(logEvent(event), JSON.stringify(logEvent.errors)).toBe(true);
  });

  it('every endpoint names the operationId the description gives its method and path', async () => {
    const spec = vendorDoc('okta/oauth-minimal.yaml').paths as Record<string, Record<string, { operationId?: string }>>;
    const table: [string, string, string, string][] = [
      ['get', '/.well-known/openid-configuration', '/.well-known/openid-configuration', 'getWellKnownOpenIDConfiguration'],
      ['get', '/oauth2/{authorizationServerId}/.well-known/openid-configuration', '/oauth2/default/.well-known/openid-configuration', 'getWellKnownOpenIDConfigurationCustomAS'],
      ['get', '/oauth2/{authorizationServerId}/.well-known/oauth-authorization-server', '/oauth2/default/.well-known/oauth-authorization-server', 'getWellKnownOAuthConfigurationCustomAS'],
      ...['', '/default'].flatMap((server): [string, string, string, string][] => {
        const specPath = (p: string) => (server ? `/oauth2/{authorizationServerId}/v1/${p}` : `/oauth2/v1/${p}`);
        const op = (base: string) => `${base}${server ? 'CustomAS' : ''}`;
        return [
          ['get', specPath('authorize'), `/oauth2${server}/v1/authorize`, op('authorize')],
          ['post', specPath('authorize'), `/oauth2${server}/v1/authorize`, server ? 'authorizeCustomASWithPost' : 'authorizeWithPost'],
          ['post', specPath('token'), `/oauth2${server}/v1/token`, op('token')],
          ['get', specPath('keys'), `/oauth2${server}/v1/keys`, server ? 'oauthKeysCustomAS' : 'oauthKeys'],
          ['get', specPath('userinfo'), `/oauth2${server}/v1/userinfo`, op('userinfo')],
          ['post', specPath('introspect'), `/oauth2${server}/v1/introspect`, op('introspect')],
          ['post', specPath('revoke'), `/oauth2${server}/v1/revoke`, op('revoke')],
          ['get', specPath('logout'), `/oauth2${server}/v1/logout`, op('logout')],
        ];
      }),
    ];
    for (const [method, specPath, path, operation] of table) {
      expect(spec[specPath]?.[method]?.operationId, `${method} ${specPath}`).toBe(operation);
      await fetch(`${universe.credentials.okta.orgUrl}${path}`, { method: method.toUpperCase(), redirect: 'manual', ...(method === 'post' && { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' }) });
      const { events } = await universe.events({ twin: 'okta' });
      expect(events.at(-1)?.operation, `${method} ${path}`).toBe(operation);
    }
  });
});
