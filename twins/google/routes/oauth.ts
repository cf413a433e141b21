// Google's OAuth endpoints (developers.google.com/identity/protocols/oauth2): POST /token with the
// refresh_token grant (the seeded OAuth client and each person's refresh token) and the JWT-bearer grant
// (an assertion signed with the service account's key; `sub` = a user for domain-wide delegation),
// and tokeninfo. Errors are OAuth's own {"error","error_description"}, not the APIs' error shape.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { TwinError } from '../../../shared/kernel/vendor-errors.js';
import { googleId, tokens } from '../../../shared/seeding/people-ids.js';
import { canSignIn, PERSON_SCOPES, resolveToken } from '../auth.js';
import { userByAddress, usersByEmail } from '../drive.js';
import { refreshTokenOwner } from '../person-tokens.js';
import { DELEGATED_SCOPES, JwtError, verifyServiceAccountJwt } from '../service-account.js';
import { serviceAccountEmail, type GoogleData } from '../store.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const GOOGLE_TOKEN_URLS = ['https://oauth2.googleapis.com/token', 'https://www.googleapis.com/oauth2/v4/token', 'https://accounts.google.com/o/oauth2/token'];
const LIFETIME_SEC = 3599;

/** The seeded OAuth client (credentials.oauthClient). */
export function oauthClient(seed: number) {
  return {
    clientId: `${googleId(seed, 'oauth-client').slice(0, 12)}-${tokens.lowerAlnum(seed, 'google:client-id', 32)}.apps.googleusercontent.com`,
    clientSecret: `GOCSPX-${tokens.lowerAlnum(seed, 'google:client-secret', 28)}`,
  };
}

const oauthError = (status: number, error: string, description: string) =>
  new TwinError({ status, headers: { 'cache-control': 'no-store', pragma: 'no-cache' }, body: { error, error_description: description } }, description);

type Form = Record<string, string | undefined>;

/** Client credentials from the body or HTTP Basic (URL-decoded, RFC 6749 §2.3.1). */
function clientCredentials(request: FastifyRequest, form: Form): { id?: string; secret?: string } {
  const basic = /^Basic\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (basic) {
    const [id, secret] = Buffer.from(basic, 'base64').toString('utf8').split(':');
    return { id: decodeURIComponent(id ?? ''), secret: decodeURIComponent(secret ?? '') };
  }
  return { id: form.client_id, secret: form.client_secret };
}

export function oauthRoutes(app: FastifyInstance, ctx: TwinContext<GoogleData>): void {
  const issue = (email: string, scopes: string[], clientId: string, serviceAccount: boolean) => {
    const accessToken = `ya29.a0${randomBytes(48).toString('base64url')}`;
    ctx.store.data.issuedTokens[accessToken] = { email, scopes, clientId, serviceAccount, expiresAt: ctx.clock.now() + LIFETIME_SEC * 1000 };
    return accessToken;
  };

  const refreshGrant = (request: FastifyRequest, form: Form) => {
    const seed = ctx.seed();
    const client = clientCredentials(request, form);
    if (!client.id) throw oauthError(400, 'invalid_request', 'Could not determine client ID from request.');
    const expected = oauthClient(seed);
    if (client.id !== expected.clientId) throw oauthError(401, 'invalid_client', 'The OAuth client was not found.');
    if (client.secret !== expected.clientSecret) throw oauthError(401, 'invalid_client', 'Unauthorized');
    if (!form.refresh_token) throw oauthError(400, 'invalid_request', 'Missing required parameter: refresh_token');
    const data = ctx.store.data;
    const owner = refreshTokenOwner({ seed, org: ctx.org(), users: data.users, scopes: PERSON_SCOPES }, form.refresh_token);
    const user = owner === undefined ? undefined : userByAddress(data.users, owner);
    if (!user) throw oauthError(400, 'invalid_grant', 'Bad Request');
    if (!canSignIn(user)) throw oauthError(400, 'invalid_grant', 'Token has been expired or revoked.');
    let scopes = PERSON_SCOPES;
    if (form.scope) {
      const asked = form.scope.split(/\s+/).filter(Boolean);
      if (!asked.every((s) => PERSON_SCOPES.includes(s) || PERSON_SCOPES.includes(s.replace(/\.(readonly|file|metadata(\.readonly)?)$/, '')))) throw oauthError(400, 'invalid_scope', 'Some requested scopes were not granted by the user.');
      scopes = asked;
    }
    return { access_token: issue(user.primaryEmail, scopes, client.id, false), expires_in: LIFETIME_SEC, scope: scopes.join(' '), token_type: 'Bearer' };
  };

  const jwtGrant = (form: Form) => {
    if (!form.assertion) throw oauthError(400, 'invalid_request', 'Missing required parameter: assertion');
    const domain = ctx.org().domain;
    let claims;
    try {
      claims = verifyServiceAccountJwt(form.assertion, ctx.seed(), domain).claims;
    } catch (error) {
      if (error instanceof JwtError) throw oauthError(400, 'invalid_grant', error.message === 'Invalid JWT Signature.' ? error.message : 'Invalid JWT Signature.');
      throw error;
    }
    const tokenUrl = `${ctx.publicUrl()}/token`;
    if (typeof claims.aud !== 'string' || (claims.aud !== tokenUrl && !GOOGLE_TOKEN_URLS.includes(claims.aud))) {
      throw oauthError(400, 'invalid_grant', `Invalid JWT: Failed audience check. The expected value was ${GOOGLE_TOKEN_URLS[0]} or ${tokenUrl}`);
    }
    const nowSec = ctx.clock.now() / 1000;
    const { iat, exp } = claims;
    if (typeof iat !== 'number' || typeof exp !== 'number' || exp <= nowSec || iat > nowSec + 300 || exp - iat > 3600) {
      throw oauthError(400, 'invalid_grant', 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.');
    }
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(/\s+/).filter(Boolean) : [];
    if (scopes.length === 0) throw oauthError(400, 'invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
    const self = serviceAccountEmail(domain);
    const sub = typeof claims.sub === 'string' ? claims.sub.toLowerCase() : self;
    const clientId = googleId(ctx.seed(), 'service-account');
    let acting = self;
    if (sub !== self) {
      const user = userByAddress(ctx.store.data.users, sub);
      if (!user || !canSignIn(user)) throw oauthError(400, 'invalid_grant', 'Invalid email or User ID');
      acting = user.primaryEmail;
      if (!scopes.every((s) => DELEGATED_SCOPES.includes(s))) {
        throw oauthError(401, 'unauthorized_client', 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.');
      }
    }
    return { access_token: issue(acting, scopes, clientId, acting === self), expires_in: LIFETIME_SEC, token_type: 'Bearer' };
  };

  app.register(async (oauth) => {
    oauth.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    oauth.post<{ Body: Form | undefined }>('/token', { config: { operation: 'oauth2.token', googlePublic: true } }, (request, reply) => {
      const form: Form = request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? request.body : {};
      for (const [k, v] of Object.entries(form)) if (typeof v !== 'string') form[k] = undefined;
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      if (!form.grant_type) throw oauthError(400, 'invalid_request', 'Missing required parameter: grant_type');
      if (form.grant_type === 'refresh_token') return refreshGrant(request, form);
      if (form.grant_type === JWT_BEARER) return jwtGrant(form);
      throw oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${form.grant_type}`);
    });

    const tokeninfo = (request: FastifyRequest<{ Querystring: { access_token?: string }; Body: Form | undefined }>) => {
      const body = request.body && typeof request.body === 'object' ? request.body : {};
      const token = request.query.access_token ?? body.access_token ?? /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const found = token ? resolveToken(ctx, token) : null;
      if (!found) throw oauthError(400, 'invalid_token', 'Invalid Value');
      const seed = ctx.seed();
      const user = usersByEmail(ctx.store.data.users).get(found.email);
      const clientId = found.clientId ?? (found.serviceAccount || found.expiresAt !== undefined ? googleId(seed, 'service-account') : oauthClient(seed).clientId);
      const expiresAt = found.expiresAt ?? ctx.clock.now() + LIFETIME_SEC * 1000;
      const showEmail = found.scopes.some((s) => s === 'email' || s.endsWith('/userinfo.email'));
      return {
        azp: clientId, aud: clientId, sub: user?.id ?? googleId(seed, 'service-account'), scope: found.scopes.join(' '),
        exp: String(Math.floor(expiresAt / 1000)), expires_in: String(Math.max(0, Math.floor((expiresAt - ctx.clock.now()) / 1000))),
        ...(showEmail && { email: found.email, email_verified: 'true' }), access_type: 'offline',
      };
    };
    for (const path of ['/tokeninfo', '/oauth2/v3/tokeninfo']) {
      oauth.get(path, { config: { operation: 'oauth2.tokeninfo', googlePublic: true } }, tokeninfo);
      oauth.post(path, { config: { operation: 'oauth2.tokeninfo', googlePublic: true, readOnly: true } }, tokeninfo);
    }
  });
}
