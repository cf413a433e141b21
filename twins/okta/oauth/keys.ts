// Signing keys of the authorization servers: RS256 key pairs derived from the seed, one per
// (server, generation). Rotation (POST /_dtu/okta/rotate-keys) moves a server to the next generation:
// new tokens are signed with the new key, and the previous key stays in the JWKS until the next
// rotation, so tokens already handed out keep verifying — Okta's own rollover behaviour.
import type { JWTPayload } from 'jose';
import { loadJose } from './jose.js';
import { deriveRsaKeyPair, type DerivedRsaKeyPair } from '../../../shared/seeding/rsa-keys.js';
import type { OktaData } from '../store.js';
import { type AuthorizationServerId } from './servers.js';
import { oauthState } from './state.js';

const keyOf = (seed: number, asId: AuthorizationServerId, generation: number) => deriveRsaKeyPair(seed, `okta:as:${asId}:signing:${generation}`);

/** The key new tokens are signed with. */
export function activeKey(seed: number, data: OktaData, asId: AuthorizationServerId): DerivedRsaKeyPair {
  return keyOf(seed, asId, oauthState(data).keyGeneration[asId]);
}

/** Every published key, newest first: the active one and, after a rotation, the one before it. */
export function publishedKeys(seed: number, data: OktaData, asId: AuthorizationServerId): DerivedRsaKeyPair[] {
  const generation = oauthState(data).keyGeneration[asId];
  return generation === 0 ? [keyOf(seed, asId, 0)] : [keyOf(seed, asId, generation), keyOf(seed, asId, generation - 1)];
}

export function rotateKeys(seed: number, data: OktaData, asIds: AuthorizationServerId[]): void {
  const state = oauthState(data);
  for (const asId of asIds) {
    state.keyGeneration[asId] += 1;
    activeKey(seed, data, asId); // derive now (a fraction of a second) rather than on the next token request
  }
}

export async function signJwt(key: DerivedRsaKeyPair, claims: JWTPayload): Promise<string> {
  const { SignJWT } = await loadJose();
  return new SignJWT(claims).setProtectedHeader({ kid: key.kid, alg: 'RS256' }).sign(key.privateKey);
}

/**
 * Verifies a token this server signed with a published key: signature, issuer, expiry at the
 * universe clock. Returns the claims, or null for anything else (never throws).
 */
export async function verifyOwnJwt(seed: number, data: OktaData, asId: AuthorizationServerId, token: string, issuer: string, nowMs: number, options: { ignoreExpiry?: boolean } = {}): Promise<JWTPayload | null> {
  const { decodeJwt, decodeProtectedHeader, jwtVerify } = await loadJose();
  let kid: string | undefined;
  let iat: number | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
    iat = decodeJwt(token).iat;
  } catch {
    return null;
  }
  // An expired ID token is still a good hint at logout: check it as of its own issue time.
  if (options.ignoreExpiry && typeof iat === 'number') nowMs = iat * 1000;
  const key = publishedKeys(seed, data, asId).find((k) => k.kid === kid);
  if (!key) return null;
  try {
    const { payload } = await jwtVerify(token, key.publicKey, { issuer, algorithms: ['RS256'], currentDate: new Date(nowMs) });
    return payload;
  } catch {
    return null;
  }
}
