// Checks an Application body (createApplication / replaceApplication) and turns it into the stored
// app's fields. Every problem becomes one E0000001 cause; nothing is stored unless all pass.
import { randomBytes } from 'node:crypto';
import { oktaError, oktaFail } from './errors.js';
import { oauthClientDefaults, samlSignOn, type OAuthClientSettings, type OktaApp, type PublicJwk, type SignOnMode, type TokenEndpointAuthMethod } from './apps.js';

const SIGN_ON_MODES = new Set<SignOnMode>(['OPENID_CONNECT', 'SAML_2_0', 'BOOKMARK', 'AUTO_LOGIN']);
const AUTH_METHODS = new Set<TokenEndpointAuthMethod>(['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none']);
const GRANT_TYPES = new Set(['authorization_code', 'implicit', 'refresh_token', 'client_credentials', 'password', 'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:token-exchange']);
const APP_TYPES = new Set(['web', 'native', 'browser', 'service']);
/** Top-level members an Application body may carry (read-only ones are accepted and ignored, as Okta does). */
const KNOWN = new Set(['id', 'name', 'label', 'status', 'signOnMode', 'accessibility', 'visibility', 'features', 'credentials', 'settings', 'profile',
  'created', 'lastUpdated', 'licensing', 'universalLogout', 'orn', '_links', '_embedded']);
/** OIN catalog names this twin knows besides the generic ones. */
const CATALOG = new Set(['slack', 'atlassian', 'google', 'bookmark', 'oidc_client']);

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const stringList = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');

export interface AppInput {
  name: string;
  label: string;
  signOnMode: SignOnMode;
  visibility?: OktaApp['visibility'];
  accessibility?: OktaApp['accessibility'];
  settings: OktaApp['settings'];
  oauthClient?: { token_endpoint_auth_method: TokenEndpointAuthMethod; pkce_required: boolean };
  profile?: Record<string, unknown>;
}

/** Validates the body; `existing` is the app being replaced (its name and sign-on mode cannot change). */
export function readAppInput(body: Record<string, unknown>, existing?: OktaApp): AppInput {
  const unknown = Object.keys(body).filter((k) => !KNOWN.has(k));
  if (unknown.length) throw oktaError(400, 'E0000003', 'The request body was not well-formed.', unknown.map((k) => `Unrecognized field "${k}"`));
  const causes: string[] = [];
  const label = body.label;
  if (typeof label !== 'string' || !label.trim()) causes.push('label: The field cannot be left blank');
  const signOnMode = body.signOnMode as SignOnMode;
  if (!SIGN_ON_MODES.has(signOnMode)) causes.push(`signOnMode: Must be one of ${[...SIGN_ON_MODES].join(', ')}`);
  if (existing && signOnMode && signOnMode !== existing.signOnMode) causes.push('signOnMode: The sign-on mode of an app cannot be changed');
  let name = body.name;
  if (name !== undefined && typeof name !== 'string') causes.push('name: The field must be a string');
  if (existing && name !== undefined && name !== existing.name) causes.push('name: The name of an app cannot be changed');
  if (signOnMode === 'OPENID_CONNECT') name ??= 'oidc_client';
  if (signOnMode === 'BOOKMARK') name ??= 'bookmark';
  if (typeof name === 'string' && !CATALOG.has(name) && signOnMode !== 'SAML_2_0' && signOnMode !== 'AUTO_LOGIN') causes.push(`name: No app named ${name} in the app catalog`);
  for (const field of ['settings', 'visibility', 'accessibility', 'credentials', 'profile'] as const) {
    if (body[field] !== undefined && body[field] !== null && !isObject(body[field])) causes.push(`${field}: must be an object`);
  }
  const settings = isObject(body.settings) ? body.settings : {};
  if (settings.app !== undefined && !isObject(settings.app)) causes.push('settings.app: must be an object');
  if (settings.signOn !== undefined && !isObject(settings.signOn)) causes.push('settings.signOn: must be an object');
  if (signOnMode === 'BOOKMARK' && (!isObject(settings.app) || typeof settings.app.url !== 'string' || !/^https?:\/\//.test(settings.app.url))) causes.push('settings.app.url: The field cannot be left blank');
  let oauth: AppInput['oauthClient'];
  let oauthSettings: OAuthClientSettings | undefined;
  if (signOnMode === 'OPENID_CONNECT') ({ oauth, oauthSettings } = readOAuth(body, settings, causes));
  if (causes.length) throw oktaFail.validation(causes[0].split(':')[0], ...causes);
  // SAML / SWA apps created from scratch get a generated instance name, as Okta's app wizard does.
  const finalName = existing?.name ?? (typeof name === 'string' ? name : `${(label as string).toLowerCase().replace(/[^a-z0-9]+/g, '')}_${randomBytes(3).toString('hex')}_1`);
  return {
    name: finalName,
    label: (label as string).trim(),
    signOnMode,
    visibility: isObject(body.visibility) ? body.visibility as OktaApp['visibility'] : undefined,
    accessibility: isObject(body.accessibility) ? body.accessibility as OktaApp['accessibility'] : undefined,
    settings: {
      ...settings, app: isObject(settings.app) ? settings.app : {},
      ...(oauthSettings && { oauthClient: oauthSettings }),
      // A SAML app gets Okta's sign-on defaults for what the body leaves out.
      ...(signOnMode === 'SAML_2_0' && { signOn: { ...samlSignOn('https://example.com/saml/acs', 'https://example.com/saml'), ...(isObject(settings.signOn) ? settings.signOn : {}) } }),
    },
    oauthClient: oauth,
    profile: isObject(body.profile) ? body.profile : undefined,
  };
}

function readOAuth(body: Record<string, unknown>, settings: Record<string, unknown>, causes: string[]) {
  const given = settings.oauthClient;
  if (!isObject(given)) {
    causes.push('settings.oauthClient: The field cannot be left blank');
    return { oauth: undefined, oauthSettings: undefined };
  }
  const credentials = isObject(body.credentials) && isObject(body.credentials.oauthClient) ? body.credentials.oauthClient : {};
  const method = (credentials.token_endpoint_auth_method ?? 'client_secret_basic') as TokenEndpointAuthMethod;
  if (!AUTH_METHODS.has(method)) causes.push(`token_endpoint_auth_method: Must be one of ${[...AUTH_METHODS].join(', ')}`);
  const applicationType = given.application_type ?? 'web';
  if (typeof applicationType !== 'string' || !APP_TYPES.has(applicationType)) causes.push('application_type: Must be one of web, native, browser, service');
  const grantTypes = given.grant_types ?? ['authorization_code'];
  if (!stringList(grantTypes) || !(grantTypes as string[]).length || (grantTypes as string[]).some((g) => !GRANT_TYPES.has(g))) causes.push('grant_types: Must be a non-empty list of supported grant types');
  const redirectUris = given.redirect_uris ?? [];
  if (!stringList(redirectUris) || (redirectUris as string[]).some((u) => !URL.canParse(u))) causes.push('redirect_uris: Must be a list of absolute URIs');
  else if (stringList(grantTypes) && (grantTypes as string[]).some((g) => g === 'authorization_code' || g === 'implicit') && !(redirectUris as string[]).length) causes.push('redirect_uris: The field cannot be left blank for the authorization_code grant');
  const postLogout = given.post_logout_redirect_uris ?? [];
  if (!stringList(postLogout)) causes.push('post_logout_redirect_uris: Must be a list of URIs');
  const responseTypes = given.response_types ?? (applicationType === 'service' ? ['token'] : ['code']);
  if (!stringList(responseTypes)) causes.push('response_types: Must be a list of response types');
  if (applicationType === 'service' && stringList(grantTypes) && (grantTypes as string[]).some((g) => g !== 'client_credentials')) causes.push('grant_types: A service app may only use client_credentials');
  let jwks: { keys: PublicJwk[] } | undefined;
  if (given.jwks !== undefined) {
    const keys = isObject(given.jwks) ? given.jwks.keys : undefined;
    if (!Array.isArray(keys) || keys.some((k) => !isObject(k) || typeof k.kty !== 'string')) causes.push('jwks: Must be {"keys": [JSON Web Keys]}');
    else jwks = { keys: keys.map((k, i) => ({ ...(k as Record<string, unknown>), kty: String(k.kty), kid: typeof k.kid === 'string' ? k.kid : `key-${i}` })) };
  }
  if (method === 'private_key_jwt' && !jwks?.keys.length) causes.push('jwks: A private_key_jwt client needs at least one public key');
  const pkce = credentials.pkce_required ?? false;
  if (typeof pkce !== 'boolean') causes.push('pkce_required: Must be true or false');
  const oauthSettings: OAuthClientSettings = {
    ...oauthClientDefaults(),
    ...(typeof given.consent_method === 'string' && { consent_method: given.consent_method as OAuthClientSettings['consent_method'] }),
    ...(typeof given.issuer_mode === 'string' && { issuer_mode: given.issuer_mode as OAuthClientSettings['issuer_mode'] }),
    redirect_uris: redirectUris as string[], post_logout_redirect_uris: postLogout as string[], response_types: responseTypes as string[],
    grant_types: grantTypes as string[], application_type: applicationType as OAuthClientSettings['application_type'],
    ...(jwks && { jwks }),
  };
  return { oauth: { token_endpoint_auth_method: method, pkce_required: pkce as boolean }, oauthSettings };
}
