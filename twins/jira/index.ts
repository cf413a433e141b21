// Jira twin — placeholder until the Jira issue: users from the org, basic auth with API tokens,
// myself and serverInfo, enough to exercise the kernel end to end.
import { memoLast } from '../../shared/kernel/memo.js';
import type { TwinDefinition } from '../../shared/kernel/twin-definition.js';
import { TwinError } from '../../shared/kernel/vendor-errors.js';
import { primaryAdmin } from '../../shared/seeding/admin.js';
import type { Org } from '../../shared/seeding/org.js';
import { jiraAccountId, tokens } from '../../shared/seeding/people-ids.js';
import { jiraErrors } from './errors.js';

export interface JiraData {
  users: { accountId: string; accountType: 'atlassian'; emailAddress: string; displayName: string; active: boolean; timeZone: string }[];
}

/** "email:apiToken" base64 → email, for the current seed. */
const basicIndex = memoLast((key: { seed: number; org: Org }) => new Map(key.org.people.map((p) => [
  Buffer.from(`${p.email}:${tokens.jiraApi(key.seed, p.email)}`).toString('base64'), p.email,
])));

export const jiraTwin: TwinDefinition<JiraData> = {
  name: 'jira',
  errors: jiraErrors,
  seedState: ({ org, seed }) => ({
    users: org.people.map((p) => ({ accountId: jiraAccountId(seed, p.email), accountType: 'atlassian', emailAddress: p.email, displayName: p.name, active: p.status === 'active', timeZone: p.timezone })),
  }),
  credentials: ({ org, seed, publicUrl }) => {
    const admin = primaryAdmin(org);
    return {
      host: publicUrl,
      email: admin.email,
      apiToken: tokens.jiraApi(seed, admin.email),
      userTokens: Object.fromEntries(org.people.map((p) => [p.email, tokens.jiraApi(seed, p.email)])),
    };
  },
  routes(app, ctx) {
    app.addHook('onRequest', async (request) => {
      const header = request.headers.authorization ?? '';
      const email = header.startsWith('Basic ') ? basicIndex({ seed: ctx.seed(), org: ctx.org() }).get(header.slice(6)) : undefined;
      const user = email && ctx.store.data.users.find((u) => u.emailAddress === email);
      if (!user || !user.active) throw new TwinError(jiraErrors.unauthorized(''));
      request.dtuActor = { type: 'user', id: user.accountId, email: user.emailAddress };
    });
    app.get('/rest/api/3/myself', { config: { operation: 'getCurrentUser' } }, (request) =>
      ctx.store.data.users.find((u) => u.accountId === request.dtuActor?.id));
    app.get('/rest/api/3/serverInfo', { config: { operation: 'getServerInfo' } }, () => ({
      baseUrl: ctx.publicUrl(), version: '1001.0.0-SNAPSHOT', versionNumbers: [1001, 0, 0], deploymentType: 'Cloud',
      buildNumber: 100296, serverTime: new Date(ctx.clock.now()).toISOString().replace('Z', '+0000'), serverTitle: ctx.org().name,
    }));
  },
};
