// Issues: create (with Jira's per-field validation), get, edit, delete, transitions and comments.
// An issue in a project the caller can't browse answers exactly like one that doesn't exist.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { callerId } from '../auth.js';
import { jiraError } from '../errors.js';
import { canBrowse, isSiteAdmin, type JiraData, type JiraIssue, jiraTime, newIssue, projectsByIdOrKey, usersById } from '../store.js';
import { historyState, recordHistory } from '../changelog.js';
import { RESOLUTIONS } from '../resolutions.js';
import { type ApiVersion, issueView, statusView } from '../views.js';
import { expandIssue, expandList } from '../views-model.js';
import { emitEvent } from '../webhooks/dispatch.js';
import { type Adf, DEFAULT_PRIORITY, INITIAL_STATUS, isAdf, ISSUE_TYPES, PRIORITIES, RESOLUTION_DONE, STATUSES, textToAdf, TRANSITIONS } from '../workflow.js';
import { handlesUpdate, readSiteFields, readSiteUpdate, SITE_FIELDS } from './issue-site-fields.js';
import { MODEL_FIELDS, readModelFields } from './issue-model-fields.js';
import { failFields, objectBody, query, VERSIONS } from './params.js';

const NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';
const CREATE_FIELDS = new Set(['project', 'issuetype', 'summary', 'description', 'priority', 'assignee', 'reporter', 'labels', ...SITE_FIELDS, ...MODEL_FIELDS]);
const EDIT_FIELDS = new Set(['issuetype', 'summary', 'description', 'priority', 'assignee', 'reporter', 'labels', ...SITE_FIELDS, ...MODEL_FIELDS]);
const cannotSet = (f: string) => `Field '${f}' cannot be set. It is not on the appropriate screen, or unknown.`;

export function findIssue(data: JiraData, idOrKey: string, accountId: string): JiraIssue {
  const id = /^\d+$/.test(idOrKey) ? idOrKey : data.issueKeys[idOrKey.toUpperCase()];
  const issue = id === undefined ? undefined : data.issues[id];
  const project = issue && projectsByIdOrKey(data.projects).get(issue.projectId);
  if (!issue || !project || !canBrowse(data, accountId, project)) throw jiraError(404, NOT_FOUND);
  return issue;
}

const ref = (value: unknown): { id?: unknown; key?: unknown; name?: unknown; accountId?: unknown } | null =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/** Rich text as the version takes it (v3: ADF document, v2: string), stored as ADF; errors name the field. */
function richText(v: ApiVersion, value: unknown, field: string, errors: Record<string, string>): Adf | null | undefined {
  if (value === null) return null;
  if (v === '3') {
    if (isAdf(value)) return value;
    errors[field] = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
    return undefined;
  }
  if (typeof value === 'string') return value === '' ? null : textToAdf(value);
  errors[field] = `Operation value must be a string`;
  return undefined;
}

type Changes = Partial<Pick<JiraIssue, 'summary' | 'description' | 'issueTypeId' | 'priorityId' | 'assigneeAccountId' | 'reporterAccountId' | 'labels' | 'projectId'>>;

/** Checks every given field and collects Jira's message per bad field; nothing is written here. */
function readFields(data: JiraData, v: ApiVersion, fields: Record<string, unknown>, allowed: Set<string>, me: string): { changes: Changes; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const changes: Changes = {};
  const users = usersById(data.users);
  for (const [name, value] of Object.entries(fields)) {
    if (!allowed.has(name)) { errors[name] = cannotSet(name); continue; }
    const r = ref(value);
    switch (name) {
      case 'project': {
        const p = r && projectsByIdOrKey(data.projects).get(String(r.id ?? r.key ?? ''));
        if (!p || !canBrowse(data, me, p)) errors.project = 'Specify a valid project ID or key';
        else changes.projectId = p.id;
        break;
      }
      case 'issuetype': {
        const t = r && ISSUE_TYPES.find((x) => x.id === String(r.id) || x.name === r.name);
        if (!t) errors.issuetype = r && (r.id !== undefined || r.name !== undefined) ? 'Specify a valid issue type' : 'Specify an issue type';
        else if (t.subtask) errors.issuetype = 'Issue type is a sub-task but parent issue key or id not specified.';
        else changes.issueTypeId = t.id;
        break;
      }
      case 'summary':
        if (typeof value !== 'string' || !value.trim()) errors.summary = 'You must specify a summary of the issue.';
        else if (value.length > 255) errors.summary = 'Summary must be less than 255 characters.';
        else if (/[\r\n]/.test(value)) errors.summary = 'The summary is invalid because it contains newline characters.';
        else changes.summary = value;
        break;
      case 'description': {
        const d = richText(v, value, 'description', errors);
        if (d !== undefined) changes.description = d;
        break;
      }
      case 'priority': {
        const p = r && PRIORITIES.find((x) => x.id === String(r.id) || x.name === r.name);
        if (!p) errors.priority = r ? 'The priority selected is invalid.' : 'Specify the Priority (id or name) in the string format';
        else changes.priorityId = p.id;
        break;
      }
      case 'assignee':
      case 'reporter': {
        const key = name === 'assignee' ? 'assigneeAccountId' : 'reporterAccountId';
        if (value === null && name === 'assignee') { changes.assigneeAccountId = null; break; }
        const u = r && typeof r.accountId === 'string' ? users.get(r.accountId) : undefined;
        if (!u || !u.active) errors[name] = name === 'assignee' ? `User '${String(r?.accountId ?? '')}' cannot be assigned issues.` : 'The reporter specified is not a user.';
        else changes[key] = u.accountId;
        break;
      }
      case 'labels':
        if (!Array.isArray(value) || value.some((l) => typeof l !== 'string' || !l)) errors.labels = 'The labels must be a list of non-empty strings.';
        else if (value.find((l: string) => /\s/.test(l))) errors.labels = `The label '${value.find((l: string) => /\s/.test(l))}' contains spaces which is invalid.`;
        else changes.labels = [...new Set(value as string[])];
        break;
    }
  }
  return { changes, errors };
}

/** `update` operations for labels ({add}, {remove}, {set}); other fields' operations are not modelled. */
function readUpdate(update: unknown, labels: string[], errors: Record<string, string>): string[] | undefined {
  if (update === undefined) return undefined;
  const u = ref(update);
  if (!u) { errors.update = 'update must be an object'; return undefined; }
  let out: string[] | undefined;
  for (const [name, ops] of Object.entries(u)) {
    if (handlesUpdate(name)) continue;
    if (name !== 'labels' || !Array.isArray(ops)) { errors[name] = cannotSet(name); continue; }
    out = [...labels];
    for (const op of ops as Record<string, unknown>[]) {
      const [verb, arg] = Object.entries(op ?? {})[0] ?? [];
      if (verb === 'add' && typeof arg === 'string' && !/\s/.test(arg)) { if (!out.includes(arg)) out.push(arg); }
      else if (verb === 'remove' && typeof arg === 'string') out = out.filter((l) => l !== arg);
      else if (verb === 'set' && Array.isArray(arg) && arg.every((l) => typeof l === 'string')) out = [...new Set(arg as string[])];
      else errors.labels = `Invalid operation for labels: ${JSON.stringify(op)}`;
    }
  }
  return out;
}

const fieldsParam = (request: FastifyRequest): string[] | undefined => {
  const raw = (request.query as Record<string, string | string[] | undefined>).fields;
  if (raw === undefined) return undefined;
  return (Array.isArray(raw) ? raw : [raw]).flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean);
};

export function issuesRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  for (const v of VERSIONS) {
    const p = `/rest/api/${v}/issue`;
    const base = () => ctx.publicUrl();

    /** Checks a create body completely, then writes the issue (nothing is written on a 400). */
    const createFrom = (raw: unknown, me: string): JiraIssue => {
      if (!ref(raw)) throw jiraError(400, 'Can not deserialize the request body: expected a JSON object.');
      const body = raw as Record<string, unknown>;
      const fields = (ref(body.fields) ?? {}) as Record<string, unknown>;
      const data = ctx.store.data;
      const { changes, errors } = readFields(data, v, fields, CREATE_FIELDS, me);
      if (!('project' in fields)) errors.project = 'Specify a valid project ID or key';
      if (!('issuetype' in fields)) errors.issuetype = 'Specify an issue type';
      if (!('summary' in fields)) errors.summary = 'You must specify a summary of the issue.';
      const site = readSiteFields(data, fields, changes.projectId, me, changes.issueTypeId, errors);
      const model = readModelFields(data, fields, changes.projectId, errors);
      failFields(errors);
      const project = projectsByIdOrKey(data.projects).get(changes.projectId!)!;
      const issue = newIssue(data, project, {
        summary: changes.summary!, description: changes.description ?? null, issueTypeId: changes.issueTypeId!, priorityId: changes.priorityId ?? DEFAULT_PRIORITY,
        statusId: INITIAL_STATUS, assigneeAccountId: changes.assigneeAccountId ?? null, reporterAccountId: changes.reporterAccountId ?? me, labels: changes.labels ?? [],
      }, jiraTime(ctx.clock.now()), me);
      Object.assign(issue, site, model, { watchers: [me] });
      ctx.store.changed();
      emitEvent(ctx, { webhookEvent: 'jira:issue_created', issueEventType: 'issue_created', issue, actorId: me });
      return issue;
    };
    const created = (issue: JiraIssue) => ({ id: issue.id, key: issue.key, self: `${base()}${p}/${issue.id}` });

    app.post(p, { config: { operation: 'createIssue' } }, (request, reply) => {
      const issue = createFrom(objectBody(request), callerId(request));
      reply.code(201);
      return created(issue);
    });

    // Each issue is created or refused on its own; refusals come back as errors with their position.
    app.post(`${p}/bulk`, { config: { operation: 'createIssues' } }, (request, reply) => {
      const body = objectBody(request);
      if (!Array.isArray(body.issueUpdates) || !body.issueUpdates.length) throw jiraError(400, 'Nothing to create: issueUpdates must be a non-empty list.');
      if (body.issueUpdates.length > 50) throw jiraError(400, 'You can create at most 50 issues in one request.');
      const me = callerId(request);
      const issues: ReturnType<typeof created>[] = [];
      const errors: unknown[] = [];
      body.issueUpdates.forEach((update: unknown, failedElementNumber: number) => {
        try {
          issues.push(created(createFrom(update, me)));
        } catch (error) {
          const response = (error as { response?: { status: number; body: unknown } }).response;
          if (!response) throw error;
          errors.push({ status: response.status, elementErrors: response.body, failedElementNumber });
        }
      });
      reply.code(issues.length ? 201 : 400);
      return { issues, errors };
    });

    app.get(`${p}/:issueIdOrKey`, { config: { operation: 'getIssue' } }, (request) => {
      const data = ctx.store.data;
      const issue = findIssue(data, (request.params as { issueIdOrKey: string }).issueIdOrKey, callerId(request));
      // expand=changelog,renderedFields,names,schema,transitions,editmeta,operations (views-model.ts).
      return expandIssue(data, base(), v, issue, issueView(data, base(), v, issue, fieldsParam(request), callerId(request)), expandList(query(request).expand));
    });

    app.put(`${p}/:issueIdOrKey`, { config: { operation: 'editIssue' } }, (request, reply) => {
      const data = ctx.store.data;
      const issue = findIssue(data, (request.params as { issueIdOrKey: string }).issueIdOrKey, callerId(request));
      const body = objectBody(request);
      if (body.fields !== undefined && !ref(body.fields)) throw jiraError(400, 'fields must be an object');
      const me = callerId(request);
      const fields = (ref(body.fields) ?? {}) as Record<string, unknown>;
      const { changes, errors } = readFields(data, v, fields, EDIT_FIELDS, me);
      const labels = readUpdate(body.update, changes.labels ?? issue.labels, errors);
      const site = readSiteFields(data, fields, issue.projectId, me, changes.issueTypeId ?? issue.issueTypeId, errors, issue);
      const model = readModelFields(data, fields, issue.projectId, errors);
      const siteUpdate = ref(body.update) ? readSiteUpdate(data, v, ref(body.update) as Record<string, unknown>, { ...issue, ...site }, me, errors) : { changes: {}, comments: [] };
      failFields(errors);
      const before = historyState(issue);
      const now = jiraTime(ctx.clock.now());
      Object.assign(issue, changes, labels && { labels }, site, model, siteUpdate.changes, { updated: now });
      const added = siteUpdate.comments.map((c) => ({ id: String(data.nextCommentId++), authorAccountId: me, body: c.body, created: now, updated: now, ...(c.visibility && { visibility: c.visibility }) }));
      issue.comments.push(...added);
      const changelog = recordHistory(data, issue, before, me, now);
      ctx.store.changed();
      if (changelog) emitEvent(ctx, { webhookEvent: 'jira:issue_updated', issueEventType: 'issue_updated', issue, changelog, actorId: me });
      for (const comment of added) {
        emitEvent(ctx, { webhookEvent: 'comment_created', issue, comment, actorId: me });
        emitEvent(ctx, { webhookEvent: 'jira:issue_updated', issueEventType: 'issue_commented', issue, comment, actorId: me });
      }
      return reply.code(204).send();
    });

    app.delete(`${p}/:issueIdOrKey`, { config: { operation: 'deleteIssue' } }, (request, reply) => {
      const data = ctx.store.data;
      const me = callerId(request);
      const issue = findIssue(data, (request.params as { issueIdOrKey: string }).issueIdOrKey, me);
      // Delete Issues: project administrators only in Jira's default permission scheme.
      const project = projectsByIdOrKey(data.projects).get(issue.projectId)!;
      if (!isSiteAdmin(data, me) && project.leadAccountId !== me) throw jiraError(403, 'You do not have permission to delete issues in this project.');
      // Payloads first (the issue is still whole), then the issue and what hangs off it.
      emitEvent(ctx, { webhookEvent: 'jira:issue_deleted', issueEventType: 'issue_deleted', issue, actorId: me });
      for (const comment of issue.comments) emitEvent(ctx, { webhookEvent: 'comment_deleted', issue, comment, actorId: me, secondary: true });
      for (const linkId of issue.linkIds ?? []) {
        const l = data.issueLinks[linkId];
        const other = l && data.issues[l.inwardIssueId === issue.id ? l.outwardIssueId : l.inwardIssueId];
        if (other) other.linkIds = (other.linkIds ?? []).filter((x) => x !== linkId);
        delete data.issueLinks[linkId];
      }
      for (const a of issue.attachments ?? []) delete data.attachmentIssue[a.id];
      delete data.issues[issue.id];
      delete data.issueKeys[issue.key];
      ctx.store.changed();
      return reply.code(204).send();
    });

    // accountId null or "-1" (the project's default assignee: none here) unassigns.
    app.put(`${p}/:issueIdOrKey/assignee`, { config: { operation: 'assignIssue' } }, (request, reply) => {
      const data = ctx.store.data;
      const issue = findIssue(data, (request.params as { issueIdOrKey: string }).issueIdOrKey, callerId(request));
      const { accountId } = objectBody(request);
      let assignee: string | null = null;
      if (accountId !== null && accountId !== undefined && accountId !== '-1') {
        const user = typeof accountId === 'string' ? usersById(data.users).get(accountId) : undefined;
        if (!user || !user.active) throw jiraError(400, '', { assignee: `User '${String(accountId)}' cannot be assigned issues.` });
        assignee = user.accountId;
      }
      const me = callerId(request);
      const before = historyState(issue);
      const now = jiraTime(ctx.clock.now());
      Object.assign(issue, { assigneeAccountId: assignee, updated: now });
      const changelog = recordHistory(data, issue, before, me, now);
      ctx.store.changed();
      if (changelog) emitEvent(ctx, { webhookEvent: 'jira:issue_updated', issueEventType: 'issue_assigned', issue, changelog, actorId: me });
      return reply.code(204).send();
    });

    app.get(`${p}/:issueIdOrKey/transitions`, { config: { operation: 'getTransitions' } }, (request) => {
      const data = ctx.store.data;
      const issue = findIssue(data, (request.params as { issueIdOrKey: string }).issueIdOrKey, callerId(request));
      const only = query(request).transitionId;
      const available = TRANSITIONS.filter((t) => (t.from as readonly string[]).includes(issue.statusId) && (!only || t.id === only));
      return {
        expand: 'transitions',
        transitions: available.map((t) => ({ id: t.id, name: t.name, to: statusView(base(), v, t.to), hasScreen: false, isGlobal: false, isInitial: false, isAvailable: true, isConditional: false, isLooped: false })),
      };
    });

    app.post(`${p}/:issueIdOrKey/transitions`, { config: { operation: 'doTransition' } }, (request, reply) => {
      const data = ctx.store.data;
      const issue = findIssue(data, (request.params as { issueIdOrKey: string }).issueIdOrKey, callerId(request));
      const body = objectBody(request);
      const id = ref(body.transition)?.id;
      if (id === undefined || id === null || id === '') throw jiraError(400, "Missing 'transition' identifier");
      const transition = TRANSITIONS.find((t) => t.id === String(id) && (t.from as readonly string[]).includes(issue.statusId));
      if (!transition) throw jiraError(400, `Transition id '${String(id)}' is not valid for this issue.`);
      const me = callerId(request);
      const done = STATUSES.find((s) => s.id === transition.to)!.category === 'done';
      const wasDone = STATUSES.find((s) => s.id === issue.statusId)!.category === 'done';
      // The Done transition's screen has Resolution (default Done); no other transition takes fields.
      const errors: Record<string, string> = {};
      const fields = (ref(body.fields) ?? {}) as Record<string, unknown>;
      let resolutionId: string | null = done ? RESOLUTION_DONE.id : null;
      for (const [name, value] of Object.entries(fields)) {
        if (name !== 'resolution' || !done) { errors[name] = cannotSet(name); continue; }
        const r = ref(value);
        const found = r && RESOLUTIONS.find((x) => x.id === String(r.id) || x.name === r.name);
        if (!found) errors.resolution = `Resolution '${String(r?.name ?? r?.id ?? value)}' is not valid.`;
        else resolutionId = found.id;
      }
      const siteUpdate = ref(body.update) ? readSiteUpdate(data, v, ref(body.update) as Record<string, unknown>, issue, me, errors) : { changes: {}, comments: [] };
      failFields(errors);
      const before = historyState(issue);
      const now = jiraTime(ctx.clock.now());
      Object.assign(issue, { statusId: transition.to, updated: now, resolutionDate: done ? now : null, resolutionId }, siteUpdate.changes);
      const added = siteUpdate.comments.map((c) => ({ id: String(data.nextCommentId++), authorAccountId: me, body: c.body, created: now, updated: now, ...(c.visibility && { visibility: c.visibility }) }));
      issue.comments.push(...added);
      const changelog = recordHistory(data, issue, before, me, now);
      ctx.store.changed();
      const eventType = done ? 'issue_resolved' : wasDone ? 'issue_reopened' : transition.to === '3' ? 'issue_work_started' : 'issue_generic';
      emitEvent(ctx, { webhookEvent: 'jira:issue_updated', issueEventType: eventType, issue, changelog, actorId: me });
      for (const comment of added) emitEvent(ctx, { webhookEvent: 'comment_created', issue, comment, actorId: me });
      return reply.code(204).send();
    });
  }
}
