// conversations.list, info, members, history, replies, create, join, leave, invite, archive.
import { describe, expect, it } from 'vitest';
import { LUCIA, PRIYA, slackErrorOf, useSlack } from './setup.js';

const env = useSlack();
const channelNamed = async (name: string, client = env.user) =>
  (await client.conversations.list({ types: 'public_channel,private_channel', limit: 1000 })).channels!.find((c) => c.name === name)!;

describe('conversations.list', () => {
  it('lists #general, #random and one channel per department; the bot is a member of #general only', async () => {
    const channels = (await env.bot.conversations.list({})).channels!;
    expect(channels.map((c) => c.name)).toEqual(['general', 'random', 'executive', 'it', 'engineering', 'sales', 'marketing', 'customer-support']);
    expect(channels.filter((c) => c.is_member).map((c) => c.name)).toEqual(['general']);
    expect(channels.find((c) => c.name === 'engineering')).toMatchObject({ is_channel: true, is_private: false, num_members: 5 });
  });

  it('shows a private channel only to its members', async () => {
    expect(await channelNamed('leadership', env.user)).toMatchObject({ is_private: true, is_member: true });
    expect(await channelNamed('leadership', env.bot)).toBeUndefined();
    expect(await channelNamed('leadership', env.as(env.creds.userTokens[LUCIA]))).toBeUndefined();
  });

  it('paginates with limit and cursor via paginate()', async () => {
    const names: string[] = [];
    for await (const page of env.bot.paginate('conversations.list', { limit: 3 })) names.push(...((page as any).channels as { name: string }[]).map((c) => c.name));
    expect(names).toHaveLength(8);
  });

  it('exclude_archived drops archived channels', async () => {
    const sales = await channelNamed('sales');
    await env.user.conversations.join({ channel: sales.id! });
    await env.user.conversations.archive({ channel: sales.id! });
    expect((await env.bot.conversations.list({ exclude_archived: true })).channels!.map((c) => c.name)).not.toContain('sales');
    expect((await env.bot.conversations.list({})).channels!.find((c) => c.name === 'sales')).toMatchObject({ is_archived: true });
  });
});

describe('conversations.info and conversations.members', () => {
  it('describes a channel and lists its members; channel_not_found for the invisible or unknown', async () => {
    const eng = await channelNamed('engineering');
    expect((await env.bot.conversations.info({ channel: eng.id!, include_num_members: true })).channel).toMatchObject({ id: eng.id, name: 'engineering', num_members: 5 });
    const { members } = await env.bot.conversations.members({ channel: eng.id!, limit: 2 });
    expect(members).toHaveLength(2);
    const leadership = await channelNamed('leadership');
    expect(await slackErrorOf(env.bot.conversations.info({ channel: leadership.id! }))).toMatchObject({ error: 'channel_not_found' });
    expect(await slackErrorOf(env.bot.conversations.members({ channel: 'C000' }))).toMatchObject({ error: 'channel_not_found' });
  });
});

describe('conversations.history', () => {
  it('has seeded history, newest first, paged with paginate()', async () => {
    const general = await channelNamed('general');
    const all: string[] = [];
    for await (const page of env.bot.paginate('conversations.history', { channel: general.id!, limit: 4 })) all.push(...((page as any).messages as { ts: string }[]).map((m) => m.ts));
    expect(all).toHaveLength(6);
    expect([...all].sort().reverse()).toEqual(all);
    const withThread = (await env.bot.conversations.history({ channel: general.id! })).messages!.find((m) => m.reply_count);
    expect(withThread).toMatchObject({ reply_count: 2, thread_ts: withThread!.ts, reactions: [expect.objectContaining({ count: 1 })] });
  });

  it('honours oldest, latest and inclusive', async () => {
    const general = await channelNamed('general');
    const ts = (await env.bot.conversations.history({ channel: general.id! })).messages!.map((m) => m.ts!).reverse();
    const between = await env.bot.conversations.history({ channel: general.id!, oldest: ts[1], latest: ts[4] });
    expect(between.messages!.map((m) => m.ts)).toEqual([ts[3], ts[2]]);
    const inclusive = await env.bot.conversations.history({ channel: general.id!, oldest: ts[1], latest: ts[4], inclusive: true });
    expect(inclusive.messages!.map((m) => m.ts)).toEqual([ts[4], ts[3], ts[2], ts[1]]);
  });

  it('not_in_channel for a bot outside a public channel; people may read any public channel', async () => {
    const eng = await channelNamed('engineering');
    expect(await slackErrorOf(env.bot.conversations.history({ channel: eng.id! }))).toMatchObject({ error: 'not_in_channel' });
    expect((await env.user.conversations.history({ channel: eng.id! })).messages!.length).toBeGreaterThan(0);
  });
});

describe('conversations.replies', () => {
  it('returns the parent then its replies, also when asked with a reply ts', async () => {
    const general = await channelNamed('general');
    const parent = (await env.bot.conversations.history({ channel: general.id! })).messages!.find((m) => m.reply_count)!;
    const thread = await env.bot.conversations.replies({ channel: general.id!, ts: parent.ts! });
    expect(thread.messages!.map((m) => m.ts)).toEqual([parent.ts, expect.any(String), expect.any(String)]);
    expect(thread.messages![1]).toMatchObject({ thread_ts: parent.ts, parent_user_id: parent.user });
    expect((await env.bot.conversations.replies({ channel: general.id!, ts: thread.messages![2].ts! })).messages).toEqual(thread.messages);
    expect(await slackErrorOf(env.bot.conversations.replies({ channel: general.id!, ts: '1.000001' }))).toMatchObject({ error: 'thread_not_found' });
  });
});

describe('conversations.create, join, invite, leave, archive', () => {
  it('creates a channel the creator is in; refuses taken and bad names', async () => {
    const { channel } = await env.bot.conversations.create({ name: 'launch-room' });
    expect(channel).toMatchObject({ id: expect.stringMatching(/^C/), name: 'launch-room', is_member: true, creator: env.creds.botUserId });
    expect(await slackErrorOf(env.bot.conversations.create({ name: 'launch-room' }))).toMatchObject({ error: 'name_taken' });
    expect(await slackErrorOf(env.bot.conversations.create({ name: 'has space' }))).toMatchObject({ error: 'invalid_name_specials' });
    const secret = await env.bot.conversations.create({ name: 'secret-room', is_private: true });
    expect(secret.channel).toMatchObject({ id: expect.stringMatching(/^G/), is_private: true });
    expect(await channelNamed('secret-room', env.user)).toBeUndefined();
  });

  it('join, invite and leave change the member list', async () => {
    const eng = await channelNamed('engineering');
    expect((await env.bot.conversations.join({ channel: eng.id! })).channel).toMatchObject({ is_member: true });
    expect(await env.bot.conversations.join({ channel: eng.id! })).toMatchObject({ warning: 'already_in_channel' });
    const priya = (await env.bot.users.lookupByEmail({ email: PRIYA })).user!.id!;
    await env.bot.conversations.invite({ channel: eng.id!, users: priya });
    expect((await env.bot.conversations.members({ channel: eng.id! })).members).toEqual(expect.arrayContaining([priya, env.creds.botUserId]));
    expect(await slackErrorOf(env.bot.conversations.invite({ channel: eng.id!, users: priya }))).toMatchObject({ error: 'already_in_channel' });
    expect(await slackErrorOf(env.bot.conversations.invite({ channel: eng.id!, users: 'UNOPE' }))).toMatchObject({ error: 'user_not_found' });
    await env.bot.conversations.leave({ channel: eng.id! });
    expect((await env.bot.conversations.info({ channel: eng.id! })).channel).toMatchObject({ is_member: false });
    const general = await channelNamed('general');
    expect(await slackErrorOf(env.bot.conversations.leave({ channel: general.id! }))).toMatchObject({ error: 'cant_leave_general' });
  });

  it('invite needs the inviter in the channel', async () => {
    const sales = await channelNamed('sales');
    expect(await slackErrorOf(env.bot.conversations.invite({ channel: sales.id!, users: env.creds.botUserId }))).toMatchObject({ error: 'not_in_channel' });
  });

  it('archive: is_archived afterwards, already_archived twice, never #general', async () => {
    const { channel } = await env.bot.conversations.create({ name: 'short-lived' });
    await env.bot.conversations.archive({ channel: channel!.id! });
    expect(await slackErrorOf(env.bot.conversations.archive({ channel: channel!.id! }))).toMatchObject({ error: 'already_archived' });
    expect(await slackErrorOf(env.bot.chat.postMessage({ channel: channel!.id!, text: 'hello?' }))).toMatchObject({ error: 'is_archived' });
    const general = await channelNamed('general');
    expect(await slackErrorOf(env.user.conversations.archive({ channel: general.id! }))).toMatchObject({ error: 'cant_archive_general' });
  });
});
