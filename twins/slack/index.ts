// Slack twin — placeholder until the Slack issue: workspace users from the org, bot/user tokens,
// auth.test and a minimal chat.postMessage / conversations.history, enough to exercise the kernel.
import type { FastifyRequest } from 'fastify';
import { memoLast } from '../../shared/kernel/memo.js';
import type { TwinDefinition } from '../../shared/kernel/twin-definition.js';
import { primaryAdmin } from '../../shared/seeding/admin.js';
import type { Org } from '../../shared/seeding/org.js';
import { slackId, tokens } from '../../shared/seeding/people-ids.js';
import { slackError, slackErrors } from './errors.js';

interface SlackMessage {
  channel: string;
  ts: string;
  user: string;
  text: string;
}

export interface SlackData {
  team: { id: string; name: string; domain: string };
  users: { id: string; name: string; real_name: string; deleted: boolean; profile: { email: string; title: string; real_name: string; display_name: string }; tz: string }[];
  channels: { id: string; name: string }[];
  messages: SlackMessage[];
  lastTs: number;
}

const BOT = 'dtu-bot';

/** token → who holds it, for the current seed. */
const tokenIndex = memoLast((key: { seed: number; org: Org }) => {
  const index = new Map<string, { userId: string; isBot: boolean }>();
  index.set(tokens.slackBot(key.seed, BOT), { userId: slackId(key.seed, 'U', BOT), isBot: true });
  for (const p of key.org.people) index.set(tokens.slackUser(key.seed, p.email), { userId: slackId(key.seed, 'U', p.email), isBot: false });
  return index;
});

function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7);
  const body = request.body as Record<string, unknown> | undefined;
  return (body?.token as string | undefined) ?? (request.query as Record<string, string>).token;
}

export const slackTwin: TwinDefinition<SlackData> = {
  name: 'slack',
  errors: slackErrors,
  seedState: ({ org, seed }) => ({
    team: { id: slackId(seed, 'T', 'team'), name: org.name, domain: org.domain.split('.')[0] },
    users: org.people.map((p) => ({
      id: slackId(seed, 'U', p.email), name: p.email.split('@')[0], real_name: p.name, deleted: p.status === 'deactivated', tz: p.timezone,
      profile: { email: p.email, title: p.title, real_name: p.name, display_name: p.firstName },
    })),
    channels: [{ id: slackId(seed, 'C', 'general'), name: 'general' }],
    messages: [],
    lastTs: 0,
  }),
  credentials: ({ org, seed, publicUrl }) => {
    const admin = primaryAdmin(org);
    const appId = slackId(seed, 'A', 'app');
    return {
      apiUrl: `${publicUrl}/api/`,
      botToken: tokens.slackBot(seed, BOT),
      userToken: tokens.slackUser(seed, admin.email),
      as: admin.email,
      appToken: tokens.slackApp(seed, appId),
      signingSecret: tokens.hexSecret(seed, 'slack:signing-secret'),
      appId,
      botUserId: slackId(seed, 'U', BOT),
      userTokens: Object.fromEntries(org.people.map((p) => [p.email, tokens.slackUser(seed, p.email)])),
      limitedBotToken: tokens.slackBot(seed, 'limited-bot'),
    };
  },
  routes(app, ctx) {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    const caller = (request: FastifyRequest) => {
      const token = tokenOf(request);
      if (!token) throw slackError('not_authed');
      const who = tokenIndex({ seed: ctx.seed(), org: ctx.org() }).get(token);
      if (!who) throw slackError('invalid_auth');
      request.dtuActor = { type: who.isBot ? 'bot' : 'user', id: who.userId };
      return who;
    };
    const data = () => ctx.store.data;

    app.route({
      method: ['GET', 'POST'], url: '/api/auth.test', config: { operation: 'auth.test', readOnly: true },
      handler: (request) => {
        const who = caller(request);
        const { team } = data();
        return { ok: true, url: `https://${team.domain}.slack.com/`, team: team.name, user: who.isBot ? BOT : data().users.find((u) => u.id === who.userId)?.name, team_id: team.id, user_id: who.userId, ...(who.isBot && { bot_id: slackId(ctx.seed(), 'B', BOT) }) };
      },
    });
    app.post('/api/chat.postMessage', { config: { operation: 'chat.postMessage' } }, (request) => {
      const who = caller(request);
      const args = (request.body ?? {}) as Record<string, string>;
      const channel = data().channels.find((c) => c.id === args.channel || c.name === args.channel?.replace(/^#/, ''));
      if (!channel) throw slackError('channel_not_found');
      if (!args.text) throw slackError('no_text');
      // ts: seconds.microseconds, strictly increasing even within one millisecond.
      const micros = Math.max(ctx.clock.now() * 1000, data().lastTs + 1);
      data().lastTs = micros;
      const ts = `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
      const message = { channel: channel.id, ts, user: who.userId, text: String(args.text) };
      data().messages.push(message);
      request.dtuTarget = { type: 'message', channel: channel.id, ts };
      return { ok: true, channel: channel.id, ts, message: { type: 'message', user: who.userId, text: message.text, ts } };
    });
    app.route({
      method: ['GET', 'POST'], url: '/api/conversations.history', config: { operation: 'conversations.history', readOnly: true },
      handler: (request) => {
        caller(request);
        const args = { ...(request.query as object), ...((request.body as object) ?? {}) } as Record<string, string>;
        if (!data().channels.some((c) => c.id === args.channel)) throw slackError('channel_not_found');
        const messages = data().messages.filter((m) => m.channel === args.channel).reverse().map(({ channel: _c, ...m }) => ({ type: 'message', ...m }));
        return { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } };
      },
    });
  },
};
