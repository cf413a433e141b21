// search.messages: user tokens only; words, phrases, in:, from:, dates; private conversations stay private.
import { describe, expect, it } from 'vitest';
import { LUCIA, slackErrorOf, useSlack } from './setup.js';

const env = useSlack();

describe('search.messages', () => {
  it('finds messages by words, channel and author, newest first, with paging and permalinks', async () => {
    await env.bot.chat.postMessage({ channel: 'general', text: 'The quarterly rocket launch is Friday' });
    await env.user.chat.postMessage({ channel: 'general', text: 'Rocket launch moved to Monday' });
    await env.user.chat.postMessage({ channel: 'random', text: 'rocket emoji please' });
    const all = await env.user.search.messages({ query: 'rocket' });
    expect(all.messages!.matches!.map((m) => m.text)).toEqual(['rocket emoji please', 'Rocket launch moved to Monday', 'The quarterly rocket launch is Friday']);
    expect(all.messages).toMatchObject({ total: 3, pagination: { total_count: 3, page: 1, page_count: 1, first: 1, last: 3 } });
    expect(all.messages!.matches![0].permalink).toMatch(/^https:\/\/northwind-robotics\.slack\.com\/archives\/C[0-9A-Z]+\/p\d{16}$/);
    expect((await env.user.search.messages({ query: '"rocket launch" in:#general' })).messages!.total).toBe(2);
    expect((await env.user.search.messages({ query: 'rocket from:@dtu-bot' })).messages!.matches!.map((m) => m.username)).toEqual(['dtu-bot']);
    const paged = await env.user.search.messages({ query: 'rocket', count: 2, page: 2 });
    expect(paged.messages).toMatchObject({ paging: { count: 2, total: 3, page: 2, pages: 2 }, matches: [expect.objectContaining({ text: 'The quarterly rocket launch is Friday' })] });
  });

  it('keeps private conversations private and refuses bot tokens', async () => {
    const leadership = (await env.user.conversations.list({ types: 'private_channel' })).channels![0].id!;
    await env.user.chat.postMessage({ channel: leadership, text: 'secret reorg plan' });
    expect((await env.user.search.messages({ query: 'reorg' })).messages!.total).toBe(1);
    expect((await env.as(env.creds.userTokens[LUCIA]).search.messages({ query: 'reorg' })).messages!.total).toBe(0);
    expect(await slackErrorOf(env.bot.search.messages({ query: 'reorg' }))).toMatchObject({ error: 'not_allowed_token_type' });
    expect(await slackErrorOf(env.user.search.messages({} as never))).toMatchObject({ error: 'no_query' });
  });
});
