// Webhook registration, stored in the site's data (snapshot, reset with the seed):
//   /rest/api/{2,3}/webhook          dynamic webhooks of OAuth 2.0 / Connect apps (bearer tokens here):
//                                    register, list (PageBean), delete, refresh; they expire after 30 days
//   /rest/webhooks/1.0/webhook       admin webhooks (site admins): name, url, events, JQL filter, enabled
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { callerId, requireAdmin, viaOAuth } from '../auth.js';
import { type JiraWebhook, nextId } from '../entities.js';
import { jiraError } from '../errors.js';
import { type JiraData, jiraTime, usersById } from '../store.js';
import { pageBean } from '../routes/groups.js';
import { objectBody, VERSIONS } from '../routes/params.js';
import { jqlProblem } from './filter.js';

const DAY = 86_400_000;
/** What dynamic (app) webhooks may subscribe to (developer.atlassian.com "Webhooks": registering through the REST API). */
const APP_EVENTS = ['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted', 'comment_created', 'comment_updated', 'comment_deleted', 'issue_property_set', 'issue_property_deleted'];
/** What admin webhooks may subscribe to (the events this twin emits, plus Jira's other names it accepts). */
const ADMIN_EVENTS = [
  ...APP_EVENTS, 'worklog_created', 'worklog_updated', 'worklog_deleted', 'issuelink_created', 'issuelink_deleted', 'attachment_created', 'attachment_deleted',
  'sprint_created', 'sprint_updated', 'sprint_deleted', 'sprint_started', 'sprint_closed', 'board_created', 'board_updated', 'board_deleted', 'board_configuration_changed',
  'project_created', 'project_updated', 'project_deleted', 'jira:version_released', 'jira:version_unreleased', 'jira:version_created', 'jira:version_moved', 'jira:version_updated', 'jira:version_deleted',
  'user_created', 'user_updated', 'user_deleted', 'option_voting_changed', 'option_watching_changed', 'option_unassigned_issues_changed', 'option_subtasks_changed', 'option_attachments_changed', 'option_issuelinks_changed', 'option_timetracking_changed',
];
const ONLY_APPS = 'Only Connect and OAuth 2.0 apps can use this operation.';

const validUrl = (url: unknown): url is string => {
  if (typeof url !== 'string') return false;
  try { return ['http:', 'https:'].includes(new URL(url).protocol); } catch { return false; }
};

const idList = (body: Record<string, unknown>): number[] => {
  const ids = body.webhookIds;
  if (!Array.isArray(ids) || !ids.length || ids.some((id) => !Number.isInteger(Number(id)))) throw jiraError(400, '', { webhookIds: 'The list of webhook IDs must not be empty and may contain only numbers.' });
  return ids.map(Number);
};

export function webhookRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  const appCaller = (request: FastifyRequest) => {
    if (!viaOAuth(request)) throw jiraError(403, ONLY_APPS);
    return callerId(request);
  };
  const expiry = () => jiraTime(ctx.clock.now() + 30 * DAY);
  const epochMs = (time: string | null) => (time ? Date.parse(time.replace('+0000', 'Z')) : undefined);

  for (const v of VERSIONS) {
    const path = `/rest/api/${v}/webhook`;
    const mine = (request: FastifyRequest) => {
      const me = appCaller(request);
      return ctx.store.data.webhooks.filter((h) => h.kind === 'app' && h.ownerAccountId === me);
    };

    app.post(path, { config: { operation: 'registerDynamicWebhooks' } }, (request) => {
      const me = appCaller(request);
      const body = objectBody(request);
      if (!validUrl(body.url)) throw jiraError(400, '', { url: 'The webhook URL must be an absolute http(s) URL.' });
      if (!Array.isArray(body.webhooks) || !body.webhooks.length) throw jiraError(400, '', { webhooks: 'You must specify at least one webhook.' });
      const data = ctx.store.data;
      // Each webhook is checked on its own: good ones are created, bad ones come back with their errors.
      const results = (body.webhooks as unknown[]).map((raw) => {
        const w = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
        const errors: string[] = [];
        const events = Array.isArray(w.events) ? w.events : [];
        if (!events.length) errors.push('Webhook must have at least one event.');
        for (const e of events) if (typeof e !== 'string' || !APP_EVENTS.includes(e)) errors.push(`Event ${JSON.stringify(e)} is not supported.`);
        const jql = w.jqlFilter;
        if (typeof jql !== 'string' || !jql.trim()) errors.push('JQL filter must be specified.');
        else { const problem = jqlProblem(data, jql, me, ctx.clock.now()); if (problem) errors.push(`Invalid JQL filter: ${problem}`); }
        if (errors.length) return { errors };
        const hook: JiraWebhook = {
          id: nextId(data, 'webhook'), kind: 'app', name: '', url: body.url as string, events: events as string[], jqlFilter: jql as string, enabled: true,
          secret: null, excludeBody: false, ownerAccountId: me, expirationDate: expiry(), created: jiraTime(ctx.clock.now()),
        };
        data.webhooks.push(hook);
        return { createdWebhookId: hook.id };
      });
      ctx.store.changed();
      return { webhookRegistrationResult: results };
    });

    app.get(path, { config: { operation: 'getDynamicWebhooksForApp' } }, (request) => {
      const page = pageBean(`${ctx.publicUrl()}${path}`, request, mine(request), 100, 100);
      return { ...page, values: page.values.map((h) => ({ id: h.id, jqlFilter: h.jqlFilter, events: h.events, expirationDate: epochMs(h.expirationDate) })) };
    });

    app.delete(path, { config: { operation: 'deleteWebhookById' } }, (request, reply) => {
      const ids = new Set(idList(objectBody(request)));
      const owned = new Set(mine(request).filter((h) => ids.has(h.id)));
      const data = ctx.store.data;
      data.webhooks = data.webhooks.filter((h) => !owned.has(h));
      ctx.store.changed();
      return reply.code(202).send();
    });

    app.put(`${path}/refresh`, { config: { operation: 'refreshWebhooks' } }, (request) => {
      const ids = new Set(idList(objectBody(request)));
      const expirationDate = expiry();
      for (const h of mine(request)) if (ids.has(h.id)) h.expirationDate = expirationDate;
      ctx.store.changed();
      return { expirationDate: epochMs(expirationDate) };
    });
  }

  const admin = '/rest/webhooks/1.0/webhook';
  const adminView = (h: JiraWebhook) => {
    const owner = usersById(ctx.store.data.users).get(h.ownerAccountId);
    return {
      name: h.name, url: h.url, excludeBody: h.excludeBody, filters: { 'issue-related-events-section': h.jqlFilter }, events: h.events, enabled: h.enabled,
      self: `${ctx.publicUrl()}${admin}/${h.id}`, lastUpdatedUser: h.ownerAccountId, lastUpdatedDisplayName: owner?.displayName ?? '', lastUpdated: epochMs(h.created),
    };
  };
  const adminHook = (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    const hook = ctx.store.data.webhooks.find((h) => h.kind === 'admin' && String(h.id) === id);
    if (!hook) throw jiraError(404, `Webhook with id ${id} does not exist.`);
    return hook;
  };
  /** Checks an admin webhook body (PUT takes the whole body too). */
  const readAdmin = (request: FastifyRequest): Pick<JiraWebhook, 'name' | 'url' | 'events' | 'jqlFilter' | 'enabled' | 'excludeBody' | 'secret'> => {
    const body = objectBody(request);
    const errors: Record<string, string> = {};
    if (typeof body.name !== 'string' || !body.name.trim()) errors.name = 'Webhook name must be specified.';
    if (!validUrl(body.url)) errors.url = 'The webhook URL must be an absolute http(s) URL.';
    const events = body.events ?? [];
    if (!Array.isArray(events) || events.some((e) => typeof e !== 'string' || !ADMIN_EVENTS.includes(e))) errors.events = 'One or more of the events is not valid.';
    const filters = body.filters ?? {};
    const jql = filters && typeof filters === 'object' ? (filters as Record<string, unknown>)['issue-related-events-section'] ?? '' : null;
    if (typeof jql !== 'string') errors.filters = 'The issue-related events filter must be a JQL string.';
    else if (jql.trim()) { const problem = jqlProblem(ctx.store.data, jql, callerId(request), ctx.clock.now()); if (problem) errors.filters = problem; }
    for (const flag of ['enabled', 'excludeBody'] as const) if (body[flag] !== undefined && typeof body[flag] !== 'boolean') errors[flag] = `${flag} must be true or false.`;
    if (body.secret !== undefined && body.secret !== null && typeof body.secret !== 'string') errors.secret = 'The secret must be a string.';
    if (Object.keys(errors).length) throw jiraError(400, '', errors);
    return {
      name: (body.name as string).trim(), url: body.url as string, events: events as string[], jqlFilter: (jql as string).trim(),
      enabled: (body.enabled as boolean | undefined) ?? true, excludeBody: (body.excludeBody as boolean | undefined) ?? false, secret: (body.secret as string | null | undefined) || null,
    };
  };

  app.get(admin, { config: { operation: 'getAdminWebhooks' } }, (request) => {
    requireAdmin(ctx.store.data, request);
    return ctx.store.data.webhooks.filter((h) => h.kind === 'admin').map(adminView);
  });

  app.post(admin, { config: { operation: 'createAdminWebhook' } }, (request, reply) => {
    const data = ctx.store.data;
    const me = requireAdmin(data, request);
    const fields = readAdmin(request);
    const hook: JiraWebhook = { id: nextId(data, 'webhook'), kind: 'admin', ...fields, ownerAccountId: me, expirationDate: null, created: jiraTime(ctx.clock.now()) };
    data.webhooks.push(hook);
    ctx.store.changed();
    reply.code(201);
    return adminView(hook);
  });

  app.get(`${admin}/:id`, { config: { operation: 'getAdminWebhook' } }, (request) => {
    requireAdmin(ctx.store.data, request);
    return adminView(adminHook(request));
  });

  app.put(`${admin}/:id`, { config: { operation: 'updateAdminWebhook' } }, (request) => {
    const me = requireAdmin(ctx.store.data, request);
    const hook = adminHook(request);
    Object.assign(hook, readAdmin(request), { ownerAccountId: me, created: jiraTime(ctx.clock.now()) });
    ctx.store.changed();
    return adminView(hook);
  });

  app.delete(`${admin}/:id`, { config: { operation: 'deleteAdminWebhook' } }, (request, reply) => {
    requireAdmin(ctx.store.data, request);
    const hook = adminHook(request);
    ctx.store.data.webhooks = ctx.store.data.webhooks.filter((h) => h !== hook);
    ctx.store.changed();
    return reply.code(204).send();
  });
}
