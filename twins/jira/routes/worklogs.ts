// Worklogs: list (PageOfWorklogs, startedAfter/startedBefore), add, get, update, delete. Time is given as
// `timeSpent` in Jira's duration text ("1h 30m", "2d", "1w 1.5d"; a week is 5 days, a day 8 hours, a
// bare number is minutes) or `timeSpentSeconds`; `started` is Jira's timestamp ("…T09:00:00.000+0000").
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { callerId } from '../auth.js';
import { type JiraWorklog, nextId } from '../entities.js';
import { jiraError } from '../errors.js';
import { isSiteAdmin, type JiraData, type JiraIssue, jiraTime } from '../store.js';
import { worklogView } from '../views-site.js';
import { emitEvent } from '../webhooks/dispatch.js';
import { type Adf, isAdf, textToAdf } from '../workflow.js';
import { findIssue } from './issues.js';
import { failFields, intParam, objectBody, query, VERSIONS } from './params.js';

const UNIT_SECONDS: Record<string, number> = { w: 5 * 8 * 3600, d: 8 * 3600, h: 3600, m: 60 };

/** Seconds in Jira's duration text, or null when it is not one. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 60);
  const parts = trimmed.split(/\s+/);
  let total = 0;
  for (const part of parts) {
    const m = /^(\d+(?:\.\d+)?)([wdhm])$/.exec(part);
    if (!m) return null;
    total += Number(m[1]) * UNIT_SECONDS[m[2]];
  }
  return parts.length ? Math.round(total) : null;
}

/** Jira's started format: yyyy-MM-dd'T'HH:mm:ss.SSSZ (offset like +0000 or +01:00). */
const STARTED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:?\d{2}$/;

export function worklogsRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  const issueOf = (request: FastifyRequest) => findIssue(ctx.store.data, (request.params as { issueIdOrKey: string }).issueIdOrKey, callerId(request));
  const worklogOf = (request: FastifyRequest, issue: JiraIssue) => {
    const { id } = request.params as { id: string };
    const worklog = (issue.worklogs ?? []).find((w) => w.id === id);
    if (!worklog) throw jiraError(404, `Cannot find worklog with id: '${id}'.`);
    return worklog;
  };

  /** Checks a worklog body; on create time and started are required (started defaults to now). */
  const readWorklog = (v: '2' | '3', body: Record<string, unknown>, creating: boolean): Partial<JiraWorklog> => {
    const errors: Record<string, string> = {};
    const out: Partial<JiraWorklog> = {};
    if (body.timeSpentSeconds !== undefined) {
      if (!Number.isInteger(body.timeSpentSeconds) || (body.timeSpentSeconds as number) <= 0) errors.timeLogged = 'Time Spent must be greater than 0.';
      else out.timeSpentSeconds = body.timeSpentSeconds as number;
    } else if (body.timeSpent !== undefined) {
      const seconds = typeof body.timeSpent === 'string' ? parseDuration(body.timeSpent) : null;
      if (seconds === null) errors.timeLogged = 'Invalid time duration entered.';
      else if (seconds <= 0) errors.timeLogged = 'Time Spent must be greater than 0.';
      else out.timeSpentSeconds = seconds;
    } else if (creating) errors.timeLogged = 'You must indicate the time spent working.';
    if (body.started !== undefined) {
      if (typeof body.started !== 'string' || !STARTED.test(body.started) || Number.isNaN(Date.parse(body.started.replace(/([+-]\d{2}):?(\d{2})$/, '$1:$2')))) errors.started = 'You must specify a valid date to start from.';
      else out.started = jiraTime(Date.parse(body.started.replace(/([+-]\d{2}):?(\d{2})$/, '$1:$2')));
    }
    if (body.comment !== undefined && body.comment !== null) {
      if (v === '3' ? !isAdf(body.comment) : typeof body.comment !== 'string') errors.comment = v === '3' ? 'Comment is not a valid Atlassian Document.' : 'Comment must be a string.';
      else out.comment = typeof body.comment === 'string' ? textToAdf(body.comment) : (body.comment as Adf);
    }
    failFields(errors);
    return out;
  };

  for (const v of VERSIONS) {
    const p = `/rest/api/${v}/issue/:issueIdOrKey/worklog`;
    const view = (issue: JiraIssue, w: JiraWorklog) => worklogView(ctx.store.data, ctx.publicUrl(), v, issue, w);

    app.get(p, { config: { operation: 'getIssueWorklog' } }, (request) => {
      const issue = issueOf(request);
      const q = query(request);
      const startAt = intParam(q, 'startAt', 0);
      const maxResults = intParam(q, 'maxResults', 5000, 5000);
      const after = intParam(q, 'startedAfter', 0);
      const before = intParam(q, 'startedBefore', Number.MAX_SAFE_INTEGER);
      const all = (issue.worklogs ?? []).filter((w) => { const t = Date.parse(w.started.replace('+0000', 'Z')); return t >= after && t <= before; });
      return { startAt, maxResults, total: all.length, worklogs: all.slice(startAt, startAt + maxResults).map((w) => view(issue, w)) };
    });

    app.post(p, { config: { operation: 'addWorklog' } }, (request, reply) => {
      const data = ctx.store.data;
      const issue = issueOf(request);
      const me = callerId(request);
      const fields = readWorklog(v, objectBody(request), true);
      const now = jiraTime(ctx.clock.now());
      const worklog: JiraWorklog = { id: String(nextId(data, 'worklog')), authorAccountId: me, updateAuthorAccountId: me, comment: null, started: now, timeSpentSeconds: 0, created: now, updated: now, ...fields };
      issue.worklogs = [...(issue.worklogs ?? []), worklog];
      issue.updated = now;
      ctx.store.changed();
      emitEvent(ctx, { webhookEvent: 'worklog_created', issue, worklog, actorId: me });
      reply.code(201);
      return view(issue, worklog);
    });

    app.get(`${p}/:id`, { config: { operation: 'getWorklog' } }, (request) => {
      const issue = issueOf(request);
      return view(issue, worklogOf(request, issue));
    });

    app.put(`${p}/:id`, { config: { operation: 'updateWorklog' } }, (request) => {
      const issue = issueOf(request);
      const worklog = worklogOf(request, issue);
      const me = callerId(request);
      if (worklog.authorAccountId !== me && !isSiteAdmin(ctx.store.data, me)) throw jiraError(403, 'You do not have the permission to edit this worklog.');
      Object.assign(worklog, readWorklog(v, objectBody(request), false), { updated: jiraTime(ctx.clock.now()), updateAuthorAccountId: me });
      ctx.store.changed();
      emitEvent(ctx, { webhookEvent: 'worklog_updated', issue, worklog, actorId: me });
      return view(issue, worklog);
    });

    app.delete(`${p}/:id`, { config: { operation: 'deleteWorklog' } }, (request, reply) => {
      const issue = issueOf(request);
      const worklog = worklogOf(request, issue);
      const me = callerId(request);
      if (worklog.authorAccountId !== me && !isSiteAdmin(ctx.store.data, me)) throw jiraError(403, 'You do not have the permission to delete this worklog.');
      issue.worklogs = (issue.worklogs ?? []).filter((w) => w !== worklog);
      ctx.store.changed();
      emitEvent(ctx, { webhookEvent: 'worklog_deleted', issue, worklog, actorId: me });
      return reply.code(204).send();
    });
  }
}
