// chat.postMessage (threads, broadcasts), chat.update, chat.delete, chat.postEphemeral, chat.meMessage,
// chat.getPermalink, and reactions.add / remove / get.
import { describe, expect, it } from 'vitest';
import { LUCIA, slackErrorOf, useSlack } from './setup.js';

const env = useSlack();
const idOf = async (name: string) => (await env.user.conversations.list({ types: 'public_channel,private_channel' })).channels!.find((c) => c.name === name)!.id!;

describe('chat.postMessage', () => {
  it('posts by channel id or name; ts are Slack-formed and strictly increasing; history shows it first', async () => {
    const general = await idOf('general');
    const posted = await Promise.all(Array.from({ length: 20 }, (_, i) => env.bot.chat.postMessage({ channel: i % 2 ? general : 'general', text: `m${i}` })));
    const ts = posted.map((p) => p.ts!);
    for (const t of ts) expect(t).toMatch(/^\d{10}\.\d{6}$/);
    expect(new Set(ts).size).toBe(20);
    const history = await env.bot.conversations.history({ channel: general, limit: 20 });
    expect(history.messages!.map((m) => m.ts)).toEqual([...ts].sort().reverse());
    expect(posted[0]).toMatchObject({ channel: general, message: { type: 'message', text: 'm0', user: env.creds.botUserId, bot_id: expect.stringMatching(/^B/), bot_profile: { app_id: env.creds.appId } } });
  });

  it('keeps blocks and attachments (sent JSON-encoded by the SDK)', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }];
    const res = await env.bot.chat.postMessage({ channel: 'general', text: 'fallback', blocks, attachments: [{ text: 'att', fallback: 'att' }] });
    expect(res.message).toMatchObject({ text: 'fallback', blocks, attachments: [{ text: 'att' }] });
  });

  it('replies in a thread: the parent counts replies; history lists only the parent', async () => {
    const parent = await env.bot.chat.postMessage({ channel: 'general', text: 'parent' });
    const reply = await env.bot.chat.postMessage({ channel: 'general', text: 'reply', thread_ts: parent.ts });
    expect(reply.message).toMatchObject({ thread_ts: parent.ts, parent_user_id: env.creds.botUserId });
    const { messages } = await env.bot.conversations.history({ channel: parent.channel!, limit: 1 });
    expect(messages![0]).toMatchObject({ ts: parent.ts, reply_count: 1, latest_reply: reply.ts, reply_users: [env.creds.botUserId] });
    expect((await env.bot.conversations.replies({ channel: parent.channel!, ts: parent.ts! })).messages!.map((m) => m.text)).toEqual(['parent', 'reply']);
  });

  it('errors: no_text, channel_not_found, not_in_channel, too_many_attachments', async () => {
    expect(await slackErrorOf(env.bot.chat.postMessage({ channel: 'general' } as never))).toMatchObject({ error: 'no_text' });
    expect(await slackErrorOf(env.bot.chat.postMessage({ channel: 'nowhere', text: 'x' }))).toMatchObject({ error: 'channel_not_found' });
    expect(await slackErrorOf(env.bot.chat.postMessage({ channel: 'engineering', text: 'x' }))).toMatchObject({ error: 'not_in_channel' });
    expect(await slackErrorOf(env.bot.chat.postMessage({ channel: 'leadership', text: 'x' }))).toMatchObject({ error: 'channel_not_found' });
    const many = Array.from({ length: 101 }, () => ({ text: 'a' }));
    expect(await slackErrorOf(env.bot.chat.postMessage({ channel: 'general', text: 'x', attachments: many }))).toMatchObject({ error: 'too_many_attachments' });
  });
});

describe('chat.update and chat.delete', () => {
  it('the author edits a message; others get cant_update_message', async () => {
    const posted = await env.bot.chat.postMessage({ channel: 'general', text: 'draft' });
    const updated = await env.bot.chat.update({ channel: posted.channel!, ts: posted.ts!, text: 'final' });
    expect(updated).toMatchObject({ channel: posted.channel, ts: posted.ts, text: 'final', message: { text: 'final', edited: { user: env.creds.botUserId } } });
    const lucia = env.as(env.creds.userTokens[LUCIA]);
    expect(await slackErrorOf(lucia.chat.update({ channel: posted.channel!, ts: posted.ts!, text: 'mine now' }))).toMatchObject({ error: 'cant_update_message' });
    expect(await slackErrorOf(env.bot.chat.update({ channel: posted.channel!, ts: '1.000001', text: 'x' }))).toMatchObject({ error: 'message_not_found' });
  });

  it('deletes a message and a thread reply; cant_delete_message for someone else’s, unless an admin', async () => {
    const posted = await env.bot.chat.postMessage({ channel: 'general', text: 'oops' });
    const reply = await env.bot.chat.postMessage({ channel: 'general', text: 'reply', thread_ts: posted.ts });
    expect(await slackErrorOf(env.as(env.creds.userTokens[LUCIA]).chat.delete({ channel: posted.channel!, ts: posted.ts! }))).toMatchObject({ error: 'cant_delete_message' });
    expect(await env.bot.chat.delete({ channel: posted.channel!, ts: reply.ts! })).toMatchObject({ ok: true, ts: reply.ts });
    expect((await env.bot.conversations.history({ channel: posted.channel!, limit: 1 })).messages![0].reply_count).toBeUndefined();
    expect(await env.user.chat.delete({ channel: posted.channel!, ts: posted.ts! })).toMatchObject({ ok: true, channel: posted.channel, ts: posted.ts });
    expect((await env.bot.conversations.history({ channel: posted.channel! })).messages!.map((m) => m.ts)).not.toContain(posted.ts);
    expect(await slackErrorOf(env.bot.chat.delete({ channel: posted.channel!, ts: posted.ts! }))).toMatchObject({ error: 'message_not_found' });
  });
});

describe('reactions.add, reactions.remove, reactions.get', () => {
  it('adds, counts, lists and removes reactions', async () => {
    const posted = await env.bot.chat.postMessage({ channel: 'general', text: 'react to me' });
    const where = { channel: posted.channel!, timestamp: posted.ts! };
    await env.bot.reactions.add({ ...where, name: 'tada' });
    await env.user.reactions.add({ ...where, name: ':tada:' });
    expect(await slackErrorOf(env.bot.reactions.add({ ...where, name: 'tada' }))).toMatchObject({ error: 'already_reacted' });
    const got = await env.bot.reactions.get(where);
    expect(got).toMatchObject({ type: 'message', channel: posted.channel, message: { ts: posted.ts, reactions: [{ name: 'tada', count: 2, users: [env.creds.botUserId, expect.any(String)] }] } });
    await env.bot.reactions.remove({ ...where, name: 'tada' });
    await env.user.reactions.remove({ ...where, name: 'tada' });
    expect((await env.bot.reactions.get(where)).message!.reactions).toBeUndefined();
    expect(await slackErrorOf(env.bot.reactions.remove({ ...where, name: 'tada' }))).toMatchObject({ error: 'no_reaction' });
    expect(await slackErrorOf(env.bot.reactions.add({ channel: posted.channel!, timestamp: '1.000001', name: 'tada' }))).toMatchObject({ error: 'message_not_found' });
    expect(await slackErrorOf(env.as(env.creds.limitedBotToken).reactions.get(where))).toMatchObject({ error: 'missing_scope', needed: 'reactions:read' });
  });

  it('reactions.list: what a person reacted to, newest first, paged, a broadcast reply once', async () => {
    const posted = await Promise.all(['a', 'b', 'c'].map((text) => env.bot.chat.postMessage({ channel: 'general', text })));
    for (const p of posted) await env.user.reactions.add({ channel: p.channel!, timestamp: p.ts!, name: 'eyes' });
    const broadcast = await env.bot.chat.postMessage({ channel: 'general', text: 'loud', thread_ts: posted[0].ts!, reply_broadcast: true });
    await env.user.reactions.add({ channel: broadcast.channel!, timestamp: broadcast.ts!, name: 'tada' });
    const texts: string[] = [];
    for await (const page of env.user.paginate('reactions.list', { limit: 2 })) texts.push(...((page as any).items as { message: { text: string } }[]).map((i) => i.message.text));
    const seededByPriya = texts.length - 4;
    expect(texts.slice(0, 4)).toEqual(['loud', 'c', 'b', 'a']);
    expect(seededByPriya).toBeGreaterThanOrEqual(0);
  });
});

describe('chat.postMessage with reply_broadcast', () => {
  it('shows the reply in the thread and in the channel; edits, reactions and deletion reach both', async () => {
    const parent = await env.bot.chat.postMessage({ channel: 'general', text: 'parent' });
    const reply = await env.bot.chat.postMessage({ channel: 'general', text: 'everyone should see this', thread_ts: parent.ts!, reply_broadcast: true });
    expect(reply.message).toMatchObject({ subtype: 'thread_broadcast', thread_ts: parent.ts });
    const top = async () => (await env.bot.conversations.history({ channel: parent.channel!, limit: 2 })).messages!;
    expect((await top()).map((m) => [m.ts, m.subtype])).toEqual([[reply.ts, 'thread_broadcast'], [parent.ts, undefined]]);
    await env.bot.chat.update({ channel: parent.channel!, ts: reply.ts!, text: 'edited' });
    await env.bot.reactions.add({ channel: parent.channel!, timestamp: reply.ts!, name: 'eyes' });
    const thread = (await env.bot.conversations.replies({ channel: parent.channel!, ts: parent.ts! })).messages!;
    expect(thread[1]).toMatchObject({ text: 'edited', reactions: [{ name: 'eyes', count: 1 }] });
    expect((await top())[0]).toMatchObject({ text: 'edited', reactions: [{ name: 'eyes', count: 1 }] });
    await env.bot.chat.delete({ channel: parent.channel!, ts: reply.ts! });
    expect((await top())[0].ts).toBe(parent.ts);
    expect((await env.bot.conversations.replies({ channel: parent.channel!, ts: parent.ts! })).messages).toHaveLength(1);
  });
});

describe('chat.postEphemeral, chat.meMessage, chat.getPermalink', () => {
  it('an ephemeral message goes to a member and is not stored', async () => {
    const lucia = (await env.bot.users.lookupByEmail({ email: LUCIA })).user!.id!;
    const res = await env.bot.chat.postEphemeral({ channel: 'general', user: lucia, text: 'only you' });
    expect(res.message_ts).toMatch(/^\d{10}\.\d{6}$/);
    const general = await idOf('general');
    expect((await env.bot.conversations.history({ channel: general, limit: 1 })).messages![0].text).not.toBe('only you');
    const { channel } = await env.bot.conversations.create({ name: 'no-lucia' });
    expect(await slackErrorOf(env.bot.chat.postEphemeral({ channel: channel!.id!, user: lucia, text: 'x' }))).toMatchObject({ error: 'user_not_in_channel' });
  });

  it('meMessage posts a me_message', async () => {
    const res = await env.user.chat.meMessage({ channel: 'general', text: 'waves' });
    expect((await env.user.conversations.history({ channel: res.channel!, limit: 1 })).messages![0]).toMatchObject({ subtype: 'me_message', text: 'waves' });
  });

  it('getPermalink links a message, and a reply with its thread', async () => {
    const parent = await env.bot.chat.postMessage({ channel: 'general', text: 'link me' });
    const reply = await env.bot.chat.postMessage({ channel: 'general', text: 'reply', thread_ts: parent.ts });
    const compact = parent.ts!.replace('.', '');
    expect((await env.bot.chat.getPermalink({ channel: parent.channel!, message_ts: parent.ts! })).permalink).toBe(`https://northwind-robotics.slack.com/archives/${parent.channel}/p${compact}`);
    expect((await env.bot.chat.getPermalink({ channel: parent.channel!, message_ts: reply.ts! })).permalink).toContain(`?thread_ts=${parent.ts}&cid=${parent.channel}`);
    expect(await slackErrorOf(env.bot.chat.getPermalink({ channel: parent.channel!, message_ts: '1.000001' }))).toMatchObject({ error: 'message_not_found' });
  });
});

describe('chat.scheduleMessage, chat.scheduledMessages.list, chat.deleteScheduledMessage', () => {
  it('posts a scheduled message when it is due, with its post_at as ts', async () => {
    const postAt = Math.floor(Date.now() / 1000) + 2;
    const scheduled = await env.bot.chat.scheduleMessage({ channel: 'general', text: 'on time', post_at: postAt });
    expect(scheduled).toMatchObject({ scheduled_message_id: expect.stringMatching(/^Q/), post_at: postAt, message: { text: 'on time', bot_id: expect.any(String) } });
    expect((await env.bot.chat.scheduledMessages.list({})).scheduled_messages).toEqual([expect.objectContaining({ id: scheduled.scheduled_message_id, post_at: postAt, text: 'on time' })]);
    await new Promise((resolve) => setTimeout(resolve, (postAt + 0.5) * 1000 - Date.now()));
    const latest = (await env.bot.conversations.history({ channel: scheduled.channel!, limit: 1 })).messages![0];
    expect(latest).toMatchObject({ text: 'on time', user: env.creds.botUserId });
    expect(Number(latest.ts!.split('.')[0])).toBe(postAt);
    expect((await env.bot.chat.scheduledMessages.list({})).scheduled_messages).toEqual([]);
  }, 10_000);

  it('posts when the universe clock is advanced past post_at, also after a snapshot import', async () => {
    const { universe } = env;
    const now = (await universe.clock.set({ frozen: true })).now;
    const postAt = Math.floor(now / 1000) + 3600;
    const scheduled = await env.bot.chat.scheduleMessage({ channel: 'general', text: 'in an hour', post_at: postAt });
    const snapshot = await universe.snapshot();
    await universe.clock.advance('59m');
    const latest = async () => (await env.bot.conversations.history({ channel: scheduled.channel!, limit: 1 })).messages![0];
    expect((await latest()).text).not.toBe('in an hour');
    // Read through the snapshot first: no Web API call (which also posts overdue messages) in between.
    const pending = async () => ((await universe.snapshot()).twins.slack as { scheduled: unknown[] }).scheduled.length;
    expect(await pending()).toBe(1);
    await universe.clock.advance('2m');
    expect(await pending()).toBe(0);
    expect(await latest()).toMatchObject({ text: 'in an hour', ts: expect.stringMatching(new RegExp(`^${postAt}\\.`)) });

    await universe.clock.set({ now }); // back to when it was scheduled, then the state of that time
    await universe.restore(snapshot); // the import drops the old timers and re-arms from the imported state
    expect((await env.bot.chat.scheduledMessages.list({})).scheduled_messages).toHaveLength(1);
    await universe.clock.advance('1h1m');
    expect(await pending()).toBe(0);
    expect((await latest()).text).toBe('in an hour');
    expect((await env.bot.chat.scheduledMessages.list({})).scheduled_messages).toEqual([]);
  });

  it('deletes a scheduled message before it posts; refuses times in the past', async () => {
    const scheduled = await env.bot.chat.scheduleMessage({ channel: 'general', text: 'never', post_at: Math.floor(Date.now() / 1000) + 3600 });
    await env.bot.chat.deleteScheduledMessage({ channel: scheduled.channel!, scheduled_message_id: scheduled.scheduled_message_id! });
    expect((await env.bot.chat.scheduledMessages.list({ channel: scheduled.channel! })).scheduled_messages).toEqual([]);
    expect(await slackErrorOf(env.bot.chat.deleteScheduledMessage({ channel: scheduled.channel!, scheduled_message_id: scheduled.scheduled_message_id! }))).toMatchObject({ error: 'invalid_scheduled_message_id' });
    expect(await slackErrorOf(env.bot.chat.scheduleMessage({ channel: 'general', text: 'late', post_at: 1_600_000_000 }))).toMatchObject({ error: 'time_in_past' });
  });
});

describe('chat.postMessage authorship', () => {
  it('as_user: refused with a granular bot token (even false), accepted from a user token, which posts as its user', async () => {
    expect(await slackErrorOf(env.bot.chat.postMessage({ channel: 'general', text: 'x', as_user: false }))).toMatchObject({ ok: false, error: 'invalid_arguments', deprecated_argument: 'as_user' });
    const lucia = env.as(env.creds.userTokens[LUCIA]);
    const posted = await lucia.chat.postMessage({ channel: 'general', text: 'me', as_user: true });
    expect(posted.message).toMatchObject({ user: (await lucia.auth.test()).user_id, text: 'me' });
    expect(posted.message!.bot_id).toBeUndefined();
  });

  it('a refused post to a user id opens no DM', async () => {
    const lucia = (await env.as(env.creds.userTokens[LUCIA]).auth.test()).user_id!;
    const before = await env.universe.snapshot();
    expect(await slackErrorOf(env.bot.chat.postMessage({ channel: lucia, text: '' }))).toMatchObject({ error: 'no_text' });
    expect(await env.universe.snapshot()).toEqual(before);
  });
});
