// Signing people in: openid-client's authorization code + PKCE flow against the `default` server,
// driven headlessly through the sign-in form, then the tokens checked with @okta/jwt-verifier,
// userinfo, refresh, introspection, revocation, SSO through the session cookie, prompt=none,
// Okta's classic authn → sessionToken, logout, and the System Log. Raw HTTP for the refusals.
import OktaJwtVerifier from '@okta/jwt-verifier';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { oktaUniverse, raw } from './helpers.js';
import { oidcCredentials, postForm, sidCookie, signInThroughForm, webAppConfig } from './oauth-helpers.js';

let universe: Universe;
let config: oidc.Configuration;

beforeAll(async () => {
  universe = await oktaUniverse({ seed: 11 });
  config = await webAppConfig(universe);
});
afterAll(() => universe.close());

/** An authorize URL with PKCE, state and nonce, and what the callback must be checked against. */
async function authorizeRequest(scope = 'openid profile email groups offline_access', extra: Record<string, string> = {}) {
  const pkceCodeVerifier = oidc.randomPKCECodeVerifier();
  const expectedState = oidc.randomState();
  const expectedNonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: oidcCredentials(universe).redirectUri, scope, state: expectedState, nonce: expectedNonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(pkceCodeVerifier), code_challenge_method: 'S256', ...extra,
  });
  return { url, checks: { pkceCodeVerifier, expectedState, expectedNonce } };
}

const someone = () => {
  const person = universe.org.people.find((p) => p.status === 'active' && !p.admin)!;
  return { person, password: oidcCredentials(universe).people[person.email] };
};

describe('authorization code + PKCE (openid-client)', () => {
  it('signs a person in through the form and hands out tokens with Okta\'s claims', async () => {
    const { person, password } = someone();
    const { url, checks } = await authorizeRequest();
    const signedIn = await signInThroughForm(universe, url, person.email, password);
    expect(signedIn.status).toBe(302);
    expect(signedIn.cookie).toMatch(/^sid=./);
    expect(signedIn.location).toMatch(/^http:\/\/localhost:3000\/authorization-code\/callback\?code=/);

    const tokens = await oidc.authorizationCodeGrant(config, new URL(signedIn.location!), checks);
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.refresh_token).toBeTruthy();
    const claims = tokens.claims()!;
    const { issuer, clientId, audience } = oidcCredentials(universe);
    expect(claims).toMatchObject({ iss: issuer, aud: clientId, email: person.email, preferred_username: person.email, name: person.name, ver: 1, amr: ['pwd'], nonce: checks.expectedNonce });
    expect(claims.sub).toMatch(/^00u/);
    expect(typeof claims.auth_time).toBe('number');

    // @okta/jwt-verifier fetches {issuer}/v1/keys; http issuers need its testing.disableHttpsCheck.
    const verifier = new OktaJwtVerifier({ issuer, testing: { disableHttpsCheck: true } });
    const access = await verifier.verifyAccessToken(tokens.access_token, audience);
    expect(access.claims).toMatchObject({ iss: issuer, aud: 'api://default', cid: clientId, uid: claims.sub, sub: person.email, ver: 1 });
    expect(access.claims.scp).toEqual(['openid', 'profile', 'email', 'groups', 'offline_access']);
    expect(String(access.claims.jti)).toMatch(/^AT\./);
    const id = await verifier.verifyIdToken(tokens.id_token!, clientId, checks.expectedNonce);
    const department = universe.org.groups.find((g) => g.members.includes(person.email))!;
    expect(id.claims.groups).toEqual(expect.arrayContaining(['Everyone', department.name]));

    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(info).toMatchObject({ sub: claims.sub, email: person.email, email_verified: true, given_name: person.firstName, family_name: person.lastName });

    // STATIC refresh tokens (Okta's default for web apps): the same refresh token comes back.
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).toBe(tokens.refresh_token);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.claims()!.sub).toBe(claims.sub);

    expect(await oidc.tokenIntrospection(config, refreshed.id_token!)).toMatchObject({ active: true, sub: claims.sub, aud: clientId, uid: claims.sub });
    const introspected = await oidc.tokenIntrospection(config, refreshed.access_token);
    expect(introspected).toMatchObject({ active: true, client_id: clientId, uid: claims.sub, username: person.email, token_type: 'Bearer' });
    await oidc.tokenRevocation(config, refreshed.access_token);
    expect((await oidc.tokenIntrospection(config, refreshed.access_token)).active).toBe(false);
    await oidc.tokenRevocation(config, tokens.refresh_token!);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('signs in at the org authorization server too, with its built-in groups scope', async () => {
    const { person, password } = someone();
    const orgUrl = universe.credentials.okta.orgUrl;
    const orgConfig = await webAppConfig(universe, orgUrl);
    const pkceCodeVerifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(orgConfig, {
      redirect_uri: oidcCredentials(universe).redirectUri, scope: 'openid email groups', state: 'org-state',
      code_challenge: await oidc.calculatePKCECodeChallenge(pkceCodeVerifier), code_challenge_method: 'S256',
    });
    expect(url.pathname).toBe('/oauth2/v1/authorize');
    const signedIn = await signInThroughForm(universe, url, person.email, password);
    const tokens = await oidc.authorizationCodeGrant(orgConfig, new URL(signedIn.location!), { pkceCodeVerifier, expectedState: 'org-state' });
    expect(tokens.claims()).toMatchObject({ iss: orgUrl, email: person.email, groups: expect.arrayContaining(['Everyone']) });
    const verifier = new OktaJwtVerifier({ issuer: orgUrl, jwksUri: `${orgUrl}/oauth2/v1/keys`, testing: { disableHttpsCheck: true } });
    expect((await verifier.verifyAccessToken(tokens.access_token, orgUrl)).claims).toMatchObject({ aud: orgUrl, uid: tokens.claims()!.sub });
    // A person's org-server token carries no okta.* scope here, so the Management API refuses it.
    const api = await fetch(`${orgUrl}/api/v1/users`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(api.status).toBe(403);
  });

  it('signs in silently with the session cookie (SSO) and records the sign-in in the System Log', async () => {
    const { person, password } = someone();
    const first = await authorizeRequest('openid email');
    const signedIn = await signInThroughForm(universe, first.url, person.email, password);
    const second = await authorizeRequest('openid email');
    const silent = await fetch(second.url, { redirect: 'manual', headers: { cookie: signedIn.cookie! } });
    expect(silent.status).toBe(302);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(silent.headers.get('location')!), second.checks);
    expect(tokens.claims()!.email).toBe(person.email);

    const logs = await raw(universe, `/api/v1/logs?filter=${encodeURIComponent(`actor.alternateId eq "${person.email}"`)}&until=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    const types = (logs.body as { eventType: string }[]).map((e) => e.eventType);
    expect(types).toEqual(expect.arrayContaining(['user.session.start', 'user.authentication.sso', 'app.oauth2.as.authorize.code', 'app.oauth2.as.token.grant.access_token', 'app.oauth2.as.token.grant.id_token']));
  });

  it('answers through form_post and fragment, and shows the form again for prompt=login', async () => {
    const { person, password } = someone();
    const first = await authorizeRequest('openid');
    const { cookie } = await signInThroughForm(universe, first.url, person.email, password);
    const posted = await authorizeRequest('openid', { response_mode: 'form_post' });
    const page = await fetch(posted.url, { redirect: 'manual', headers: { cookie: cookie! } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`action="${oidcCredentials(universe).redirectUri}"`);
    expect(html).toMatch(/name="code" value="[\w-]+"/);
    expect(html).toContain(`name="state" value="${posted.checks.expectedState}"`);
    const fragment = await authorizeRequest('openid', { response_mode: 'fragment' });
    const redirected = await fetch(fragment.url, { redirect: 'manual', headers: { cookie: cookie! } });
    expect(new URLSearchParams(new URL(redirected.headers.get('location')!).hash.slice(1)).get('state')).toBe(fragment.checks.expectedState);
    const login = await authorizeRequest('openid', { prompt: 'login' });
    expect((await fetch(login.url, { redirect: 'manual', headers: { cookie: cookie! } })).status).toBe(200);
  });

  it('answers prompt=none without a session with error=login_required at the callback', async () => {
    const { url } = await authorizeRequest('openid', { prompt: 'none' });
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const callback = new URL(res.headers.get('location')!);
    expect(callback.searchParams.get('error')).toBe('login_required');
    expect(callback.searchParams.get('error_description')).toBe('The client specified not to prompt, but the user is not logged in.');
    expect(callback.searchParams.get('state')).toBe(url.searchParams.get('state'));
  });

  it('exchanges a classic authn sessionToken at /authorize (once)', async () => {
    const { person, password } = someone();
    const authn = await raw(universe, '/api/v1/authn', { method: 'POST', token: null, body: { username: person.email, password } });
    expect(authn.status).toBe(200);
    expect(authn.body).toMatchObject({ status: 'SUCCESS', sessionToken: expect.any(String), _embedded: { user: { profile: { login: person.email } } } });
    const { url, checks } = await authorizeRequest('openid profile', { sessionToken: authn.body.sessionToken });
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(sidCookie(res.headers)).toBeTruthy();
    const tokens = await oidc.authorizationCodeGrant(config, new URL(res.headers.get('location')!), checks);
    expect(tokens.claims()!.preferred_username).toBe(person.email);
    // A sessionToken is single-use: the second time the sign-in page shows.
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(200);

    const wrong = await raw(universe, '/api/v1/authn', { method: 'POST', token: null, body: { username: person.email, password: 'not-it' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ errorCode: 'E0000004', errorSummary: 'Authentication failed' });
  });

  it('logs out: the session ends and the browser goes to the registered post-logout URI', async () => {
    const { person, password } = someone();
    const { url, checks } = await authorizeRequest('openid');
    const signedIn = await signInThroughForm(universe, url, person.email, password);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(signedIn.location!), checks);
    const logoutUrl = oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'http://localhost:3000', state: 'bye' });
    const out = await fetch(logoutUrl, { redirect: 'manual', headers: { cookie: signedIn.cookie! } });
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe('http://localhost:3000/?state=bye');
    const again = await authorizeRequest('openid', { prompt: 'none' });
    const res = await fetch(again.url, { redirect: 'manual', headers: { cookie: signedIn.cookie! } });
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('login_required');
    const unregistered = await fetch(oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'https://evil.example' }), { redirect: 'manual' });
    expect(unregistered.status).toBe(400);
  });
});

describe('refusals (raw HTTP)', () => {
  it('shows the sign-in page again on a wrong password, with no session', async () => {
    const { person } = someone();
    const { url } = await authorizeRequest('openid');
    const attempt = await signInThroughForm(universe, url, person.email, 'wrong-password');
    expect(attempt.status).toBe(401);
    expect(attempt.cookie).toBeUndefined();
    expect(String(attempt.body)).toContain('Unable to sign in');
    expect(attempt.html).toContain('name="username"');
  });

  it('shows Okta\'s error page (no redirect) for an unregistered redirect_uri', async () => {
    const { url } = await authorizeRequest('openid', { redirect_uri: 'https://evil.example/callback' });
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('The &#39;redirect_uri&#39; parameter must be a Login redirect URI');
  });

  it('refuses a wrong PKCE verifier, a replayed code, a wrong client secret and a mismatched redirect_uri', async () => {
    const { person, password } = someone();
    const { clientId, clientSecret, redirectUri } = oidcCredentials(universe);
    const codeOf = async () => {
      const { url } = await authorizeRequest('openid');
      return new URL((await signInThroughForm(universe, url, person.email, password)).location!).searchParams.get('code')!;
    };
    const pkce = await postForm(universe, '/oauth2/default/v1/token', { grant_type: 'authorization_code', code: await codeOf(), redirect_uri: redirectUri, code_verifier: oidc.randomPKCECodeVerifier() }, { basic: [clientId, clientSecret] });
    expect(pkce).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: 'PKCE verification failed.' } });
    expect(pkce.headers.get('cache-control')).toBe('no-store');

    const code = await codeOf();
    const wrongSecret = await postForm(universe, '/oauth2/default/v1/token', { grant_type: 'authorization_code', code, redirect_uri: redirectUri }, { basic: [clientId, 'nope'] });
    expect(wrongSecret).toMatchObject({ status: 401, body: { error: 'invalid_client', error_description: 'The client secret supplied for a confidential client is invalid.' } });

    const redirect = await postForm(universe, '/oauth2/default/v1/token', { grant_type: 'authorization_code', code: await codeOf(), redirect_uri: 'http://127.0.0.1:3000/authorization-code/callback' }, { basic: [clientId, clientSecret] });
    expect(redirect).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const { url, checks } = await authorizeRequest('openid');
    const callback = new URL((await signInThroughForm(universe, url, person.email, password)).location!);
    await oidc.authorizationCodeGrant(config, callback, checks);
    const replay = await postForm(universe, '/oauth2/default/v1/token', { grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: redirectUri, code_verifier: checks.pkceCodeVerifier }, { basic: [clientId, clientSecret] });
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: 'The authorization code is invalid or has expired.' } });
  });

  it('sends request errors back to the callback: missing state, unknown scope, plain PKCE', async () => {
    const { clientId, redirectUri } = oidcCredentials(universe);
    const base = `${universe.credentials.okta.orgUrl}/oauth2/default/v1/authorize?client_id=${clientId}&redirect_uri=${encodeURIComponent(redirectUri)}&response_type=code`;
    const errorOf = async (query: string) => {
      const res = await fetch(`${base}&${query}`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      return new URL(res.headers.get('location')!).searchParams.get('error');
    };
    expect(await errorOf('scope=openid')).toBe('invalid_request');
    expect(await errorOf('scope=openid%20okta.users.read&state=s')).toBe('invalid_scope');
    expect(await errorOf('scope=openid&state=s&code_challenge=abc&code_challenge_method=plain')).toBe('invalid_request');
    expect(await errorOf('scope=openid&state=s&response_mode=okta_post_message')).toBe('unsupported_response_mode');
  });
});
