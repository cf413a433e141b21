// POST {server}/v1/token: the authorization_code (PKCE checked), refresh_token and client_credentials
// grants. Refresh tokens are STATIC, Okta's default for web apps (OpenIdConnectRefreshTokenRotationType:
// "STATIC: the default for all clients except SPAs"): a refresh answers with the same refresh token.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { userById, type OktaData } from '../store.js';
import { authenticateClient, type AuthenticatedClient, type FormBody } from './client-auth.js';
import { oauthFail } from './errors.js';
import { isKnownScope, type AuthorizationServer } from './servers.js';
import { logTokenGrant } from './sign-in-log.js';
import { formBody, scopeList } from './params.js';
import { oauthState } from './state.js';
import { ACCESS_TOKEN_LIFETIME_SEC, clientCredentialsToken, idToken, newRefreshToken, userAccessToken, type Issue, type UserGrant } from './tokens.js';

/** The grants the twin serves; Okta's others (password, device code, SAML/JWT bearer, token exchange) are unsupported here. */
const GRANT_TYPES = new Set(['authorization_code', 'refresh_token', 'client_credentials']);

export function tokenHandler(ctx: TwinContext<OktaData>, server: AuthorizationServer) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = formBody(request);
    const data = ctx.store.data;
    const publicUrl = ctx.publicUrl();
    const nowMs = ctx.clock.now();
    const grantType = body.grant_type;
    if (!grantType) throw oauthFail.invalidRequest('The `grant_type` parameter is required.');
    const auth = await authenticateClient(request, body, data, `${publicUrl}${server.prefix}/v1/token`, nowMs);
    request.dtuActor = { type: 'app', id: auth.client.clientId };
    if (!GRANT_TYPES.has(grantType)) throw oauthFail.unsupportedGrantType();
    if (!auth.client.grantTypes.includes(grantType)) throw oauthFail.unauthorizedClient(auth.client.grantTypes);
    const issue: Issue = { server, publicUrl, seed: ctx.seed(), data, nowSec: Math.floor(nowMs / 1000) };
    const answer = grantType === 'client_credentials'
      ? await clientCredentials(ctx, request, issue, auth, body)
      : await userTokens(ctx, request, issue, auth, body, grantType as 'authorization_code' | 'refresh_token');
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    return answer;
  };
}

async function clientCredentials(ctx: TwinContext<OktaData>, request: FastifyRequest, issue: Issue, auth: AuthenticatedClient, body: FormBody) {
  const { server } = issue;
  const scopes = scopeList(body.scope);
  if (server.id === 'org' && auth.method !== 'private_key_jwt') {
    throw oauthFail.invalidClient('Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.');
  }
  if (!scopes.length) {
    throw oauthFail.invalidScope(server.id === 'org' ? 'No scopes were requested.' : 'The authorization server resource does not have any configured default scopes, \'scope\' must be provided.');
  }
  if (!scopes.every((s) => server.resourceScopes.includes(s))) throw oauthFail.invalidScope();
  if (server.id === 'org' && !scopes.every((s) => auth.client.grantedOktaScopes.includes(s))) {
    throw oauthFail.invalidScope('The requested scope is invalid, unknown, or malformed.');
  }
  const accessToken = await clientCredentialsToken(issue, auth.client.clientId, scopes);
  logTokenGrant(ctx, request, server, auth.client, ['access_token']);
  return { token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME_SEC, access_token: accessToken, scope: scopes.join(' ') };
}

/** The grant an authorization code or refresh token stands for, checked against this request. */
function redeem(issue: Issue, auth: AuthenticatedClient, body: FormBody, grantType: 'authorization_code' | 'refresh_token'): UserGrant & { nonce?: string; refreshToken?: string } {
  const { data, server, nowSec } = issue;
  const state = oauthState(data);
  if (grantType === 'authorization_code') {
    if (!body.code) throw oauthFail.invalidRequest('The `code` parameter is required.');
    const code = state.codes.get(body.code);
    state.codes.delete(body.code); // single use, even when this request fails
    if (!code || code.expiresAtMs < nowSec * 1000 || code.asId !== server.id) throw oauthFail.invalidCode();
    if (code.clientId !== auth.client.clientId) throw oauthFail.invalidGrant('The grant was issued to another client. Ensure that the `client_id` matches the one used at the authorize request.');
    if (body.redirect_uri !== code.redirectUri) throw oauthFail.invalidGrant('The \'redirect_uri\' does not match the redirection URI used in the authorization request.');
    if (code.codeChallenge !== undefined) {
      const verifier = body.code_verifier ?? '';
      if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || createHash('sha256').update(verifier).digest('base64url') !== code.codeChallenge) {
        throw oauthFail.invalidGrant('PKCE verification failed.');
      }
    }
    const user = userById(data, code.userId);
    if (!user || user.status !== 'ACTIVE') throw oauthFail.invalidCode();
    return { clientId: code.clientId, user, scopes: code.scopes, authTime: code.authTime, nonce: code.nonce };
  }
  if (!body.refresh_token) throw oauthFail.invalidRequest('The `refresh_token` parameter is required.');
  const grant = state.refreshTokens.get(body.refresh_token);
  if (!grant || grant.asId !== server.id || grant.clientId !== auth.client.clientId) throw oauthFail.invalidRefreshToken();
  const user = userById(data, grant.userId);
  if (!user || user.status !== 'ACTIVE') throw oauthFail.invalidRefreshToken();
  let scopes = grant.scopes;
  if (body.scope !== undefined) {
    scopes = scopeList(body.scope);
    if (!scopes.every((s) => grant.scopes.includes(s))) throw oauthFail.invalidScope('The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner.');
  }
  return { clientId: grant.clientId, user, scopes, authTime: grant.authTime, refreshToken: body.refresh_token };
}

async function userTokens(ctx: TwinContext<OktaData>, request: FastifyRequest, issue: Issue, auth: AuthenticatedClient, body: FormBody, grantType: 'authorization_code' | 'refresh_token') {
  const grant = redeem(issue, auth, body, grantType);
  const { server, data, nowSec } = issue;
  if (!grant.scopes.every((s) => isKnownScope(server, s))) throw oauthFail.invalidScope();
  const accessToken = await userAccessToken(issue, grant);
  const kinds = ['access_token'];
  const answer: Record<string, unknown> = { token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME_SEC, access_token: accessToken, scope: grant.scopes.join(' ') };
  let refreshToken = grant.refreshToken;
  if (!refreshToken && grant.scopes.includes('offline_access') && auth.client.grantTypes.includes('refresh_token')) {
    refreshToken = newRefreshToken(data, { asId: server.id, clientId: grant.clientId, userId: grant.user.id, scopes: grant.scopes, authTime: grant.authTime, issuedAt: nowSec });
    kinds.push('refresh_token');
  }
  if (refreshToken) answer.refresh_token = refreshToken;
  if (grant.scopes.includes('openid')) {
    answer.id_token = await idToken(issue, grant, { nonce: grant.nonce, accessToken });
    kinds.push('id_token');
  }
  logTokenGrant(ctx, request, server, auth.client, kinds, grant.user);
  return answer;
}
