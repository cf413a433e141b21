// Basic auth with API tokens (email:token, as Jira Cloud takes them). Unknown or missing credentials
// and deactivated users are 401; a bad pair also carries X-Seraph-LoginReason as Jira sends it.
import type { FastifyRequest } from 'fastify';
import { memoLast } from '../../shared/kernel/memo.js';
import type { TwinContext } from '../../shared/kernel/twin-definition.js';
import { TwinError } from '../../shared/kernel/vendor-errors.js';
import type { Org } from '../../shared/seeding/org.js';
import { tokens } from '../../shared/seeding/people-ids.js';
import { jiraErrors } from './errors.js';
import { usersByEmail, type JiraData } from './store.js';

/** base64("email:apiToken") → email, for the current seed. */
const basicIndex = memoLast((key: { seed: number; org: Org }) => new Map(key.org.people.map((p) => [
  Buffer.from(`${p.email}:${tokens.jiraApi(key.seed, p.email)}`).toString('base64'), p.email,
])));

export function basicAuth(ctx: TwinContext<JiraData>) {
  return async (request: FastifyRequest) => {
    const header = request.headers.authorization ?? '';
    const email = /^Basic /i.test(header) ? basicIndex({ seed: ctx.seed(), org: ctx.org() }).get(header.slice(6).trim()) : undefined;
    const user = email ? usersByEmail(ctx.store.data.users).get(email.toLowerCase()) : undefined;
    if (!user || !user.active) {
      const response = jiraErrors.unauthorized('');
      if (header) response.headers = { 'x-seraph-loginreason': 'AUTHENTICATED_FAILED' };
      throw new TwinError(response);
    }
    request.dtuActor = { type: 'user', id: user.accountId, email: user.emailAddress };
  };
}

/** The authenticated caller's accountId (the hook above guarantees one). */
export const callerId = (request: FastifyRequest): string => request.dtuActor!.id!;
