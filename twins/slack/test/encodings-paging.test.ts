// Multipart arguments, headers and status codes over raw HTTP, and WebClient.paginate() following
// cursors across several paginated methods.
import { describe, expect, it } from 'vitest';
import { useSlack } from './setup.js';

const env = useSlack();

describe('multipart/form-data arguments', () => {
  it('takes every argument (token included) from a multipart form, as from any other encoding', async () => {
    const form = new FormData();
    form.append('token', env.creds.botToken);
    form.append('channel', 'general');
    form.append('text', 'sent as multipart');
    const res = await env.api('chat.postMessage', { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-slack-req-id')).toMatch(/^[0-9a-f]{32}$/);
    const body = await res.json();
    expect(body).toMatchObject({ ok: true, message: { text: 'sent as multipart', user: env.creds.botUserId } });
    const history = await env.bot.conversations.history({ channel: body.channel, limit: 1 });
    expect(history.messages![0].text).toBe('sent as multipart');
  });

  it('refuses a file part where text is expected, and a malformed multipart body, without writing', async () => {
    const before = await env.universe.snapshot();
    const form = new FormData();
    form.append('channel', 'general');
    form.append('text', new Blob(['bytes']), 'x.txt');
    const filePart = await env.api('chat.postMessage', { method: 'POST', headers: { authorization: `Bearer ${env.creds.botToken}` }, body: form });
    expect(await filePart.json()).toMatchObject({ ok: false, error: 'invalid_arguments' });
    const broken = await env.api('chat.postMessage', {
      method: 'POST', headers: { authorization: `Bearer ${env.creds.botToken}`, 'content-type': 'multipart/form-data; boundary=zzz' }, body: '--zzz\r\nContent-Disposition: form-data; name="text"\r\n\r\nno end',
    });
    expect(broken.status).toBeLessThan(500);
    expect(await broken.json()).toEqual({ ok: false, error: 'invalid_form_data' });
    expect(await env.universe.snapshot()).toEqual(before);
  });
});

describe('response headers', () => {
  it('names the token\'s scopes and the method\'s accepted ones (X-OAuth-Scopes, X-Accepted-OAuth-Scopes), errors included', async () => {
    const result = await env.bot.conversations.history({ channel: (await env.bot.conversations.list({})).channels!.find((c) => c.name === 'general')!.id!, limit: 1 });
    expect(result.response_metadata!.scopes).toContain('channels:history');
    expect(result.response_metadata!.acceptedScopes).toEqual(['channels:history', 'groups:history', 'im:history', 'mpim:history']);
    const refused = await env.api('chat.postMessage', { method: 'POST', headers: { authorization: `Bearer ${env.creds.limitedBotToken}` } });
    expect(refused.headers.get('x-oauth-scopes')).toBe('channels:read');
    expect(refused.headers.get('x-accepted-oauth-scopes')).toBe('chat:write');
    expect(refused.headers.get('x-slack-req-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(await refused.json()).toMatchObject({ ok: false, error: 'missing_scope', needed: 'chat:write', provided: 'channels:read' });
  });
});

describe('paginate() across cursors', () => {
  async function collect(method: string, options: Record<string, unknown>, key: string) {
    const pages: number[] = [];
    const items: any[] = [];
    for await (const page of env.bot.paginate(method, options)) {
      const list = (page as unknown as Record<string, unknown>)[key] as unknown[];
      pages.push(list.length);
      items.push(...list);
    }
    return { pages, items };
  }

  it('users.list, conversations.list, conversations.members and conversations.history page to the end with no repeats', async () => {
    const users = await collect('users.list', { limit: 5 }, 'members');
    expect(users.pages).toEqual([5, 5, 3]);
    expect(new Set(users.items.map((u) => u.id)).size).toBe(13);

    const channels = await collect('conversations.list', { limit: 2 }, 'channels');
    const all = (await env.bot.conversations.list({ limit: 1000 })).channels!;
    expect(channels.items.map((c) => c.id)).toEqual(all.map((c) => c.id));
    expect(channels.pages.every((n) => n <= 2)).toBe(true);

    const general = all.find((c) => c.name === 'general')!.id!;
    const members = await collect('conversations.members', { channel: general, limit: 4 }, 'members');
    expect(members.items).toEqual((await env.bot.conversations.members({ channel: general, limit: 1000 })).members);

    for (let i = 0; i < 7; i++) await env.bot.chat.postMessage({ channel: general, text: `page ${i}` });
    const history = await collect('conversations.history', { channel: general, limit: 3 }, 'messages');
    const full = (await env.bot.conversations.history({ channel: general, limit: 999 })).messages!;
    expect(history.items.map((m) => m.ts)).toEqual(full.map((m) => m.ts));
    expect(history.pages[0]).toBe(3);
  });

  it('a rate limit in the middle of a walk: WebClient waits Retry-After (1 s), retries, and the walk completes', async () => {
    const { WebClient } = await import('@slack/web-api');
    const bot = new WebClient(env.creds.botToken, { slackApiUrl: env.creds.apiUrl, retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 } });
    const first = await bot.users.list({ limit: 5 });
    await env.universe.chaos.add({ twin: 'slack', match: { operation: 'users.list' }, effect: 'rate_limit', times: 1, retryAfterSec: 1 });
    const ids = first.members!.map((u) => u.id);
    const started = Date.now();
    for await (const page of bot.paginate('users.list', { limit: 5, cursor: first.response_metadata!.next_cursor })) ids.push(...((page as unknown as { members: { id: string }[] }).members).map((u) => u.id));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(new Set(ids).size).toBe(13);
    const { events } = await env.universe.events({ twin: 'slack' });
    expect(events.filter((e) => e.operation === 'users.list').map((e) => e.status)).toEqual([200, 429, 200, 200]);
  });
});
