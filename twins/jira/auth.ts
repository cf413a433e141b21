// Basic auth with API tokens (email:token, as Jira Cloud takes them) and OAuth 2.0 bearer access tokens
// (one per person, as a 3LO app holds them; people created by provisioning get theirs derived the same
// way). Unknown or missing credentials and deactivated users are 401; bad credentials also carry
// X-Seraph-LoginReason: AUTHENTICATED_FAILED as Jira sends it.
import type { FastifyRequest } from 'fastify';
import { memoLast } from '../../shared/kernel/memo.js';
import type { TwinContext } from '../../shared/kernel/twin-definition.js';
import { TwinError } from '../../shared/kernel/vendor-errors.js';
import type { Org } from '../../shared/seeding/org.js';
import { deriveString } from '../../shared/seeding/deterministic.js';
import { tokens } from '../../shared/seeding/people-ids.js';
import { jiraError, jiraErrors } from './errors.js';
import { isSiteAdmin, type JiraData, type JiraUser, usersByEmail } from './store.js';

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

const basicCredential = (seed: number, email: string) => Buffer.from(`${email}:${tokens.jiraApi(seed, email)}`).toString('base64');
const basicIndex = credentialIndex(basicCredential);
const bearerIndex = credentialIndex(bearerToken);
const orgEmails = memoLast((org: Org) => new Set(org.people.map((p) => p.email)));

/**
 * Credentials of accounts that are not org people (created by provisioning), derived the same way:
 * "Basic <b64>" / "Bearer <token>" → email. Built per users array and seed, so only a change of the
 * users pays for the few HMACs.
 */
const provisionedIndexes = new WeakMap<JiraUser[], { seed: number; index: Map<string, string> }>();
function provisionedIndex(users: JiraUser[], org: Org, seed: number): Map<string, string> {
  const cached = provisionedIndexes.get(users);
  if (cached && cached.seed === seed) return cached.index;
  const known = orgEmails(org);
  const index = new Map<string, string>();
  for (const u of users) {
    if (known.has(u.emailAddress)) continue;
    index.set(`Basic ${basicCredential(seed, u.emailAddress)}`, u.emailAddress);
    index.set(`Bearer ${bearerToken(seed, u.emailAddress)}`, u.emailAddress);
  }
  provisionedIndexes.set(users, { seed, index });
  return index;
}

export function basicAuth(ctx: TwinContext<JiraData>) {
  return async (request: FastifyRequest) => {
    const header = request.headers.authorization ?? '';
    const [org, seed] = [ctx.org(), ctx.seed()];
    const basic = /^Basic /i.test(header);
    const credential = header.slice(basic ? 6 : 7).trim();
    const email = basic ? basicIndex(org, seed).get(credential) : /^Bearer /i.test(header) ? bearerIndex(org, seed).get(credential) : undefined;
    const provisioned = email || !header ? undefined : provisionedIndex(ctx.store.data.users, org, seed).get(`${basic ? 'Basic' : 'Bearer'} ${credential}`);
    const user = email || provisioned ? usersByEmail(ctx.store.data.users).get((email ?? provisioned)!.toLowerCase()) : undefined;
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
