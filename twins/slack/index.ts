// Slack twin: one workspace seeded from the org, the Web API on /api/<method>. See README.md.
import type { TwinDefinition } from '../../shared/kernel/twin-definition.js';
import { primaryAdmin } from '../../shared/seeding/admin.js';
import { slackId, tokens } from '../../shared/seeding/people-ids.js';
import { slackErrors } from './errors.js';
import { slackRateLimit } from './rate-limits.js';
import { slackRoutes } from './routes/index.js';
import { BOT_KEY, LIMITED_BOT_KEY } from './scopes.js';
import { seedSlack } from './seed.js';
import { validateSlackState } from './validate.js';
import type { SlackData } from './store.js';

export type { SlackData } from './store.js';

export const slackTwin: TwinDefinition<SlackData> = {
  name: 'slack',
  errors: slackErrors,
  seedState: ({ org, seed }) => seedSlack(org, seed),
  credentials: ({ org, seed, publicUrl }) => {
    const admin = primaryAdmin(org);
    const appId = slackId(seed, 'A', 'app');
    return {
      apiUrl: `${publicUrl}/api/`,
      botToken: tokens.slackBot(seed, BOT_KEY),
      userToken: tokens.slackUser(seed, admin.email),
      as: admin.email,
      appToken: tokens.slackApp(seed, appId),
      signingSecret: tokens.hexSecret(seed, 'slack:signing-secret'),
      appId,
      botUserId: slackId(seed, 'U', BOT_KEY),
      userTokens: Object.fromEntries(org.people.map((p) => [p.email, tokens.slackUser(seed, p.email)])),
      limitedBotToken: tokens.slackBot(seed, LIMITED_BOT_KEY),
    };
  },
  routes: (app, ctx) => slackRoutes(app, ctx),
  rateLimit: slackRateLimit,
  validateState: validateSlackState,
};
