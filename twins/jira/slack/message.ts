// What Jira Cloud for Slack posts about an issue: a notification text naming the issue with a link
// `<{site}/browse/KEY-1|KEY-1>`, and Block Kit blocks with the linked key and summary, the type,
// status, assignee, priority and reporter, and who did what. Built when the event happens, so the
// message shows the issue as it was then.
import type { HistoryItem } from '../changelog.js';
import { type JiraData, type JiraIssue, projectsByIdOrKey, usersById } from '../store.js';
import { ISSUE_TYPES, PRIORITIES, STATUSES } from '../workflow.js';
import type { SlackEventName } from './config.js';

export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

/** Slack's mrkdwn control characters (api.slack.com "Formatting text"). */
const mrkdwn = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function issueMessage(data: JiraData, siteUrl: string, kind: SlackEventName, issue: JiraIssue, actorId: string, status?: HistoryItem): SlackMessage {
  const users = usersById(data.users);
  const name = (accountId: string | null) => (accountId && users.get(accountId)?.displayName) || 'Unassigned';
  const type = ISSUE_TYPES.find((t) => t.id === issue.issueTypeId)!.name;
  const url = `${siteUrl}/browse/${issue.key}`;
  const link = `<${url}|${issue.key}>`;
  const summary = mrkdwn(issue.summary);
  const actor = mrkdwn(name(actorId));
  const project = projectsByIdOrKey(data.projects).get(issue.projectId)!;
  const what = kind === 'issue_created'
    ? `${actor} created ${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type} ${link}: ${summary}`
    : `${actor} transitioned ${link} from *${mrkdwn(status?.fromString ?? '')}* to *${mrkdwn(status?.toString ?? '')}*: ${summary}`;
  const fields = [
    ['Type', type],
    ['Status', STATUSES.find((s) => s.id === issue.statusId)!.name],
    ['Assignee', name(issue.assigneeAccountId)],
    ['Priority', PRIORITIES.find((p) => p.id === issue.priorityId)!.name],
    ['Reporter', name(issue.reporterAccountId)],
  ].map(([label, value]) => ({ type: 'mrkdwn', text: `*${label}*\n${mrkdwn(value)}` }));
  return {
    text: what,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*<${url}|${issue.key}: ${summary}>*` } },
      { type: 'section', fields },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${what} · ${mrkdwn(project.name)}` }] },
    ],
  };
}
