// Jira Cloud's independent limits for --rate-limits realistic (developer.atlassian.com "Rate limiting"
// and "Build an app that respects rate limits"): the burst limit per endpoint and HTTP method
// (RateLimit-Reason jira-burst-based) and the per-issue write limit (jira-per-issue-on-write). Atlassian
// does not publish the burst numbers; these are the commonly observed ones (approximation, see README).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RateLimitClass } from '../../shared/chaos/rate-limits.js';

const BURST_PER_SECOND: Record<string, number> = { GET: 100, POST: 100, PUT: 50, DELETE: 50 };
/** Writes to one issue: 20 per 2 seconds. */
const PER_ISSUE_WRITES = 20;
const PER_ISSUE_WINDOW_SEC = 2;

/** The class each request was given, for the RateLimit-Reason of a 429 (the kernel's answer does not carry it). */
const classes = new WeakMap<FastifyRequest, RateLimitClass>();

export function jiraRateLimit(request: FastifyRequest): RateLimitClass | null {
  const route = request.routeOptions.url;
  if (!route || route.startsWith('/_dtu')) return null;
  const issue = (request.params as { issueIdOrKey?: string } | undefined)?.issueIdOrKey;
  const limit: RateLimitClass = issue && request.method !== 'GET'
    ? { name: `jira-per-issue-on-write:${issue.toUpperCase()}`, limit: PER_ISSUE_WRITES, windowSec: PER_ISSUE_WINDOW_SEC }
    : { name: `jira-burst-based:${request.method} ${route}`, limit: BURST_PER_SECOND[request.method] ?? 50, windowSec: 1 };
  classes.set(request, limit);
  return limit;
}

/**
 * Under realistic limits: a 429 names the limit that was hit in RateLimit-Reason; an allowed response
 * says X-RateLimit-NearLimit: true once less than a fifth of its bucket is left.
 */
export function rateLimitHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const limit = classes.get(request);
    if (!limit) return payload;
    if (reply.statusCode === 429) reply.header('ratelimit-reason', limit.name.split(':')[0]);
    else if (request.dtuRateLimit && request.dtuRateLimit.remaining < limit.limit / 5) reply.header('x-ratelimit-nearlimit', 'true');
    return payload;
  });
}
