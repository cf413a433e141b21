// Epics (the `parent` of their child issues): get, the issues of an epic, issues without an epic,
// moving issues into or out of an epic; and ranking (PUT /issue/rank, rankBeforeIssue/rankAfterIssue).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { callerId } from '../auth.js';
import { historyState, recordHistory } from '../changelog.js';
import { jiraError } from '../errors.js';
import { objectBody } from '../routes/params.js';
import { canBrowse, type JiraData, type JiraIssue, jiraTime, projectsByIdOrKey } from '../store.js';
import { emitEvent } from '../webhooks/dispatch.js';
import { AGILE, agileIssue, epicView, fieldList, isEpic, isSubtask, issuePage, issuesIn, narrow } from './common.js';
import { rank } from './rank.js';

export function epicsRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  const epicOf = (request: FastifyRequest): JiraIssue => {
    const { epicIdOrKey } = request.params as { epicIdOrKey: string };
    const data = ctx.store.data;
    const id = /^\d+$/.test(epicIdOrKey) ? epicIdOrKey : data.issueKeys[epicIdOrKey.toUpperCase()];
    const issue = id === undefined ? undefined : data.issues[id];
    const project = issue && projectsByIdOrKey(data.projects).get(issue.projectId);
    if (!issue || !project || !canBrowse(data, callerId(request), project)) throw jiraError(404, `Epic ${epicIdOrKey} does not exist or you do not have permission to see it.`);
    if (!isEpic(issue)) throw jiraError(400, `Issue ${issue.key} is not an epic.`);
    return issue;
  };

  const setParent = (issues: JiraIssue[], parentId: string | null, me: string) => {
    const data = ctx.store.data;
    const now = jiraTime(ctx.clock.now());
    for (const issue of issues) {
      const before = historyState(issue);
      issue.parentId = parentId;
      const changelog = recordHistory(data, issue, before, me, now);
      if (!changelog) continue;
      issue.updated = now;
      emitEvent(ctx, { webhookEvent: 'jira:issue_updated', issueEventType: 'issue_generic', issue, changelog, actorId: me });
    }
    ctx.store.changed();
  };

  app.get(`${AGILE}/epic/none/issue`, { config: { operation: 'getIssuesWithoutEpic' } }, (request) => {
    const data = ctx.store.data;
    const loose = Object.values(data.issues).filter((i) => !isEpic(i) && !isSubtask(i) && !(i.parentId && data.issues[i.parentId] && isEpic(data.issues[i.parentId])));
    return issuePage(ctx, request, narrow(ctx, request, loose));
  });

  app.post(`${AGILE}/epic/none/issue`, { config: { operation: 'removeIssuesFromEpic' } }, (request, reply) => {
    const issues = issuesIn(ctx.store.data, request, objectBody(request).issues);
    setParent(issues, null, callerId(request));
    return reply.code(204).send();
  });

  app.get(`${AGILE}/epic/:epicIdOrKey`, { config: { operation: 'getEpic' } }, (request) => epicView(ctx, epicOf(request)));

  app.get(`${AGILE}/epic/:epicIdOrKey/issue`, { config: { operation: 'getIssuesForEpic' } }, (request) => {
    const epic = epicOf(request);
    return issuePage(ctx, request, narrow(ctx, request, Object.values(ctx.store.data.issues).filter((i) => i.parentId === epic.id)));
  });

  app.post(`${AGILE}/epic/:epicIdOrKey/issue`, { config: { operation: 'moveIssuesToEpic' } }, (request, reply) => {
    const epic = epicOf(request);
    const issues = issuesIn(ctx.store.data, request, objectBody(request).issues);
    const bad = issues.find((i) => isEpic(i) || isSubtask(i));
    if (bad) throw jiraError(400, `Issue ${bad.key} cannot be added to an epic: epics and subtasks have no epic.`);
    setParent(issues, epic.id, callerId(request));
    return reply.code(204).send();
  });

  // One issue in Jira Software's representation (platform fields plus sprint, closedSprints, epic, flagged).
  app.get(`${AGILE}/issue/:issueIdOrKey`, { config: { operation: 'getIssue' } }, (request) => {
    const { issueIdOrKey } = request.params as { issueIdOrKey: string };
    const issue = issuesIn(ctx.store.data, request, [issueIdOrKey], 404)[0];
    return agileIssue(ctx, issue, fieldList(request), callerId(request));
  });

  app.put(`${AGILE}/issue/rank`, { config: { operation: 'rankIssues' } }, (request, reply) => {
    const data = ctx.store.data;
    const body = objectBody(request);
    const issues = issuesIn(data, request, body.issues);
    if ((body.rankBeforeIssue === undefined) === (body.rankAfterIssue === undefined)) throw jiraError(400, 'Exactly one of rankBeforeIssue and rankAfterIssue must be given.');
    const [before] = body.rankBeforeIssue === undefined ? [] : issuesIn(data, request, [body.rankBeforeIssue]);
    const [after] = body.rankAfterIssue === undefined ? [] : issuesIn(data, request, [body.rankAfterIssue]);
    rank(data, issues, { before, after });
    ctx.store.changed();
    return reply.code(204).send();
  });
}
