// Comments: list, add, get, update, delete, and comments by ids. v3 bodies are ADF, v2 plain text.
// `visibility` restricts a comment to a group's members (the caller must be one) or a project role;
// restricted comments are invisible to everyone else (listing, get, issue field, by-ids).
// Editing and deleting: the author or a site admin.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { callerId } from '../auth.js';
import type { JiraVisibility } from '../entities.js';
import { jiraError } from '../errors.js';
import { groupsOf, isSiteAdmin, type JiraComment, type JiraData, type JiraIssue, jiraTime } from '../store.js';
import { type ApiVersion, commentView } from '../views.js';
import { canSeeRestricted, visibleComments } from '../views-site.js';
import { emitEvent } from '../webhooks/dispatch.js';
import { isAdf, textToAdf, type Adf } from '../workflow.js';
import { findIssue } from './issues.js';
import { intParam, objectBody, query, VERSIONS } from './params.js';

const ROLES = ['Administrators', 'Developers', 'Member', 'Viewer', 'Users'];
const EMPTY = 'Comment body can not be empty!';

/** A comment body as the version takes it; Jira's per-field error otherwise. */
export function commentBody(v: ApiVersion, value: unknown): Adf {
  if (v === '3' ? value !== undefined && value !== null && !isAdf(value) : value !== undefined && value !== null && typeof value !== 'string') {
    throw jiraError(400, '', { comment: v === '3' ? 'Comment body is not a valid Atlassian Document.' : 'Comment body must be a string.' });
  }
  const adf = value === undefined || value === null ? null : typeof value === 'string' ? textToAdf(value.trim() ? value : '') : (value as Adf);
  if (!adf || !adf.content.length) throw jiraError(400, '', { comment: EMPTY });
  if (JSON.stringify(adf).length > 32_767) throw jiraError(400, '', { comment: 'The entered text is too long. It exceeds the allowed limit of 32,767 characters.' });
  return adf;
}

/** `visibility` of a comment or worklog body: a group the caller belongs to, or a known role. */
export function readVisibility(data: JiraData, value: unknown, me: string, field = 'commentLevel'): JiraVisibility | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof value !== 'object' || Array.isArray(value) || (v.type !== 'group' && v.type !== 'role')) throw jiraError(400, '', { [field]: "Visibility type must be 'group' or 'role'." });
  if (v.type === 'group') {
    const group = data.groups.find((g) => g.name === v.value || (v.identifier !== undefined && g.groupId === v.identifier));
    if (!group) throw jiraError(400, '', { [field]: `Group: ${String(v.value ?? v.identifier)} does not exist.` });
    if (!(groupsOf(data.groups).get(me) ?? []).includes(group.name)) throw jiraError(400, '', { [field]: `You are currently not a member of the group: ${group.name}.` });
    return { type: 'group', value: group.name, identifier: group.groupId };
  }
  if (typeof v.value !== 'string' || !ROLES.includes(v.value)) throw jiraError(400, '', { [field]: `Role with name '${String(v.value)}' does not exist.` });
  return { type: 'role', value: v.value };
}

export function commentsRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  const issueOf = (request: FastifyRequest) => findIssue(ctx.store.data, (request.params as { issueIdOrKey: string }).issueIdOrKey, callerId(request));
  const commentOf = (request: FastifyRequest, issue: JiraIssue): JiraComment => {
    const { id } = request.params as { id: string };
    const comment = issue.comments.find((c) => c.id === id);
    if (!comment || !canSeeRestricted(ctx.store.data, callerId(request), comment.visibility, comment.authorAccountId)) throw jiraError(404, `Can not find a comment for the id: ${id}.`);
    return comment;
  };
  const mayChange = (request: FastifyRequest, comment: JiraComment, verb: 'edit' | 'delete') => {
    const me = callerId(request);
    if (comment.authorAccountId !== me && !isSiteAdmin(ctx.store.data, me)) throw jiraError(403, `You do not have the permission to ${verb} this comment.`);
  };

  for (const v of VERSIONS) {
    const p = `/rest/api/${v}/issue/:issueIdOrKey/comment`;
    const view = (issue: JiraIssue, c: JiraComment) => commentView(ctx.store.data, ctx.publicUrl(), v, issue, c);

    app.get(p, { config: { operation: 'getComments' } }, (request) => {
      const issue = issueOf(request);
      const q = query(request);
      const startAt = intParam(q, 'startAt', 0);
      const maxResults = intParam(q, 'maxResults', 5000, 5000);
      const mine = visibleComments(ctx.store.data, issue, callerId(request));
      const ordered = q.orderBy === '-created' ? [...mine].reverse() : mine;
      return { startAt, maxResults, total: mine.length, comments: ordered.slice(startAt, startAt + maxResults).map((c) => view(issue, c)) };
    });

    app.post(p, { config: { operation: 'addComment' } }, (request, reply) => {
      const data = ctx.store.data;
      const me = callerId(request);
      const issue = issueOf(request);
      const body = objectBody(request);
      const adf = commentBody(v, body.body);
      const visibility = readVisibility(data, body.visibility, me);
      const now = jiraTime(ctx.clock.now());
      const comment: JiraComment = { id: String(data.nextCommentId++), authorAccountId: me, body: adf, created: now, updated: now, ...(visibility && { visibility }) };
      issue.comments.push(comment);
      issue.updated = now;
      ctx.store.changed();
      emitEvent(ctx, { webhookEvent: 'comment_created', issue, comment, actorId: me });
      emitEvent(ctx, { webhookEvent: 'jira:issue_updated', issueEventType: 'issue_commented', issue, comment, actorId: me });
      reply.code(201);
      return view(issue, comment);
    });

    app.get(`${p}/:id`, { config: { operation: 'getComment' } }, (request) => {
      const issue = issueOf(request);
      return view(issue, commentOf(request, issue));
    });

    app.put(`${p}/:id`, { config: { operation: 'updateComment' } }, (request) => {
      const data = ctx.store.data;
      const issue = issueOf(request);
      const comment = commentOf(request, issue);
      mayChange(request, comment, 'edit');
      const me = callerId(request);
      const body = objectBody(request);
      const adf = commentBody(v, body.body);
      const visibility = readVisibility(data, body.visibility, me);
      const now = jiraTime(ctx.clock.now());
      Object.assign(comment, { body: adf, updated: now, updateAuthorAccountId: me }, visibility !== undefined && { visibility });
      ctx.store.changed();
      emitEvent(ctx, { webhookEvent: 'comment_updated', issue, comment, actorId: me });
      return view(issue, comment);
    });

    app.delete(`${p}/:id`, { config: { operation: 'deleteComment' } }, (request, reply) => {
      const issue = issueOf(request);
      const comment = commentOf(request, issue);
      mayChange(request, comment, 'delete');
      issue.comments = issue.comments.filter((c) => c !== comment);
      ctx.store.changed();
      emitEvent(ctx, { webhookEvent: 'comment_deleted', issue, comment, actorId: callerId(request) });
      return reply.code(204).send();
    });

    // Comments by id across issues, only those the caller may see.
    app.post(`/rest/api/${v}/comment/list`, { config: { operation: 'getCommentsByIds' } }, (request) => {
      const body = objectBody(request);
      if (!Array.isArray(body.ids) || !body.ids.length || body.ids.length > 1000) throw jiraError(400, '', { ids: 'Provide between 1 and 1000 comment ids.' });
      const wanted = new Set(body.ids.map(String));
      const data = ctx.store.data;
      const me = callerId(request);
      const found: ReturnType<typeof view>[] = [];
      for (const issue of Object.values(data.issues)) {
        if (!issue.comments.some((c) => wanted.has(c.id))) continue;
        try { findIssue(data, issue.id, me); } catch { continue; }
        for (const c of visibleComments(data, issue, me)) if (wanted.has(c.id)) found.push(view(issue, c));
      }
      found.sort((a, b) => Number(a.id) - Number(b.id));
      return { self: `${ctx.publicUrl()}/rest/api/${v}/comment/list`, maxResults: found.length, startAt: 0, total: found.length, isLast: true, values: found };
    });
  }
}
