// SSWS API tokens: the super admin's may do anything; the read-only admin's may only read
// (a write is Okta's 403 E0000006). OAuth access tokens of the org authorization server
// (`Bearer`) are checked by oauth/management-bearer.ts. A bad token is 401 E0000011; no SSWS or Bearer
// credential at all is 403 E0000005 "Invalid session" (Okta then looks for a session cookie). Routes marked
// config.oktaPublic (OAuth endpoints, sign-in, control) take no Management API credential.
import type { FastifyRequest } from 'fastify';
import { memoLast } from '../../shared/kernel/memo.js';
import type { TwinContext } from '../../shared/kernel/twin-definition.js';
import { TwinError } from '../../shared/kernel/vendor-errors.js';
import { primaryAdmin } from '../../shared/seeding/admin.js';
import { tokens } from '../../shared/seeding/people-ids.js';
import { oktaErrors, oktaFail } from './errors.js';
import { bearerAuth } from './oauth/management-bearer.js';
import type { OktaData } from './store.js';

type Power = 'super-admin' | 'read-only-admin';

const apiTokens = memoLast((seed: number) => new Map<string, Power>([
  [tokens.oktaApi(seed, 'super-admin'), 'super-admin'],
  [tokens.oktaApi(seed, 'read-only-admin'), 'read-only-admin'],
]));

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** onRequest hook: identifies the caller and refuses bad tokens and read-only writes. */
export function sswsAuth(ctx: TwinContext<OktaData>) {
  return async (request: FastifyRequest) => {
    if (request.routeOptions.config.oktaPublic) return;
    const header = request.headers.authorization ?? '';
    if (/^Bearer /i.test(header)) return bearerAuth(ctx, request, header.slice(7).trim());
    if (!/^SSWS /i.test(header)) throw oktaFail.invalidSession();
    const power = apiTokens(ctx.seed()).get(header.slice(5).trim());
    if (!power) throw new TwinError(oktaErrors.unauthorized(''));
    const admin = primaryAdmin(ctx.org());
    request.dtuActor = power === 'super-admin' ? { type: 'user', email: admin.email } : { type: 'user', id: 'read-only-admin' };
    if (power === 'read-only-admin' && !READS.has(request.method)) throw oktaFail.forbidden();
  };
}
