// The metadata documents of both authorization servers, shaped as Okta serves them (the OrgASOidcMetadata
// and CustomASO*Metadata examples of Okta's OAuth OpenAPI, in their key order), every endpoint absolute
// on the twin's public URL. Only what the twin implements is advertised: no implicit or password grants,
// device flow, PAR, dynamic client registration or request objects.
import type { AuthorizationServer } from './servers.js';

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'];

const ID_TOKEN_CLAIMS = ['iss', 'ver', 'sub', 'aud', 'iat', 'exp', 'jti', 'auth_time', 'amr', 'idp', 'nonce', 'name', 'nickname',
  'preferred_username', 'given_name', 'middle_name', 'family_name', 'email', 'email_verified', 'profile', 'zoneinfo', 'locale',
  'address', 'phone_number', 'picture', 'website', 'gender', 'birthdate', 'updated_at', 'at_hash', 'c_hash'];
const ACCESS_TOKEN_CLAIMS = ['ver', 'jti', 'iss', 'aud', 'iat', 'exp', 'cid', 'uid', 'scp', 'sub'];

type Kind = 'openid-configuration' | 'oauth-authorization-server';

export function metadata(server: AuthorizationServer, publicUrl: string, kind: Kind): Record<string, unknown> {
  const base = `${publicUrl}${server.prefix}/v1`;
  const oidc = kind === 'openid-configuration';
  const scopes = oidc && server.id === 'org' ? [...server.oidcScopes] : [...server.resourceScopes, ...server.oidcScopes];
  return {
    issuer: server.issuer(publicUrl),
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: `${base}/token`,
    ...(oidc && { userinfo_endpoint: `${base}/userinfo` }),
    jwks_uri: `${base}/keys`,
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    grant_types_supported: oidc ? ['authorization_code', 'refresh_token'] : ['authorization_code', 'refresh_token', 'client_credentials'],
    subject_types_supported: ['public'],
    ...(oidc && { id_token_signing_alg_values_supported: ['RS256'] }),
    scopes_supported: scopes,
    token_endpoint_auth_methods_supported: AUTH_METHODS,
    claims_supported: oidc ? ID_TOKEN_CLAIMS : ACCESS_TOKEN_CLAIMS,
    code_challenge_methods_supported: ['S256'],
    introspection_endpoint: `${base}/introspect`,
    introspection_endpoint_auth_methods_supported: AUTH_METHODS,
    revocation_endpoint: `${base}/revoke`,
    revocation_endpoint_auth_methods_supported: AUTH_METHODS,
    end_session_endpoint: `${base}/logout`,
  };
}
