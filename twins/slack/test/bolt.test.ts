// @slack/bolt against the twin, unmodified but for the API URL: a Socket Mode app and an app on
// Bolt's HTTP receiver (signature verification on), each receiving events and answering with say().
import { App, LogLevel, type Logger } from '@slack/bolt';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { describe, expect, it } from 'vitest';
import { LUCIA, useSlack } from './setup.js';
import { until } from '../../../test/helpers/until.js';

const env = useSlack();

/** Bolt logs handler failures at error level; the retry test provokes one on purpose. */
const quiet: Logger = {
  debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, setLevel: () => {}, getLevel: () => LogLevel.ERROR, setName: () => {},
};

/** The bot's message in a channel's history (or a thread) after `oldest`, once it is there. */
const botReply = (channel: string, oldest: string, thread?: string) => until(async () => {
  const page = thread
    ? await env.bot.conversations.replies({ channel, ts: thread, oldest })
    : await env.bot.conversations.history({ channel, oldest });
  return page.messages!.find((m) => m.user === env.creds.botUserId && m.ts !== thread);
}, 'the bot\'s reply');

describe('Bolt App with SocketModeReceiver', () => {
  it('receives message and app_mention events over the socket and replies with say()', async () => {
    const app = new App({
      token: env.creds.botToken, appToken: env.creds.appToken, socketMode: true, logger: quiet,
      clientOptions: { slackApiUrl: env.creds.apiUrl },
    });
    app.message('ping', async ({ message, say }) => {
      await say(`pong <@${(message as { user: string }).user}>`);
    });
    app.event('app_mention', async ({ event, say }) => {
      await say({ text: 'you called?', thread_ts: event.ts });
    });
    await app.start();
    try {
      const lucia = env.as(env.creds.userTokens[LUCIA]);
      const ping = await lucia.chat.postMessage({ channel: 'general', text: 'ping' });
      const pong = await botReply(ping.channel!, ping.ts!);
      const luciaId = (await lucia.auth.test()).user_id;
      expect(pong).toMatchObject({ text: `pong <@${luciaId}>`, bot_id: expect.stringMatching(/^B/) });

      const mention = await lucia.chat.postMessage({ channel: 'general', text: `<@${env.creds.botUserId}> are you there?` });
      expect(await botReply(mention.channel!, mention.ts!, mention.ts!)).toMatchObject({ text: 'you called?', thread_ts: mention.ts });
    } finally {
      await app.stop();
    }
  });
});

describe('Bolt App with the HTTP receiver', () => {
  it('passes the url_verification handshake, verifies signed events and replies with say(); a failed listener is retried', async () => {
    const app = new App({
      token: env.creds.botToken, signingSecret: env.creds.signingSecret, logger: quiet, processBeforeResponse: true,
      clientOptions: { slackApiUrl: env.creds.apiUrl },
    });
    const retries: (number | undefined)[] = [];
    app.event('reaction_added', async ({ event, context, say }) => {
      retries.push(context.retryNum);
      // The first delivery fails (Bolt answers 500), the twin retries with X-Slack-Retry-Num: 1.
      if (context.retryNum === undefined) throw new Error('not yet');
      await say({ text: `thanks for the :${event.reaction}:`, thread_ts: (event.item as { ts: string }).ts });
    });
    const server = (await app.start(0)) as Server;
    try {
      const requestUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
      const res = await fetch(`${env.universe.urls.slack}/_dtu/slack/event-subscription`, {
        method: 'PUT', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ requestUrl, events: ['reaction_added'], retryDelaysMs: [0, 0, 0] }),
      });
      expect(res.status).toBe(200);
      const posted = await env.user.chat.postMessage({ channel: 'general', text: 'react to me' });
      await env.user.reactions.add({ channel: posted.channel!, timestamp: posted.ts!, name: 'rocket' });
      expect(await botReply(posted.channel!, posted.ts!, posted.ts!)).toMatchObject({ text: 'thanks for the :rocket:' });
      expect(retries).toEqual([undefined, 1]);
    } finally {
      await app.stop();
    }
  });

  it('is refused by Bolt when signed with another secret (the twin signs with the credentials\' secret)', async () => {
    const app = new App({ token: env.creds.botToken, signingSecret: 'not-the-secret', logger: quiet, clientOptions: { slackApiUrl: env.creds.apiUrl } });
    const server = (await app.start(0)) as Server;
    try {
      const requestUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
      const res = await fetch(`${env.universe.urls.slack}/_dtu/slack/event-subscription`, {
        method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requestUrl, events: ['reaction_added'] }),
      });
      expect(res.status).toBe(400);
      const { events } = await env.universe.events({ twin: 'slack' });
      expect(events.find((e: any) => e.operation === 'url_verification')).toMatchObject({ direction: 'out', status: 401 });
    } finally {
      await app.stop();
    }
  });
});
