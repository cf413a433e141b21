// {server}/v1/authorize (GET, or POST with the parameters as a form) and the sign-in form behind it.
// Errors before the client and redirect URI are trusted show Okta's error page; later ones go back to
// the redirect URI (query, fragment or form_post). With an Okta session (the `sid` cookie, or a
// one-time classic `sessionToken`) the code is issued at once; with `prompt=none` and no session the
// answer is error=login_required; otherwise the sign-in page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { userById, type OktaData, type OktaUser } from '../store.js';
import { clientById, type OAuthClient } from './clients.js';
import { errorPage, escapeHtml } from './errors.js';
import { formPostPage, loginPage } from './login-page.js';
import { isKnownScope, serverById, AUTHORIZATION_SERVERS, type AuthorizationServer } from './servers.js';
import { currentSession, openSession, passwordSignIn } from './sessions.js';
import { logSessionStart, logSso } from './sign-in-log.js';
import { opaqueToken, oauthState } from './state.js';
import { formBody, queryParams, scopeList, type Params } from './params.js';

/** Okta's authorization codes live for five minutes. */
const CODE_LIFETIME_MS = 5 * 60 * 1000;
const RESPONSE_MODES = new Set(['query', 'fragment', 'form_post']);
const OIDC_ONLY_SCOPES = ['profile', 'email', 'address', 'phone', 'groups'];

/** A refusal that goes back to the client's redirect URI. */
class RedirectError extends Error {
  constructor(readonly error: string, readonly description: string) {
    super(description);
  }
}

interface Trusted {
  client: OAuthClient;
  redirectUri: string;
  responseMode: string;
  state?: string;
}

function trust(params: Params, data: OktaData, publicUrl: string): Trusted {
  const client = params.client_id ? clientById(data, params.client_id) : undefined;
  if (!client) throw errorPage('invalid_client', 'Invalid value for \'client_id\' parameter.');
  const redirectUri = params.redirect_uri ?? '';
  if (!client.redirectUris.includes(redirectUri)) {
    throw errorPage('invalid_request', `The 'redirect_uri' parameter must be a Login redirect URI in the client app settings: ${publicUrl}/admin/app/oidc_client/instance/${client.clientId}#tab-general`);
  }
  const responseMode = params.response_mode ?? 'query';
  return { client, redirectUri, responseMode: RESPONSE_MODES.has(responseMode) ? responseMode : 'query', state: params.state };
}

/** Checks the request proper (after trust); throws RedirectError in Okta's words. Returns the scopes. */
function validate(server: AuthorizationServer, params: Params, trusted: Trusted): string[] {
  if (!RESPONSE_MODES.has(params.response_mode ?? 'query')) {
    throw new RedirectError('unsupported_response_mode', 'The response mode isn\'t supported by the authorization server. Valid response modes: [`query`, `fragment`, `form_post`].');
  }
  if (!params.state) throw new RedirectError('invalid_request', 'The authentication request has an invalid \'state\' parameter.');
  if (params.response_type !== 'code') throw new RedirectError('unsupported_response_type', 'The response type is not supported by the authorization server. Configured response types: [code].');
  if (!trusted.client.grantTypes.includes('authorization_code')) throw new RedirectError('unauthorized_client', `The client is not authorized to use the provided grant type. Configured grant types: [${trusted.client.grantTypes.join(', ')}].`);
  const scopes = scopeList(params.scope);
  if (!scopes.length) throw new RedirectError('invalid_scope', 'The authorization server resource does not have any configured default scopes, \'scope\' must be provided.');
  const allowed = (s: string) => isKnownScope(server, s) && (!s.startsWith('okta.') || trusted.client.grantedOktaScopes.includes(s));
  if (!scopes.every(allowed)) throw new RedirectError('invalid_scope', 'One or more scopes are not configured for the authorization server resource.');
  if (!scopes.includes('openid') && scopes.some((s) => OIDC_ONLY_SCOPES.includes(s) && !server.resourceScopes.includes(s))) {
    throw new RedirectError('access_denied', 'Requests for ID tokens or access tokens with OpenID scopes require the `openid` scope.');
  }
  if (params.code_challenge === undefined && (trusted.client.pkceRequired || trusted.client.tokenEndpointAuthMethod === 'none')) {
    throw new RedirectError('invalid_request', 'PKCE code challenge is required by the client.');
  }
  if (params.code_challenge !== undefined) {
    if (params.code_challenge_method !== 'S256') throw new RedirectError('invalid_request', 'The PKCE code_challenge_method is invalid. Supported values: [S256].');
    if (!/^[A-Za-z0-9_-]{43}$/.test(params.code_challenge)) throw new RedirectError('invalid_request', 'The PKCE code_challenge is invalid: it must be a base64url-encoded SHA-256 hash (43 characters).');
  }
  const prompt = scopeList(params.prompt);
  if (prompt.includes('none') && prompt.length > 1) throw new RedirectError('invalid_request', 'The \'prompt\' parameter value \'none\' can\'t be combined with other values.');
  if (params.max_age !== undefined && !/^\d+$/.test(params.max_age)) throw new RedirectError('invalid_request', 'The \'max_age\' parameter must be a non-negative integer.');
  return scopes;
}

function sendToClient(reply: FastifyReply, trusted: Trusted, response: Record<string, string>): FastifyReply {
  const params = { ...response, ...(trusted.state !== undefined && { state: trusted.state }) };
  reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-cache, no-store');
  if (trusted.responseMode === 'form_post') return reply.type('text/html; charset=utf-8').send(formPostPage(trusted.redirectUri, params));
  const target = new URL(trusted.redirectUri);
  if (trusted.responseMode === 'fragment') target.hash = new URLSearchParams(params).toString();
  else for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
  return reply.redirect(target.toString(), 302);
}

/**
 * Answers an authorize request. `signedIn` is the user who just signed in through the form (their
 * session is already open); otherwise the session cookie or a sessionToken decides.
 */
export function answerAuthorize(ctx: TwinContext<OktaData>, server: AuthorizationServer, params: Params, request: FastifyRequest, reply: FastifyReply, signedIn?: { user: OktaUser; authTime: number }): FastifyReply {
  const data = ctx.store.data;
  const publicUrl = ctx.publicUrl();
  const nowMs = ctx.clock.now();
  const trusted = trust(params, data, publicUrl);
  let scopes: string[];
  try {
    scopes = validate(server, params, trusted);
  } catch (error) {
    if (error instanceof RedirectError) return sendToClient(reply, trusted, { error: error.error, error_description: error.description });
    throw error;
  }
  const prompt = scopeList(params.prompt);
  let who = signedIn;
  if (!who && params.sessionToken) {
    const state = oauthState(data);
    const entry = state.sessionTokens.get(params.sessionToken);
    state.sessionTokens.delete(params.sessionToken);
    const user = entry && entry.expiresAtMs >= nowMs ? userById(data, entry.userId) : undefined;
    if (user?.status === 'ACTIVE') {
      const session = openSession(reply, data, user, nowMs, publicUrl.startsWith('https:'));
      logSessionStart(ctx, request, user);
      who = { user, authTime: session.authTime };
    }
  }
  if (!who && !prompt.includes('login')) {
    const current = currentSession(request, data, nowMs);
    const fresh = current && (params.max_age === undefined || current.session.authTime + Number(params.max_age) >= Math.floor(nowMs / 1000));
    if (current && fresh) who = { user: current.user, authTime: current.session.authTime };
  }
  if (!who) {
    if (prompt.includes('none')) return sendToClient(reply, trusted, { error: 'login_required', error_description: 'The client specified not to prompt, but the user is not logged in.' });
    const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'sessionToken' && e[0] !== 'prompt'));
    const page = loginPage(ctx.org(), data, { fromUri: `${server.prefix}/v1/authorize?${query}`, loginHint: params.login_hint, clientName: trusted.client.name });
    return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache, no-store').send(page);
  }
  const state = oauthState(data);
  if (state.codes.size > 1024) for (const [c, entry] of state.codes) if (entry.expiresAtMs < nowMs) state.codes.delete(c);
  const code = opaqueToken(32);
  state.codes.set(code, {
    asId: server.id, clientId: trusted.client.clientId, redirectUri: trusted.redirectUri, scopes, userId: who.user.id, authTime: who.authTime,
    nonce: params.nonce, codeChallenge: params.code_challenge, expiresAtMs: nowMs + CODE_LIFETIME_MS,
  });
  logSso(ctx, request, who.user, server, trusted.client);
  return sendToClient(reply, trusted, { code });
}

export function authorizeHandler(ctx: TwinContext<OktaData>, server: AuthorizationServer) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const params: Params = request.method === 'POST' ? formBody(request) : queryParams(request, (name) => errorPage('invalid_request', `The '${name}' parameter is repeated.`));
    return answerAuthorize(ctx, server, params, request, reply);
  };
}

/** POST /login/login.htm: the sign-in form. On success opens the session and carries on with `fromURI`. */
export function signInHandler(ctx: TwinContext<OktaData>) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = formBody(request);
    const data = ctx.store.data;
    const nowMs = ctx.clock.now();
    const fromUri = form.fromURI ?? '';
    const user = passwordSignIn(data, form.username ?? '', form.password ?? '');
    if (!user) {
      const page = loginPage(ctx.org(), data, { fromUri, loginHint: form.username, error: 'Unable to sign in' });
      return reply.code(401).type('text/html; charset=utf-8').send(page);
    }
    const session = openSession(reply, data, user, nowMs, ctx.publicUrl().startsWith('https:'));
    logSessionStart(ctx, request, user);
    const target = authorizeTarget(fromUri);
    if (!target) return reply.type('text/html; charset=utf-8').send(`<!DOCTYPE html><html><body><p>Signed in as ${escapeHtml(user.profile.login)}.</p></body></html>`);
    return answerAuthorize(ctx, target.server, target.params, request, reply, { user, authTime: session.authTime });
  };
}

/** The authorize request a fromURI names (only this twin's own /authorize paths are followed). */
function authorizeTarget(fromUri: string): { server: AuthorizationServer; params: Params } | undefined {
  let url: URL;
  try {
    url = new URL(fromUri, 'http://twin.invalid');
  } catch {
    return undefined;
  }
  if (url.host !== 'twin.invalid') return undefined;
  const server = AUTHORIZATION_SERVERS.find((s) => url.pathname === `${s.prefix}/v1/authorize`);
  return server ? { server: serverById(server.id), params: Object.fromEntries(url.searchParams) } : undefined;
}
