// Malformed input: wrong types, missing and extra arguments, odd encodings. Always a Slack-shaped
// answer (HTTP 200 with ok:false, or 404 unknown_method), never a 5xx, and a refused write changes nothing.
import { describe, expect, it } from 'vitest';
import { useSlack } from './setup.js';

const env = useSlack();

const METHODS = [
  'auth.test', 'team.info', 'users.list', 'users.info', 'users.lookupByEmail', 'users.conversations', 'users.getPresence', 'users.setPresence',
  'users.profile.get', 'users.profile.set', 'conversations.list', 'conversations.info', 'conversations.members', 'conversations.history',
  'conversations.replies', 'conversations.create', 'conversations.join', 'conversations.leave', 'conversations.invite', 'conversations.kick',
  'conversations.archive', 'conversations.unarchive', 'conversations.rename', 'conversations.setTopic', 'conversations.setPurpose',
  'conversations.mark', 'conversations.open', 'conversations.close', 'chat.postMessage', 'chat.update', 'chat.delete', 'chat.postEphemeral',
  'chat.meMessage', 'chat.getPermalink', 'reactions.add', 'reactions.remove', 'reactions.get', 'reactions.list', 'pins.add', 'pins.remove', 'pins.list',
  'usergroups.list', 'usergroups.users.list', 'emoji.list', 'usergroups.create', 'usergroups.update', 'usergroups.users.update',
  'usergroups.disable', 'usergroups.enable', 'bookmarks.add', 'bookmarks.edit', 'bookmarks.list', 'bookmarks.remove', 'search.messages', 'chat.scheduleMessage', 'chat.scheduledMessages.list', 'chat.deleteScheduledMessage',
  'files.getUploadURLExternal', 'files.completeUploadExternal', 'files.info', 'files.list', 'files.delete',
];

// Numbers are left out: like form encoding, the twin reads a number given for a text field as its digits.
const BAD_VALUES: unknown[] = [{ nested: true }, ['a', 'b'], true, false, null, '', 'x'.repeat(50_000), '\u0000', '../../etc', [[]]];
const FIELDS = ['channel', 'user', 'users', 'ts', 'timestamp', 'text', 'name', 'limit', 'cursor', 'types', 'blocks', 'attachments', 'thread_ts', 'profile', 'presence', 'email', 'latest', 'oldest', 'topic', 'usergroup', 'channel_id', 'bookmark_id', 'title', 'link', 'handle', 'description', 'type', 'query', 'count', 'page', 'sort_dir', 'post_at', 'scheduled_message_id', 'file', 'files', 'filename', 'length', 'initial_comment', 'channels'];

describe('malformed input', () => {
  it('every method answers every wrongly typed argument with a Slack error and changes nothing', async () => {
    const before = await env.universe.snapshot();
    let calls = 0;
    for (const method of METHODS) {
      for (const [i, value] of BAD_VALUES.entries()) {
        const body: Record<string, unknown> = { extra_argument: value };
        for (const field of FIELDS) body[field] = BAD_VALUES[(i + field.length) % BAD_VALUES.length];
        const res = await env.api(method, { method: 'POST', headers: { authorization: `Bearer ${env.creds.userToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        calls++;
        expect(res.status, method).toBe(200);
        const json = await res.json();
        // A read that ignores the odd arguments may succeed (auth.test); anything else says why not.
        // That no write succeeded is checked by the snapshot below.
        if (json.ok !== true) expect(json, `${method} ${JSON.stringify(body).slice(0, 200)}`).toMatchObject({ ok: false, error: expect.any(String) });
      }
    }
    expect(calls).toBe(METHODS.length * BAD_VALUES.length);
    expect(await env.universe.snapshot()).toEqual(before);
  });

  it('missing arguments are errors, not crashes', async () => {
    for (const method of METHODS) {
      const res = await env.api(method, { method: 'POST', headers: { authorization: `Bearer ${env.creds.botToken}` } });
      expect(res.status, method).toBe(200);
      expect(typeof (await res.json()).ok, method).toBe('boolean');
    }
  });

  it('odd encodings: repeated query keys, a JSON array body, an unknown content type, an empty form', async () => {
    const auth = { authorization: `Bearer ${env.creds.botToken}` };
    const repeated = await env.api('conversations.info?channel=a&channel=b', { headers: auth });
    expect(await repeated.json()).toMatchObject({ ok: false, error: 'invalid_arguments' });
    const array = await env.api('chat.postMessage', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '[1,2]' });
    expect(await array.json()).toMatchObject({ ok: false });
    const xml = await env.api('auth.test', { method: 'POST', headers: { ...auth, 'content-type': 'application/xml' }, body: '<a/>' });
    expect(xml.status).toBeLessThan(500);
    expect(await xml.json()).toMatchObject({ ok: false });
    const empty = await env.api('auth.test', { method: 'POST', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(await empty.json()).toMatchObject({ ok: true });
  });

  it('the same arguments as multipart form fields: still Slack errors, never a 5xx, nothing written', async () => {
    const before = await env.universe.snapshot();
    for (const method of METHODS) {
      for (const value of ['../../etc', '{"nested":true}', 'x'.repeat(5_000)]) {
        const form = new FormData();
        for (const field of FIELDS) form.append(field, value);
        form.append(FIELDS[0], value); // a repeated field
        const res = await env.api(method, { method: 'POST', headers: { authorization: `Bearer ${env.creds.userToken}` }, body: form });
        expect(res.status, method).toBe(200);
        const json = await res.json();
        // Reads that ignore odd arguments may succeed (auth.test); the snapshot shows no write did.
        if (json.ok !== true) expect(json, method).toMatchObject({ ok: false, error: expect.any(String) });
      }
    }
    expect(await env.universe.snapshot()).toEqual(before);
  });

  it('unknown methods are 404 unknown_method, whatever the verb and encoding', async () => {
    for (const path of ['no.such.method', 'chat.postMessages', 'files.upload.v3', '']) {
      for (const init of [{}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, { method: 'POST', body: new FormData() }]) {
        const res = await env.api(path, init);
        expect(res.status, path).toBe(404);
        expect(await res.json()).toEqual({ ok: false, error: 'unknown_method' });
      }
    }
  });

  it('huge payloads get Slack errors (msg_too_long, 413 request_too_large), never a 5xx, and write nothing', async () => {
    const before = await env.universe.snapshot();
    const auth = { authorization: `Bearer ${env.creds.botToken}` };
    const long = await env.bot.chat.postMessage({ channel: 'general', text: 'x'.repeat(40_001) }).catch((e) => e.data);
    expect(long).toMatchObject({ ok: false, error: 'msg_too_long' });
    const huge = JSON.stringify({ channel: 'general', text: 'y'.repeat(11 * 1024 * 1024) });
    const json = await env.api('chat.postMessage', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: huge });
    expect(json.status).toBe(413);
    expect(await json.json()).toMatchObject({ ok: false, error: 'request_too_large' });
    const form = new FormData();
    form.append('channel', 'general');
    form.append('file', new Blob([new Uint8Array(11 * 1024 * 1024)]), 'big.bin');
    const multipart = await env.api('chat.postMessage', { method: 'POST', headers: auth, body: form });
    expect(multipart.status).toBeLessThan(500);
    expect(await multipart.json()).toMatchObject({ ok: false });
    const blocks = Array.from({ length: 51 }, () => ({ type: 'section', text: { type: 'mrkdwn', text: 'b' } }));
    expect(await env.bot.chat.postMessage({ channel: 'general', text: 'b', blocks }).catch((e) => e.data)).toMatchObject({ ok: false, error: 'invalid_blocks' });
    expect(await env.universe.snapshot()).toEqual(before);
  });
});
