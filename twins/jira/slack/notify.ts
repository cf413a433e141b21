// Jira Cloud for Slack's deliveries: on an issue event the integration subscribes to, Jira posts to the
// configured channel through the Slack twin's public Web API (its bot token from the Slack twin's own
// credentials), as the real app does: conversations.list resolves a channel name, conversations.join
// puts the bot in the channel when chat.postMessage answers not_in_channel. Every call goes through
// ctx.outbound (journaled, retried on no answer, 429 and 5xx), tracked for settle (deliveries.ts).
import type { OutboundResult, RetryPolicy } from '../../../shared/kernel/outbound.js';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { trackDelivery } from '../deliveries.js';
import type { JiraData } from '../store.js';
import type { JiraEvent } from '../webhooks/dispatch.js';
import type { SlackEventName, SlackIntegration } from './config.js';
import { issueMessage, type SlackMessage } from './message.js';

const RETRY_DELAYS_MS = [500, 2_000, 5_000];
/** Channel ids resolved from names, per configuration object (a new PUT or a reset starts afresh). */
const resolved = new WeakMap<SlackIntegration, string>();

/** Which of the integration's events this Jira event is, if any. */
function eventOf(event: JiraEvent): SlackEventName | null {
  if (event.webhookEvent === 'jira:issue_created') return 'issue_created';
  if (event.webhookEvent === 'jira:issue_updated' && event.changelog?.items.some((i) => i.field === 'status')) return 'issue_transitioned';
  return null;
}

/** Called for every Jira event; posts to Slack in the background when the integration wants it. */
export function notifySlack(ctx: TwinContext<JiraData>, event: JiraEvent): void {
  const config = ctx.store.data.integrations.slack;
  const kind = eventOf(event);
  const issue = event.issue;
  if (!config || !kind || !issue || !config.events.includes(kind) || !ctx.peers.url('slack')) return;
  const data = ctx.store.data;
  const projectKey = issue.key.slice(0, issue.key.lastIndexOf('-'));
  if (config.projects.length && !config.projects.includes(projectKey)) return;
  const status = event.changelog?.items.find((i) => i.field === 'status');
  const message = issueMessage(data, ctx.publicUrl(), kind, issue, event.actorId, status);
  trackDelivery(ctx.outbound, (observe) => post(ctx, config, message, issue.key, observe));
}

async function post(ctx: TwinContext<JiraData>, config: SlackIntegration, message: SlackMessage, issueKey: string, observe: (policy: RetryPolicy) => RetryPolicy): Promise<void> {
  const base = ctx.peers.url('slack');
  if (!base) return;
  const { botToken } = await ctx.peers.credentials('slack', ctx.seed());
  const call = async (method: string, args: Record<string, unknown>, httpMethod: 'GET' | 'POST' = 'POST') => {
    const query = httpMethod === 'GET' ? `?${new URLSearchParams(Object.entries(args).map(([k, v]) => [k, String(v)]))}` : '';
    const result: OutboundResult = await ctx.outbound.deliver({
      url: `${base}/api/${method}${query}`, method: httpMethod, operation: method, actor: { type: 'app', id: 'jira-cloud-for-slack' }, target: { issue: issueKey },
      headers: { authorization: `Bearer ${botToken}`, ...(httpMethod === 'POST' && { 'content-type': 'application/json; charset=utf-8' }) },
      ...(httpMethod === 'POST' && { body: JSON.stringify(args) }),
    }, observe({ delaysMs: RETRY_DELAYS_MS }));
    try {
      return JSON.parse(result.body) as { ok?: boolean; error?: string; [key: string]: unknown };
    } catch {
      return { ok: false, error: `http_${result.status}` };
    }
  };
  const channel = resolved.get(config) ?? (await channelId(config, call));
  if (!channel) return;
  resolved.set(config, channel);
  const args = { channel, text: message.text, blocks: message.blocks, unfurl_links: false };
  const answer = await call('chat.postMessage', args);
  if (answer.ok === false && answer.error === 'not_in_channel') {
    const joined = await call('conversations.join', { channel });
    if (joined.ok) await call('chat.postMessage', args);
  }
}

type Call = (method: string, args: Record<string, unknown>, httpMethod?: 'GET' | 'POST') => Promise<Record<string, unknown>>;

/** A channel id as given, or the id of the public channel with that name (conversations.list, paged). */
async function channelId(config: SlackIntegration, call: Call): Promise<string | null> {
  if (/^[CG][A-Z0-9]+$/.test(config.channel)) return config.channel;
  const name = config.channel.replace(/^#/, '');
  let cursor = '';
  do {
    const page = await call('conversations.list', { types: 'public_channel', exclude_archived: true, limit: 1000, ...(cursor && { cursor }) }, 'GET');
    if (page.ok !== true) return null;
    const hit = (page.channels as { id: string; name: string }[]).find((c) => c.name === name);
    if (hit) return hit.id;
    cursor = (page.response_metadata as { next_cursor?: string } | undefined)?.next_cursor ?? '';
  } while (cursor);
  return null;
}
