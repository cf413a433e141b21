// The OAuth runtime state: sessions, one-time codes and tokens, refresh tokens, revocations and the
// signing-key generation. It is kept beside the twin's data (one per data object, so a reset or a
// snapshot import, which replace the data, start it afresh) and is not part of snapshots: like a
// real org after a restore, people sign in again.
import { randomBytes } from 'node:crypto';
import type { OktaData } from '../store.js';
import type { AuthorizationServerId } from './servers.js';

export interface OktaSession {
  id: string;
  userId: string;
  /** Epoch seconds of the sign-in (the tokens' auth_time). */
  authTime: number;
  expiresAtMs: number;
}

/** What /authorize remembers for /token: the request it answered and who signed in. */
export interface AuthorizationCode {
  asId: AuthorizationServerId;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  userId: string;
  authTime: number;
  nonce?: string;
  codeChallenge?: string;
  expiresAtMs: number;
}

export interface RefreshGrant {
  asId: AuthorizationServerId;
  clientId: string;
  userId: string;
  scopes: string[];
  authTime: number;
  issuedAt: number;
}

export interface OAuthState {
  sessions: Map<string, OktaSession>;
  /** Classic authn sessionTokens: one use, five minutes. */
  sessionTokens: Map<string, { userId: string; expiresAtMs: number }>;
  codes: Map<string, AuthorizationCode>;
  refreshTokens: Map<string, RefreshGrant>;
  /** jti of revoked access tokens → their exp (epoch seconds), dropped once expired. */
  revokedJtis: Map<string, number>;
  /** jti of client assertions already used (private_key_jwt replay) → their exp. */
  usedAssertionJtis: Map<string, number>;
  /** Signing-key generation per authorization server; rotation increments it. */
  keyGeneration: Record<AuthorizationServerId, number>;
}

const states = new WeakMap<OktaData, OAuthState>();

export function oauthState(data: OktaData): OAuthState {
  let state = states.get(data);
  if (!state) {
    state = {
      sessions: new Map(), sessionTokens: new Map(), codes: new Map(), refreshTokens: new Map(),
      revokedJtis: new Map(), usedAssertionJtis: new Map(), keyGeneration: { org: 0, default: 0 },
    };
    states.set(data, state);
  }
  return state;
}

/** An opaque token in Okta's alphabet (base64url), `bytes` of entropy. */
export const opaqueToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Drops entries whose expiry (epoch seconds) has passed; called on writes, so the maps stay small. */
export function pruneExpired(map: Map<string, number>, nowSec: number): void {
  if (map.size < 1024) return;
  for (const [key, exp] of map) if (exp < nowSec) map.delete(key);
}
