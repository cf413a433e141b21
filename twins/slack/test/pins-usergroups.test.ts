// pins.add / remove / list, usergroups (read and write), bookmarks, emoji.list.
import { describe, expect, it } from 'vitest';
import { slackErrorOf, useSlack } from './setup.js';

const env = useSlack();

describe('pins.add, pins.remove, pins.list', () => {
  it('pins a message once, lists it, counts it in history, and unpins it', async () => {
    const posted = await env.bot.chat.postMessage({ channel: 'general', text: 'pin me' });
    const where = { channel: posted.channel!, timestamp: posted.ts! };
    await env.bot.pins.add(where);
    expect(await slackErrorOf(env.bot.pins.add(where))).toMatchObject({ error: 'already_pinned' });
    const { items } = await env.bot.pins.list({ channel: posted.channel! });
    expect(items).toEqual([expect.objectContaining({ type: 'message', channel: posted.channel, created_by: env.creds.botUserId, message: expect.objectContaining({ ts: posted.ts, pinned_to: [posted.channel] }) })]);
    expect((await env.bot.conversations.history({ channel: posted.channel!, limit: 1 })).pin_count).toBe(1);
    await env.bot.pins.remove(where);
    expect((await env.bot.pins.list({ channel: posted.channel! })).items).toEqual([]);
    expect(await slackErrorOf(env.bot.pins.remove(where))).toMatchObject({ error: 'no_pin' });
    expect(await slackErrorOf(env.bot.pins.add({ channel: posted.channel! } as never))).toMatchObject({ error: 'no_item_specified' });
  });
});

describe('usergroups.list and usergroups.users.list', () => {
  it('has one user group per org group (departments and teams), with members on request', async () => {
    const { usergroups } = await env.bot.usergroups.list({ include_users: true, include_count: true });
    const active = new Set(env.universe.org.people.filter((p) => p.status === 'active').map((p) => p.email));
    const expected = env.universe.org.groups.map((g) => g.members.filter((m) => active.has(m)).length);
    expect(usergroups!.map((g) => [g.handle, g.user_count, g.users!.length])).toEqual(env.universe.org.groups.map((g, i) => [g.slug, expected[i], expected[i]]));
    expect(usergroups!.map((g) => g.handle)).toEqual(expect.arrayContaining(['platform-team', 'on-call']));
    expect((await env.bot.usergroups.list({})).usergroups![0].users).toBeUndefined();
    const onCall = usergroups!.find((g) => g.handle === 'on-call')!;
    expect((await env.bot.usergroups.users.list({ usergroup: onCall.id! })).users).toHaveLength(3);
    expect(await slackErrorOf(env.bot.usergroups.users.list({ usergroup: 'SNOPE' }))).toMatchObject({ error: 'no_such_subteam' });
  });
});

describe('emoji.list', () => {
  it('lists the workspace’s custom emoji, aliases included', async () => {
    expect((await env.bot.emoji.list()).emoji).toMatchObject({ shipit: 'alias:squirrel', dtu: expect.stringMatching(/^https:/) });
  });
});

describe('usergroups.create, update, users.update, disable, enable', () => {
  it('creates a group, renames it, sets its members, disables and enables it', async () => {
    const { usergroup } = await env.user.usergroups.create({ name: 'Incident Commanders', handle: 'incident-cmd', description: 'On point' });
    expect(usergroup).toMatchObject({ id: expect.stringMatching(/^S/), name: 'Incident Commanders', handle: 'incident-cmd', date_delete: 0 });
    expect(await slackErrorOf(env.user.usergroups.create({ name: 'incident commanders' }))).toMatchObject({ error: 'name_already_exists' });
    expect(await slackErrorOf(env.user.usergroups.create({ name: 'Other', handle: 'priya.raman' }))).toMatchObject({ error: 'handle_already_exists' });
    const id = usergroup!.id!;
    expect((await env.user.usergroups.update({ usergroup: id, name: 'Incident Leads' })).usergroup).toMatchObject({ name: 'Incident Leads', handle: 'incident-cmd' });
    const me = (await env.user.auth.test()).user_id!;
    const updated = await env.user.usergroups.users.update({ usergroup: id, users: `${me},${env.creds.botUserId}`, include_count: true });
    expect(updated.usergroup).toMatchObject({ users: [me, env.creds.botUserId], user_count: 2 });
    expect(await slackErrorOf(env.user.usergroups.users.update({ usergroup: id, users: 'UNOPE' }))).toMatchObject({ error: 'invalid_users' });
    await env.user.usergroups.disable({ usergroup: id });
    expect(await slackErrorOf(env.user.usergroups.disable({ usergroup: id }))).toMatchObject({ error: 'already_disabled' });
    expect((await env.bot.usergroups.list({})).usergroups!.map((g) => g.id)).not.toContain(id);
    expect((await env.bot.usergroups.list({ include_disabled: true })).usergroups!.map((g) => g.id)).toContain(id);
    await env.user.usergroups.enable({ usergroup: id });
    expect((await env.bot.usergroups.list({})).usergroups!.map((g) => g.id)).toContain(id);
  });
});

describe('bookmarks.add, edit, list, remove', () => {
  it('keeps link bookmarks per channel', async () => {
    const general = (await env.bot.conversations.list({})).channels!.find((c) => c.name === 'general')!.id!;
    const { bookmark } = await env.bot.bookmarks.add({ channel_id: general, title: 'Handbook', type: 'link', link: 'https://example.com/handbook' });
    expect(bookmark).toMatchObject({ id: expect.stringMatching(/^Bk/), channel_id: general, title: 'Handbook', type: 'link', last_updated_by_user_id: env.creds.botUserId });
    await env.bot.bookmarks.edit({ channel_id: general, bookmark_id: bookmark!.id!, title: 'Employee handbook' });
    expect((await env.bot.bookmarks.list({ channel_id: general })).bookmarks!.map((b) => b.title)).toEqual(['Employee handbook']);
    expect(await slackErrorOf(env.bot.bookmarks.add({ channel_id: general, title: 'x', type: 'link', link: 'not a url' }))).toMatchObject({ error: 'invalid_link' });
    await env.bot.bookmarks.remove({ channel_id: general, bookmark_id: bookmark!.id! });
    expect((await env.bot.bookmarks.list({ channel_id: general })).bookmarks).toEqual([]);
    expect(await slackErrorOf(env.bot.bookmarks.remove({ channel_id: general, bookmark_id: bookmark!.id! }))).toMatchObject({ error: 'not_found' });
  });
});
