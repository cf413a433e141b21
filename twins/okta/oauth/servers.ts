// The two authorization servers the twin runs, as an Okta org ships them: the org authorization
// server (issuer = the org URL, paths /oauth2/v1/*, mints okta.* scopes for the Management API) and
// the `default` custom authorization server (issuer /oauth2/default, audience api://default).
export type AuthorizationServerId = 'org' | 'default';

export interface AuthorizationServer {
  id: AuthorizationServerId;
  /** Path prefix of its endpoints: /oauth2 (org) or /oauth2/default. */
  prefix: string;
  /** Suffix Okta's operation ids carry for custom servers (`tokenCustomAS`). */
  operationSuffix: '' | 'CustomAS';
  issuer(publicUrl: string): string;
  /** `aud` of its access tokens. */
  audience(publicUrl: string): string;
  /** OIDC scopes it knows besides its resource scopes. */
  oidcScopes: readonly string[];
  /** Scopes for APIs: okta.* on the org server, the custom scopes on `default`. */
  resourceScopes: readonly string[];
}

const OIDC_SCOPES = ['openid', 'profile', 'email', 'address', 'phone', 'offline_access'] as const;

/** The okta.* scopes the org authorization server grants (Management API, developer.okta.com "OAuth 2.0 Scopes"). */
export const OKTA_API_SCOPES = [
  'okta.users.read', 'okta.users.manage', 'okta.groups.read', 'okta.groups.manage', 'okta.apps.read', 'okta.apps.manage',
  'okta.logs.read', 'okta.eventHooks.read', 'okta.eventHooks.manage',
] as const;

/** The `default` server's custom scopes. `groups` is a custom scope with a groups claim, the usual
 *  set-up (Okta's "Add a Groups claim for a custom authorization server" guide); the org server has it built in. */
export const DEFAULT_CUSTOM_SCOPES = ['api.read', 'api.write', 'groups'] as const;

export const ORG_SERVER: AuthorizationServer = {
  id: 'org', prefix: '/oauth2', operationSuffix: '',
  issuer: (publicUrl) => publicUrl,
  audience: (publicUrl) => publicUrl,
  oidcScopes: [...OIDC_SCOPES, 'groups'],
  resourceScopes: OKTA_API_SCOPES,
};

export const DEFAULT_SERVER: AuthorizationServer = {
  id: 'default', prefix: '/oauth2/default', operationSuffix: 'CustomAS',
  issuer: (publicUrl) => `${publicUrl}/oauth2/default`,
  audience: () => 'api://default',
  oidcScopes: OIDC_SCOPES,
  resourceScopes: DEFAULT_CUSTOM_SCOPES,
};

export const AUTHORIZATION_SERVERS = [ORG_SERVER, DEFAULT_SERVER] as const;

export const serverById = (id: AuthorizationServerId) => (id === 'org' ? ORG_SERVER : DEFAULT_SERVER);

/** Okta's operation id for an endpoint of this server, e.g. ('token', default) → tokenCustomAS. */
export const operationOf = (server: AuthorizationServer, base: string) => `${base}${server.operationSuffix}`;

export const isKnownScope = (server: AuthorizationServer, scope: string) => server.oidcScopes.includes(scope) || server.resourceScopes.includes(scope);
