// The OAuth clients are the org's OPENID_CONNECT apps (apps.ts, `findOAuthClientApp`): the seeded OIDC
// web app (client secret, authorization code + PKCE, refresh tokens, client credentials with the
// default server's custom scopes), the seeded API service app (private_key_jwt with a registered
// public key, client credentials with okta.* scopes at the org server: the Okta SDK's PrivateKey
// mode), and any app created through /api/v1/apps. A deactivated app is no client.
import type { JsonWebKey } from 'node:crypto';
import { findOAuthClientApp, type OktaApp, type TokenEndpointAuthMethod } from '../apps.js';
import type { OktaData } from '../store.js';
import { OKTA_API_SCOPES } from './servers.js';

export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials';

export interface OAuthClient {
  app: OktaApp;
  clientId: string;
  name: string;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  clientSecret?: string;
  /** Public keys registered for private_key_jwt. */
  jwks: JsonWebKey[];
  grantTypes: string[];
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  pkceRequired: boolean;
  /**
   * okta.* scopes granted to the app. The twin has no grants API (/api/v1/apps/{id}/grants), so a
   * service app is granted every okta.* scope the twin enforces, other apps none.
   */
  grantedOktaScopes: readonly string[];
}

export function clientById(data: OktaData, clientId: string): OAuthClient | undefined {
  const found = findOAuthClientApp(data, clientId);
  if (!found || !found.active) return undefined;
  return {
    app: found.app,
    clientId: found.clientId,
    name: found.app.label,
    tokenEndpointAuthMethod: found.tokenEndpointAuthMethod,
    clientSecret: found.clientSecret,
    jwks: found.jwks as JsonWebKey[],
    grantTypes: found.grantTypes,
    redirectUris: found.redirectUris,
    postLogoutRedirectUris: found.postLogoutRedirectUris,
    pkceRequired: found.pkceRequired,
    grantedOktaScopes: found.applicationType === 'service' ? OKTA_API_SCOPES : [],
  };
}
