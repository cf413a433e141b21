// Jira twin: a Jira Cloud site seeded from the universe's people — users, groups, one project per
// department plus a company-wide one, issues with a four-status workflow — over REST v2/v3
// (see README.md for what is implemented and what is not), Atlassian's user-provisioning SCIM API
// (scim/) and Jira Cloud for Slack (slack/).
import { atlassianScimErrors } from './scim/common.js';
import { jiraApiDocs } from './api-docs.js';
import type { TwinDefinition } from '../../shared/kernel/twin-definition.js';
import { primaryAdmin } from '../../shared/seeding/admin.js';
import { tokens } from '../../shared/seeding/people-ids.js';
import { bearerToken } from './auth.js';
import { jiraErrors } from './errors.js';
import { jiraRateLimit } from './rate-limits.js';
import { jiraRoutes } from './routes/index.js';
import { bindClock } from './clock-of.js';
import { scimApiKey, scimDirectoryId } from './scim/directory.js';
import { settleDeliveries } from './deliveries.js';
import { seedJira, type JiraData } from './store.js';

export type { JiraData } from './store.js';

export const jiraTwin: TwinDefinition<JiraData> = {
  name: 'jira',
  errors: jiraErrors,
  errorsFor: (url) => (url.startsWith('/scim/') ? atlassianScimErrors : undefined),
  apiDocs: jiraApiDocs,
  seedState: seedJira,
  credentials: ({ org, seed, publicUrl }) => {
    const admin = primaryAdmin(org);
    return {
      host: publicUrl,
      email: admin.email,
      apiToken: tokens.jiraApi(seed, admin.email),
      userTokens: Object.fromEntries(org.people.map((p) => [p.email, tokens.jiraApi(seed, p.email)])),
      // OAuth 2.0 (3LO) bearer access tokens: jira.js `authentication: { oauth2: { accessToken } }`.
      accessToken: bearerToken(seed, admin.email),
      accessTokens: Object.fromEntries(org.people.map((p) => [p.email, bearerToken(seed, p.email)])),
      // Atlassian's user-provisioning (SCIM) API: the directory base URL and its API key (a bearer token).
      scim: { baseUrl: `${publicUrl}/scim/directory/${scimDirectoryId(seed)}`, directoryId: scimDirectoryId(seed), apiKey: scimApiKey(seed) },
    };
  },
  routes: jiraRoutes,
  rateLimit: jiraRateLimit,
  stateLoaded: (ctx) => bindClock(ctx.store.data, () => ctx.clock.now()),
  // Human accounts (accountType atlassian); an inactive account is "deactivated" in the universe's terms.
  people: (ctx) => ctx.store.data.users.filter((u) => u.accountType === 'atlassian').map((u) => ({
    email: u.emailAddress, id: u.accountId, status: u.active ? 'active' : 'deactivated', name: u.displayName,
  })),
  // Waits for webhook and Slack deliveries being sent; those backing off before a retry are `pending`.
  settle: settleDeliveries,
};
