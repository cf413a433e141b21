// Auth as Google does it: the token endpoint (refresh_token through google-auth-library's OAuth2Client,
// JWT-bearer through its JWT client with domain-wide delegation), self-signed service-account JWTs as
// bearer tokens, tokeninfo, OAuth error bodies, scopes and suspended users.
import { createSign } from 'node:crypto';
import { JWT, OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { directory, drive, driveWith, googleUniverse, pointTokenRequestsAtTwin, raw, serviceAccount } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await googleUniverse({ seed: 11, users: 12 }); });
afterAll(() => universe.close());
beforeEach(() => universe.reset());

const S = 'https://www.googleapis.com/auth/';
const admin = () => universe.credentials.google.as as string;
const oauth = () => universe.credentials.google.oauthClient as { clientId: string; clientSecret: string; tokenUrl: string; refreshTokens: Record<string, string> };
const someone = () => universe.org.people.find((p) => p.email !== admin() && !p.admin)!.email;

/** A JWT signed with the service account's key, as a client would build one by hand. */
function signJwt(claims: Record<string, unknown>, header: Record<string, unknown> = {}, key = serviceAccount(universe).private_key): string {
  const sa = serviceAccount(universe);
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const head = enc({ alg: 'RS256', typ: 'JWT', kid: sa.private_key_id, ...header });
  const now = Math.floor(Date.now() / 1000);
  const body = enc({ iss: sa.client_email, iat: now, exp: now + 3600, ...claims });
  return `${head}.${body}.${createSign('RSA-SHA256').update(`${head}.${body}`).sign(key, 'base64url')}`;
}

async function postToken(form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(oauth().tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form) });
  return { status: res.status, body: await res.json() as Record<string, unknown>, headers: res.headers };
}

describe('the service account key', () => {
  it('is a real RSA key file, the same for the same seed', async () => {
    const sa = serviceAccount(universe);
    expect(sa.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(sa.private_key_id).toMatch(/^[0-9a-f]{40}$/);
    expect(sa.token_uri).toBe(oauth().tokenUrl);
    expect(universe.credentials.google.serviceAccountDelegation).toMatchObject({ clientId: sa.client_id, scopes: expect.arrayContaining([`${S}drive`, `${S}admin.directory.user`]) });
    await universe.reset();
    expect(serviceAccount(universe).private_key).toBe(sa.private_key);
  });
});

describe('oauth2.token', () => {
  it('refreshes a person\'s token through OAuth2Client (endpoints.oauth2TokenUrl) and the token works', async () => {
    const person = someone();
    const client = new OAuth2Client({ clientId: oauth().clientId, clientSecret: oauth().clientSecret, endpoints: { oauth2TokenUrl: oauth().tokenUrl } });
    client.setCredentials({ refresh_token: oauth().refreshTokens[person] });
    const { token } = await client.getAccessToken();
    expect(token).toMatch(/^ya29\./);
    const files = driveWith(universe, client);
    expect((await files.about.get({ fields: 'user(emailAddress)' })).data.user?.emailAddress).toBe(person);
    // tokeninfo through the library (POST with the token as bearer) and plain GET.
    const info = await new OAuth2Client({ endpoints: { tokenInfoUrl: `${universe.credentials.google.rootUrl}tokeninfo` } }).getTokenInfo(token!);
    expect(info.scopes).toContain(`${S}drive`);
    expect(info.aud).toBe(oauth().clientId);
    const get = await raw(universe, `/oauth2/v3/tokeninfo?access_token=${token}`, { token: null });
    expect(get.body).toMatchObject({ azp: oauth().clientId, scope: expect.stringContaining(`${S}drive`), expires_in: expect.stringMatching(/^\d+$/), access_type: 'offline' });
  });

  it('a narrower scope on refresh gives a narrower token', async () => {
    const res = await postToken({ grant_type: 'refresh_token', refresh_token: oauth().refreshTokens[admin()]!, client_id: oauth().clientId, client_secret: oauth().clientSecret, scope: `${S}drive.readonly` });
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, scope: `${S}drive.readonly` });
    expect(res.headers.get('cache-control')).toBe('no-store');
    const denied = await raw(universe, '/drive/v3/files', { method: 'POST', token: res.body.access_token as string, body: { name: 'x' } });
    expect(denied.status).toBe(403);
    expect(denied.body.error.details[0].reason).toBe('ACCESS_TOKEN_SCOPE_INSUFFICIENT');
  });

  it.each<[string, Record<string, string>, number, string]>([
    ['no grant_type', {}, 400, 'invalid_request'],
    ['an unknown grant', { grant_type: 'password' }, 400, 'unsupported_grant_type'],
    ['an unknown client', { grant_type: 'refresh_token', refresh_token: 'x', client_id: 'nope', client_secret: 'x' }, 401, 'invalid_client'],
    ['a wrong secret', { grant_type: 'refresh_token', refresh_token: 'x', client_id: '@client', client_secret: 'wrong' }, 401, 'invalid_client'],
    ['an unknown refresh token', { grant_type: 'refresh_token', refresh_token: '1//nope', client_id: '@client', client_secret: '@secret' }, 400, 'invalid_grant'],
    ['a JWT grant without assertion', { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer' }, 400, 'invalid_request'],
    ['a garbage assertion', { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'a.b.c' }, 400, 'invalid_grant'],
  ])('refuses %s with an OAuth error body', async (_name, form, status, error) => {
    for (const k of Object.keys(form)) form[k] = form[k]!.replace('@client', oauth().clientId).replace('@secret', oauth().clientSecret);
    const res = await postToken(form);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error, error_description: expect.any(String) });
  });

  it('takes the client in HTTP Basic too', async () => {
    const basic = Buffer.from(`${encodeURIComponent(oauth().clientId)}:${encodeURIComponent(oauth().clientSecret)}`).toString('base64');
    const res = await postToken({ grant_type: 'refresh_token', refresh_token: oauth().refreshTokens[admin()]! }, { authorization: `Basic ${basic}` });
    expect(res.status).toBe(200);
  });

  it('JWT bearer: checks signature, audience, lifetime and scope; sub must be a domain user', async () => {
    const grant = (assertion: string) => postToken({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
    const aud = 'https://oauth2.googleapis.com/token';
    expect((await grant(signJwt({ aud, scope: `${S}drive`, sub: admin() }))).status).toBe(200);
    expect((await grant(signJwt({ aud: oauth().tokenUrl, scope: `${S}drive` }))).status).toBe(200);
    const wrongKey = (await import('node:crypto')).generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect((await grant(signJwt({ aud, scope: `${S}drive` }, {}, wrongKey))).body).toEqual({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    expect((await grant(signJwt({ aud: 'https://example.com', scope: `${S}drive` }))).body.error).toBe('invalid_grant');
    const now = Math.floor(Date.now() / 1000);
    expect((await grant(signJwt({ aud, scope: `${S}drive`, iat: now - 7200, exp: now - 3600 }))).body.error_description).toMatch(/short-lived/);
    expect((await grant(signJwt({ aud }))).body.error).toBe('invalid_scope');
    expect((await grant(signJwt({ aud, scope: `${S}drive`, sub: 'ghost@nowhere.example' }))).body).toEqual({ error: 'invalid_grant', error_description: 'Invalid email or User ID' });
    expect((await grant(signJwt({ aud, scope: `${S}gmail.send`, sub: admin() }))).body.error).toBe('unauthorized_client');
  });

  it('google-auth-library JWT with subject (delegation) gets a token from the twin and acts as that user', async () => {
    const sa = serviceAccount(universe);
    const person = someone();
    const jwt = new JWT({ email: sa.client_email, key: sa.private_key, keyId: sa.private_key_id, subject: person, scopes: [`${S}drive`] });
    pointTokenRequestsAtTwin(jwt, sa.token_uri);
    const files = driveWith(universe, jwt);
    expect((await files.about.get({ fields: 'user(emailAddress)' })).data.user?.emailAddress).toBe(person);
    const { events } = await universe.events({ twin: 'google' });
    expect(events.filter((e) => e.operation === 'oauth2.token').map((e) => e.status)).toEqual([200]);
  });
});

describe('self-signed service-account JWTs as bearer tokens', () => {
  it('JWT({ useJWTAccessWithScope }) signs its own token: no token call, the service account acts as itself', async () => {
    const sa = serviceAccount(universe);
    const jwt = new JWT({ email: sa.client_email, key: sa.private_key, keyId: sa.private_key_id, scopes: [`${S}drive`] });
    jwt.useJWTAccessWithScope = true;
    const files = driveWith(universe, jwt);
    expect((await files.about.get({ fields: 'user(emailAddress)' })).data.user?.emailAddress).toBe(sa.client_email);
    const created = await files.files.create({ requestBody: { name: 'robot notes' }, fields: 'id,owners(emailAddress)' });
    expect(created.data.owners?.[0]?.emailAddress).toBe(sa.client_email);
    // It sees its own file, not the people's private ones.
    const names = (await files.files.list({ fields: 'files(name)' })).data.files!.map((f) => f.name);
    expect(names).toContain('robot notes');
    expect(names.some((n) => n?.includes('private notes'))).toBe(false);
    const { events } = await universe.events({ twin: 'google' });
    expect(events.some((e) => e.operation === 'oauth2.token')).toBe(false);
    expect(events.at(-1)?.actor).toMatchObject({ type: 'service_account', email: sa.client_email });
  });

  it('aud instead of scope is good for that API; sub = a user acts as that user', async () => {
    const person = someone();
    const byAud = await raw(universe, '/drive/v3/about?fields=user', { token: signJwt({ sub: serviceAccount(universe).client_email, aud: 'https://drive.googleapis.com/' }) });
    expect(byAud.body.user.emailAddress).toBe(serviceAccount(universe).client_email);
    const delegated = await raw(universe, '/drive/v3/about?fields=user', { token: signJwt({ sub: person, scope: `${S}drive.readonly` }) });
    expect(delegated.body.user.emailAddress).toBe(person);
  });

  it('refuses a bad signature, a wrong kid, an expired or overlong token with 401', async () => {
    const sa = serviceAccount(universe);
    const now = Math.floor(Date.now() / 1000);
    const good = signJwt({ sub: sa.client_email, scope: `${S}drive` });
    const tampered = `${good.slice(0, good.lastIndexOf('.') + 1)}${'A'.repeat(342)}`;
    for (const token of [tampered, signJwt({ scope: `${S}drive` }, { kid: 'f'.repeat(40) }), signJwt({ scope: `${S}drive`, iat: now - 7200, exp: now - 10 }),
      signJwt({ scope: `${S}drive`, exp: now + 7200 }), signJwt({ scope: `${S}drive`, iss: 'someone@else.iam.gserviceaccount.com' }), signJwt({})]) {
      const res = await raw(universe, '/drive/v3/about?fields=user', { token });
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED', errors: [{ reason: 'authError' }] });
    }
  });

  it('tokeninfo refuses a bad token as Google does', async () => {
    const res = await raw(universe, '/tokeninfo?access_token=ya29.nope', { token: null });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_token', error_description: 'Invalid Value' });
  });
});

describe('suspended users', () => {
  it('a suspended user\'s access token, refresh token and delegation are refused', async () => {
    const person = someone();
    const token = (universe.credentials.google.userTokens as Record<string, string>)[person]!;
    expect((await raw(universe, '/drive/v3/about?fields=user', { token })).status).toBe(200);
    const sa = serviceAccount(universe);
    const jwt = new JWT({ email: sa.client_email, key: sa.private_key, keyId: sa.private_key_id, subject: admin(), scopes: [`${S}admin.directory.user`] });
    pointTokenRequestsAtTwin(jwt, sa.token_uri);
    const dir = directory(universe, jwt);
    await dir.users.patch({ userKey: person, requestBody: { suspended: true } });
    expect((await raw(universe, '/drive/v3/about?fields=user', { token })).status).toBe(401);
    const refresh = await postToken({ grant_type: 'refresh_token', refresh_token: oauth().refreshTokens[person]!, client_id: oauth().clientId, client_secret: oauth().clientSecret });
    expect(refresh.body).toEqual({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
    const delegated = await postToken({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: signJwt({ aud: 'https://oauth2.googleapis.com/token', scope: `${S}drive`, sub: person }) });
    expect(delegated.body.error).toBe('invalid_grant');
    await dir.users.patch({ userKey: person, requestBody: { suspended: false } });
    expect((await raw(universe, '/drive/v3/about?fields=user', { token })).status).toBe(200);
  });

  it('an OAuth2 client carrying a twin-issued access token works with googleapis', async () => {
    const client = drive(universe, (universe.credentials.google.userTokens as Record<string, string>)[someone()]);
    expect((await client.about.get({ fields: 'kind' })).data.kind).toBe('drive#about');
  });
});
