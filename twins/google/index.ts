// Google Workspace twin: Workspace users and groups from the org, every person's My Drive with
// folders, Docs and Sheets shared with their team or the domain, and Drive v3 over it with sharing
// enforced (see README.md for what is implemented and what is not).
import { googleApiDocs } from './api-docs.js';
import type { TwinDefinition } from '../../shared/kernel/twin-definition.js';
import { primaryAdmin } from '../../shared/seeding/admin.js';
import { googleId, tokens } from '../../shared/seeding/people-ids.js';
import { settlePushes } from './changes.js';
import { googleErrors } from './errors.js';
import { googleRoutes } from './routes/index.js';
import { googleRateLimit } from './rate-limits.js';
import { oauthClient } from './routes/oauth.js';
import { DELEGATED_SCOPES, SERVICE_ACCOUNT_KEY_LABEL, serviceAccountKeyFile } from './service-account.js';
import { seedGoogle, type GoogleData } from './store.js';

export type { GoogleData } from './store.js';

export const googleTwin: TwinDefinition<GoogleData> = {
  name: 'google',
  errors: googleErrors,
  apiDocs: googleApiDocs,
  derivedKeys: [SERVICE_ACCOUNT_KEY_LABEL],
  seedState: seedGoogle,
  credentials: ({ org, seed, publicUrl }) => {
    const admin = primaryAdmin(org);
    return {
      rootUrl: `${publicUrl}/`,
      accessToken: tokens.googleAccess(seed, admin.email),
      as: admin.email,
      userTokens: Object.fromEntries(org.people.map((p) => [p.email, tokens.googleAccess(seed, p.email)])),
      readonlyAccessToken: tokens.googleAccess(seed, `${admin.email}#drive.readonly`),
      oauthClient: {
        ...oauthClient(seed),
        tokenUrl: `${publicUrl}/token`,
        refreshTokens: Object.fromEntries(org.people.map((p) => [p.email, tokens.googleRefresh(seed, p.email)])),
      },
      // A real RSA key derived from the seed; the account has domain-wide delegation for every scope the twin knows.
      serviceAccount: serviceAccountKeyFile(seed, org.domain, publicUrl),
      serviceAccountDelegation: { clientId: googleId(seed, 'service-account'), scopes: DELEGATED_SCOPES },
    };
  },
  routes: googleRoutes,
  rateLimit: googleRateLimit,
  settle: settlePushes,
  // Records keyed by ids a request names: "constructor" or "__proto__" must find nothing, not Object.prototype.
  stateLoaded: (ctx) => {
    for (const value of Object.values(ctx.store.data)) if (value && typeof value === 'object' && !Array.isArray(value)) Object.setPrototypeOf(value, null);
  },
  // Workspace users (the service account is no person): suspended and archived users cannot sign in.
  people: (ctx) => ctx.store.data.users.map((u) => ({
    email: u.primaryEmail, id: u.id, status: u.suspended || u.archived ? 'suspended' : 'active', name: u.name.fullName,
  })),
};
