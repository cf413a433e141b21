// conversations.kick, unarchive, rename, setTopic, setPurpose, mark, and the system messages they leave.
import { describe, expect, it } from 'vitest';
import { LUCIA, slackErrorOf, useSlack } from './setup.js';

const env = useSlack();

describe('conversations.kick', () => {
  it('removes a member; refuses self, #general and non-members', async () => {
    const { channel } = await env.user.conversations.create({ name: 'kickable' });
    const lucia = (await env.bot.users.lookupByEmail({ email: LUCIA })).user!.id!;
    await env.user.conversations.invite({ channel: channel!.id!, users: `${lucia},${env.creds.botUserId}` });
    await env.user.conversations.kick({ channel: channel!.id!, user: lucia });
    expect((await env.user.conversations.members({ channel: channel!.id! })).members).not.toContain(lucia);
    expect(await slackErrorOf(env.user.conversations.kick({ channel: channel!.id!, user: lucia }))).toMatchObject({ error: 'not_in_channel' });
    const me = (await env.user.auth.test()).user_id!;
    expect(await slackErrorOf(env.user.conversations.kick({ channel: channel!.id!, user: me }))).toMatchObject({ error: 'cant_kick_self' });
  });
});

describe('conversations.rename, setTopic, setPurpose', () => {
  it('rename keeps previous names and refuses a taken name', async () => {
    const { channel } = await env.bot.conversations.create({ name: 'old-name' });
    const renamed = await env.bot.conversations.rename({ channel: channel!.id!, name: 'new-name' });
    expect(renamed.channel).toMatchObject({ name: 'new-name', previous_names: ['old-name'] });
    expect(await slackErrorOf(env.bot.conversations.rename({ channel: channel!.id!, name: 'general' }))).toMatchObject({ error: 'name_taken' });
    expect((await env.bot.chat.postMessage({ channel: 'new-name', text: 'found by its new name' })).ok).toBe(true);
  });

  it('topic and purpose are set with creator and time, and leave system messages', async () => {
    const { channel } = await env.bot.conversations.create({ name: 'topical' });
    const topic = await env.bot.conversations.setTopic({ channel: channel!.id!, topic: 'Launch on Friday' });
    expect(topic.channel).toMatchObject({ topic: { value: 'Launch on Friday', creator: env.creds.botUserId } });
    const purpose = await env.bot.conversations.setPurpose({ channel: channel!.id!, purpose: 'Coordinate the launch' });
    expect(purpose.channel).toMatchObject({ purpose: { value: 'Coordinate the launch' } });
    const subtypes = (await env.bot.conversations.history({ channel: channel!.id! })).messages!.map((m) => m.subtype);
    expect(subtypes).toEqual(['channel_purpose', 'channel_topic', 'channel_join']);
    const eng = (await env.bot.conversations.list({})).channels!.find((c) => c.name === 'engineering')!;
    expect(await slackErrorOf(env.bot.conversations.setTopic({ channel: eng.id!, topic: 'x' }))).toMatchObject({ error: 'not_in_channel' });
  });
});

describe('conversations.unarchive', () => {
  it('a person brings an archived channel back; not_archived otherwise', async () => {
    const { channel } = await env.user.conversations.create({ name: 'phoenix' });
    await env.user.conversations.archive({ channel: channel!.id! });
    await env.user.conversations.unarchive({ channel: channel!.id! });
    expect((await env.user.conversations.info({ channel: channel!.id! })).channel).toMatchObject({ is_archived: false });
    expect(await slackErrorOf(env.user.conversations.unarchive({ channel: channel!.id! }))).toMatchObject({ error: 'not_archived' });
  });
});

describe('conversations.mark', () => {
  it('sets the caller’s last_read', async () => {
    const posted = await env.bot.chat.postMessage({ channel: 'general', text: 'read me' });
    await env.bot.conversations.mark({ channel: posted.channel!, ts: posted.ts! });
    expect((await env.bot.conversations.info({ channel: posted.channel! })).channel).toMatchObject({ last_read: posted.ts });
    expect(await slackErrorOf(env.bot.conversations.mark({ channel: posted.channel!, ts: 'yesterday' }))).toMatchObject({ error: 'invalid_timestamp' });
  });
});
