// Okta twin: the Management API's users, user lifecycle and groups over an org seeded from the
// universe's people (see README.md for what is implemented and what is not).
import { oktaApiDocs } from './api-docs.js';
import type { TwinDefinition } from '../../shared/kernel/twin-definition.js';
import { primaryAdmin } from '../../shared/seeding/admin.js';
import { oktaId, tokens } from '../../shared/seeding/people-ids.js';
import { SERVICE_APP_KEY_LABEL, serviceAppClientId, serviceAppKey } from './apps.js';
import { oktaErrors } from './errors.js';
import { oktaPeople, provisioningLoaded, provisioningSettle } from './provisioning/index.js';
import { OKTA_API_SCOPES } from './oauth/servers.js';
import { oktaRateLimit } from './rate-limits.js';
import { oktaRoutes } from './routes/index.js';
import { seedOkta, type OktaData } from './store.js';

export type { OktaData } from './store.js';

export const oktaTwin: TwinDefinition<OktaData> = {
  name: 'okta',
  errors: oktaErrors,
  apiDocs: oktaApiDocs,
  derivedKeys: [SERVICE_APP_KEY_LABEL],
  seedState: seedOkta,
  credentials: ({ org, seed, publicUrl }) => ({
    orgUrl: publicUrl,
    apiToken: tokens.oktaApi(seed, 'super-admin'),
    readOnlyApiToken: tokens.oktaApi(seed, 'read-only-admin'),
    as: primaryAdmin(org).email,
    oidc: {
      issuer: `${publicUrl}/oauth2/default`,
      clientId: oktaId(seed, '0oa', 'oidc-web-app'),
      clientSecret: tokens.lowerAlnum(seed, 'okta:oidc-client-secret', 40),
      // What client_credentials asks the default server for: its custom scopes (okta.* scopes come only
      // from the org server, to the service app below).
      scope: 'api.read api.write',
      audience: 'api://default',
      tokenEndpointAuthMethod: 'client_secret_basic',
      redirectUri: 'http://localhost:3000/authorization-code/callback',
      people: Object.fromEntries(org.people.filter((p) => p.status === 'active').map((p) => [p.email, tokens.oktaPassword(seed, p.email)])),
    },
    // The API service app for the SDK's PrivateKey mode: client_credentials + private_key_jwt at the org
    // server (/oauth2/v1/token), okta.* scopes, the token then sent as Bearer to /api/v1/*.
    serviceApp: {
      clientId: serviceAppClientId(seed),
      keyId: serviceAppKey(seed).kid,
      privateKey: serviceAppKey(seed).privatePem,
      scopes: OKTA_API_SCOPES.join(' '),
      tokenUrl: `${publicUrl}/oauth2/v1/token`,
    },
  }),
  routes: oktaRoutes,
  rateLimit: oktaRateLimit,
  // Provisioning to Slack, Jira and Google (provisioning/): tasks re-armed when the state is (re)placed.
  stateLoaded: provisioningLoaded,
  settle: provisioningSettle,
  people: oktaPeople,
};
