// What clients do with the tokens: /v1/keys (JWKS), /v1/userinfo (claims by scope), /v1/introspect
// (RFC 7662), /v1/revoke (RFC 7009: always 200, so nothing leaks) and /v1/logout (RP-initiated logout).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JWTPayload } from 'jose';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { TwinError } from '../../../shared/kernel/vendor-errors.js';
import { userById, type OktaData, type OktaUser } from '../store.js';
import { authenticateClient } from './client-auth.js';
import { clientById } from './clients.js';
import { errorPage, oauthFail } from './errors.js';
import { publishedKeys, verifyOwnJwt } from './keys.js';
import { loginPage } from './login-page.js';
import type { AuthorizationServer } from './servers.js';
import { closeSession } from './sessions.js';
import { logSessionEnd } from './sign-in-log.js';
import { oauthState, pruneExpired } from './state.js';
import { formBody, queryParams, type Params } from './params.js';
import { groupNamesOf } from './tokens.js';

export function keysHandler(ctx: TwinContext<OktaData>, server: AuthorizationServer) {
  return async (_request: FastifyRequest, reply: FastifyReply) => {
    reply.header('cache-control', 'max-age=3600, must-revalidate');
    return { keys: publishedKeys(ctx.seed(), ctx.store.data, server.id).map((k) => ({ kty: k.publicJwk.kty, alg: 'RS256', kid: k.kid, use: 'sig', e: k.publicJwk.e, n: k.publicJwk.n })) };
  };
}

/** A live access token of this server (signature, issuer, expiry, not revoked), or null. */
export async function liveAccessToken(ctx: TwinContext<OktaData>, server: AuthorizationServer, token: string): Promise<JWTPayload | null> {
  const publicUrl = ctx.publicUrl();
  const claims = await verifyOwnJwt(ctx.seed(), ctx.store.data, server.id, token, server.issuer(publicUrl), ctx.clock.now());
  if (!claims || claims.aud !== server.audience(publicUrl) || typeof claims.cid !== 'string') return null;
  return oauthState(ctx.store.data).revokedJtis.has(String(claims.jti)) ? null : claims;
}

const bearerChallenge = (ctx: TwinContext<OktaData>, server: AuthorizationServer, error: string, description: string) =>
  `Bearer authorization_uri="${ctx.publicUrl()}${server.prefix}/v1/authorize", realm="${server.issuer(ctx.publicUrl())}", scope="openid", error="${error}", error_description="${description}", resource="${server.prefix}/v1/userinfo"`;

export function userinfoHandler(ctx: TwinContext<OktaData>, server: AuthorizationServer) {
  return async (request: FastifyRequest) => {
    const header = request.headers.authorization ?? '';
    const claims = /^Bearer /i.test(header) ? await liveAccessToken(ctx, server, header.slice(7).trim()) : null;
    const user = claims && typeof claims.uid === 'string' ? userById(ctx.store.data, claims.uid) : undefined;
    if (!claims || !user || user.status !== 'ACTIVE') {
      throw new TwinError({ status: 401, headers: { 'www-authenticate': bearerChallenge(ctx, server, 'invalid_token', 'The access token is invalid.') }, body: '' });
    }
    const scopes = Array.isArray(claims.scp) ? claims.scp.map(String) : [];
    if (!scopes.includes('openid')) {
      throw new TwinError({ status: 403, headers: { 'www-authenticate': bearerChallenge(ctx, server, 'insufficient_scope', 'The access token must provide access to at least one of these scopes - profile, email, address or phone') }, body: '' });
    }
    request.dtuActor = { type: 'user', id: user.id, email: user.profile.login };
    return userClaims(ctx.store.data, user, scopes);
  };
}

function userClaims(data: OktaData, user: OktaUser, scopes: string[]): Record<string, unknown> {
  const p = user.profile;
  return {
    sub: user.id,
    ...(scopes.includes('profile') && {
      name: String(p.displayName ?? `${p.firstName ?? ''} ${p.lastName ?? ''}`.trim()), locale: String(p.locale ?? 'en_US').replace('_', '-'),
      preferred_username: p.login, given_name: p.firstName, family_name: p.lastName, zoneinfo: p.timezone ?? 'America/Los_Angeles',
      updated_at: Math.floor(Date.parse(user.lastUpdated) / 1000),
    }),
    ...(scopes.includes('email') && { email: p.email, email_verified: true }),
    ...(scopes.includes('groups') && { groups: groupNamesOf(data, user.id) }),
  };
}

export function introspectHandler(ctx: TwinContext<OktaData>, server: AuthorizationServer) {
  return async (request: FastifyRequest) => {
    const body = formBody(request);
    const data = ctx.store.data;
    const { client } = await authenticateClient(request, body, data, `${ctx.publicUrl()}${server.prefix}/v1/introspect`, ctx.clock.now());
    request.dtuActor = { type: 'app', id: client.clientId };
    if (!body.token) throw oauthFail.invalidRequest('The `token` parameter is required.');
    const refresh = body.token_type_hint === 'access_token' ? undefined : oauthState(data).refreshTokens.get(body.token);
    if (refresh) {
      const user = userById(data, refresh.userId);
      if (refresh.clientId !== client.clientId || refresh.asId !== server.id || !user) return { active: false };
      return { active: true, token_type: 'Bearer', scope: refresh.scopes.join(' '), client_id: refresh.clientId, username: user.profile.login, iat: refresh.issuedAt, sub: user.profile.login, uid: user.id };
    }
    const claims = await liveAccessToken(ctx, server, body.token);
    if (!claims) return introspectIdToken(ctx, server, body.token, client.clientId);
    const scopes = Array.isArray(claims.scp) ? claims.scp.join(' ') : '';
    return {
      active: true, token_type: 'Bearer', scope: scopes, client_id: claims.cid, ...(claims.uid !== undefined && { username: claims.sub }),
      exp: claims.exp, iat: claims.iat, sub: claims.sub, aud: claims.aud, iss: claims.iss, jti: claims.jti, ...(claims.uid !== undefined && { uid: claims.uid }),
    };
  };
}

/** An ID token this server issued to the caller, still valid: active, with its claims. */
async function introspectIdToken(ctx: TwinContext<OktaData>, server: AuthorizationServer, token: string, clientId: string) {
  const claims = await verifyOwnJwt(ctx.seed(), ctx.store.data, server.id, token, server.issuer(ctx.publicUrl()), ctx.clock.now());
  if (!claims || claims.aud !== clientId || !String(claims.jti).startsWith('ID.')) return { active: false };
  const user = typeof claims.sub === 'string' ? userById(ctx.store.data, claims.sub) : undefined;
  return { active: true, ...claims, client_id: clientId, ...(user && { username: user.profile.login, uid: user.id }) };
}

export function revokeHandler(ctx: TwinContext<OktaData>, server: AuthorizationServer) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = formBody(request);
    const data = ctx.store.data;
    const { client } = await authenticateClient(request, body, data, `${ctx.publicUrl()}${server.prefix}/v1/revoke`, ctx.clock.now());
    request.dtuActor = { type: 'app', id: client.clientId };
    if (!body.token) throw oauthFail.invalidRequest('The `token` parameter is required.');
    const state = oauthState(data);
    const refresh = state.refreshTokens.get(body.token);
    if (refresh && refresh.clientId === client.clientId && refresh.asId === server.id) state.refreshTokens.delete(body.token);
    const claims = refresh ? null : await liveAccessToken(ctx, server, body.token);
    if (claims && claims.cid === client.clientId) {
      pruneExpired(state.revokedJtis, Math.floor(ctx.clock.now() / 1000));
      state.revokedJtis.set(String(claims.jti), Number(claims.exp));
    }
    return reply.code(200).send();
  };
}

export function logoutHandler(ctx: TwinContext<OktaData>, server: AuthorizationServer) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const params: Params = request.method === 'POST' ? formBody(request) : queryParams(request, (name) => errorPage('invalid_request', `The '${name}' parameter is repeated.`));
    const data = ctx.store.data;
    const hint = params.id_token_hint;
    if (!hint) throw errorPage('invalid_request', 'The \'id_token_hint\' parameter is required.');
    const claims = await verifyOwnJwt(ctx.seed(), data, server.id, hint, server.issuer(ctx.publicUrl()), ctx.clock.now(), { ignoreExpiry: true });
    const client = claims && typeof claims.aud === 'string' ? clientById(data, claims.aud) : undefined;
    if (!claims || !client) throw errorPage('invalid_token', 'The \'id_token_hint\' parameter is not a valid ID token.');
    const redirect = params.post_logout_redirect_uri;
    if (redirect !== undefined && !client.postLogoutRedirectUris.includes(redirect)) {
      throw errorPage('invalid_request', `The 'post_logout_redirect_uri' parameter must be a Logout redirect URI in the client app settings: ${ctx.publicUrl()}/admin/app/oidc_client/instance/${client.clientId}#tab-general`);
    }
    const session = closeSession(request, reply, data);
    const user = session ? userById(data, session.userId) : undefined;
    if (user) logSessionEnd(ctx, request, user);
    if (redirect === undefined) return reply.type('text/html; charset=utf-8').send(loginPage(ctx.org(), data, { fromUri: '' }));
    const target = new URL(redirect);
    if (params.state !== undefined) target.searchParams.set('state', params.state);
    return reply.redirect(target.toString(), 302);
  };
}
