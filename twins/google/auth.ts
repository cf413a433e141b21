// Bearer access tokens as Google checks them: each person has one token carrying their ordinary
// scopes; the credentials' readonlyAccessToken is the admin with drive.readonly only.
import type { FastifyRequest } from 'fastify';
import { memoLast } from '../../shared/kernel/memo.js';
import type { TwinContext } from '../../shared/kernel/twin-definition.js';
import { TwinError } from '../../shared/kernel/vendor-errors.js';
import { primaryAdmin } from '../../shared/seeding/admin.js';
import type { Org } from '../../shared/seeding/org.js';
import { tokens } from '../../shared/seeding/people-ids.js';
import { googleErrors, googleScopeInsufficient } from './errors.js';
import type { GoogleData } from './store.js';

const S = 'https://www.googleapis.com/auth/';
export const SCOPES = {
  drive: `${S}drive`, driveReadonly: `${S}drive.readonly`, driveFile: `${S}drive.file`, driveMetadataReadonly: `${S}drive.metadata.readonly`,
};
export const PERSON_SCOPES = [SCOPES.drive, `${S}documents`, `${S}spreadsheets`, `${S}admin.directory.user.readonly`, `${S}admin.directory.group.readonly`];
/** Scopes that let a token read Drive metadata, and those that let it write. */
export const DRIVE_READ = [SCOPES.drive, SCOPES.driveReadonly, SCOPES.driveFile, SCOPES.driveMetadataReadonly, `${S}drive.metadata`];
export const DRIVE_WRITE = [SCOPES.drive, SCOPES.driveFile];

export interface GoogleToken { email: string; scopes: string[] }

const tokenIndex = memoLast((key: { seed: number; org: Org }) => {
  const map = new Map<string, GoogleToken>(key.org.people.map((p) => [tokens.googleAccess(key.seed, p.email), { email: p.email, scopes: PERSON_SCOPES }]));
  const admin = primaryAdmin(key.org).email;
  map.set(tokens.googleAccess(key.seed, `${admin}#drive.readonly`), { email: admin, scopes: [SCOPES.driveReadonly] });
  return map;
});

declare module 'fastify' {
  interface FastifyRequest {
    googleToken?: GoogleToken;
  }
}

export function bearerAuth(ctx: TwinContext<GoogleData>) {
  return async (request: FastifyRequest) => {
    const header = request.headers.authorization ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
    const found = token ? tokenIndex({ seed: ctx.seed(), org: ctx.org() }).get(token) : undefined;
    if (!found) throw new TwinError(googleErrors.unauthorized(''));
    request.googleToken = found;
    const user = ctx.store.data.users.find((u) => u.primaryEmail === found.email);
    request.dtuActor = { type: 'user', email: found.email, ...(user && { id: user.id }) };
  };
}

/** Throws 403 ACCESS_TOKEN_SCOPE_INSUFFICIENT unless the token has one of `accepted`. */
export function requireScope(request: FastifyRequest, accepted: string[], service = 'drive.googleapis.com'): GoogleToken {
  const token = request.googleToken!;
  if (!token.scopes.some((s) => accepted.includes(s))) throw googleScopeInsufficient(service);
  return token;
}
