// Events API over HTTP, seen by a raw receiver: the url_verification handshake behind
// PUT /_dtu/slack/event-subscription, Slack's signature (recomputed here), the event_callback
// envelope, retries with X-Slack-Retry-Num / -Reason, what the bot may see, and the journal.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LUCIA, PRIYA, useSlack } from './setup.js';
import { until } from '../../../test/helpers/until.js';

const env = useSlack();

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
}

/** A Request URL: answers url_verification unless told otherwise, records everything else. */
const receiver = {
  server: null as unknown as Server,
  url: '',
  deliveries: [] as Delivery[],
  handshakes: 0,
  echoChallenge: true,
  respond: (_d: Delivery, res: ServerResponse) => void res.writeHead(200).end(),
};

beforeAll(async () => {
  receiver.server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const delivery = { headers: req.headers, body, json: JSON.parse(body) };
      if (delivery.json.type === 'url_verification') {
        receiver.handshakes++;
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ challenge: receiver.echoChallenge ? delivery.json.challenge : 'nope' }));
      }
      receiver.deliveries.push(delivery);
      receiver.respond(delivery, res);
    });
  });
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/slack/events`;
});
afterAll(() => {
  receiver.server.closeAllConnections();
  receiver.server.close();
});
afterEach(() => {
  receiver.deliveries = [];
  receiver.handshakes = 0;
  receiver.echoChallenge = true;
  receiver.respond = (_d, res) => void res.writeHead(200).end();
});

const control = (method: string, body?: unknown) => fetch(`${env.universe.urls.slack}/_dtu/slack/event-subscription`, {
  method, ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
});
const subscribe = async (events: string[], extra: Record<string, unknown> = {}) => {
  const res = await control('PUT', { requestUrl: receiver.url, events, ...extra });
  expect(res.status).toBe(200);
  return res.json();
};

const eventsOfType = (type: string) => receiver.deliveries.filter((d) => d.json.event.type === type);
const channelId = async (name: string) => (await env.user.conversations.list({ types: 'public_channel,private_channel', limit: 200 })).channels!.find((c) => c.name === name)!.id!;

describe('PUT /_dtu/slack/event-subscription', () => {
  it('stores the subscription only after the Request URL answered the url_verification challenge', async () => {
    const body = await subscribe(['message.channels', 'app_mention']);
    expect(body).toMatchObject({ ok: true, requestUrl: receiver.url, events: ['message.channels', 'app_mention'], retryDelaysMs: [0, 60000, 300000], timeoutMs: 3000 });
    expect(receiver.handshakes).toBe(1);
    expect(await (await control('GET')).json()).toMatchObject({ requestUrl: receiver.url, events: ['message.channels', 'app_mention'] });
    const snapshot = await (await fetch(`${env.universe.urls.slack}/_dtu/snapshot`)).json();
    expect(snapshot.twins.slack.eventSubscription).toMatchObject({ requestUrl: receiver.url });
  });

  it('is data: a snapshot restores it, and an import with a malformed subscription is refused', async () => {
    await subscribe(['reaction_added']);
    const snapshot = await env.universe.snapshot();
    await env.universe.reset();
    await env.universe.restore(snapshot);
    expect(await (await control('GET')).json()).toMatchObject({ requestUrl: receiver.url, events: ['reaction_added'] });
    const broken = structuredClone(snapshot) as any;
    broken.twins.slack.eventSubscription.events = 'everything';
    await expect(env.universe.restore(broken)).rejects.toThrow(/eventSubscription/);
  });

  it('answers 400 url_verification_failed and stores nothing when the challenge is not echoed or nobody answers', async () => {
    receiver.echoChallenge = false;
    const wrong = await control('PUT', { requestUrl: receiver.url, events: ['message.channels'] });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ ok: false, error: 'url_verification_failed' });
    const nobody = await control('PUT', { requestUrl: 'http://127.0.0.1:9/none', events: ['message.channels'] });
    expect(await nobody.json()).toMatchObject({ ok: false, error: 'url_verification_failed' });
    expect((await (await control('GET')).json()).requestUrl).toBeNull();
  });

  it('refuses a malformed body with DTU invalid_request, and DELETE removes the subscription', async () => {
    const bad = await control('PUT', { requestUrl: 'ftp://x', events: ['message.channels'] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: 'invalid_request' });
    expect((await control('PUT', { requestUrl: receiver.url, events: 'all' })).status).toBe(400);
    await subscribe(['message.channels']);
    expect(await (await control('DELETE')).json()).toMatchObject({ ok: true, requestUrl: null, events: [] });
    await env.user.chat.postMessage({ channel: 'general', text: 'nobody listens' });
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.deliveries).toHaveLength(0);
  });
});

describe('deliveries', () => {
  it('signs each delivery as Slack does and wraps the event in an event_callback envelope', async () => {
    await subscribe(['message.channels']);
    const posted = await env.user.chat.postMessage({ channel: 'general', text: 'hello events' });
    const [delivery] = await until(() => (receiver.deliveries.length ? receiver.deliveries : undefined), 'a delivery');
    const ts = delivery.headers['x-slack-request-timestamp'] as string;
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60);
    const expected = `v0=${createHmac('sha256', env.creds.signingSecret).update(`v0:${ts}:${delivery.body}`).digest('hex')}`;
    expect(delivery.headers['x-slack-signature']).toBe(expected);
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers['x-slack-retry-num']).toBeUndefined();
    expect(delivery.json).toMatchObject({
      token: env.creds.verificationToken, team_id: expect.stringMatching(/^T/), api_app_id: env.creds.appId, type: 'event_callback',
      event_id: expect.stringMatching(/^Ev[0-9A-Z]{10}$/), event_time: expect.any(Number), is_ext_shared_channel: false, event_context: expect.stringMatching(/^4-/),
      authorizations: [{ user_id: env.creds.botUserId, is_bot: true, enterprise_id: null }],
      event: { type: 'message', channel: posted.channel, text: 'hello events', ts: posted.ts, event_ts: posted.ts, channel_type: 'channel', user: expect.stringMatching(/^U/) },
    });
  });

  it('retries a failing receiver with X-Slack-Retry-Num and X-Slack-Retry-Reason, journaling every attempt', async () => {
    await subscribe(['message.channels'], { retryDelaysMs: [0, 20, 20], timeoutMs: 200 });
    let calls = 0;
    receiver.respond = (_d, res) => {
      calls++;
      if (calls === 2) return; // no answer: the twin times out after 200 ms
      res.writeHead(calls < 3 ? 500 : 200).end();
    };
    await env.user.chat.postMessage({ channel: 'general', text: 'retry me' });
    const all = await until(() => (receiver.deliveries.length >= 3 ? receiver.deliveries : undefined), 'three attempts');
    expect(all.map((d) => [d.headers['x-slack-retry-num'], d.headers['x-slack-retry-reason']])).toEqual([[undefined, undefined], ['1', 'http_error'], ['2', 'http_timeout']]);
    expect(new Set(all.map((d) => d.json.event_id)).size).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(receiver.deliveries).toHaveLength(3);
    const { events } = await env.universe.events({ twin: 'slack' });
    // An earlier test's last delivery may be journaled after the reset: keep this event's attempts.
    const out = events.filter((e: any) => e.direction === 'out' && (e.operation === 'url_verification' || e.target?.event_id === all[0].json.event_id));
    expect(out.map((e: any) => [e.operation, e.status, e.attempt])).toEqual([['url_verification', 200, 1], ['message', 500, 1], ['message', 0, 2], ['message', 200, 3]]);
    expect(out[1]).toMatchObject({ method: 'POST', url: receiver.url, actor: { type: 'app' } });
  });

  it('keeps Slack\'s real schedule by default (at once, 1 min, 5 min), on the twin clock that /_dtu/clock/advance moves', async () => {
    await subscribe(['message.channels']);
    receiver.respond = (_d, res) => void res.writeHead(500).end();
    await env.user.chat.postMessage({ channel: 'general', text: 'slow retries' });
    await until(() => (receiver.deliveries.length >= 2 ? true : undefined), 'the immediate retry');
    const advance = (by: string) => fetch(`${env.universe.urls.slack}/_dtu/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ by }) });
    await advance('59s');
    await new Promise((r) => setTimeout(r, 50));
    expect(receiver.deliveries).toHaveLength(2);
    await advance('1s');
    await until(() => (receiver.deliveries.length >= 3 ? true : undefined), 'the retry after a minute');
    await advance('5m');
    await until(() => (receiver.deliveries.length >= 4 ? true : undefined), 'the retry after five more minutes');
    expect(receiver.deliveries.map((d) => d.headers['x-slack-retry-num'])).toEqual([undefined, '1', '2', '3']);
  });

  it('POST /_dtu/settle waits for deliveries under way and counts retries waiting for the clock', async () => {
    await subscribe(['message.channels'], { retryDelaysMs: [60_000] });
    receiver.respond = (_d, res) => void res.writeHead(503).end();
    const settle = async () => (await (await fetch(`${env.universe.urls.slack}/_dtu/settle`, { method: 'POST' })).json()).pending;
    await env.user.chat.postMessage({ channel: 'general', text: 'settle me' });
    expect(await settle()).toBe(1);
    expect(receiver.deliveries).toHaveLength(1);
    receiver.respond = (_d, res) => void res.writeHead(200).end();
    await fetch(`${env.universe.urls.slack}/_dtu/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ by: '1m' }) });
    expect(await settle()).toBe(0);
    expect(receiver.deliveries.map((d) => d.headers['x-slack-retry-num'])).toEqual([undefined, '1']);
  });

  it('delivers a scheduled message\'s event when it is posted', async () => {
    await subscribe(['message.channels']);
    const postAt = Math.floor(Date.now() / 1000) + 120;
    await env.user.chat.scheduleMessage({ channel: 'general', text: 'later', post_at: postAt });
    await fetch(`${env.universe.urls.slack}/_dtu/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ by: '3m' }) });
    await env.bot.auth.test(); // any call posts what is overdue
    const delivery = await until(() => eventsOfType('message')[0], 'the scheduled message event');
    expect(delivery.json.event).toMatchObject({ text: 'later', channel_type: 'channel' });
  });

  it('stops retrying when the receiver answers X-Slack-No-Retry: 1', async () => {
    await subscribe(['message.channels'], { retryDelaysMs: [0, 0, 0] });
    receiver.respond = (_d, res) => void res.writeHead(500, { 'x-slack-no-retry': '1' }).end();
    await env.user.chat.postMessage({ channel: 'general', text: 'once only' });
    await until(() => receiver.deliveries[0], 'a delivery');
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.deliveries).toHaveLength(1);
  });

  it('delivers only subscribed events the bot can see: not messages in channels it is not in', async () => {
    await subscribe(['message.channels', 'reaction_added']);
    await env.user.chat.postMessage({ channel: 'random', text: 'the bot is not here' });
    const general = await env.user.chat.postMessage({ channel: 'general', text: 'the bot is here' });
    await env.user.reactions.add({ channel: general.channel!, timestamp: general.ts!, name: 'tada' });
    await until(() => eventsOfType('reaction_added')[0], 'reaction_added');
    await env.user.pins.add({ channel: general.channel!, timestamp: general.ts! }); // pin_added is not subscribed
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.deliveries.map((d) => d.json.event.type).sort()).toEqual(['message', 'reaction_added']);
    expect(eventsOfType('message')[0].json.event.text).toBe('the bot is here');
    expect(eventsOfType('reaction_added')[0].json.event).toMatchObject({ reaction: 'tada', item: { type: 'message', channel: general.channel, ts: general.ts }, item_user: expect.stringMatching(/^U/) });
  });

  it('delivers DMs with the bot as message.im, and nothing from DMs between people', async () => {
    await subscribe(['message.im', 'message.channels']);
    const lucia = env.as(env.creds.userTokens[LUCIA]);
    const toBot = await lucia.conversations.open({ users: env.creds.botUserId });
    await lucia.chat.postMessage({ channel: toBot.channel!.id!, text: 'psst, bot' });
    const priyaId = (await env.user.auth.test()).user_id!;
    const between = await lucia.conversations.open({ users: priyaId });
    await lucia.chat.postMessage({ channel: between.channel!.id!, text: 'just us' });
    await until(() => eventsOfType('message')[0], 'the DM to the bot');
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.deliveries.map((d) => d.json.event)).toEqual([expect.objectContaining({ text: 'psst, bot', channel: toBot.channel!.id, channel_type: 'im' })]);
  });

  it('delivers private-channel messages as message.groups once the bot is a member', async () => {
    await subscribe(['message.groups']);
    const leadership = await channelId('leadership');
    await env.user.chat.postMessage({ channel: leadership, text: 'before the bot' });
    await env.user.conversations.invite({ channel: leadership, users: env.creds.botUserId });
    await env.user.chat.postMessage({ channel: leadership, text: 'with the bot' });
    await until(() => eventsOfType('message').find((d) => d.json.event.text === 'with the bot'), 'the private message');
    expect(eventsOfType('message').map((d) => [d.json.event.subtype ?? 'plain', d.json.event.channel_type])).toEqual([['channel_join', 'group'], ['plain', 'group']]);
  });

  it('still delivers the bot its own messages (Bolt filters them itself)', async () => {
    await subscribe(['message.channels']);
    await env.bot.chat.postMessage({ channel: 'general', text: 'from the bot' });
    const [delivery] = await until(() => eventsOfType('message').length ? eventsOfType('message') : undefined, 'the bot message');
    expect(delivery.json.event).toMatchObject({ user: env.creds.botUserId, bot_id: expect.stringMatching(/^B/), app_id: env.creds.appId, bot_profile: { app_id: env.creds.appId } });
  });

  it('sends app_mention next to the message, and message_changed / message_deleted for edits and deletes', async () => {
    await subscribe(['message.channels', 'app_mention']);
    const lucia = env.as(env.creds.userTokens[LUCIA]);
    const posted = await lucia.chat.postMessage({ channel: 'general', text: `hey <@${env.creds.botUserId}> status?` });
    await lucia.chat.update({ channel: posted.channel!, ts: posted.ts!, text: 'edited' });
    await lucia.chat.delete({ channel: posted.channel!, ts: posted.ts! });
    await until(() => (receiver.deliveries.length >= 4 ? true : undefined), 'four events');
    expect(eventsOfType('app_mention')[0].json.event).toMatchObject({ type: 'app_mention', channel: posted.channel, ts: posted.ts, text: expect.stringContaining(`<@${env.creds.botUserId}>`) });
    const subtypes = eventsOfType('message').map((d) => d.json.event.subtype);
    expect(subtypes).toEqual(expect.arrayContaining([undefined, 'message_changed', 'message_deleted']));
    const changed = eventsOfType('message').find((d) => d.json.event.subtype === 'message_changed')!.json.event;
    expect(changed).toMatchObject({ hidden: true, channel: posted.channel, message: { ts: posted.ts, text: 'edited', edited: { user: expect.any(String) } }, previous_message: { text: expect.stringContaining('status?') } });
    const deleted = eventsOfType('message').find((d) => d.json.event.subtype === 'message_deleted')!.json.event;
    expect(deleted).toMatchObject({ hidden: true, deleted_ts: posted.ts, previous_message: { text: 'edited' } });
  });

  it('sends thread replies with thread_ts and broadcasts as thread_broadcast with their root', async () => {
    await subscribe(['message.channels']);
    const parent = await env.user.chat.postMessage({ channel: 'general', text: 'parent' });
    await env.user.chat.postMessage({ channel: 'general', text: 'reply', thread_ts: parent.ts });
    await env.user.chat.postMessage({ channel: 'general', text: 'loud reply', thread_ts: parent.ts!, reply_broadcast: true });
    await until(() => (receiver.deliveries.length >= 3 ? true : undefined), 'three messages');
    const byText = (text: string) => eventsOfType('message').find((d) => d.json.event.text === text)!.json.event;
    expect(byText('reply')).toMatchObject({ thread_ts: parent.ts, parent_user_id: expect.any(String) });
    expect(byText('reply').subtype).toBeUndefined();
    expect(byText('loud reply')).toMatchObject({ subtype: 'thread_broadcast', thread_ts: parent.ts, root: { ts: parent.ts, text: 'parent' } });
  });

  it('sends channel lifecycle, membership, pin and profile events', async () => {
    await subscribe(['channel_created', 'channel_rename', 'channel_archive', 'member_joined_channel', 'member_left_channel', 'pin_added', 'user_change', 'message.channels']);
    const created = await env.user.conversations.create({ name: 'launch-room' });
    const id = created.channel!.id!;
    await env.user.conversations.invite({ channel: id, users: env.creds.botUserId });
    const pinned = await env.user.chat.postMessage({ channel: id, text: 'pin me' });
    await env.user.pins.add({ channel: id, timestamp: pinned.ts! });
    await env.user.conversations.rename({ channel: id, name: 'launch-room-2' });
    await env.user.conversations.kick({ channel: id, user: env.creds.botUserId });
    await env.user.conversations.archive({ channel: id });
    await env.user.users.profile.set({ profile: { title: 'Chief Event Officer' } as any });
    await until(() => eventsOfType('user_change')[0], 'user_change');
    await until(() => eventsOfType('channel_archive')[0], 'channel_archive');
    expect(eventsOfType('channel_created')[0].json.event.channel).toMatchObject({ id, name: 'launch-room', creator: expect.stringMatching(/^U/) });
    expect(eventsOfType('member_joined_channel')[0].json.event).toMatchObject({ user: env.creds.botUserId, channel: id, channel_type: 'C', inviter: expect.any(String) });
    expect(eventsOfType('pin_added')[0].json.event).toMatchObject({ channel_id: id, item: { type: 'message', message: { text: 'pin me' } } });
    expect(eventsOfType('channel_rename')[0].json.event.channel).toMatchObject({ id, name: 'launch-room-2' });
    expect(eventsOfType('member_left_channel')[0].json.event).toMatchObject({ user: env.creds.botUserId, channel: id });
    // Archived after the bot left: channel_archive is workspace-wide, the channel_archive message is not for the bot.
    expect(eventsOfType('channel_archive')[0].json.event).toMatchObject({ channel: id, user: expect.any(String) });
    expect(eventsOfType('message').map((d) => d.json.event.subtype ?? 'plain')).toEqual(['channel_join', 'plain', 'channel_name']);
    expect(eventsOfType('user_change')[0].json.event.user).toMatchObject({ profile: { title: 'Chief Event Officer', email: PRIYA } });
  });

  it('drops pending retries on reset, which restores the seeded subscription', async () => {
    await subscribe(['message.channels'], { retryDelaysMs: [150] });
    receiver.respond = (_d, res) => void res.writeHead(503).end();
    await env.user.chat.postMessage({ channel: 'general', text: 'doomed' });
    await until(() => receiver.deliveries[0], 'the first attempt');
    await env.universe.reset();
    await new Promise((r) => setTimeout(r, 250));
    expect(receiver.deliveries).toHaveLength(1);
    expect(await (await control('GET')).json()).toMatchObject({ requestUrl: null, events: expect.arrayContaining(['message.channels', 'app_mention']) });
  });
});
