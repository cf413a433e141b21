// The Web API plumbing: argument encodings, tokens, auth errors, scopes, headers, unknown methods;
// plus api.test, auth.test and team.info.
import { describe, expect, it } from 'vitest';
import { JAMAL, LUCIA, slackErrorOf, useSlack } from './setup.js';

const env = useSlack();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('arguments and tokens', () => {
  it('accepts form-urlencoded with a token argument, JSON with Bearer, and a GET query string', async () => {
    const form = await env.api('auth.test', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${env.creds.botToken}` });
    expect(await form.json()).toMatchObject({ ok: true, user_id: env.creds.botUserId });
    const json = await env.api('conversations.list', { method: 'POST', headers: { ...bearer(env.creds.botToken), 'content-type': 'application/json' }, body: JSON.stringify({ limit: 2 }) });
    expect((await json.json()).channels).toHaveLength(2);
    const get = await env.api(`users.info?token=${env.creds.botToken}&user=${env.creds.botUserId}`);
    expect(await get.json()).toMatchObject({ ok: true, user: { id: env.creds.botUserId, is_bot: true } });
  });

  it('answers every method with an X-Slack-Req-Id header and HTTP 200 even for errors', async () => {
    const res = await env.api('auth.test', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-slack-req-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(await res.json()).toEqual({ ok: false, error: 'not_authed' });
  });

  it('not_authed without a token, invalid_auth for an unknown one, account_inactive for a deactivated person', async () => {
    expect(await slackErrorOf(env.as('').auth.test())).toMatchObject({ error: 'not_authed' });
    expect(await slackErrorOf(env.as('xoxb-nope').auth.test())).toMatchObject({ error: 'invalid_auth' });
    expect(await slackErrorOf(env.as(env.creds.userTokens[JAMAL]).auth.test())).toMatchObject({ error: 'account_inactive' });
  });

  it('missing_scope names what was needed and what the token has', async () => {
    const limited = env.as(env.creds.limitedBotToken);
    expect((await limited.conversations.list()).ok).toBe(true);
    expect(await slackErrorOf(limited.chat.postMessage({ channel: 'general', text: 'hi' }))).toMatchObject({ error: 'missing_scope', needed: 'chat:write', provided: 'channels:read' });
    expect(await slackErrorOf(limited.conversations.list({ types: 'private_channel' }))).toMatchObject({ error: 'missing_scope', needed: 'groups:read' });
  });

  it('invalid_arguments for a wrongly typed argument, unknown_method (404) for an unknown method', async () => {
    const res = await env.api('conversations.list', { method: 'POST', headers: { ...bearer(env.creds.botToken), 'content-type': 'application/json' }, body: JSON.stringify({ limit: 'many' }) });
    expect(await res.json()).toMatchObject({ ok: false, error: 'invalid_arguments', response_metadata: { messages: [expect.stringContaining('limit')] } });
    const unknown = await env.api('chat.teleport', { method: 'POST', headers: bearer(env.creds.botToken) });
    expect([unknown.status, await unknown.json()]).toEqual([404, { ok: false, error: 'unknown_method' }]);
  });

  it('malformed JSON is a Slack-shaped error, not a 5xx', async () => {
    const res = await env.api('chat.postMessage', { method: 'POST', headers: { ...bearer(env.creds.botToken), 'content-type': 'application/json' }, body: '{"channel":' });
    expect(res.status).toBeLessThan(500);
    expect(await res.json()).toMatchObject({ ok: false, error: 'invalid_arguments' });
  });

  it('journals the caller as actor and the method as operation', async () => {
    await env.user.auth.test();
    const { events } = await env.universe.events({ twin: 'slack' });
    expect(events.at(-1)).toMatchObject({ operation: 'auth.test', actor: { type: 'user', email: env.creds.as } });
  });
});

describe('api.test', () => {
  it('echoes its arguments without a token and fails with `error`', async () => {
    expect(await (await env.api('api.test?foo=bar')).json()).toEqual({ ok: true, args: { foo: 'bar' } });
    expect(await (await env.api('api.test?error=my_error')).json()).toEqual({ ok: false, error: 'my_error', args: { error: 'my_error' } });
  });
});

describe('auth.test', () => {
  it('tells a bot token its bot ids and a user token its user', async () => {
    expect(await env.bot.auth.test()).toMatchObject({ ok: true, user: 'dtu-bot', user_id: env.creds.botUserId, bot_id: expect.stringMatching(/^B/), team_id: expect.stringMatching(/^T/), url: expect.stringMatching(/^https:\/\/.+\.slack\.com\/$/) });
    const me = await env.as(env.creds.userTokens[LUCIA]).auth.test();
    expect(me).toMatchObject({ user: 'lucia.fernandez' });
    expect(me.bot_id).toBeUndefined();
  });
});

describe('team.info', () => {
  it('describes the workspace', async () => {
    const { team } = await env.bot.team.info();
    expect(team).toMatchObject({ name: 'Northwind Robotics', domain: 'northwind-robotics', email_domain: 'northwind-robotics.example.com', icon: { image_default: true } });
  });
});

describe('realistic rate limits', () => {
  it('a Tier 2 method answers 429 with Retry-After and ratelimited after 20 calls a minute', async () => {
    const { startUniverse } = await import('../../../shared/universe/start-universe.js');
    const limited = await startUniverse({ port: 0, twins: ['slack'], fixture: 'small', rateLimits: 'realistic' });
    try {
      const { apiUrl, botToken } = limited.credentials.slack;
      const call = () => fetch(`${apiUrl}conversations.list`, { method: 'POST', headers: { authorization: `Bearer ${botToken}` } });
      for (let i = 0; i < 20; i++) expect((await call()).status).toBe(200);
      const res = await call();
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await res.json()).toEqual({ ok: false, error: 'ratelimited' });
      expect((await fetch(`${apiUrl}auth.test`, { method: 'POST', headers: { authorization: `Bearer ${botToken}` } })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('chat.postMessage is limited per channel: a burst into one channel leaves the others free', async () => {
    const { startUniverse } = await import('../../../shared/universe/start-universe.js');
    const limited = await startUniverse({ port: 0, twins: ['slack'], fixture: 'small', rateLimits: 'realistic' });
    try {
      const { apiUrl, botToken } = limited.credentials.slack;
      const post = (channel: string) => fetch(`${apiUrl}chat.postMessage`, {
        method: 'POST', headers: { authorization: `Bearer ${botToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ channel, text: 'burst' }),
      });
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await post('general')).status);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses[5]).toBe(429);
      expect((await post('random')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
