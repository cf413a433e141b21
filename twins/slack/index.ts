// Slack twin: one workspace seeded from the org, the Web API on /api/<method>. See README.md.
import { slackScimErrors } from './scim/common.js';
import { slackApiDocs } from './api-docs.js';
import type { TwinDefinition } from '../../shared/kernel/twin-definition.js';
import { primaryAdmin } from '../../shared/seeding/admin.js';
import { slackId, tokens } from '../../shared/seeding/people-ids.js';
import { SCENARIO_KEY, scenarioOf, type SlackScenario } from '../../shared/seeding/scenario.js';
import { slackErrors } from './errors.js';
import { hubOf } from './events/hub.js';
import { signingSecretOf, verificationTokenOf } from './events/signing.js';
import { requestedSubscription, seededSubscription, validateSubscriptionState } from './events/subscription.js';
import { slackPeople } from './lifecycle.js';
import { slackRateLimit } from './rate-limits.js';
import { slackRoutes } from './routes/index.js';
import { BOT_KEY, LIMITED_BOT_KEY, scimTokenKey } from './scopes.js';
import { armAllTimers } from './scheduled.js';
import { seedSlack } from './seed.js';
import { validateSlackState } from './validate.js';
import type { SlackData } from './store.js';

export type { SlackData } from './store.js';

export const slackTwin: TwinDefinition<SlackData> = {
  name: 'slack',
  errors: slackErrors,
  errorsFor: (url) => (url.startsWith('/scim/') ? slackScimErrors : undefined),
  apiDocs: slackApiDocs,
  // A fixture may set the app's event subscription: `twins: { slack: { eventSubscription: { requestUrl, events } } }`.
  // No url_verification handshake at seed time: seeding is pure and the receiver is usually not up yet.
  seedState: ({ org, seed, config }) => ({
    ...seedSlack(org, seed, scenarioOf<SlackScenario>(config)),
    eventSubscription: config?.eventSubscription === undefined ? seededSubscription() : requestedSubscription(config.eventSubscription),
  }),
  checkConfig: slackConfigProblem,
  credentials: ({ org, seed, publicUrl }) => {
    const admin = primaryAdmin(org);
    const appId = slackId(seed, 'A', 'app');
    return {
      apiUrl: `${publicUrl}/api/`,
      botToken: tokens.slackBot(seed, BOT_KEY),
      userToken: tokens.slackUser(seed, admin.email),
      as: admin.email,
      appToken: tokens.slackApp(seed, appId),
      signingSecret: signingSecretOf(seed),
      verificationToken: verificationTokenOf(seed),
      appId,
      botUserId: slackId(seed, 'U', BOT_KEY),
      userTokens: Object.fromEntries(org.people.map((p) => [p.email, tokens.slackUser(seed, p.email)])),
      limitedBotToken: tokens.slackBot(seed, LIMITED_BOT_KEY),
      scimToken: tokens.slackUser(seed, scimTokenKey(admin.email)),
    };
  },
  routes: (app, ctx) => slackRoutes(app, ctx),
  people: (ctx) => slackPeople(ctx.store.data),
  settle: async (ctx) => (await hubOf(ctx)?.settle()) ?? { pending: 0 },
  rateLimit: slackRateLimit,
  stateLoaded: armAllTimers,
  validateState: (data) => validateSlackState(data) ?? validateSubscriptionState(data),
};

/** The fixture's `twins.slack` section: only `eventSubscription`, shaped as PUT /_dtu/slack/event-subscription takes it. */
function slackConfigProblem(config: Record<string, unknown>): string | null {
  const unknown = Object.keys(config).filter((key) => key !== 'eventSubscription' && key !== SCENARIO_KEY);
  if (unknown.length) return `has unknown key(s) ${unknown.join(', ')} (known: eventSubscription)`;
  if (config.eventSubscription === undefined) return null;
  try {
    requestedSubscription(config.eventSubscription);
    return null;
  } catch (error) {
    return `eventSubscription: ${(error as Error).message}`;
  }
}
