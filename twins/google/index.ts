// Google Workspace twin: Workspace users and groups from the org, every person's My Drive with
// folders, Docs and Sheets shared with their team or the domain, and Drive v3 over it with sharing
// enforced (see README.md for what is implemented and what is not).
import type { TwinDefinition } from '../../shared/kernel/twin-definition.js';
import { primaryAdmin } from '../../shared/seeding/admin.js';
import { googleId, tokens } from '../../shared/seeding/people-ids.js';
import { googleErrors } from './errors.js';
import { googleRoutes } from './routes/index.js';
import { seedGoogle, type GoogleData } from './store.js';

export type { GoogleData } from './store.js';

export const googleTwin: TwinDefinition<GoogleData> = {
  name: 'google',
  errors: googleErrors,
  seedState: seedGoogle,
  credentials: ({ org, seed, publicUrl }) => {
    const admin = primaryAdmin(org);
    const clientEmail = `dtu-automation@${org.domain.split('.')[0]}-dtu.iam.gserviceaccount.com`;
    return {
      rootUrl: `${publicUrl}/`,
      accessToken: tokens.googleAccess(seed, admin.email),
      as: admin.email,
      userTokens: Object.fromEntries(org.people.map((p) => [p.email, tokens.googleAccess(seed, p.email)])),
      readonlyAccessToken: tokens.googleAccess(seed, `${admin.email}#drive.readonly`),
      oauthClient: {
        clientId: `${googleId(seed, 'oauth-client').slice(0, 12)}-${tokens.lowerAlnum(seed, 'google:client-id', 32)}.apps.googleusercontent.com`,
        clientSecret: `GOCSPX-${tokens.lowerAlnum(seed, 'google:client-secret', 28)}`,
        tokenUrl: `${publicUrl}/token`,
        refreshTokens: Object.fromEntries(org.people.map((p) => [p.email, tokens.googleRefresh(seed, p.email)])),
      },
      // The signing key and the token endpoint arrive with a later slice; the account has the right fields only.
      serviceAccount: {
        type: 'service_account', project_id: `${org.domain.split('.')[0]}-dtu`, private_key_id: tokens.hexSecret(seed, 'google:sa-key-id', 40),
        private_key: '', client_email: clientEmail, client_id: googleId(seed, 'service-account'),
        token_uri: `${publicUrl}/token`, universe_domain: 'googleapis.com',
      },
    };
  },
  routes: googleRoutes,
};
