// Webhook deliveries: when something happens, every enabled webhook subscribed to the event (and, for
// issue-related events, whose JQL filter matches the issue) gets Jira's payload through ctx.outbound.
// Headers: X-Atlassian-Webhook-Identifier (one per delivery, the same on every retry),
// X-Atlassian-Webhook-Retry (absent on the first attempt, then 1, 2…), X-Atlassian-Webhook-Flow
// (Primary; Secondary for the fallout of another event, e.g. comment_deleted after an issue delete),
// and X-Hub-Signature: sha256=<HMAC of the raw body> when the webhook has a secret.
// Payloads are built when the event happens (a deleted issue is still whole), delivered afterwards.
import { createHmac, randomUUID } from 'node:crypto';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import type { JiraHistory } from '../changelog.js';
import type { JiraSprint, JiraWebhook, JiraWorklog } from '../entities.js';
import { type JiraComment, type JiraData, type JiraIssue, projectsByIdOrKey, usersById } from '../store.js';
import { commentView, issueView, userView } from '../views.js';
import { issueRef, sprintView, worklogView } from '../views-site.js';
import { issueMatchesFilter } from './filter.js';
import { notifySlack } from '../slack/notify.js';
import { trackDelivery } from '../deliveries.js';

export interface JiraEvent {
  webhookEvent: string;
  /** Jira's issue_event_type_name: issue_created, issue_updated, issue_generic, issue_assigned, issue_commented… */
  issueEventType?: string;
  issue?: JiraIssue;
  comment?: JiraComment;
  worklog?: JiraWorklog;
  sprint?: JiraSprint;
  changelog?: JiraHistory | null;
  actorId: string;
  secondary?: boolean;
  /** Payload parts of other events (issueLink, attachment…), added as they are. */
  extra?: Record<string, unknown>;
}

/** Jira retries 408, 409, 425, 429, 5xx and no answer; the waits are short here so tests see retries. */
const RETRY_DELAYS_MS = [500, 2_000, 8_000];
const retryOn = (r: { status: number }) => r.status === 0 || [408, 409, 425, 429].includes(r.status) || r.status >= 500;

/** The events whose webhooks' JQL filter applies (Jira's "issue-related events"). */
const issueRelated = (event: string) => event.startsWith('jira:issue_') || event.startsWith('comment_') || event.startsWith('worklog_') || event.startsWith('issuelink_') || event.startsWith('attachment_');

export function payloadOf(ctx: TwinContext<JiraData>, event: JiraEvent): Record<string, unknown> {
  const data = ctx.store.data;
  const base = ctx.publicUrl();
  const user = usersById(data.users).get(event.actorId);
  const { issue, comment, worklog, sprint, changelog } = event;
  const commentLike = !!comment || !!worklog;
  return {
    timestamp: ctx.clock.now(),
    webhookEvent: event.webhookEvent,
    ...(event.issueEventType && { issue_event_type_name: event.issueEventType }),
    ...(user && { user: userView(base, '2', user) }),
    ...(issue && { issue: commentLike ? issueRef(base, '2', issue) : issueView(data, base, '2', issue, undefined, event.actorId) }),
    ...(changelog && { changelog: { id: changelog.id, items: changelog.items } }),
    ...(comment && issue && { comment: commentView(data, base, '2', issue, comment) }),
    ...(worklog && issue && { worklog: worklogView(data, base, '2', issue, worklog) }),
    ...(sprint && { sprint: sprintView(base, sprint) }),
    ...event.extra,
  };
}

/** ${issue.key}-style variables Jira substitutes into admin webhook URLs. */
function expandUrl(url: string, event: JiraEvent, data: JiraData): string {
  const project = event.issue && projectsByIdOrKey(data.projects).get(event.issue.projectId);
  const vars: Record<string, string | undefined> = {
    'issue.id': event.issue?.id, 'issue.key': event.issue?.key, 'project.id': project?.id, 'project.key': project?.key,
    'sprint.id': event.sprint && String(event.sprint.id), 'board.id': event.sprint && String(event.sprint.boardId),
    'comment.id': event.comment?.id, 'worklog.id': event.worklog?.id, 'user.accountId': event.actorId,
  };
  return url.replace(/\$\{([\w.]+)\}/g, (whole, name: string) => (vars[name] === undefined ? whole : encodeURIComponent(vars[name]!)));
}

function subscribed(ctx: TwinContext<JiraData>, hook: JiraWebhook, event: JiraEvent): boolean {
  if (!hook.enabled || !hook.events.includes(event.webhookEvent)) return false;
  if (hook.expirationDate && Date.parse(hook.expirationDate) < ctx.clock.now()) return false;
  if (!hook.jqlFilter || !event.issue || !issueRelated(event.webhookEvent)) return true;
  return issueMatchesFilter(ctx.store.data, hook.jqlFilter, event.issue, hook.ownerAccountId, ctx.clock.now());
}

/** Sends the event to every subscribed webhook and to Slack (Jira Cloud for Slack); returns at once (deliveries run in the background). */
export function emitEvent(ctx: TwinContext<JiraData>, event: JiraEvent): void {
  notifySlack(ctx, event);
  const hooks = ctx.store.data.webhooks.filter((h) => subscribed(ctx, h, event));
  if (!hooks.length) return;
  const body = JSON.stringify(payloadOf(ctx, event));
  const data = ctx.store.data;
  for (const hook of hooks) {
    const identifier = randomUUID();
    const sent = hook.excludeBody ? '' : body;
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8', 'user-agent': 'Atlassian Webhook HTTP Client',
      'x-atlassian-webhook-identifier': identifier, 'x-atlassian-webhook-flow': event.secondary ? 'Secondary' : 'Primary',
      ...(hook.secret && { 'x-hub-signature': `sha256=${createHmac('sha256', hook.secret).update(sent).digest('hex')}` }),
    };
    const url = hook.kind === 'admin' ? expandUrl(hook.url, event, data) : hook.url;
    trackDelivery(ctx.outbound, (observe) => ctx.outbound.deliver(
      { url, method: 'POST', headers, body: sent, operation: event.webhookEvent, actor: { type: 'app' }, target: { webhookId: hook.id, identifier } },
      observe({ delaysMs: RETRY_DELAYS_MS, retryOn, prepare: (request, attempt) => (attempt === 1 ? request : { ...request, headers: { ...request.headers, 'x-atlassian-webhook-retry': String(attempt - 1) } }) }),
    ));
  }
}
