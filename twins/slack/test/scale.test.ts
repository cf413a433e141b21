// conversations.history pages cost O(log n + limit): a page deep in a 300,000-message channel takes
// about as long as one in a 1,000-message channel.
import { describe, expect, it } from 'vitest';
import type { SlackData } from '../store.js';
import { formatTs } from '../store.js';
import { useSlack } from './setup.js';

const env = useSlack();

async function fill(name: string, count: number) {
  const { channel } = await env.bot.conversations.create({ name });
  const data = env.universe.twins.get('slack')!.runtime.store.data as SlackData;
  const list = data.messages[channel!.id!];
  const start = 1_600_000_000 * 1e6;
  for (let i = 0; i < count; i++) list.push({ type: 'message', user: env.creds.botUserId, text: `m${i}`, ts: formatTs(start + i * 1000), team: data.team.id });
  list.sort((a, b) => (a.ts < b.ts ? -1 : 1));
  return channel!.id!;
}

async function medianPageMs(channel: string, oldestAt: string) {
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const started = performance.now();
    const page = await env.bot.conversations.history({ channel, limit: 200, latest: oldestAt });
    times.push(performance.now() - started);
    expect(page.messages).toHaveLength(200);
  }
  return times.sort((a, b) => a - b)[7];
}

describe('conversations.history at scale', () => {
  it('a page in a 300,000-message channel costs about what it costs in a 1,000-message one', async () => {
    const small = await fill('small-channel', 1_000);
    const big = await fill('big-channel', 300_000);
    // Mid-channel pages: latest points into the middle of each list.
    const smallMs = await medianPageMs(small, formatTs(1_600_000_000 * 1e6 + 500 * 1000));
    const bigMs = await medianPageMs(big, formatTs(1_600_000_000 * 1e6 + 150_000 * 1000));
    expect(bigMs).toBeLessThan(smallMs * 3 + 5);
    const deep = await env.bot.conversations.history({ channel: big, limit: 3, latest: formatTs(1_600_000_000 * 1e6 + 150_000 * 1000) });
    expect(deep.messages!.map((m) => m.text)).toEqual(['m149999', 'm149998', 'm149997']);
    const next = await env.bot.conversations.history({ channel: big, limit: 3, cursor: deep.response_metadata!.next_cursor! });
    expect(next.messages!.map((m) => m.text)).toEqual(['m149996', 'm149995', 'm149994']);
  }, 60_000);
});
