// OAuth access tokens on the Management API (`Authorization: Bearer …`, the SDK's PrivateKey mode):
// tokens of the org authorization server only (issuer and audience = the org URL), each request
// needing the okta.* scope of its API family — okta.<family>.read for reads, .manage for writes
// (manage implies read). Missing scope: 403 E0000006 with Okta's WWW-Authenticate challenge; a bad,
// expired, revoked or foreign token: 401 E0000011.
import type { FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { TwinError } from '../../../shared/kernel/vendor-errors.js';
import { oktaResponse } from '../errors.js';
import { userById, type OktaData } from '../store.js';
import { ORG_SERVER } from './servers.js';
import { oauthState } from './state.js';
import { liveAccessToken } from './token-endpoints.js';

/** API family of a Management API route → the okta.* scope stem (developer.okta.com "OAuth 2.0 scopes"). */
const FAMILIES: [prefix: string, stem: string][] = [
  ['/api/v1/users', 'okta.users'],
  ['/api/v1/groups', 'okta.groups'],
  ['/api/v1/apps', 'okta.apps'],
  ['/api/v1/logs', 'okta.logs'],
  ['/api/v1/eventHooks', 'okta.eventHooks'],
];

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The scope a request needs, e.g. okta.users.read; null when no OAuth scope reaches the route. */
export function requiredScope(request: FastifyRequest): string | null {
  const route = request.routeOptions.url ?? request.url.split('?')[0];
  const family = FAMILIES.find(([prefix]) => route === prefix || route.startsWith(`${prefix}/`));
  if (!family) return null;
  if (family[1] === 'okta.logs') return READS.has(request.method) ? 'okta.logs.read' : null;
  return `${family[1]}.${READS.has(request.method) ? 'read' : 'manage'}`;
}

// Verified tokens by (key generation, token): a client calls with the same token many times.
const verified = new WeakMap<OktaData, Map<string, { exp: number; jti: string; scopes: string[]; cid: string; uid?: string }>>();
const CACHE_SIZE = 256;

async function claimsOf(ctx: TwinContext<OktaData>, token: string) {
  const data = ctx.store.data;
  let cache = verified.get(data);
  if (!cache) verified.set(data, (cache = new Map()));
  const key = `${oauthState(data).keyGeneration.org} ${token}`;
  let entry = cache.get(key);
  if (!entry) {
    const claims = await liveAccessToken(ctx, ORG_SERVER, token);
    if (!claims) return null;
    entry = { exp: Number(claims.exp), jti: String(claims.jti), scopes: Array.isArray(claims.scp) ? claims.scp.map(String) : [], cid: String(claims.cid), uid: typeof claims.uid === 'string' ? claims.uid : undefined };
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, entry);
  }
  if (entry.exp * 1000 <= ctx.clock.now() || oauthState(data).revokedJtis.has(entry.jti)) return null;
  return entry;
}

function invalidToken(): TwinError {
  const response = oktaResponse(401, 'E0000011', 'Invalid token provided');
  response.headers = { ...response.headers, 'www-authenticate': 'Bearer error="invalid_token", error_description="The token is not valid."' };
  return new TwinError(response);
}

/** Authenticates a Bearer request to /api/v1/*; throws Okta's 401/403, or sets request.dtuActor. */
export async function bearerAuth(ctx: TwinContext<OktaData>, request: FastifyRequest, token: string): Promise<void> {
  const entry = await claimsOf(ctx, token);
  if (!entry) throw invalidToken();
  const publicUrl = ctx.publicUrl();
  const user = entry.uid ? userById(ctx.store.data, entry.uid) : undefined;
  if (entry.uid && (!user || user.status !== 'ACTIVE')) throw invalidToken();
  request.dtuActor = user ? { type: 'user', id: user.id, email: user.profile.login } : { type: 'app', id: entry.cid };
  const needed = requiredScope(request);
  const granted = needed && (entry.scopes.includes(needed) || (needed.endsWith('.read') && entry.scopes.includes(needed.replace(/\.read$/, '.manage'))));
  // A person's token acts with that person's admin rights: only admins reach the Management API.
  const isAdmin = !user || ctx.org().people.some((p) => p.admin && p.email.toLowerCase() === user.profile.login.toLowerCase());
  if (granted && isAdmin) return;
  const response = oktaResponse(403, 'E0000006', 'You do not have permission to perform the requested action');
  response.headers = {
    ...response.headers,
    'www-authenticate': `Bearer authorization_uri="${publicUrl}/oauth2/v1/authorize", realm="${publicUrl}", scope="${needed ?? ''}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${request.url.split('?')[0]}"`,
  };
  throw new TwinError(response);
}
