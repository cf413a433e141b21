// Watchers (list, add — the body is the accountId as a JSON string, none means the caller —, remove) and
// votes (list, vote, unvote). Managing someone else's watching takes a site admin; the watcher must be
// able to browse the issue. Jira refuses votes on one's own reported issues and on resolved ones.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { callerId } from '../auth.js';
import { jiraError } from '../errors.js';
import { canBrowse, isSiteAdmin, type JiraData, jiraTime, projectsByIdOrKey, usersById } from '../store.js';
import { userRef } from '../views.js';
import { STATUSES } from '../workflow.js';
import { findIssue } from './issues.js';
import { query, VERSIONS } from './params.js';

export function watchersVotesRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  const issueOf = (request: FastifyRequest) => findIssue(ctx.store.data, (request.params as { issueIdOrKey: string }).issueIdOrKey, callerId(request));
  /** The account to add or remove: must exist, and only admins manage other people's watching. */
  const target = (request: FastifyRequest, accountId: unknown) => {
    const data = ctx.store.data;
    const me = callerId(request);
    const id = accountId === undefined || accountId === null || accountId === '' ? me : accountId;
    const user = typeof id === 'string' ? usersById(data.users).get(id) : undefined;
    if (!user) throw jiraError(404, `The user with account ID '${String(id)}' does not exist`);
    if (user.accountId !== me && !isSiteAdmin(data, me)) throw jiraError(403, 'You do not have the permission to manage the watcher list.');
    return user.accountId;
  };

  for (const v of VERSIONS) {
    const p = `/rest/api/${v}/issue/:issueIdOrKey`;

    app.get(`${p}/watchers`, { config: { operation: 'getIssueWatchers' } }, (request) => {
      const data = ctx.store.data;
      const issue = issueOf(request);
      const watchers = issue.watchers ?? [];
      return {
        self: `${ctx.publicUrl()}/rest/api/${v}/issue/${issue.key}/watchers`, isWatching: watchers.includes(callerId(request)), watchCount: watchers.length,
        watchers: watchers.map((id) => userRef(data, ctx.publicUrl(), v, id)).filter(Boolean),
      };
    });

    app.post(`${p}/watchers`, { config: { operation: 'addWatcher' } }, (request, reply) => {
      const data = ctx.store.data;
      const issue = issueOf(request);
      if (request.body !== undefined && typeof request.body !== 'string') throw jiraError(400, 'The request body must be the accountId of the user, as a JSON string.');
      const who = target(request, request.body);
      const project = projectsByIdOrKey(data.projects).get(issue.projectId)!;
      if (!canBrowse(data, who, project)) throw jiraError(400, `The user "${who}" does not have permission to view this issue`);
      if (!(issue.watchers ?? []).includes(who)) issue.watchers = [...(issue.watchers ?? []), who];
      ctx.store.changed();
      return reply.code(204).send();
    });

    app.delete(`${p}/watchers`, { config: { operation: 'removeWatcher' } }, (request, reply) => {
      const issue = issueOf(request);
      const q = query(request);
      if (!q.accountId && !q.username) throw jiraError(400, 'The accountId parameter is required.');
      const who = target(request, q.accountId ?? q.username);
      issue.watchers = (issue.watchers ?? []).filter((w) => w !== who);
      ctx.store.changed();
      return reply.code(204).send();
    });

    app.get(`${p}/votes`, { config: { operation: 'getVotes' } }, (request) => {
      const data = ctx.store.data;
      const issue = issueOf(request);
      const voters = issue.voters ?? [];
      return {
        self: `${ctx.publicUrl()}/rest/api/${v}/issue/${issue.key}/votes`, votes: voters.length, hasVoted: voters.includes(callerId(request)),
        voters: voters.map((id) => userRef(data, ctx.publicUrl(), v, id)).filter(Boolean),
      };
    });

    app.post(`${p}/votes`, { config: { operation: 'addVote' } }, (request, reply) => {
      const issue = issueOf(request);
      const me = callerId(request);
      if (issue.reporterAccountId === me) throw jiraError(404, 'You cannot vote for an issue you have reported.');
      if (STATUSES.find((s) => s.id === issue.statusId)?.category === 'done') throw jiraError(404, 'You cannot vote for a resolved issue.');
      if (!(issue.voters ?? []).includes(me)) {
        issue.voters = [...(issue.voters ?? []), me];
        issue.updated = jiraTime(ctx.clock.now());
        ctx.store.changed();
      }
      return reply.code(204).send();
    });

    app.delete(`${p}/votes`, { config: { operation: 'removeVote' } }, (request, reply) => {
      const issue = issueOf(request);
      const me = callerId(request);
      if (!(issue.voters ?? []).includes(me)) throw jiraError(404, 'Cannot remove a vote for an issue that the user has not already voted for.');
      issue.voters = (issue.voters ?? []).filter((x) => x !== me);
      ctx.store.changed();
      return reply.code(204).send();
    });
  }
}
