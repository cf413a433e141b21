// search.messages (user tokens only): words, "quoted phrases", in:#channel, from:@user, before:/after:/on:
// dates. A scan of every conversation the person can see: O(messages) per call, fine at seeded sizes.
import type { FastifyInstance } from 'fastify';
import { isMember, membersOnly } from '../access.js';
import { slackError } from '../errors.js';
import { userById, type SlackChannel, type SlackData, type SlackMessage } from '../store.js';
import { optInt, optString, reqString, slackMethod, type SlackContext } from '../web-api.js';

interface Query {
  words: string[];
  inChannels: string[];
  fromUsers: string[];
  afterSec?: number;
  beforeSec?: number;
}

const day = (text: string) => {
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(ms) ? undefined : ms / 1000;
};

function parseQuery(data: SlackData, query: string): Query {
  const q: Query = { words: [], inChannels: [], fromUsers: [] };
  for (const [, phrase, token] of query.matchAll(/"([^"]*)"|(\S+)/g)) {
    if (phrase !== undefined) q.words.push(phrase.toLowerCase());
    else if (/^in:/i.test(token)) {
      const ref = token.slice(3).replace(/^<#([A-Z0-9]+)(\|[^>]*)?>$/, '$1').replace(/^#/, '');
      q.inChannels.push(data.channels.find((c) => c.id === ref || c.name === ref)?.id ?? `missing:${ref}`);
    } else if (/^from:/i.test(token)) {
      const ref = token.slice(5).replace(/^<@([A-Z0-9]+)(\|[^>]*)?>$/, '$1').replace(/^@/, '');
      q.fromUsers.push(data.users.find((u) => u.id === ref || u.name === ref)?.id ?? `missing:${ref}`);
    } else if (/^(after|before|on):/i.test(token)) {
      const [kind, value] = [token.slice(0, token.indexOf(':')).toLowerCase(), token.slice(token.indexOf(':') + 1)];
      const at = day(value);
      if (at === undefined) q.words.push(token.toLowerCase());
      else if (kind === 'after') q.afterSec = at + 86400;
      else if (kind === 'before') q.beforeSec = at;
      else [q.afterSec, q.beforeSec] = [at, at + 86400];
    } else q.words.push(token.toLowerCase());
  }
  return q;
}

function matches(q: Query, channel: SlackChannel, m: SlackMessage): boolean {
  if (m.subtype && m.subtype !== 'thread_broadcast' && m.subtype !== 'me_message') return false;
  if (q.inChannels.length && !q.inChannels.includes(channel.id)) return false;
  if (q.fromUsers.length && !q.fromUsers.includes(m.user)) return false;
  const sec = Number(m.ts.split('.')[0]);
  if ((q.afterSec !== undefined && sec < q.afterSec) || (q.beforeSec !== undefined && sec >= q.beforeSec)) return false;
  const text = m.text.toLowerCase();
  return q.words.every((w) => text.includes(w));
}

export function searchRoutes(app: FastifyInstance, ctx: SlackContext) {
  slackMethod(app, ctx, 'search.messages', { readOnly: true, scopes: ['search:read'], tokenTypes: ['user'] }, ({ data, args, caller }) => {
    const query = reqString(args, 'query', 'no_query');
    const count = Math.min(Math.max(optInt(args, 'count') ?? 20, 1), 100);
    const pageNo = Math.min(Math.max(optInt(args, 'page') ?? 1, 1), 100);
    const sortDir = optString(args, 'sort_dir') ?? 'desc';
    if (sortDir !== 'asc' && sortDir !== 'desc') throw slackError('invalid_arguments');
    const q = parseQuery(data, query);
    const found: { channel: SlackChannel; message: SlackMessage }[] = [];
    for (const channel of data.channels) {
      if (membersOnly(channel) && !isMember(channel, caller.user)) continue;
      const lists = [data.messages[channel.id] ?? [], ...Object.entries(data.replies).filter(([key]) => key.startsWith(`${channel.id}/`)).map(([, list]) => list)];
      for (const [n, list] of lists.entries()) {
        for (const message of list) if (!(n === 0 && message.subtype === 'thread_broadcast') && matches(q, channel, message)) found.push({ channel, message });
      }
    }
    // Approximation: "score" ranks by recency too.
    found.sort((a, b) => (a.message.ts < b.message.ts ? 1 : -1) * (sortDir === 'desc' ? 1 : -1));
    const total = found.length;
    const pages = Math.max(1, Math.ceil(total / count));
    const slice = found.slice((pageNo - 1) * count, pageNo * count);
    const first = total === 0 ? 0 : (pageNo - 1) * count + 1;
    return {
      query,
      messages: {
        total, pagination: { total_count: total, page: pageNo, per_page: count, page_count: pages, first, last: Math.min(total, pageNo * count) },
        paging: { count, total, page: pageNo, pages },
        matches: slice.map(({ channel, message }) => ({
          iid: `${channel.id}-${message.ts}`, team: data.team.id, type: 'message', user: message.user, username: userById(data, message.user)?.name ?? '',
          ts: message.ts, text: message.text, ...(message.blocks && { blocks: message.blocks }),
          channel: { id: channel.id, is_channel: channel.is_channel, is_group: channel.is_group, is_im: channel.is_im, is_mpim: channel.is_mpim, name: channel.name, is_shared: false, is_org_shared: false, is_ext_shared: false, is_private: channel.is_private, pending_shared: [], is_pending_ext_shared: false },
          permalink: `https://${data.team.domain}.slack.com/archives/${channel.id}/p${message.ts.replace('.', '')}${message.thread_ts && message.thread_ts !== message.ts ? `?thread_ts=${message.thread_ts}&cid=${channel.id}` : ''}`,
        })),
      },
    };
  });
}
