// Basic auth with API tokens (email:token, as Jira Cloud takes them) and OAuth 2.0 bearer access tokens
// (one per person, as a 3LO app holds them). Unknown or missing credentials and deactivated users are
// 401; bad credentials also carry X-Seraph-LoginReason: AUTHENTICATED_FAILED as Jira sends it.
import type { FastifyRequest } from 'fastify';
import { memoLast } from '../../shared/kernel/memo.js';
import type { TwinContext } from '../../shared/kernel/twin-definition.js';
import { TwinError } from '../../shared/kernel/vendor-errors.js';
import type { Org } from '../../shared/seeding/org.js';
import { deriveString } from '../../shared/seeding/deterministic.js';
import { tokens } from '../../shared/seeding/people-ids.js';
import { jiraError, jiraErrors } from './errors.js';
import { isSiteAdmin, usersByEmail, type JiraData } from './store.js';

/** base64("email:apiToken") → email, for the current seed. */
/** A person's OAuth 2.0 access token (opaque here; Atlassian's are JWTs the client never reads). */
export const bearerToken = (seed: number, email: string) => `dtuJira.${deriveString(seed, `jira:oauth-access:${email}`, 64)}`;

/**
 * credential → email for every person, built once per (org, seed) and then only looked up: deriving
 * the tokens costs an HMAC per person, which must never happen per request.
 */
function credentialIndex(credentialOf: (seed: number, email: string) => string) {
  const perOrg = memoLast((_org: Org) => new Map<number, Map<string, string>>());
  return (org: Org, seed: number): Map<string, string> => {
    const bySeed = perOrg(org);
    let index = bySeed.get(seed);
    if (!index) bySeed.set(seed, (index = new Map(org.people.map((p) => [credentialOf(seed, p.email), p.email]))));
    return index;
  };
}

const basicIndex = credentialIndex((seed, email) => Buffer.from(`${email}:${tokens.jiraApi(seed, email)}`).toString('base64'));
const bearerIndex = credentialIndex(bearerToken);

export function basicAuth(ctx: TwinContext<JiraData>) {
  return async (request: FastifyRequest) => {
    const header = request.headers.authorization ?? '';
    const [org, seed] = [ctx.org(), ctx.seed()];
    const email = /^Basic /i.test(header) ? basicIndex(org, seed).get(header.slice(6).trim()) : /^Bearer /i.test(header) ? bearerIndex(org, seed).get(header.slice(7).trim()) : undefined;
    const user = email ? usersByEmail(ctx.store.data.users).get(email.toLowerCase()) : undefined;
    if (!user || !user.active) {
      const response = jiraErrors.unauthorized('');
      if (header) response.headers = { 'x-seraph-loginreason': 'AUTHENTICATED_FAILED' };
      throw new TwinError(response);
    }
    request.dtuActor = { type: 'user', id: user.accountId, email: user.emailAddress };
    if (/^Bearer /i.test(header)) oauthRequests.add(request);
  };
}

const oauthRequests = new WeakSet<FastifyRequest>();
/** Whether the request came with an OAuth 2.0 bearer token (as an app), not a person's API token. */
export const viaOAuth = (request: FastifyRequest): boolean => oauthRequests.has(request);

/** The authenticated caller's accountId (the hook above guarantees one). */
export const callerId = (request: FastifyRequest): string => request.dtuActor!.id!;

export const ADMIN_REQUIRED = 'You are not authorized to perform this action. Administrator privileges are required.';

/** Site-admin-only operations: 403 with Jira's message for everyone else. */
export function requireAdmin(data: JiraData, request: FastifyRequest): string {
  const me = callerId(request);
  if (!isSiteAdmin(data, me)) throw jiraError(403, ADMIN_REQUIRED);
  return me;
}
