// Okta twin — placeholder until the Okta issue: users and groups mapped from the org, SSWS API
// tokens, and listUsers/getUser, enough to exercise the kernel end to end.
import { memoLast } from '../../shared/kernel/memo.js';
import type { TwinDefinition } from '../../shared/kernel/twin-definition.js';
import { TwinError } from '../../shared/kernel/vendor-errors.js';
import { primaryAdmin } from '../../shared/seeding/admin.js';
import { oktaId, tokens } from '../../shared/seeding/people-ids.js';
import { oktaError, oktaErrors } from './errors.js';

interface OktaUser {
  id: string;
  status: 'ACTIVE' | 'SUSPENDED' | 'DEPROVISIONED';
  created: string;
  profile: { login: string; email: string; firstName: string; lastName: string; title: string; department: string; manager: string | null; timezone: string };
}

export interface OktaData {
  users: OktaUser[];
  groups: { id: string; type: 'OKTA_GROUP'; profile: { name: string; description: string } }[];
}

const STATUS = { active: 'ACTIVE', suspended: 'SUSPENDED', deactivated: 'DEPROVISIONED' } as const;

const apiTokens = memoLast((seed: number) => new Set([tokens.oktaApi(seed, 'super-admin'), tokens.oktaApi(seed, 'read-only-admin')]));

export const oktaTwin: TwinDefinition<OktaData> = {
  name: 'okta',
  errors: oktaErrors,
  seedState: ({ org, seed }) => ({
    users: org.people.map((p) => ({
      id: oktaId(seed, '00u', p.email),
      status: STATUS[p.status],
      created: `${p.startDate}T09:00:00.000Z`,
      profile: { login: p.email, email: p.email, firstName: p.firstName, lastName: p.lastName, title: p.title, department: p.department, manager: p.manager, timezone: p.timezone },
    })),
    groups: org.groups.map((g) => ({ id: oktaId(seed, '00g', g.slug), type: 'OKTA_GROUP', profile: { name: g.name, description: `${g.kind} group` } })),
  }),
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
  routes(app, ctx) {
    app.addHook('onRequest', async (request) => {
      const header = request.headers.authorization ?? '';
      if (!header.startsWith('SSWS ') || !apiTokens(ctx.seed()).has(header.slice(5))) throw new TwinError(oktaErrors.unauthorized(''));
      request.dtuActor = { type: 'user', email: primaryAdmin(ctx.org()).email };
    });
    app.get('/api/v1/users', { config: { operation: 'listUsers' } }, () => ctx.store.data.users);
    app.get('/api/v1/users/:id', { config: { operation: 'getUser' } }, (request) => {
      const { id } = request.params as { id: string };
      const user = ctx.store.data.users.find((u) => u.id === id || u.profile.login === id);
      if (!user) throw oktaError(404, 'E0000007', `Not found: Resource not found: ${id} (User)`);
      return user;
    });
  },
};
