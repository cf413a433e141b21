// The domain's service account: its key file (a real RSA key derived from the seed, as a downloaded
// JSON key has it), the scopes it is authorised for through domain-wide delegation, and the checks of
// JWTs it signs — both assertions for the token endpoint and self-signed JWTs used directly as bearer tokens.
import { createPublicKey, verify } from 'node:crypto';
import { deriveRsaKeyPair } from '../../shared/seeding/rsa-keys.js';
import { googleId } from '../../shared/seeding/people-ids.js';
import { serviceAccountEmail } from './store.js';

const S = 'https://www.googleapis.com/auth/';
/** Every scope the twin knows; domain-wide delegation authorises the service account for all of them. */
export const DELEGATED_SCOPES = [
  'drive', 'drive.readonly', 'drive.file', 'drive.metadata', 'drive.metadata.readonly', 'documents', 'documents.readonly',
  'spreadsheets', 'spreadsheets.readonly', 'admin.directory.user', 'admin.directory.user.readonly', 'admin.directory.group',
  'admin.directory.group.readonly', 'admin.directory.group.member', 'admin.directory.group.member.readonly', 'userinfo.email', 'userinfo.profile',
].map((s) => `${S}${s}`);

export const SERVICE_ACCOUNT_KEY_LABEL = 'google:service-account';
const keyPair = (seed: number) => deriveRsaKeyPair(seed, SERVICE_ACCOUNT_KEY_LABEL);

/** The key file, field for field as the Cloud console hands it out. */
export function serviceAccountKeyFile(seed: number, domain: string, publicUrl: string) {
  const pair = keyPair(seed);
  const email = serviceAccountEmail(domain);
  return {
    type: 'service_account', project_id: `${domain.split('.')[0]}-dtu`, private_key_id: pair.kid, private_key: pair.privatePem,
    client_email: email, client_id: googleId(seed, 'service-account'),
    auth_uri: 'https://accounts.google.com/o/oauth2/auth', token_uri: `${publicUrl}/token`,
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(email)}`,
    universe_domain: 'googleapis.com',
  };
}

export interface JwtClaims { iss?: unknown; sub?: unknown; aud?: unknown; scope?: unknown; iat?: unknown; exp?: unknown }

export class JwtError extends Error {}

const publicKeys = new Map<number, ReturnType<typeof createPublicKey>>();

/**
 * Decodes and checks an RS256 JWT signed with the service account's key: structure, algorithm, key id
 * (when given), signature, issuer. Times are left to the caller (the grant and bearer use differ).
 */
export function verifyServiceAccountJwt(jwt: string, seed: number, domain: string): { header: Record<string, unknown>; claims: JwtClaims } {
  const parts = jwt.split('.');
  if (parts.length !== 3) throw new JwtError('Invalid JWT: not a compact JWS');
  let header: Record<string, unknown>;
  let claims: JwtClaims;
  try {
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as JwtClaims;
  } catch {
    throw new JwtError('Invalid JWT: cannot decode');
  }
  if (!header || typeof header !== 'object' || !claims || typeof claims !== 'object') throw new JwtError('Invalid JWT: cannot decode');
  if (header.alg !== 'RS256') throw new JwtError('Invalid JWT: unsupported algorithm');
  const pair = keyPair(seed);
  if (header.kid !== undefined && header.kid !== pair.kid) throw new JwtError('Invalid JWT Signature.');
  let key = publicKeys.get(seed);
  if (!key) publicKeys.set(seed, (key = pair.publicKey));
  const ok = verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2]!, 'base64url'));
  if (!ok) throw new JwtError('Invalid JWT Signature.');
  if (claims.iss !== serviceAccountEmail(domain)) throw new JwtError('Invalid JWT Signature.');
  return { header, claims };
}
