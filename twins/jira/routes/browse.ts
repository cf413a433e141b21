// GET /browse/:issueKey — the issue's page in the browser, so links Jira hands out (Slack messages,
// webhook payloads) resolve. A small HTML page with the title Jira gives it ("[KEY-1] Summary - Jira"),
// the summary, status, assignee and reporter; an unknown key is Jira's 404 page. A browser without
// credentials sees any issue of the site (there is no log-in page here; Jira would ask you to log in);
// a request with credentials is its caller's view: an issue they cannot browse is the same 404 page.
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { basicAuth, callerId } from '../auth.js';
import { canBrowse, type JiraData, projectsByIdOrKey, usersById } from '../store.js';
import { STATUSES } from '../workflow.js';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, body: string) =>
  `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>\n<body>${body}</body></html>\n`;

export function browseRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  const authenticate = basicAuth(ctx);
  app.get('/browse/:issueKey', { config: { operation: 'browseIssue', readOnly: true, jiraOwnAuth: true } }, async (request, reply) => {
    const data = ctx.store.data;
    const key = (request.params as { issueKey: string }).issueKey.toUpperCase();
    const id = data.issueKeys[key];
    let issue = id === undefined ? undefined : data.issues[id];
    if (request.headers.authorization) {
      await authenticate(request);
      if (issue && !canBrowse(data, callerId(request), projectsByIdOrKey(data.projects).get(issue.projectId)!)) issue = undefined;
    }
    reply.type('text/html; charset=utf-8');
    if (!issue) {
      reply.code(404);
      return page('Issue does not exist - Jira', `<main><h1>Issue does not exist</h1><p>The issue you are trying to view does not exist, or you do not have permission to see it.</p></main>`);
    }
    const users = usersById(data.users);
    const person = (accountId: string | null) => (accountId && users.get(accountId)?.displayName) || 'Unassigned';
    const project = projectsByIdOrKey(data.projects).get(issue.projectId)!;
    const status = STATUSES.find((s) => s.id === issue.statusId)!.name;
    const url = `${ctx.publicUrl()}/browse/${issue.key}`;
    return page(`[${issue.key}] ${issue.summary} - Jira`, [
      `<main data-issue-key="${escape(issue.key)}">`,
      `<nav>${escape(project.name)} / <a href="${escape(url)}">${escape(issue.key)}</a></nav>`,
      `<h1 id="summary">${escape(issue.summary)}</h1>`,
      '<dl>',
      `<dt>Status</dt><dd id="status">${escape(status)}</dd>`,
      `<dt>Assignee</dt><dd id="assignee">${escape(person(issue.assigneeAccountId))}</dd>`,
      `<dt>Reporter</dt><dd id="reporter">${escape(person(issue.reporterAccountId))}</dd>`,
      `<dt>Created</dt><dd id="created">${escape(issue.created)}</dd>`,
      '</dl>',
      '</main>',
    ].join('\n'));
  });
}
