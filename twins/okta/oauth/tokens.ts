// The tokens the authorization servers mint, with Okta's claims: access tokens (ver, jti, iss, aud,
// iat, exp, cid, uid, scp, auth_time, sub = the user's login, or the client id for client
// credentials), ID tokens (sub = user id, name, email, preferred_username, amr, idp, nonce,
// auth_time, at_hash, groups when asked) and opaque refresh tokens. Lifetimes are Okta's defaults.
import { createHash, randomBytes } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { deriveString } from '../../../shared/seeding/deterministic.js';
import type { OktaData, OktaUser } from '../store.js';
import { activeKey, signJwt } from './keys.js';
import type { AuthorizationServer } from './servers.js';
import { opaqueToken, oauthState, type RefreshGrant } from './state.js';

export const ACCESS_TOKEN_LIFETIME_SEC = 3600;
export const ID_TOKEN_LIFETIME_SEC = 3600;

/** The org's own identity provider id (`idp` claim of users who signed in with an Okta password). */
export const orgIdpId = (seed: number) => `00o${deriveString(seed, 'okta:00o:org', 17)}`;

const tokenId = (prefix: 'AT' | 'ID') => `${prefix}.${randomBytes(32).toString('base64url')}`;

export interface Issue {
  server: AuthorizationServer;
  publicUrl: string;
  seed: number;
  data: OktaData;
  nowSec: number;
}

export interface UserGrant {
  clientId: string;
  user: OktaUser;
  scopes: string[];
  authTime: number;
}

/** Names of the user's groups (the `groups` claim: every group, Everyone included). */
export function groupNamesOf(data: OktaData, userId: string): string[] {
  return data.groups.filter((g) => data.members[g.id]?.includes(userId)).map((g) => g.profile.name);
}

export async function userAccessToken(issue: Issue, grant: UserGrant): Promise<string> {
  const { server, publicUrl, seed, data, nowSec } = issue;
  const claims: JWTPayload = {
    ver: 1, jti: tokenId('AT'), iss: server.issuer(publicUrl), aud: server.audience(publicUrl), iat: nowSec, exp: nowSec + ACCESS_TOKEN_LIFETIME_SEC,
    cid: grant.clientId, uid: grant.user.id, scp: grant.scopes, auth_time: grant.authTime, sub: grant.user.profile.login,
  };
  return signJwt(activeKey(seed, data, server.id), claims);
}

export async function clientCredentialsToken(issue: Issue, clientId: string, scopes: string[]): Promise<string> {
  const { server, publicUrl, seed, data, nowSec } = issue;
  const claims: JWTPayload = {
    ver: 1, jti: tokenId('AT'), iss: server.issuer(publicUrl), aud: server.audience(publicUrl), iat: nowSec, exp: nowSec + ACCESS_TOKEN_LIFETIME_SEC,
    cid: clientId, scp: scopes, sub: clientId,
  };
  return signJwt(activeKey(seed, data, server.id), claims);
}

/** at_hash: the left half of the SHA-256 of the access token, base64url (OIDC Core §3.1.3.6). */
const atHash = (accessToken: string) => createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');

export async function idToken(issue: Issue, grant: UserGrant, options: { nonce?: string; accessToken?: string }): Promise<string> {
  const { server, publicUrl, seed, data, nowSec } = issue;
  const { user, scopes } = grant;
  const profile = user.profile;
  const claims: JWTPayload = {
    sub: user.id,
    ...(scopes.includes('profile') && { name: String(profile.displayName ?? `${profile.firstName ?? ''} ${profile.lastName ?? ''}`.trim()) }),
    ...(scopes.includes('email') && { email: profile.email }),
    ver: 1, iss: server.issuer(publicUrl), aud: grant.clientId, iat: nowSec, exp: nowSec + ID_TOKEN_LIFETIME_SEC, jti: tokenId('ID'),
    amr: ['pwd'], idp: orgIdpId(seed),
    ...(options.nonce !== undefined && { nonce: options.nonce }),
    ...(scopes.includes('profile') && { preferred_username: profile.login }),
    auth_time: grant.authTime,
    ...(options.accessToken && { at_hash: atHash(options.accessToken) }),
    ...(scopes.includes('groups') && { groups: groupNamesOf(data, user.id) }),
  };
  return signJwt(activeKey(seed, data, server.id), claims);
}

export function newRefreshToken(data: OktaData, grant: RefreshGrant): string {
  const token = opaqueToken(32);
  oauthState(data).refreshTokens.set(token, grant);
  return token;
}
