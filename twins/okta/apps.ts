// Apps (application integrations): their stored shape, the seeded set (an OIDC web app, an OIDC service
// app with private_key_jwt, SAML apps for Slack, Jira and Google Workspace) and the lookup the
// authorization servers use to find an OAuth client. Everything derives from the seed.
import type { Org } from '../../shared/seeding/org.js';
import { deriveString } from '../../shared/seeding/deterministic.js';
import { deriveRsaKeyPair } from '../../shared/seeding/rsa-keys.js';
import { oktaId, tokens } from '../../shared/seeding/people-ids.js';

export type SignOnMode = 'OPENID_CONNECT' | 'SAML_2_0' | 'BOOKMARK' | 'AUTO_LOGIN';
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'client_secret_jwt' | 'private_key_jwt' | 'none';

export interface PublicJwk { kty: string; kid: string; [member: string]: unknown }

/** settings.oauthClient of an OPENID_CONNECT app, as Okta serves it. */
export interface OAuthClientSettings {
  client_uri?: string;
  logo_uri?: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  response_types: string[];
  grant_types: string[];
  application_type: 'web' | 'native' | 'browser' | 'service';
  consent_method: 'REQUIRED' | 'TRUSTED';
  issuer_mode: 'ORG_URL' | 'CUSTOM_URL' | 'DYNAMIC';
  jwks?: { keys: PublicJwk[] };
  [member: string]: unknown;
}

export interface OktaApp {
  id: string;
  name: string;
  label: string;
  status: 'ACTIVE' | 'INACTIVE';
  created: string;
  lastUpdated: string;
  signOnMode: SignOnMode;
  accessibility: { selfService: boolean; errorRedirectUrl?: string; loginRedirectUrl?: string };
  visibility: { autoLaunch: boolean; autoSubmitToolbar: boolean; hide: { iOS: boolean; web: boolean }; appLinks: Record<string, boolean> };
  features: string[];
  credentials: {
    userNameTemplate: { template: string; type: string };
    signing: { kid?: string };
    oauthClient?: { autoKeyRotation: boolean; client_id: string; client_secret?: string; token_endpoint_auth_method: TokenEndpointAuthMethod; pkce_required?: boolean };
  };
  settings: { app: Record<string, unknown>; oauthClient?: OAuthClientSettings; [member: string]: unknown };
  profile?: Record<string, unknown>;
}

/** An app's OAuth client as the authorization servers need it (what `findOAuthClientApp` returns). */
export interface OAuthClientApp {
  app: OktaApp;
  active: boolean;
  clientId: string;
  /** Undefined for private_key_jwt and public (`none`) clients. */
  clientSecret: string | undefined;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  applicationType: OAuthClientSettings['application_type'];
  grantTypes: string[];
  responseTypes: string[];
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  pkceRequired: boolean;
  /** Public keys for private_key_jwt client authentication. */
  jwks: PublicJwk[];
}

/** Finds an OPENID_CONNECT app by client id (the app id, as in Okta). Stable signature: the OIDC side depends on it. */
export function findOAuthClientApp(state: { apps: OktaApp[] }, clientId: string): OAuthClientApp | undefined {
  const app = state.apps.find((a) => a.credentials.oauthClient?.client_id === clientId);
  const client = app?.credentials.oauthClient;
  const settings = app?.settings.oauthClient;
  if (!app || !client || !settings) return undefined;
  return {
    app,
    active: app.status === 'ACTIVE',
    clientId: client.client_id,
    clientSecret: client.client_secret,
    tokenEndpointAuthMethod: client.token_endpoint_auth_method,
    applicationType: settings.application_type,
    grantTypes: settings.grant_types,
    responseTypes: settings.response_types,
    redirectUris: settings.redirect_uris,
    postLogoutRedirectUris: settings.post_logout_redirect_uris,
    pkceRequired: client.pkce_required ?? false,
    jwks: settings.jwks?.keys ?? [],
  };
}

export const appById = (state: { apps: OktaApp[] }, id: string) => state.apps.find((a) => a.id === id);

// --- the seeded apps -------------------------------------------------------------------------

export const WEB_APP_KEY = 'oidc-web-app';
export const SERVICE_APP_KEY = 'service-app';
export const WEB_REDIRECT_URIS = ['http://localhost:3000/authorization-code/callback', 'http://127.0.0.1:3000/authorization-code/callback'];

/** The seeded OIDC web app's client (the credentials document's `oidc` section). */
export const webClient = (seed: number) => ({ clientId: oktaId(seed, '0oa', WEB_APP_KEY), clientSecret: tokens.lowerAlnum(seed, 'okta:oidc-client-secret', 40) });

/**
 * The service app's key pair for private_key_jwt (RSA, derived from the seed; the same label as the
 * authorization server's client table in oauth/clients.ts, so both sides agree). Its private half is
 * in the credentials document; the public half is the app's JWKS.
 */
export const SERVICE_APP_KEY_LABEL = 'okta:service-app-client-key';
export const serviceAppKey = (seed: number) => deriveRsaKeyPair(seed, SERVICE_APP_KEY_LABEL);
export const serviceAppClientId = (seed: number) => oktaId(seed, '0oa', SERVICE_APP_KEY);

export const oauthClientDefaults = (): Pick<OAuthClientSettings, 'post_logout_redirect_uris' | 'consent_method' | 'issuer_mode'> => ({
  post_logout_redirect_uris: [], consent_method: 'TRUSTED', issuer_mode: 'DYNAMIC',
});

/** An app record with the parts every app shares as defaults; `fields` overrides them. */
export function appRecord(fields: Pick<OktaApp, 'id' | 'name' | 'label' | 'signOnMode' | 'created'> & Partial<OktaApp>): OktaApp {
  return {
    status: 'ACTIVE',
    lastUpdated: fields.created,
    // Okta sends nulls for unset URLs; the published schema types them as plain strings, so they are left out.
    accessibility: { selfService: false },
    visibility: { autoLaunch: false, autoSubmitToolbar: false, hide: { iOS: false, web: false }, appLinks: { [`${fields.name}_link`]: true } },
    features: [],
    credentials: { userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' }, signing: {} },
    settings: { app: {} },
    ...fields,
  };
}

/** settings.signOn of a SAML 2.0 app: Okta's defaults for a new integration, for the given ACS URL. */
export function samlSignOn(acsUrl: string, audience: string): Record<string, unknown> {
  return {
    defaultRelayState: '', ssoAcsUrl: acsUrl, audience, recipient: acsUrl, destination: acsUrl,
    subjectNameIdTemplate: '${user.userName}', subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    responseSigned: true, assertionSigned: true, signatureAlgorithm: 'RSA_SHA256', digestAlgorithm: 'SHA256',
    honorForceAuthn: true, authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    requestCompressed: false, allowMultipleAcsEndpoints: false, attributeStatements: [],
  };
}

/** Seeded SAML integrations: OIN app name, label, the app settings and where assertions go. */
const SAML_APPS = [
  { key: 'slack', name: 'slack', label: 'Slack', app: (org: Org) => ({ domain: org.domain.split('.')[0] }),
    acs: (org: Org) => [`https://${org.domain.split('.')[0]}.slack.com/sso/saml`, 'https://slack.com'] },
  { key: 'jira', name: 'atlassian', label: 'Jira Cloud', app: (org: Org) => ({ siteUrl: `https://${org.domain.split('.')[0]}.atlassian.net` }),
    acs: (org: Org) => [`https://auth.atlassian.com/login/callback?connection=saml-${org.domain.split('.')[0]}`, 'https://auth.atlassian.com/saml'] },
  { key: 'google', name: 'google', label: 'Google Workspace', app: (org: Org) => ({ domain: org.domain }),
    acs: (org: Org) => [`https://www.google.com/a/${org.domain}/acs`, 'google.com'] },
] as const;
export type SeededSamlKey = (typeof SAML_APPS)[number]['key'];

export function seedApps(org: Org, seed: number, created: string): { apps: OktaApp[]; idOf: Record<'web' | 'service' | SeededSamlKey, string> } {
  const web = webClient(seed);
  const serviceId = serviceAppClientId(seed);
  const { kid, ...jwk } = serviceAppKey(seed).publicJwk as Record<string, unknown>;
  const servicePublicJwk: PublicJwk = { kty: 'RSA', ...jwk, kid: String(kid), status: 'ACTIVE' };
  const webApp = appRecord({
    id: web.clientId, name: 'oidc_client', label: `${org.name} Portal`, signOnMode: 'OPENID_CONNECT', created,
    credentials: {
      userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' }, signing: { kid: deriveString(seed, 'okta:signing-kid', 43) },
      oauthClient: { autoKeyRotation: true, client_id: web.clientId, client_secret: web.clientSecret, token_endpoint_auth_method: 'client_secret_basic', pkce_required: false },
    },
    settings: {
      app: {},
      oauthClient: {
        ...oauthClientDefaults(), redirect_uris: [...WEB_REDIRECT_URIS], post_logout_redirect_uris: ['http://localhost:3000', 'http://127.0.0.1:3000'],
        response_types: ['code'], grant_types: ['authorization_code', 'refresh_token', 'client_credentials'], application_type: 'web',
      },
    },
  });
  const serviceApp = appRecord({
    id: serviceId, name: 'oidc_client', label: `${org.name} Provisioning Service`, signOnMode: 'OPENID_CONNECT', created,
    visibility: { autoLaunch: false, autoSubmitToolbar: false, hide: { iOS: true, web: true }, appLinks: { oidc_client_link: true } },
    credentials: {
      userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' }, signing: { kid: deriveString(seed, 'okta:signing-kid', 43) },
      oauthClient: { autoKeyRotation: true, client_id: serviceId, token_endpoint_auth_method: 'private_key_jwt' },
    },
    settings: {
      app: {},
      oauthClient: {
        ...oauthClientDefaults(), redirect_uris: [], response_types: ['token'], grant_types: ['client_credentials'], application_type: 'service',
        jwks: { keys: [servicePublicJwk] },
      },
    },
  });
  const saml = SAML_APPS.map((s) => appRecord({
    id: oktaId(seed, '0oa', `saml:${s.key}`), name: s.name, label: s.label, signOnMode: 'SAML_2_0', created,
    features: ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION'],
    credentials: { userNameTemplate: { template: '${source.email}', type: 'BUILT_IN' }, signing: { kid: deriveString(seed, `okta:saml-kid:${s.key}`, 43) } },
    settings: { app: s.app(org), signOn: samlSignOn(...(s.acs(org) as [string, string])) },
  }));
  const idOf = { web: webApp.id, service: serviceApp.id, slack: saml[0].id, jira: saml[1].id, google: saml[2].id };
  return { apps: [webApp, serviceApp, ...saml], idOf };
}
