// users.list, users.info, users.lookupByEmail.
import { describe, expect, it } from 'vitest';
import { JAMAL, LUCIA, PRIYA, slackErrorOf, useSlack } from './setup.js';

const env = useSlack();

describe('users.list', () => {
  it('pages through every person and the bot with paginate(), honouring limit', async () => {
    const pages: number[] = [];
    const ids: string[] = [];
    for await (const page of env.bot.paginate('users.list', { limit: 5 })) {
      pages.push(((page as any).members as unknown[]).length);
      ids.push(...((page as any).members as { id: string }[]).map((m) => m.id));
    }
    expect(pages).toEqual([5, 5, 3]);
    expect(new Set(ids).size).toBe(13);
    expect(ids).toContain(env.creds.botUserId);
  });

  it('ends with an empty next_cursor and refuses a made-up cursor', async () => {
    expect((await env.bot.users.list({})).response_metadata?.next_cursor).toBe('');
    expect(await slackErrorOf(env.bot.users.list({ cursor: 'bogus' }))).toMatchObject({ error: 'invalid_cursor' });
  });
});

describe('users.info', () => {
  it('has the profile fields from the org: real_name, display_name, email, title, tz and images', async () => {
    const { user } = await env.bot.users.lookupByEmail({ email: LUCIA });
    const info = await env.bot.users.info({ user: user!.id! });
    expect(info.user).toMatchObject({
      id: expect.stringMatching(/^U[0-9A-Z]{10}$/), name: 'lucia.fernandez', real_name: 'Lucia Fernandez', tz: 'Europe/London', tz_offset: 0, deleted: false, is_bot: false,
      profile: { real_name: 'Lucia Fernandez', display_name: 'Lucia', email: LUCIA, title: 'Senior Software Engineer', image_72: expect.stringMatching(/^https:\/\//) },
    });
  });

  it('marks the admin and the primary owner, and a suspended person as deleted', async () => {
    expect((await env.bot.users.lookupByEmail({ email: PRIYA })).user).toMatchObject({ is_admin: true, is_primary_owner: true });
    const users = (await env.bot.users.list({})).members!;
    expect(users.find((u) => u.name === 'jamal.carter')).toMatchObject({ deleted: true });
    expect(await slackErrorOf(env.bot.users.lookupByEmail({ email: JAMAL }))).toMatchObject({ error: 'users_not_found' });
  });

  it('user_not_found for an unknown id', async () => {
    expect(await slackErrorOf(env.bot.users.info({ user: 'UNOPE' }))).toMatchObject({ error: 'user_not_found' });
  });
});

describe('users.conversations', () => {
  it('lists the conversations a person is in that the caller can see', async () => {
    const lucia = (await env.bot.users.lookupByEmail({ email: LUCIA })).user!.id!;
    const theirs = await env.bot.users.conversations({ user: lucia, types: 'public_channel,private_channel' });
    expect(theirs.channels!.map((c) => c.name)).toEqual(['general', 'random', 'engineering']);
    const mine = await env.user.users.conversations({ types: 'private_channel' });
    expect(mine.channels!.map((c) => c.name)).toEqual(['leadership']);
    expect(await slackErrorOf(env.bot.users.conversations({ user: 'UNOPE' }))).toMatchObject({ error: 'user_not_found' });
  });
});

describe('users.getPresence and users.setPresence', () => {
  it('is active until set away; others see only presence', async () => {
    expect(await env.user.users.getPresence({})).toMatchObject({ presence: 'active', online: true, manual_away: false });
    await env.user.users.setPresence({ presence: 'away' });
    expect(await env.user.users.getPresence({})).toMatchObject({ presence: 'away', manual_away: true });
    const priya = (await env.bot.users.lookupByEmail({ email: PRIYA })).user!.id!;
    const seen = await env.bot.users.getPresence({ user: priya });
    expect(seen.presence).toBe('away');
    expect(seen.online).toBeUndefined();
    expect(await slackErrorOf(env.user.users.setPresence({ presence: 'busy' as never }))).toMatchObject({ error: 'invalid_presence' });
  });
});

describe('users.profile.get and users.profile.set', () => {
  it('a person sets their own profile fields; bots cannot; unknown fields are refused without a partial write', async () => {
    const lucia = env.as(env.creds.userTokens[LUCIA]);
    const set = await lucia.users.profile.set({ profile: { status_text: 'In a meeting', status_emoji: ':calendar:', display_name: 'Lu' } });
    expect(set).toMatchObject({ username: 'lucia.fernandez', profile: { status_text: 'In a meeting', display_name: 'Lu', display_name_normalized: 'Lu' } });
    expect((await lucia.users.profile.get({})).profile).toMatchObject({ status_emoji: ':calendar:', email: LUCIA });
    await lucia.users.profile.set({ name: 'title', value: 'Staff Engineer' });
    expect((await env.bot.users.lookupByEmail({ email: LUCIA })).user!.profile).toMatchObject({ title: 'Staff Engineer' });
    expect(await slackErrorOf(lucia.users.profile.set({ profile: { title: 'x', is_admin: true } as never }))).toMatchObject({ error: 'invalid_profile' });
    expect((await lucia.users.profile.get({})).profile!.title).toBe('Staff Engineer');
    expect(await slackErrorOf(env.bot.users.profile.set({ profile: { title: 'bot' } }))).toMatchObject({ error: 'not_allowed_token_type' });
    const priya = (await env.bot.users.lookupByEmail({ email: PRIYA })).user!.id!;
    expect(await slackErrorOf(lucia.users.profile.set({ user: priya, profile: { title: 'x' } }))).toMatchObject({ error: 'not_admin' });
  });
});
