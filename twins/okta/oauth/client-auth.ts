// Client authentication at /token, /introspect and /revoke, as Okta does it: HTTP Basic (with the
// id and secret form-URL-decoded, RFC 6749 §2.3.1 — openid-client encodes them), the secret in the
// body, or a private_key_jwt assertion (RFC 7523) signed with a key registered on the app, whose
// `aud` must be the endpoint called (Okta refuses the issuer there) and whose jti is single-use.
import { createPublicKey } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { loadJose } from './jose.js';
import type { OktaData } from '../store.js';
import { clientById, type OAuthClient } from './clients.js';
import { oauthFail } from './errors.js';
import { oauthState, pruneExpired } from './state.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ASSERTION_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'];
/** Okta refuses assertions that expire more than an hour ahead. */
const MAX_ASSERTION_LIFETIME_SEC = 3600;

export interface AuthenticatedClient {
  client: OAuthClient;
  method: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';
}

export type FormBody = Record<string, string>;

const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));

function basicCredentials(header: string): { id: string; secret: string } {
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw oauthFail.invalidClient('Client authentication failed. Either the client or the client credentials are invalid.', true);
  try {
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    throw oauthFail.invalidClient('Client authentication failed. Either the client or the client credentials are invalid.', true);
  }
}

export async function authenticateClient(request: FastifyRequest, body: FormBody, data: OktaData, endpointUrl: string, nowMs: number): Promise<AuthenticatedClient> {
  const header = request.headers.authorization ?? '';
  const basic = /^Basic /i.test(header);
  const sources = [basic, body.client_secret !== undefined, body.client_assertion !== undefined].filter(Boolean).length;
  if (sources > 1) {
    throw oauthFail.invalidRequest('Can\'t supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a `client_assertion` in the post body.');
  }
  if (body.client_assertion !== undefined) return { client: await assertedClient(body, data, endpointUrl, nowMs), method: 'private_key_jwt' };

  const { id, secret } = basic ? basicCredentials(header) : { id: body.client_id, secret: body.client_secret };
  if (!id) throw oauthFail.noClientCredentials();
  const client = clientById(data, id);
  if (!client) throw oauthFail.unknownClient();
  // A public client (token_endpoint_auth_method none) proves nothing but its id; PKCE protects its codes.
  if (client.tokenEndpointAuthMethod === 'none' && !basic && secret === undefined) return { client, method: 'none' };
  if (basic && body.client_id !== undefined && body.client_id !== id) throw oauthFail.invalidRequest('The client_id in the request body does not match the client in the Authorization header.');
  if (secret === undefined) throw oauthFail.noClientCredentials();
  if (!client.clientSecret) throw oauthFail.invalidClient(`Client authentication failed. The client is configured for ${client.tokenEndpointAuthMethod}.`, basic);
  if (secret !== client.clientSecret) throw oauthFail.wrongSecret(basic);
  return { client, method: basic ? 'client_secret_basic' : 'client_secret_post' };
}

async function assertedClient(body: FormBody, data: OktaData, endpointUrl: string, nowMs: number): Promise<OAuthClient> {
  const { decodeJwt } = await loadJose();
  if (body.client_assertion_type !== ASSERTION_TYPE) throw oauthFail.invalidRequest('The `client_assertion_type` is invalid.');
  let claims;
  try {
    claims = decodeJwt(body.client_assertion);
  } catch {
    throw oauthFail.invalidClient('The client_assertion token is malformed.');
  }
  const clientId = typeof claims.iss === 'string' ? claims.iss : '';
  if (body.client_id !== undefined && body.client_id !== clientId) throw oauthFail.invalidClient('The client_assertion issuer must match the client_id.');
  const client = clientById(data, clientId);
  if (!client) throw oauthFail.unknownClient();
  if (!client.jwks.length) throw oauthFail.invalidClient('The client_assertion is not valid for a client without registered public keys.');
  if (claims.sub !== clientId) throw oauthFail.invalidClient('The client_assertion subject must match the client_id.');
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(endpointUrl)) throw oauthFail.invalidClient('The audience claim for client_assertion must be the endpoint invoked for the request.');
  const nowSec = Math.floor(nowMs / 1000);
  if (typeof claims.exp !== 'number') throw oauthFail.invalidClient('The client_assertion token must have an expiration.');
  if (claims.exp > nowSec + MAX_ASSERTION_LIFETIME_SEC) throw oauthFail.invalidClient('The client_assertion token has an expiration too far into the future.');
  if (!(await verifiedWithAny(body.client_assertion, client, nowMs))) throw oauthFail.invalidClient('The client_assertion signature is invalid or the token has expired.');
  if (typeof claims.jti === 'string') {
    const used = oauthState(data).usedAssertionJtis;
    if (used.has(`${clientId}:${claims.jti}`)) throw oauthFail.invalidClient('The client_assertion token has already been used.');
    pruneExpired(used, nowSec);
    used.set(`${clientId}:${claims.jti}`, claims.exp);
  }
  return client;
}

async function verifiedWithAny(assertion: string, client: OAuthClient, nowMs: number): Promise<boolean> {
  const { jwtVerify } = await loadJose();
  for (const jwk of client.jwks) {
    try {
      await jwtVerify(assertion, createPublicKey({ key: jwk, format: 'jwk' }), { algorithms: ASSERTION_ALGORITHMS, currentDate: new Date(nowMs), clockTolerance: 5 });
      return true;
    } catch {
      // try the next registered key
    }
  }
  return false;
}
