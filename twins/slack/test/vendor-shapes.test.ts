// Responses against Slack's published description (../shared/api-docs/slack): the 2020 OpenAPI
// schema of each method's success response, with additionalProperties relaxed because Slack has
// added fields since, and every top-level field checked to exist in that schema or in the current
// sample payload (samples/api/<method>.json). Skips cleanly when the documents are absent.
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hasVendorDocs, standaloneSchema, vendorDoc, VENDOR_DOCS } from '../../../test/helpers/vendor-docs.js';
import { useSlack } from './setup.js';

const env = useSlack();
const DOC = 'slack/slack_web_openapi_v2_without_examples.json';

const relax = (node: any): any => {
  if (Array.isArray(node)) return node.map(relax);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([k]) => k !== 'additionalProperties').map(([k, v]) => [k, relax(v)]));
};

function check(method: string, body: any) {
  const doc = vendorDoc(DOC);
  const path = doc.paths[`/${method}`];
  // Methods newer than the 2020 description are checked against the current sample only.
  const schema = path ? relax(standaloneSchema(doc, `#/paths/~1${method}/${Object.keys(path)[0]}/responses/200/schema`)) : {};
  const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
  expect(validate(body), `${method}: ${JSON.stringify(validate.errors?.slice(0, 5))}`).toBe(true);
  // Methods without a current sample (search.messages) are checked against the schema only.
  const sample = existsSync(join(VENDOR_DOCS, `slack/samples/api/${method}.json`)) ? vendorDoc(`slack/samples/api/${method}.json`) : null;
  if (!sample) return;
  const known = new Set([...Object.keys(schema.properties ?? {}), ...Object.keys(sample), 'response_metadata', 'warning']);
  expect(Object.keys(body).filter((key) => !known.has(key)), method).toEqual([]);
}

describe.skipIf(!hasVendorDocs)('responses match the Slack Web API description', () => {
  it('auth, team, users', async () => {
    check('auth.test', await env.bot.auth.test());
    check('team.info', await env.bot.team.info());
    const users = await env.bot.users.list({ limit: 3 });
    check('users.list', users);
    check('users.info', await env.bot.users.info({ user: users.members![0].id! }));
    check('users.lookupByEmail', await env.bot.users.lookupByEmail({ email: users.members![0].profile!.email! }));
  });

  it('conversations', async () => {
    const list = await env.user.conversations.list({ types: 'public_channel,private_channel' });
    check('conversations.list', list);
    const general = list.channels!.find((c) => c.name === 'general')!.id!;
    check('conversations.info', await env.bot.conversations.info({ channel: general }));
    check('conversations.members', await env.bot.conversations.members({ channel: general }));
    const history = await env.bot.conversations.history({ channel: general, limit: 3 });
    check('conversations.history', history);
    const parent = (await env.bot.conversations.history({ channel: general })).messages!.find((m) => m.reply_count)!;
    check('conversations.replies', await env.bot.conversations.replies({ channel: general, ts: parent.ts! }));
    const created = await env.bot.conversations.create({ name: 'shape-check' });
    check('conversations.create', created);
    const eng = list.channels!.find((c) => c.name === 'engineering')!.id!;
    check('conversations.join', await env.bot.conversations.join({ channel: eng }));
    check('conversations.invite', await env.bot.conversations.invite({ channel: created.channel!.id!, users: list.channels![0].creator! }));
    check('conversations.leave', await env.bot.conversations.leave({ channel: eng }));
    check('conversations.archive', await env.bot.conversations.archive({ channel: created.channel!.id! }));
  });

  it('chat and reactions', async () => {
    const posted = await env.bot.chat.postMessage({ channel: 'general', text: 'shape', attachments: [{ text: 'a', fallback: 'a' }] });
    check('chat.postMessage', posted);
    check('chat.postMessage', await env.bot.chat.postMessage({ channel: 'general', text: 'reply', thread_ts: posted.ts }));
    check('chat.update', await env.bot.chat.update({ channel: posted.channel!, ts: posted.ts!, text: 'edited' }));
    const where = { channel: posted.channel!, timestamp: posted.ts! };
    check('reactions.add', await env.bot.reactions.add({ ...where, name: 'eyes' }));
    check('reactions.get', await env.bot.reactions.get(where));
    check('reactions.list', await env.bot.reactions.list({}));
    check('reactions.remove', await env.bot.reactions.remove({ ...where, name: 'eyes' }));
    check('chat.delete', await env.bot.chat.delete({ channel: posted.channel!, ts: posted.ts! }));
    const scheduled = await env.bot.chat.scheduleMessage({ channel: 'general', text: 'later', post_at: Math.floor(Date.now() / 1000) + 3600 });
    check('chat.scheduleMessage', scheduled);
    check('chat.scheduledMessages.list', await env.bot.chat.scheduledMessages.list({}));
    check('chat.deleteScheduledMessage', await env.bot.chat.deleteScheduledMessage({ channel: scheduled.channel!, scheduled_message_id: scheduled.scheduled_message_id! }));
  });

  it('users extras, conversation management, DMs, chat extras, pins, user groups, emoji', async () => {
    const lucia = env.as(env.creds.userTokens['lucia.fernandez@northwind-robotics.example.com']);
    const luciaId = (await lucia.auth.test()).user_id!;
    check('users.conversations', await env.bot.users.conversations({ user: luciaId }));
    check('users.getPresence', await env.user.users.getPresence({}));
    check('users.setPresence', await env.user.users.setPresence({ presence: 'away' }));
    check('users.profile.get', await lucia.users.profile.get({}));
    check('users.profile.set', await lucia.users.profile.set({ profile: { status_text: 'x' } }));
    const { channel } = await env.user.conversations.create({ name: 'shapes-two' });
    const id = channel!.id!;
    check('conversations.invite', await env.user.conversations.invite({ channel: id, users: `${luciaId},${env.creds.botUserId}` }));
    check('conversations.kick', await env.user.conversations.kick({ channel: id, user: luciaId }));
    check('conversations.rename', await env.user.conversations.rename({ channel: id, name: 'shapes-three' }));
    check('conversations.setTopic', await env.user.conversations.setTopic({ channel: id, topic: 't' }));
    check('conversations.setPurpose', await env.user.conversations.setPurpose({ channel: id, purpose: 'p' }));
    const posted = await env.bot.chat.postMessage({ channel: id, text: 'shape' });
    check('conversations.mark', await env.user.conversations.mark({ channel: id, ts: posted.ts! }));
    check('chat.postEphemeral', await env.bot.chat.postEphemeral({ channel: id, user: (await env.user.auth.test()).user_id!, text: 'e' }));
    check('chat.meMessage', await env.user.chat.meMessage({ channel: id, text: 'me' }));
    check('chat.getPermalink', await env.bot.chat.getPermalink({ channel: id, message_ts: posted.ts! }));
    check('pins.add', await env.bot.pins.add({ channel: id, timestamp: posted.ts! }));
    check('pins.list', await env.bot.pins.list({ channel: id }));
    check('pins.remove', await env.bot.pins.remove({ channel: id, timestamp: posted.ts! }));
    check('conversations.archive', await env.user.conversations.archive({ channel: id }));
    check('conversations.unarchive', await env.user.conversations.unarchive({ channel: id }));
    check('conversations.open', await env.bot.conversations.open({ users: luciaId }));
    const dm = await env.bot.conversations.open({ users: luciaId, return_im: true });
    check('conversations.open', dm);
    check('conversations.info', await env.bot.conversations.info({ channel: dm.channel!.id! }));
    check('conversations.close', await env.bot.conversations.close({ channel: dm.channel!.id! }));
    const groups = await env.bot.usergroups.list({ include_users: true, include_count: true });
    check('usergroups.list', groups);
    check('usergroups.users.list', await env.bot.usergroups.users.list({ usergroup: groups.usergroups![0].id! }));
    check('emoji.list', await env.bot.emoji.list());
    check('search.messages', await env.user.search.messages({ query: 'the' }));
    const created = await env.user.usergroups.create({ name: 'Shape Group' });
    check('usergroups.create', created);
    check('usergroups.update', await env.user.usergroups.update({ usergroup: created.usergroup!.id!, description: 'd' }));
    check('usergroups.users.update', await env.user.usergroups.users.update({ usergroup: created.usergroup!.id!, users: luciaId }));
    check('usergroups.disable', await env.user.usergroups.disable({ usergroup: created.usergroup!.id! }));
    check('usergroups.enable', await env.user.usergroups.enable({ usergroup: created.usergroup!.id! }));
    const bookmark = await env.user.bookmarks.add({ channel_id: id, title: 'b', type: 'link', link: 'https://example.com' });
    check('bookmarks.add', bookmark);
    check('bookmarks.edit', await env.user.bookmarks.edit({ channel_id: id, bookmark_id: bookmark.bookmark!.id!, title: 'c' }));
    check('bookmarks.list', await env.user.bookmarks.list({ channel_id: id }));
    check('bookmarks.remove', await env.user.bookmarks.remove({ channel_id: id, bookmark_id: bookmark.bookmark!.id! }));
  });

  it('files', async () => {
    const post = (method: string, body: Record<string, string>) => env.api(method, {
      method: 'POST', headers: { authorization: `Bearer ${env.creds.botToken}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString(),
    }).then((r) => r.json());
    const url = await post('files.getUploadURLExternal', { filename: 'shape.txt', length: '5' });
    check('files.getUploadURLExternal', url);
    await fetch(url.upload_url, { method: 'POST', body: 'shape' });
    const general = (await env.bot.conversations.list({})).channels!.find((c) => c.name === 'general')!.id!;
    const done = await post('files.completeUploadExternal', { files: JSON.stringify([{ id: url.file_id, title: 'Shape' }]), channel_id: general });
    check('files.completeUploadExternal', done);
    check('files.info', await env.bot.files.info({ file: url.file_id }));
    check('files.list', await env.bot.files.list({}));
    check('files.delete', await env.bot.files.delete({ file: url.file_id }));
  });
});
