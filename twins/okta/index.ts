// Okta twin: the Management API's users, user lifecycle and groups over an org seeded from the
// universe's people (see README.md for what is implemented and what is not).
import type { TwinDefinition } from '../../shared/kernel/twin-definition.js';
import { primaryAdmin } from '../../shared/seeding/admin.js';
import { oktaId, tokens } from '../../shared/seeding/people-ids.js';
import { oktaErrors } from './errors.js';
import { oktaRateLimit } from './rate-limits.js';
import { oktaRoutes } from './routes/index.js';
import { seedOkta, type OktaData } from './store.js';

export type { OktaData } from './store.js';

export const oktaTwin: TwinDefinition<OktaData> = {
  name: 'okta',
  errors: oktaErrors,
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
      scope: 'okta.users.read okta.groups.read',
      audience: 'api://default',
      tokenEndpointAuthMethod: 'client_secret_basic',
      redirectUri: 'http://localhost:3000/authorization-code/callback',
      people: Object.fromEntries(org.people.filter((p) => p.status === 'active').map((p) => [p.email, tokens.oktaPassword(seed, p.email)])),
    },
  }),
  routes: oktaRoutes,
  rateLimit: oktaRateLimit,
};
