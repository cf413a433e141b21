// Okta's per-endpoint rate limits (requests per minute), Workforce Identity column of developer.okta.com
// "Management rate limits" and "Authentication/End-user rate limits". Used for `--rate-limits realistic`
// and for the X-Rate-Limit-Limit header every response carries. Each row is its own bucket, as in Okta:
// e.g. GET /api/v1/users/{id} does not use up the list-users bucket. Okta counts per org; the kernel's
// buckets are per credential (Authorization header), which equals per org for a single API token.
import type { FastifyRequest } from 'fastify';
import type { RateLimitClass } from '../../shared/chaos/rate-limits.js';

const minute = (name: string, limit: number): RateLimitClass => ({ name: `okta:${name}`, limit, windowSec: 60 });

export const OKTA_LIMITS = {
  users: minute('/api/v1/users', 600),
  userRead: minute('GET /api/v1/users/{idOrLogin}', 2000),
  userWrite: minute('POST|PUT|DELETE /api/v1/users/{id}', 600),
  apps: minute('/api/v1/apps', 100),
  app: minute('/api/v1/apps/{id}', 500),
  groups: minute('/api/v1/groups', 500),
  group: minute('/api/v1/groups/{id}', 1000),
  logs: minute('/api/v1/logs', 120),
  authn: minute('/api/v1/authn', 500),
  sessions: minute('/api/v1/sessions', 750),
  clients: minute('/oauth2/v1/clients', 100),
  orgAuthorize: minute('/oauth2/v1/authorize', 2000),
  orgToken: minute('/oauth2/v1/token', 2000),
  orgOther: minute('/oauth2/v1', 2000),
  // Every custom authorization server of an org shares one bucket per row (Okta support: "How the rate
  // limits work for authorization servers").
  customAuthorize: minute('/oauth2/{authorizationServerId}/v1/authorize', 2000),
  customToken: minute('/oauth2/{authorizationServerId}/v1/token', 2000),
  customOther: minute('/oauth2/{authorizationServerId}/v1', 2000),
  other: minute('/api/v1', 1200),
} as const;

const L = OKTA_LIMITS;
const WRITES = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

/** The bucket of a request, by its route pattern; null for what Okta does not limit (metadata, keys, control). */
export function oktaRateLimit(request: FastifyRequest): RateLimitClass | null {
  const route = request.routeOptions.url;
  if (!route || route.startsWith('/_dtu') || route.includes('/.well-known/') || route.endsWith('/v1/keys')) return null;
  if (route.startsWith('/oauth2/')) {
    const org = route.startsWith('/oauth2/v1/');
    const endpoint = route.split('/v1/')[1] ?? '';
    if (org && endpoint.startsWith('clients')) return L.clients;
    if (endpoint === 'authorize') return org ? L.orgAuthorize : L.customAuthorize;
    if (endpoint === 'token') return org ? L.orgToken : L.customToken;
    return org ? L.orgOther : L.customOther;
  }
  if (route === '/api/v1/users') return L.users;
  if (route === '/api/v1/users/:id') return WRITES.has(request.method) ? L.userWrite : L.userRead;
  if (route === '/api/v1/apps/:appId') return L.app;
  if (route === '/api/v1/apps' || route.startsWith('/api/v1/apps/')) return L.apps;
  if (route === '/api/v1/groups/:groupId') return L.group;
  if (route === '/api/v1/groups' || route.startsWith('/api/v1/groups/')) return L.groups;
  if (route === '/api/v1/logs') return L.logs;
  if (route.startsWith('/api/v1/authn')) return L.authn;
  if (route.startsWith('/api/v1/sessions')) return L.sessions;
  return L.other;
}
