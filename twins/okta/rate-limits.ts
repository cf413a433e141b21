// Okta's per-endpoint management rate limits (requests per minute, per org; developer.okta.com
// "Rate limits" → Management rate limits, default org values). Used for `--rate-limits realistic`
// and for the X-Rate-Limit-Limit header every response carries.
import type { FastifyRequest } from 'fastify';
import type { RateLimitClass } from '../../shared/chaos/rate-limits.js';

const minute = (name: string, limit: number): RateLimitClass => ({ name: `okta:${name}`, limit, windowSec: 60 });

const USERS = minute('/api/v1/users', 600);
const USER_BY_ID_READ = minute('GET /api/v1/users/{id}', 2000);
const USER_BY_ID = minute('/api/v1/users/{id}', 600);
const GROUPS = minute('/api/v1/groups', 500);
const LOGS = minute('/api/v1/logs', 120);
const DEFAULT = minute('/api/v1', 1200);

export function oktaRateLimit(request: FastifyRequest): RateLimitClass | null {
  const route = request.routeOptions.url;
  if (!route || route.startsWith('/_dtu')) return null;
  if (route === '/api/v1/users') return USERS;
  if (route === '/api/v1/users/:id') return request.method === 'GET' ? USER_BY_ID_READ : USER_BY_ID;
  if (route.startsWith('/api/v1/users/')) return USER_BY_ID;
  if (route.startsWith('/api/v1/groups')) return GROUPS;
  if (route === '/api/v1/logs') return LOGS;
  return DEFAULT;
}
