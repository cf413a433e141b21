// POST /api/v1/authn, Okta's classic Authentication API (primary authentication): a right password of
// an ACTIVE user answers status SUCCESS with a one-time `sessionToken` (five minutes), which
// /v1/authorize?sessionToken=… exchanges for a session. Anything else is 401 E0000004, as Okta never
// says whether the login or the password was wrong.
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { oktaError, oktaFail } from '../errors.js';
import type { OktaData } from '../store.js';
import { passwordSignIn } from './sessions.js';
import { actAsUser } from './sign-in-log.js';
import { oauthState } from './state.js';

const SESSION_TOKEN_LIFETIME_MS = 5 * 60 * 1000;

export function authnHandler(ctx: TwinContext<OktaData>) {
  return async (request: FastifyRequest) => {
    const body = request.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw oktaFail.malformed();
    const { username, password } = body as Record<string, unknown>;
    const missing = [typeof username === 'string' && username ? null : 'username', typeof password === 'string' ? null : 'password'].filter((f): f is string => !!f);
    if (missing.length) throw oktaFail.validation('authRequest', ...missing.map((f) => `${f}: The field cannot be left blank`));
    const data = ctx.store.data;
    const user = passwordSignIn(data, username as string, password as string);
    if (!user) throw oktaError(401, 'E0000004', 'Authentication failed');
    actAsUser(request, user);
    const nowMs = ctx.clock.now();
    const state = oauthState(data);
    if (state.sessionTokens.size > 1024) for (const [t, e] of state.sessionTokens) if (e.expiresAtMs < nowMs) state.sessionTokens.delete(t);
    const sessionToken = `20111${randomBytes(30).toString('base64url')}`;
    state.sessionTokens.set(sessionToken, { userId: user.id, expiresAtMs: nowMs + SESSION_TOKEN_LIFETIME_MS });
    const profile = user.profile;
    return {
      expiresAt: new Date(nowMs + SESSION_TOKEN_LIFETIME_MS).toISOString(),
      status: 'SUCCESS',
      sessionToken,
      _embedded: {
        user: {
          id: user.id,
          passwordChanged: user.passwordChanged,
          profile: { login: profile.login, firstName: profile.firstName, lastName: profile.lastName, locale: profile.locale ?? 'en_US', timeZone: profile.timezone ?? 'America/Los_Angeles' },
        },
      },
    };
  };
}
