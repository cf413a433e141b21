// Apps: list (q, filter, limit + after), create (OIDC, SAML, bookmark; `activate`), get, replace,
// activate / deactivate, delete (only when INACTIVE, Okta's E0000056 otherwise).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { deriveString } from '../../../shared/seeding/deterministic.js';
import { readAppInput } from '../app-input.js';
import { appById, appRecord, type OktaApp } from '../apps.js';
import { appScope } from '../assignments.js';
import { oktaError, oktaFail } from '../errors.js';
import { appTarget, audit } from '../logs.js';
import { pageLimit, pageOf, setPageLinks } from '../pagination.js';
import type { OktaData } from '../store.js';
import { appView } from '../views.js';
import { bodyObject, queryFlag, stringParam } from './params.js';

export function findApp(data: OktaData, id: string): OktaApp {
  const app = appById(data, id);
  if (!app) throw oktaError(404, 'E0000007', `Not found: Resource not found: ${id} (AppInstance)`);
  return app;
}

/**
 * The apps `filter`: `status eq "ACTIVE"`, `name eq "…"`, `user.id eq "…"`, `group.id eq "…"`,
 * `credentials.signing.kid eq "…"`, joined by `and`. Anything else is E0000031, as Okta answers.
 */
function appFilter(data: OktaData, source: string | undefined): ((app: OktaApp) => boolean) | null {
  if (source === undefined) return null;
  const terms = source.split(/\s+and\s+/i).map((term) => /^\s*(status|name|user\.id|group\.id|credentials\.signing\.kid)\s+eq\s+"([^"]*)"\s*$/.exec(term));
  if (!terms.length || terms.some((t) => !t)) throw oktaFail.badSearch();
  const tests = terms.map((t) => {
    const [, attribute, value] = t!;
    if (attribute === 'status') return (a: OktaApp) => a.status === value;
    if (attribute === 'name') return (a: OktaApp) => a.name === value;
    if (attribute === 'user.id') return (a: OktaApp) => appScope(data, a.id, value) !== null;
    if (attribute === 'group.id') return (a: OktaApp) => (data.appGroups[a.id] ?? []).some((g) => g.id === value);
    return (a: OktaApp) => a.credentials.signing.kid === value;
  });
  return (app) => tests.every((test) => test(app));
}

export function appsRoutes(app: FastifyInstance, ctx: TwinContext<OktaData>): void {
  const now = () => new Date(ctx.clock.now()).toISOString();
  const view = (a: OktaApp) => appView(a, ctx.publicUrl());

  app.get('/api/v1/apps', { config: { operation: 'listApplications' } }, (request, reply) => {
    const data = ctx.store.data;
    const query = request.query as Record<string, unknown>;
    // Okta's default is -1 (everything, in pages of at most 200).
    const limit = query.limit === '-1' ? 200 : pageLimit(query.limit, 200, 200);
    const q = stringParam(query.q, 'q')?.toLowerCase();
    const filter = appFilter(data, stringParam(query.filter, 'filter'));
    const after = stringParam(query.after, 'after');
    const keep = (a: OktaApp) => (!q || a.label.toLowerCase().startsWith(q) || a.name.toLowerCase().startsWith(q)) && (!filter || filter(a));
    const start = after ? data.apps.findIndex((a) => a.id === after) + 1 : 0;
    const { page, nextAfter } = pageOf(data.apps, start, limit, keep, (a) => a.id);
    setPageLinks(request, reply, ctx.publicUrl(), nextAfter);
    return page.map(view);
  });

  app.post('/api/v1/apps', { config: { operation: 'createApplication' } }, (request) => {
    const data = ctx.store.data;
    const activate = queryFlag((request.query as Record<string, unknown>).activate, 'activate', true);
    const input = readAppInput(bodyObject(request.body));
    const stamp = now();
    const id = `0oa${deriveString(ctx.seed(), `okta:created-app:${input.label}:${randomBytes(8).toString('hex')}`, 17)}`;
    const method = input.oauthClient?.token_endpoint_auth_method;
    const created = appRecord({
      id, name: input.name, label: input.label, signOnMode: input.signOnMode, created: stamp, status: activate ? 'ACTIVE' : 'INACTIVE',
      ...(input.visibility && { visibility: input.visibility }),
      ...(input.accessibility && { accessibility: input.accessibility }),
      ...(input.profile && { profile: input.profile }),
      settings: input.settings,
    });
    if (input.oauthClient) {
      // The client id is the app id; a secret only for the secret-based client authentication methods.
      const secret = method === 'client_secret_basic' || method === 'client_secret_post' || method === 'client_secret_jwt'
        ? randomBytes(30).toString('base64url') : undefined;
      created.credentials.oauthClient = { autoKeyRotation: true, client_id: id, ...(secret && { client_secret: secret }), ...input.oauthClient };
    }
    data.apps.push(created);
    data.appUsers[id] = {};
    data.appGroups[id] = [];
    request.dtuTarget = { app: id };
    audit(ctx, request, 'application.lifecycle.create', `Create application ${created.label}`, [appTarget(created)]);
    if (activate) audit(ctx, request, 'application.lifecycle.activate', `Activate application ${created.label}`, [appTarget(created)]);
    return view(created);
  });

  app.get('/api/v1/apps/:appId', { config: { operation: 'getApplication' } }, (request) => view(findApp(ctx.store.data, (request.params as { appId: string }).appId)));

  app.put('/api/v1/apps/:appId', { config: { operation: 'replaceApplication' } }, (request) => {
    const data = ctx.store.data;
    const existing = findApp(data, (request.params as { appId: string }).appId);
    const input = readAppInput(bodyObject(request.body), existing);
    existing.label = input.label;
    if (input.visibility) existing.visibility = input.visibility;
    if (input.accessibility) existing.accessibility = input.accessibility;
    if (input.profile) existing.profile = input.profile;
    existing.settings = input.settings;
    if (input.oauthClient && existing.credentials.oauthClient) Object.assign(existing.credentials.oauthClient, input.oauthClient);
    existing.lastUpdated = now();
    request.dtuTarget = { app: existing.id };
    audit(ctx, request, 'application.lifecycle.update', `Update application ${existing.label}`, [appTarget(existing)]);
    return view(existing);
  });

  for (const [action, status, eventType] of [['activate', 'ACTIVE', 'application.lifecycle.activate'], ['deactivate', 'INACTIVE', 'application.lifecycle.deactivate']] as const) {
    app.post(`/api/v1/apps/:appId/lifecycle/${action}`, { config: { operation: `${action}Application` } }, (request) => {
      const target = findApp(ctx.store.data, (request.params as { appId: string }).appId);
      request.dtuTarget = { app: target.id };
      // Activating an active app (or deactivating an inactive one) changes nothing and is no error.
      if (target.status !== status) {
        target.status = status;
        target.lastUpdated = now();
        audit(ctx, request, eventType, `${action === 'activate' ? 'Activate' : 'Deactivate'} application ${target.label}`, [appTarget(target)]);
      }
      return {};
    });
  }

  app.delete('/api/v1/apps/:appId', { config: { operation: 'deleteApplication' } }, (request, reply) => {
    const data = ctx.store.data;
    const target = findApp(data, (request.params as { appId: string }).appId);
    request.dtuTarget = { app: target.id };
    if (target.status === 'ACTIVE') throw oktaError(403, 'E0000056', 'Delete application forbidden.', ['The application must be deactivated before it can be deleted.']);
    data.apps.splice(data.apps.indexOf(target), 1);
    delete data.appUsers[target.id];
    delete data.appGroups[target.id];
    audit(ctx, request, 'application.lifecycle.delete', `Delete application ${target.label}`, [appTarget(target)]);
    return reply.code(204).send();
  });
}
