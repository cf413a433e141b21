// Google Workspace twin — placeholder until the Google issue: directory users from the org, bearer
// access tokens, and drive.about.get, enough to exercise the kernel end to end.
import { memoLast } from '../../shared/kernel/memo.js';
import type { TwinDefinition } from '../../shared/kernel/twin-definition.js';
import { TwinError } from '../../shared/kernel/vendor-errors.js';
import { primaryAdmin } from '../../shared/seeding/admin.js';
import type { Org } from '../../shared/seeding/org.js';
import { googleId, tokens } from '../../shared/seeding/people-ids.js';
import { googleErrors } from './errors.js';

export interface GoogleData {
  users: { id: string; primaryEmail: string; name: { givenName: string; familyName: string; fullName: string }; isAdmin: boolean; suspended: boolean; orgUnitPath: string }[];
}

const accessIndex = memoLast((key: { seed: number; org: Org }) => new Map(key.org.people.map((p) => [tokens.googleAccess(key.seed, p.email), p.email])));

export const googleTwin: TwinDefinition<GoogleData> = {
  name: 'google',
  errors: googleErrors,
  seedState: ({ org, seed }) => ({
    users: org.people.map((p) => ({
      id: googleId(seed, p.email), primaryEmail: p.email, name: { givenName: p.firstName, familyName: p.lastName, fullName: p.name },
      isAdmin: p.admin, suspended: p.status !== 'active', orgUnitPath: `/${p.department}`,
    })),
  }),
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
      // The signing key arrives with the Google issue; until then the account has the right fields only.
      serviceAccount: {
        type: 'service_account', project_id: `${org.domain.split('.')[0]}-dtu`, private_key_id: tokens.hexSecret(seed, 'google:sa-key-id', 40),
        private_key: '', client_email: clientEmail, client_id: googleId(seed, 'service-account'),
        token_uri: `${publicUrl}/token`, universe_domain: 'googleapis.com',
      },
    };
  },
  routes(app, ctx) {
    app.addHook('onRequest', async (request) => {
      const header = request.headers.authorization ?? '';
      const email = header.startsWith('Bearer ') ? accessIndex({ seed: ctx.seed(), org: ctx.org() }).get(header.slice(7)) : undefined;
      if (!email) throw new TwinError(googleErrors.unauthorized(''));
      request.dtuActor = { type: 'user', email };
    });
    app.get('/drive/v3/about', { config: { operation: 'drive.about.get' } }, (request) => {
      const user = ctx.store.data.users.find((u) => u.primaryEmail === request.dtuActor?.email)!;
      return { kind: 'drive#about', user: { kind: 'drive#user', displayName: user.name.fullName, emailAddress: user.primaryEmail, me: true, permissionId: user.id } };
    });
  },
};
