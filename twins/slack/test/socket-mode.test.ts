// Socket Mode: apps.connections.open with the app-level token, the link's hello, events_api envelopes,
// redelivery of unacked ones, disconnect/refresh — through @slack/socket-mode's SocketModeClient, plus a
// raw WebSocket (undici, as the client itself uses) for what the client hides.
import { LogLevel, SocketModeClient } from '@slack/socket-mode';
import { WebSocket } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { slackErrorOf, useSlack } from './setup.js';
import { until } from '../../../test/helpers/until.js';

const env = useSlack();
const clients: SocketModeClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.disconnect()));
});

/** A SocketModeClient on the twin; clientPingTimeout also sets its reconnect delay, so keep it short. */
function socketClient() {
  const client = new SocketModeClient({
    appToken: env.creds.appToken, logLevel: LogLevel.ERROR, clientPingTimeout: 300,
    clientOptions: { slackApiUrl: env.creds.apiUrl },
  });
  clients.push(client);
  return client;
}

const control = (path: string, init?: RequestInit) => fetch(`${env.universe.urls.slack}/_dtu/slack/${path}`, init);
const post = (path: string, body: unknown) => control(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const openLink = async () => (await env.as(env.creds.appToken).apps.connections.open()).url!;

/** A raw socket and every message it gets, parsed. */
function rawSocket(url: string) {
  const socket = new WebSocket(url);
  const messages: any[] = [];
  const outcome = new Promise<'open' | 'error'>((resolve) => {
    socket.addEventListener('open', () => resolve('open'));
    socket.addEventListener('error', () => resolve('error'));
  });
  socket.addEventListener('message', (e) => messages.push(JSON.parse(String(e.data))));
  return { socket, messages, outcome };
}

describe('apps.connections.open', () => {
  it('answers a ws URL on the twin for the app-level token, and refuses bot, user and missing tokens as Slack does', async () => {
    const url = await openLink();
    expect(url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${new URL(env.universe.urls.slack!).port}/link/\\?ticket=[0-9a-f-]+&app_id=${env.creds.appId}$`));
    expect(await slackErrorOf(env.bot.apps.connections.open())).toMatchObject({ error: 'not_allowed_token_type' });
    expect(await slackErrorOf(env.user.apps.connections.open())).toMatchObject({ error: 'not_allowed_token_type' });
    expect(await slackErrorOf(env.as('').apps.connections.open())).toMatchObject({ error: 'not_authed' });
    expect(await slackErrorOf(env.as('xapp-1-A0-1-nope').apps.connections.open())).toMatchObject({ error: 'invalid_auth' });
  });

  it('says hello on connect, and each ticket opens one socket only', async () => {
    const url = await openLink();
    const first = rawSocket(url);
    expect(await first.outcome).toBe('open');
    const hello = await until(() => first.messages[0], 'hello');
    expect(hello).toMatchObject({ type: 'hello', num_connections: 1, debug_info: { host: expect.any(String), approximate_connection_time: expect.any(Number) }, connection_info: { app_id: env.creds.appId } });
    const again = rawSocket(url);
    expect(await again.outcome).toBe('error');
    first.socket.close();
  });
});

describe('events over Socket Mode', () => {
  it('delivers events_api envelopes instead of HTTP while a socket is connected, and the client acks them', async () => {
    const client = socketClient();
    const received: any[] = [];
    client.on('message', async ({ ack, envelope_id, body, event, retry_num }) => {
      await ack();
      received.push({ envelope_id, body, event, retry_num });
    });
    await client.start();
    const posted = await env.user.chat.postMessage({ channel: 'general', text: 'over the socket' });
    const [first] = await until(() => (received.length ? received : undefined), 'an envelope');
    expect(first).toMatchObject({ envelope_id: expect.any(String), retry_num: 0, event: { type: 'message', ts: posted.ts, text: 'over the socket', channel_type: 'channel' } });
    expect(first.body).toMatchObject({ type: 'event_callback', api_app_id: env.creds.appId, event_id: expect.stringMatching(/^Ev/) });
    const acked = await until(async () => {
      const { events } = await env.universe.events({ twin: 'slack' });
      return events.find((e: any) => e.direction === 'out' && e.target?.envelope_id === first.envelope_id);
    }, 'the ack in the journal');
    expect(acked).toMatchObject({ method: 'WS', status: 200, attempt: 1, target: { envelope_id: first.envelope_id } });
  });

  it('redelivers an unacked envelope with retry_attempt + 1 after the ack timeout', async () => {
    const status = await control('event-subscription');
    const { events } = await status.json();
    // requestUrl null: a Socket Mode app's subscription needs no handshake.
    const put = await control('event-subscription', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requestUrl: null, events, timeoutMs: 150, retryDelaysMs: [0, 0, 0] }) });
    expect(put.status).toBe(200);
    const client = socketClient();
    const seen: any[] = [];
    client.on('message', async ({ ack, envelope_id, event, retry_num, retry_reason }) => {
      seen.push({ envelope_id, event_ts: event.ts, retry_num, retry_reason });
      if (retry_num > 0) await ack(); // ignore the first delivery
    });
    await client.start();
    await env.user.chat.postMessage({ channel: 'general', text: 'ack me later' });
    await until(() => seen.length >= 2 && seen, 'a redelivery');
    expect(seen[0]).toMatchObject({ retry_num: 0 });
    expect(seen[1]).toMatchObject({ envelope_id: seen[0].envelope_id, retry_num: 1, retry_reason: 'timeout' });
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toHaveLength(2);
    expect((await (await control('socket-mode')).json()).unacked).toBe(0);
  });

  it('sends disconnect on request; the client reconnects through apps.connections.open and keeps receiving', async () => {
    const client = socketClient();
    const texts: string[] = [];
    client.on('message', async ({ ack, event }) => {
      await ack();
      texts.push(event.text);
    });
    let connects = 0;
    client.on('connected', () => connects++);
    await client.start();
    const res = await post('socket-mode/disconnect', { reason: 'refresh_requested' });
    expect(await res.json()).toMatchObject({ ok: true, reason: 'refresh_requested', sockets: 1 });
    await until(() => connects >= 2, 'a reconnect');
    await env.user.chat.postMessage({ channel: 'general', text: 'after the refresh' });
    await until(() => texts.includes('after the refresh'), 'an event on the new socket');
    const { events } = await env.universe.events({ twin: 'slack', limit: 1000 });
    expect(events.filter((e: any) => e.operation === 'apps.connections.open' && e.status === 200)).toHaveLength(2);
    expect((await (await control('socket-mode')).json()).connections).toHaveLength(1);
    expect((await post('socket-mode/disconnect', { reason: 'nap' })).status).toBe(400);
  });
});

describe('shutdown', () => {
  it('closes open sockets with 1001 when the twin closes, without waiting on the client', async () => {
    const { startUniverse } = await import('../../../shared/universe/start-universe.js');
    const universe = await startUniverse({ port: 0, twins: ['slack'], fixture: 'small', seed: 5 });
    const creds = universe.credentials.slack as any;
    const opened = await (await fetch(`${creds.apiUrl}apps.connections.open`, { method: 'POST', headers: { authorization: `Bearer ${creds.appToken}` } })).json();
    const raw = rawSocket(opened.url);
    expect(await raw.outcome).toBe('open');
    const closed = new Promise<number>((resolve) => raw.socket.addEventListener('close', (e) => resolve(e.code)));
    const started = Date.now();
    await universe.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await closed).toBe(1001);
  });
});
