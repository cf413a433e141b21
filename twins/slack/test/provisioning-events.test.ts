// Events raised by SCIM provisioning and file shares, seen at a Request URL: team_join when a person
// is created, user_change when one is deactivated, a file_share message and file_shared on upload.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LUCIA, useSlack } from './setup.js';

const env = useSlack();
let server: Server;
let url = '';
let events: any[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const json = JSON.parse(body);
      if (json.type === 'url_verification') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ challenge: json.challenge }));
      events.push(json.event);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
beforeEach(async () => {
  events = [];
  const res = await fetch(`${env.universe.urls.slack}/_dtu/slack/event-subscription`, {
    method: 'PUT', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ requestUrl: url, events: ['team_join', 'user_change', 'message.channels', 'file_shared'] }),
  });
  expect(res.status).toBe(200);
});

async function eventOf(type: string, match: (e: any) => boolean = () => true) {
  for (let i = 0; i < 100; i++) {
    const found = events.find((e) => e.type === type && match(e));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no ${type} event; got ${events.map((e) => e.type).join(', ')}`);
}

const scim = (path: string, method: string, body: unknown) => fetch(`${env.universe.urls.slack}/scim/v2/${path}`, {
  method, headers: { authorization: `Bearer ${env.creds.scimToken}`, 'content-type': 'application/scim+json' }, body: JSON.stringify(body),
});

describe('events from provisioning and files', () => {
  it('SCIM create → team_join; SCIM deactivate → user_change with deleted: true', async () => {
    const created = await (await scim('Users', 'POST', { userName: 'ivo', emails: [{ value: 'ivo@northwind-robotics.example.com' }], name: { givenName: 'Ivo', familyName: 'Petrov' } })).json();
    expect((await eventOf('team_join')).user).toMatchObject({ id: created.id, name: 'ivo', deleted: false });
    const lucia = (await env.as(env.creds.userTokens[LUCIA]).auth.test()).user_id;
    await scim(`Users/${lucia}`, 'PATCH', { Operations: [{ op: 'replace', path: 'active', value: false }] });
    expect((await eventOf('user_change', (e) => e.user.id === lucia)).user).toMatchObject({ deleted: true });
  });

  it('filesUploadV2 into a channel → a file_share message event and file_shared', async () => {
    const general = (await env.bot.conversations.list({})).channels!.find((c) => c.name === 'general')!.id!;
    const lucia = env.as(env.creds.userTokens[LUCIA]);
    const result = await lucia.filesUploadV2({ channel_id: general, content: 'hi', filename: 'hi.txt', initial_comment: 'for you' });
    const id = (result.files[0] as any).files[0].id;
    const message = await eventOf('message', (e) => e.subtype === 'file_share');
    expect(message).toMatchObject({ channel: general, text: 'for you', files: [{ id, name: 'hi.txt' }], channel_type: 'channel' });
    expect(await eventOf('file_shared')).toMatchObject({ file_id: id, channel_id: general, file: { id } });
  });
});
