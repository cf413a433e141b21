// conversations.open and close (DMs and group DMs), posting to a user id, and DM privacy.
import { describe, expect, it } from 'vitest';
import { LUCIA, PRIYA, slackErrorOf, useSlack } from './setup.js';

const env = useSlack();
const idOf = async (email: string) => (await env.bot.users.lookupByEmail({ email })).user!.id!;

describe('conversations.open', () => {
  it('opens the same D… DM each time and says so the second time', async () => {
    const lucia = await idOf(LUCIA);
    const first = await env.bot.conversations.open({ users: lucia });
    expect(first.channel!.id).toMatch(/^D/);
    expect(first.already_open).toBeUndefined();
    const again = await env.bot.conversations.open({ users: lucia, return_im: true });
    expect(again).toMatchObject({ no_op: true, already_open: true, channel: { id: first.channel!.id, is_im: true, user: lucia } });
  });

  it('opens a group DM for several people, named mpdm-…', async () => {
    const [lucia, priya] = [await idOf(LUCIA), await idOf(PRIYA)];
    const { channel } = await env.bot.conversations.open({ users: `${lucia},${priya}` });
    expect(channel).toMatchObject({ is_mpim: true, name: expect.stringMatching(/^mpdm-dtu-bot--lucia\.fernandez--priya\.raman-1$/) });
    expect(await slackErrorOf(env.bot.conversations.open({} as never))).toMatchObject({ error: 'users_list_not_supplied' });
  });

  it('the seeded welcome DM is in the owner’s and the bot’s im list, and nobody else’s', async () => {
    const botIms = (await env.bot.conversations.list({ types: 'im' })).channels!;
    const priya = await idOf(PRIYA);
    expect(botIms.map((c) => c.user)).toEqual([priya]);
    const history = await env.user.conversations.history({ channel: botIms[0].id! });
    expect(history.messages![0]).toMatchObject({ user: env.creds.botUserId, text: expect.stringContaining('Hi') });
    const lucia = env.as(env.creds.userTokens[LUCIA]);
    expect(await slackErrorOf(lucia.conversations.history({ channel: botIms[0].id! }))).toMatchObject({ error: 'channel_not_found' });
  });
});

describe('chat.postMessage to a user id', () => {
  it('posts into the DM between the caller and that person', async () => {
    const lucia = await idOf(LUCIA);
    const posted = await env.bot.chat.postMessage({ channel: lucia, text: 'psst' });
    expect(posted.channel).toMatch(/^D/);
    const theirs = env.as(env.creds.userTokens[LUCIA]);
    expect((await theirs.conversations.history({ channel: posted.channel! })).messages!.map((m) => m.text)).toEqual(['psst']);
  });
});

describe('conversations.close', () => {
  it('closes a DM once; the second time is a no-op', async () => {
    const { channel } = await env.bot.conversations.open({ users: await idOf(LUCIA) });
    expect(await env.bot.conversations.close({ channel: channel!.id! })).toMatchObject({ ok: true });
    expect(await env.bot.conversations.close({ channel: channel!.id! })).toMatchObject({ no_op: true, already_closed: true });
    const general = (await env.bot.conversations.list({})).channels!.find((c) => c.name === 'general')!;
    expect(await slackErrorOf(env.bot.conversations.close({ channel: general.id! }))).toMatchObject({ error: 'method_not_supported_for_channel_type' });
  });
});
