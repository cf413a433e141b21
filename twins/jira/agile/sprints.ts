// Sprints: create (future, on a Scrum board), get, update (PUT: the whole sprint) and partial update
// (POST: given fields only), delete, issues of a sprint, moving issues into a sprint (with rank).
// State changes follow Jira Software: future → active needs start and end dates and no other active
// sprint on the board; active → closed stamps completeDate and sends unfinished issues back to the
// backlog (the closed sprint stays in their sprint history). Events: sprint_created, sprint_updated,
// sprint_started, sprint_closed, sprint_deleted, and jira:issue_updated for moved issues.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { callerId } from '../auth.js';
import { historyState, recordHistory } from '../changelog.js';
import { type JiraSprint, nextId } from '../entities.js';
import { jiraError } from '../errors.js';
import { failFields, objectBody } from '../routes/params.js';
import { type JiraData, type JiraIssue, jiraTime } from '../store.js';
import { sprintView } from '../views-site.js';
import { emitEvent } from '../webhooks/dispatch.js';
import { AGILE, boardOf, isDone, issuePage, issuesIn, narrow, sprintOf } from './common.js';
import { rank } from './rank.js';

const MAX_NAME = 30;

interface Checked { next: Partial<JiraSprint>; starting: boolean; closing: boolean }

/** An ISO 8601 date-time as Jira Software takes it (offset as +10:00, +1000 or Z), as epoch ms. */
function parseTime(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value)) return null;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? null : ms;
}

export function sprintsRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  const base = () => ctx.publicUrl();

  /** Moves issues into `sprintId` (null: out of every open sprint), recording history and events. */
  const moveIssues = (issues: JiraIssue[], sprintId: number | null, me: string) => {
    const data = ctx.store.data;
    const now = jiraTime(ctx.clock.now());
    for (const issue of issues) {
      const before = historyState(issue);
      const kept = (issue.customfield_10020 ?? []).filter((id) => data.sprints[id]?.state === 'closed');
      issue.customfield_10020 = sprintId === null ? kept : [...kept.filter((id) => id !== sprintId), sprintId];
      const changelog = recordHistory(data, issue, before, me, now);
      if (!changelog) continue;
      issue.updated = now;
      emitEvent(ctx, { webhookEvent: 'jira:issue_updated', issueEventType: 'issue_generic', issue, changelog, actorId: me });
    }
  };

  /** Checks a sprint body against the sprint (or a new one); changes nothing. */
  const checkSprint = (sprint: JiraSprint, body: Record<string, unknown>, whole: boolean): Checked => {
    const data = ctx.store.data;
    const errors: Record<string, string> = {};
    const next: Partial<JiraSprint> = {};
    if (body.name !== undefined || whole) {
      if (typeof body.name !== 'string' || !body.name.trim()) errors.name = 'The sprint name must not be empty.';
      else if (body.name.length > MAX_NAME) errors.name = `The sprint name is too long. The maximum length is ${MAX_NAME} characters.`;
      else next.name = body.name;
    }
    if (body.goal !== undefined || whole) {
      if (body.goal !== undefined && body.goal !== null && typeof body.goal !== 'string') errors.goal = 'The sprint goal must be a string.';
      else next.goal = (body.goal as string | null | undefined) ?? '';
    }
    for (const field of ['startDate', 'endDate'] as const) {
      if (body[field] === undefined || body[field] === null) continue;
      const ms = parseTime(body[field]);
      if (ms === null) errors[field] = `The ${field === 'startDate' ? 'start' : 'end'} date is not a valid date-time (ISO 8601).`;
      else next[field] = jiraTime(ms);
    }
    const state = body.state ?? sprint.state;
    if (!['future', 'active', 'closed'].includes(String(state))) errors.state = "The sprint state must be 'future', 'active' or 'closed'.";
    const starting = state === 'active' && sprint.state === 'future';
    const closing = state === 'closed' && sprint.state === 'active';
    if (!errors.state && state !== sprint.state && !starting && !closing) errors.state = `A sprint cannot go from ${sprint.state} to ${String(state)}.`;
    if (sprint.state === 'closed' && (next.startDate || next.endDate)) errors.sprint = 'The dates of a closed sprint cannot be changed.';
    const start = next.startDate ?? sprint.startDate;
    const end = next.endDate ?? sprint.endDate;
    if (starting && (!start || !end)) errors.sprint = 'A sprint needs a start date and an end date to be started.';
    if (start && end && Date.parse(start.replace('+0000', 'Z')) > Date.parse(end.replace('+0000', 'Z'))) errors.endDate = 'The end date must be after the start date.';
    if (starting && Object.values(data.sprints).some((s) => s.boardId === sprint.boardId && s.state === 'active' && s.id !== sprint.id)) errors.sprint = 'This board already has an active sprint; close it before starting another.';
    failFields(errors);
    return { next, starting, closing };
  };

  /** Applies a checked body: dates, name, goal, and the start or close with its consequences. */
  const commitSprint = (request: FastifyRequest, sprint: JiraSprint, { next, starting, closing }: Checked) => {
    const data = ctx.store.data;
    Object.assign(sprint, next);
    if (starting) sprint.state = 'active';
    if (closing) {
      sprint.state = 'closed';
      sprint.completeDate = jiraTime(ctx.clock.now());
      const unfinished = Object.values(data.issues).filter((i) => i.customfield_10020?.includes(sprint.id) && !isDone(i));
      moveIssues(unfinished, null, callerId(request));
    }
    return { started: starting, closed: closing };
  };

  const sprintEvents = (sprint: JiraSprint, me: string, change: { started: boolean; closed: boolean }) => {
    emitEvent(ctx, { webhookEvent: 'sprint_updated', sprint, actorId: me });
    if (change.started) emitEvent(ctx, { webhookEvent: 'sprint_started', sprint, actorId: me });
    if (change.closed) emitEvent(ctx, { webhookEvent: 'sprint_closed', sprint, actorId: me });
  };

  app.post(`${AGILE}/sprint`, { config: { operation: 'createSprint' } }, (request, reply) => {
    const data = ctx.store.data;
    const body = objectBody(request);
    const me = callerId(request);
    if (body.originBoardId === undefined) throw jiraError(400, '', { originBoardId: 'The board id (originBoardId) must be given.' });
    const { board } = boardOf(data, request, String(body.originBoardId));
    if (board.type !== 'scrum') throw jiraError(400, 'The board does not support sprints');
    const sprint: JiraSprint = { id: 0, name: '', state: 'future', boardId: board.id, goal: '', startDate: null, endDate: null, completeDate: null, createdDate: jiraTime(ctx.clock.now()) };
    commitSprint(request, sprint, checkSprint(sprint, { ...body, state: undefined }, true));
    sprint.id = nextId(data, 'sprint');
    data.sprints[sprint.id] = sprint;
    ctx.store.changed();
    emitEvent(ctx, { webhookEvent: 'sprint_created', sprint, actorId: me });
    reply.code(201);
    return sprintView(base(), sprint);
  });

  app.get(`${AGILE}/sprint/:sprintId`, { config: { operation: 'getSprint' } }, (request) => sprintView(base(), sprintOf(ctx.store.data, request)));

  for (const [method, operation, whole] of [['PUT', 'updateSprint', true], ['POST', 'partiallyUpdateSprint', false]] as const) {
    app.route({
      method, url: `${AGILE}/sprint/:sprintId`, config: { operation },
      handler: (request) => {
        const sprint = sprintOf(ctx.store.data, request);
        const body = objectBody(request);
        const change = commitSprint(request, sprint, checkSprint(sprint, { ...body, name: body.name ?? (whole ? sprint.name : undefined) }, whole));
        ctx.store.changed();
        sprintEvents(sprint, callerId(request), change);
        return sprintView(base(), sprint);
      },
    });
  }

  app.delete(`${AGILE}/sprint/:sprintId`, { config: { operation: 'deleteSprint' } }, (request, reply) => {
    const data = ctx.store.data;
    const sprint = sprintOf(data, request);
    if (sprint.state === 'closed') throw jiraError(400, 'A closed sprint cannot be deleted.');
    const me = callerId(request);
    moveIssues(Object.values(data.issues).filter((i) => i.customfield_10020?.includes(sprint.id)), null, me);
    delete data.sprints[sprint.id];
    ctx.store.changed();
    emitEvent(ctx, { webhookEvent: 'sprint_deleted', sprint, actorId: me });
    return reply.code(204).send();
  });

  app.get(`${AGILE}/sprint/:sprintId/issue`, { config: { operation: 'getIssuesForSprint' } }, (request) => {
    const data = ctx.store.data;
    const sprint = sprintOf(data, request);
    return issuePage(ctx, request, narrow(ctx, request, Object.values(data.issues).filter((i) => i.customfield_10020?.includes(sprint.id))));
  });

  app.post(`${AGILE}/sprint/:sprintId/issue`, { config: { operation: 'moveIssuesToSprintAndRank' } }, (request, reply) => {
    const data = ctx.store.data;
    const sprint = sprintOf(data, request);
    const body = objectBody(request);
    if (sprint.state === 'closed') throw jiraError(400, 'Issues cannot be moved to a closed sprint.');
    const issues = issuesIn(data, request, body.issues);
    const before = body.rankBeforeIssue === undefined ? undefined : issuesIn(data, request, [body.rankBeforeIssue])[0];
    const after = body.rankAfterIssue === undefined ? undefined : issuesIn(data, request, [body.rankAfterIssue])[0];
    if (before || after) rank(data, issues, { before, after });
    moveIssues(issues, sprint.id, callerId(request));
    ctx.store.changed();
    return reply.code(204).send();
  });
}
