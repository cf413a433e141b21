// Slack twin bench: chat.postMessage and conversations.history against a bare Fastify route, and a
// history page on a 1,000,000-message channel against one on a 1,000-message channel (pages are
// binary searches over ts-sorted lists, so both should cost the same). Channels are filled directly
// in the store, not over HTTP. Needs the compiled twin: npx tsc -p tsconfig.build.json.
import { startTwin } from '../../dist/shared/kernel/twin-server.js';
import { loadOrgDefinition, OrgSource } from '../../dist/shared/seeding/fixtures.js';
import { slackTwin } from '../../dist/twins/slack/index.js';
import { formatTs } from '../../dist/twins/slack/store.js';

const SEED = 42;
const BIG = 1_000_000;
const SMALL = 1_000;

/** A public channel with the bot in it, shaped like #general, and `count` messages an hour apart. */
function addChannel(data, id, name, count) {
  const general = data.channels.find((c) => c.is_general);
  data.channels.push({ ...structuredClone(general), id, name, name_normalized: name, is_general: false, members: [data.app.bot_user_id, ...general.members.slice(0, 5)] });
  const start = 1_600_000_000 * 1e6;
  const list = new Array(count);
  for (let i = 0; i < count; i++) list[i] = { type: 'message', user: data.app.bot_user_id, text: `message ${i}`, ts: formatTs(start + i * 3_600_000_000), team: data.team.id };
  data.messages[id] = list;
}

export async function start({ host }) {
  const twin = await startTwin(slackTwin, { host, port: 0, seed: SEED, orgSource: new OrgSource(loadOrgDefinition('small', undefined)) });
  const data = twin.runtime.store.data;
  addChannel(data, 'CBENCHPOST1', 'bench-posts', 0);
  addChannel(data, 'CBENCHSMALL', 'bench-small', SMALL);
  addChannel(data, 'CBENCHBIG01', 'bench-big', BIG);
  const credentials = await (await fetch(`${twin.url}/_dtu/credentials`)).json();
  return {
    port: twin.port,
    close: () => twin.close(),
    context: { botToken: credentials.slack.botToken, postChannel: 'CBENCHPOST1', smallChannel: 'CBENCHSMALL', bigChannel: 'CBENCHBIG01' },
  };
}

const history = (context, channel) => ({
  method: 'GET', path: `/api/conversations.history?channel=${channel}&limit=100`, headers: { authorization: `Bearer ${context.botToken}` },
});

export const scenarios = [
  {
    id: 'slackPostMessage', label: 'chat.postMessage, bot token, JSON body',
    request: (context) => ({
      method: 'POST', path: '/api/chat.postMessage',
      headers: { authorization: `Bearer ${context.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: context.postChannel, text: 'bench' }),
    }),
  },
  { id: 'slackHistorySmall', label: `conversations.history limit=100, ${SMALL.toLocaleString('en')}-message channel`, request: (context) => history(context, context.smallChannel) },
  { id: 'slackHistoryBig', label: `conversations.history limit=100, ${BIG.toLocaleString('en')}-message channel`, request: (context) => history(context, context.bigChannel) },
];

export const figures = [
  { id: 'slackPostMessageVsBare', label: 'chat.postMessage ÷ bare Fastify', over: 'slackPostMessage', under: 'bare', target: { op: '>=', value: 0.5 } },
  { id: 'slackHistoryVsBare', label: 'conversations.history (limit=100) ÷ bare Fastify', over: 'slackHistorySmall', under: 'bare', target: { op: '>=', value: 0.5 } },
  {
    id: 'slackHistoryBigVsSmall', label: 'history page on 1,000,000 messages ÷ on 1,000 (req/s; ≥ 0.5 = latency within 2×)',
    over: 'slackHistoryBig', under: 'slackHistorySmall', target: { op: '>=', value: 0.5 },
  },
];
