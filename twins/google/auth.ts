// Bearer credentials as Google checks them: seeded access tokens (one per person with their ordinary
// scopes; readonlyAccessToken = the admin with drive.readonly), tokens issued by the token endpoint,
// and self-signed service-account JWTs (iss = client_email, `scope` or `aud`, a `sub` other than the
// account itself acts as that user through domain-wide delegation). Suspended and archived users' tokens
// are refused; a renamed user's tokens follow them (person-tokens.ts derives people's tokens).
import type { FastifyRequest } from 'fastify';
import type { TwinContext } from '../../shared/kernel/twin-definition.js';
import { TwinError } from '../../shared/kernel/vendor-errors.js';
import { userByAddress, usersByEmail } from './drive.js';
import { googleErrors, googleScopeInsufficient } from './errors.js';
import { accessTokenOwner } from './person-tokens.js';
import { DELEGATED_SCOPES, JwtError, verifyServiceAccountJwt } from './service-account.js';
import { serviceAccountEmail, type GoogleData, type GoogleUser } from './store.js';

const S = 'https://www.googleapis.com/auth/';
export const SCOPES = {
  drive: `${S}drive`, driveReadonly: `${S}drive.readonly`, driveFile: `${S}drive.file`, driveMetadataReadonly: `${S}drive.metadata.readonly`,
};
export const PERSON_SCOPES = [SCOPES.drive, `${S}documents`, `${S}spreadsheets`, `${S}admin.directory.user.readonly`, `${S}admin.directory.group.readonly`];
/** Scopes that let a token read Drive metadata, and those that let it write. */
export const DRIVE_READ = [SCOPES.drive, SCOPES.driveReadonly, SCOPES.driveFile, SCOPES.driveMetadataReadonly, `${S}drive.metadata`];
export const DRIVE_WRITE = [SCOPES.drive, SCOPES.driveFile];
/** Reading content (alt=media, export, revisions' content) needs more than metadata scopes. */
export const DRIVE_CONTENT = [SCOPES.drive, SCOPES.driveReadonly, SCOPES.driveFile];

export interface GoogleToken {
  /** Whose rights the token carries: a person, or the service account itself. */
  email: string;
  scopes: string[];
  /** The service account acting as itself (no delegation). */
  serviceAccount?: boolean;
  /** OAuth client id (azp/aud in tokeninfo). */
  clientId?: string;
  /** Epoch ms; seeded tokens never expire. */
  expiresAt?: number;
}

/** Verified self-signed JWTs, so a client reusing one token pays for the RSA check once. */
const jwtCache = new Map<string, GoogleToken>();

declare module 'fastify' {
  interface FastifyRequest {
    googleToken?: GoogleToken;
  }
  interface FastifyContextConfig {
    /** The OAuth endpoints (token, tokeninfo): no bearer token needed. */
    googlePublic?: boolean;
  }
}

/** What a bearer token stands for, or null when Google would refuse it (unknown, expired, suspended user). */
export function resolveToken(ctx: TwinContext<GoogleData>, token: string): GoogleToken | null {
  const data = ctx.store.data;
  const now = ctx.clock.now();
  const found: GoogleToken | undefined = accessTokenOwner({ seed: ctx.seed(), org: ctx.org(), users: data.users, scopes: PERSON_SCOPES }, token)
    ?? data.issuedTokens[token]
    ?? (token.split('.').length === 3 ? selfSignedJwt(ctx, token, now) : undefined);
  if (!found || (found.expiresAt !== undefined && found.expiresAt <= now)) return null;
  if (found.serviceAccount) return found;
  // The token carries the user's rights whatever their address is now (an old address is an alias).
  const user = userByAddress(data.users, found.email);
  if (!user || !canSignIn(user)) return null;
  return user.primaryEmail === found.email ? found : { ...found, email: user.primaryEmail };
}

/** Suspended and archived users cannot sign in: Google refuses their tokens, refresh tokens and delegation to them. */
export const canSignIn = (user: GoogleUser) => !user.suspended && !user.archived;

function selfSignedJwt(ctx: TwinContext<GoogleData>, jwt: string, now: number): GoogleToken | undefined {
  const cacheKey = `${ctx.seed()}|${jwt}`;
  const cached = jwtCache.get(cacheKey);
  if (cached) return cached;
  const domain = ctx.org().domain;
  let claims;
  try {
    claims = verifyServiceAccountJwt(jwt, ctx.seed(), domain).claims;
  } catch (error) {
    if (error instanceof JwtError) return undefined;
    throw error;
  }
  const { iat, exp, scope, aud, sub } = claims;
  const nowSec = now / 1000;
  // Google takes self-signed JWTs for at most an hour, issued no later than (about) now.
  if (typeof iat !== 'number' || typeof exp !== 'number' || exp <= nowSec || iat > nowSec + 300 || exp - iat > 3600) return undefined;
  let scopes: string[];
  if (typeof scope === 'string' && scope.trim() !== '') scopes = scope.trim().split(/\s+/);
  else if (typeof aud === 'string' && /^https?:\/\//.test(aud)) scopes = DELEGATED_SCOPES; // aud = an API's URL: that whole API.
  else return undefined;
  const self = serviceAccountEmail(domain);
  const acting = typeof sub === 'string' && sub !== self ? sub.toLowerCase() : self;
  if (acting !== self && !scopes.every((s) => DELEGATED_SCOPES.includes(s))) return undefined;
  const result: GoogleToken = { email: acting, scopes, serviceAccount: acting === self, expiresAt: exp * 1000 };
  if (jwtCache.size > 1000) jwtCache.clear();
  jwtCache.set(cacheKey, result);
  return result;
}

export function bearerAuth(ctx: TwinContext<GoogleData>) {
  return async (request: FastifyRequest) => {
    if (request.routeOptions.config?.googlePublic) return;
    const header = request.headers.authorization ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
    const found = token ? resolveToken(ctx, token.trim()) : null;
    if (!found) throw new TwinError(googleErrors.unauthorized(''));
    request.googleToken = found;
    if (found.serviceAccount) {
      request.dtuActor = { type: 'service_account', email: found.email };
    } else {
      const user = usersByEmail(ctx.store.data.users).get(found.email);
      request.dtuActor = { type: 'user', email: found.email, ...(user && { id: user.id }) };
    }
  };
}

/** Throws 403 ACCESS_TOKEN_SCOPE_INSUFFICIENT unless the token has one of `accepted`. */
export function requireScope(request: FastifyRequest, accepted: string[], service = 'drive.googleapis.com'): GoogleToken {
  const token = request.googleToken!;
  if (!token.scopes.some((s) => accepted.includes(s))) throw googleScopeInsufficient(service);
  return token;
}
