// App assignments: app users (list, assign, get, update, unassign), app groups (list, get, assign,
// unassign), a user's appLinks and a group's apps. Users reached through an assigned group are listed
// with scope GROUP; a direct assignment is scope USER.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import type { OktaApp } from '../apps.js';
import { appGroupView, appLinkView, appScope, appsOfUser, appUserTarget, appUserView, type AppGroupAssignment } from '../assignments.js';
import { oktaError, oktaFail } from '../errors.js';
import { appTarget, audit, groupTarget } from '../logs.js';
import { pageLimit, pageOf, setPageLinks } from '../pagination.js';
import { groupById, lowerBound, type OktaData, type OktaGroup, type OktaUser } from '../store.js';
import { appView } from '../views.js';
import { findApp } from './apps.js';
import { bodyObject, stringParam } from './params.js';
import { findUser } from './users.js';
import { appUserSyncView, provisionUser } from '../provisioning/index.js';

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const appUserMissing = (id: string) => oktaError(404, 'E0000007', `Not found: Resource not found: ${id} (AppUser)`);

/** The optional `credentials.userName` and `profile` of an app user body; bad types are E0000001. */
function appUserFields(body: Record<string, unknown>): { userName?: string; profile?: Record<string, unknown> } {
  const causes: string[] = [];
  if (body.profile !== undefined && !isObject(body.profile)) causes.push('profile: must be an object');
  if (body.credentials !== undefined && !isObject(body.credentials)) causes.push('credentials: must be an object');
  const userName = isObject(body.credentials) ? body.credentials.userName : undefined;
  if (userName !== undefined && (typeof userName !== 'string' || !userName)) causes.push('credentials.userName: must be a non-empty string');
  const unknown = Object.keys(body).filter((k) => !['id', 'scope', 'credentials', 'profile', 'externalId', 'status', 'created', 'lastUpdated', '_links'].includes(k));
  if (unknown.length) throw oktaError(400, 'E0000003', 'The request body was not well-formed.', unknown.map((k) => `Unrecognized field "${k}"`));
  if (causes.length) throw oktaFail.validation('appUser', ...causes);
  return { userName: userName as string | undefined, profile: body.profile as Record<string, unknown> | undefined };
}

export function appAssignmentRoutes(app: FastifyInstance, ctx: TwinContext<OktaData>): void {
  const now = () => new Date(ctx.clock.now()).toISOString();
  const userOf = (target: OktaApp, user: OktaUser) => appUserView(ctx.store.data, target, user, ctx.publicUrl(), appUserSyncView(ctx, target, user.id));
  const params = (request: FastifyRequest) => request.params as { appId: string; userId?: string; groupId?: string };

  app.get('/api/v1/apps/:appId/users', { config: { operation: 'listApplicationUsers' } }, (request, reply) => {
    const data = ctx.store.data;
    const target = findApp(data, params(request).appId);
    const query = request.query as Record<string, unknown>;
    const limit = pageLimit(query.limit, 500, 50);
    const q = stringParam(query.q, 'q')?.toLowerCase();
    const after = stringParam(query.after, 'after');
    // Users are in id order, so the cursor is the last user id and each page scans only until it is full.
    const keep = (u: OktaUser) => appScope(data, target.id, u.id) !== null
      && (!q || [u.profile.firstName, u.profile.lastName, u.profile.email, u.profile.login].some((v) => typeof v === 'string' && v.toLowerCase().startsWith(q)));
    const start = after ? lowerBound(data.users, after, false) : 0;
    const { page, nextAfter } = pageOf(data.users, start, limit, keep, (u) => u.id);
    setPageLinks(request, reply, ctx.publicUrl(), nextAfter);
    return page.map((u) => userOf(target, u));
  });

  app.post('/api/v1/apps/:appId/users', { config: { operation: 'assignUserToApplication' } }, (request) => {
    const data = ctx.store.data;
    const target = findApp(data, params(request).appId);
    const body = bodyObject(request.body);
    if (typeof body.id !== 'string' || !body.id) throw oktaFail.validation('appUser', 'id: The field cannot be left blank');
    const fields = appUserFields(body);
    const user = findUser(data, body.id);
    if (target.settings.oauthClient?.application_type === 'service') throw oktaFail.validation('appUser', 'Users cannot be assigned to a service app');
    const before = appScope(data, target.id, user.id);
    const stamp = now();
    const existing = data.appUsers[target.id][user.id];
    data.appUsers[target.id][user.id] = {
      created: existing?.created ?? stamp, lastUpdated: stamp, statusChanged: existing?.statusChanged ?? stamp,
      profile: { ...(existing?.profile ?? {}), ...(fields.profile ?? {}) },
      ...((fields.userName ?? existing?.userName) && { userName: fields.userName ?? existing?.userName }),
    };
    request.dtuTarget = { app: target.id, user: user.id };
    if (before === null) audit(ctx, request, 'application.user_membership.add', 'Add user to application membership', [appUserTarget(target, user), appTarget(target)]);
    provisionUser(ctx, user, [target]);
    return userOf(target, user);
  });

  app.get('/api/v1/apps/:appId/users/:userId', { config: { operation: 'getApplicationUser' } }, (request) => {
    const data = ctx.store.data;
    const target = findApp(data, params(request).appId);
    const user = findUser(data, params(request).userId!);
    if (appScope(data, target.id, user.id) === null) throw appUserMissing(user.id);
    return userOf(target, user);
  });

  app.post('/api/v1/apps/:appId/users/:userId', { config: { operation: 'updateApplicationUser' } }, (request) => {
    const data = ctx.store.data;
    const target = findApp(data, params(request).appId);
    const user = findUser(data, params(request).userId!);
    const fields = appUserFields(bodyObject(request.body));
    if (appScope(data, target.id, user.id) === null) throw appUserMissing(user.id);
    const stamp = now();
    // Updating a group-scoped app user gives it its own (USER scoped) record, which keeps the change.
    const existing = data.appUsers[target.id][user.id] ?? { created: stamp, statusChanged: stamp, profile: {} };
    const oldName = existing.userName;
    data.appUsers[target.id][user.id] = { ...existing, lastUpdated: stamp, profile: { ...existing.profile, ...(fields.profile ?? {}) }, ...(fields.userName && { userName: fields.userName }) };
    request.dtuTarget = { app: target.id, user: user.id };
    if (fields.userName && fields.userName !== oldName) audit(ctx, request, 'application.user_membership.change_username', 'Change user name in application', [appUserTarget(target, user), appTarget(target)]);
    provisionUser(ctx, user, [target]);
    return userOf(target, user);
  });

  app.delete('/api/v1/apps/:appId/users/:userId', { config: { operation: 'unassignUserFromApplication' } }, (request, reply) => {
    const data = ctx.store.data;
    const target = findApp(data, params(request).appId);
    const user = findUser(data, params(request).userId!);
    const scope = appScope(data, target.id, user.id);
    if (scope === null) throw appUserMissing(user.id);
    // Okta cannot remove a user who only has the app through a group: the group assignment must go.
    if (scope === 'GROUP') throw oktaFail.validation('unassignUserFromApplication', 'The user is assigned to this app through a group; remove the group assignment or the user from the group');
    delete data.appUsers[target.id][user.id];
    request.dtuTarget = { app: target.id, user: user.id };
    if (appScope(data, target.id, user.id) === null) audit(ctx, request, 'application.user_membership.remove', 'Remove user from application membership', [appUserTarget(target, user), appTarget(target)]);
    provisionUser(ctx, user, [target]);
    return reply.code(204).send();
  });

  app.get('/api/v1/apps/:appId/groups', { config: { operation: 'listApplicationGroupAssignments' } }, (request, reply) => {
    const data = ctx.store.data;
    const target = findApp(data, params(request).appId);
    const query = request.query as Record<string, unknown>;
    const limit = pageLimit(query.limit, 200, 20);
    const after = stringParam(query.after, 'after');
    const q = stringParam(query.q, 'q')?.toLowerCase();
    const list = data.appGroups[target.id] ?? [];
    const keep = (g: AppGroupAssignment) => !q || (groupById(data, g.id)?.profile.name.toLowerCase().startsWith(q) ?? false);
    const start = after ? list.findIndex((g) => g.id === after) + 1 : 0;
    const { page, nextAfter } = pageOf(list, start, limit, keep, (g) => g.id);
    setPageLinks(request, reply, ctx.publicUrl(), nextAfter);
    return page.map((g) => appGroupView(target, g, ctx.publicUrl()));
  });

  const findAssignment = (data: OktaData, target: OktaApp, group: OktaGroup) => {
    const assignment = (data.appGroups[target.id] ?? []).find((g) => g.id === group.id);
    if (!assignment) throw oktaError(404, 'E0000007', `Not found: Resource not found: ${group.id} (ApplicationGroupAssignment)`);
    return assignment;
  };
  const findGroup = (data: OktaData, id: string) => {
    const group = groupById(data, id);
    if (!group) throw oktaFail.notFound(id, 'Group');
    return group;
  };

  app.get('/api/v1/apps/:appId/groups/:groupId', { config: { operation: 'getApplicationGroupAssignment' } }, (request) => {
    const data = ctx.store.data;
    const target = findApp(data, params(request).appId);
    return appGroupView(target, findAssignment(data, target, findGroup(data, params(request).groupId!)), ctx.publicUrl());
  });

  app.put('/api/v1/apps/:appId/groups/:groupId', { config: { operation: 'assignGroupToApplication' } }, (request) => {
    const data = ctx.store.data;
    const target = findApp(data, params(request).appId);
    const group = findGroup(data, params(request).groupId!);
    const body = request.body === undefined || request.body === null ? {} : bodyObject(request.body);
    const list = data.appGroups[target.id];
    if (body.priority !== undefined && (!Number.isInteger(body.priority) || (body.priority as number) < 0)) throw oktaFail.validation('priority', 'priority: must be a non-negative integer');
    if (body.profile !== undefined && !isObject(body.profile)) throw oktaFail.validation('profile', 'profile: must be an object');
    const stamp = now();
    const existing = list.find((g) => g.id === group.id);
    request.dtuTarget = { app: target.id, group: group.id };
    if (existing) {
      Object.assign(existing, { lastUpdated: stamp, ...(body.priority !== undefined && { priority: body.priority }), ...(body.profile !== undefined && { profile: body.profile }) });
      return appGroupView(target, existing, ctx.publicUrl());
    }
    // Members who had no access yet gain it through this group.
    const gaining = (data.members[group.id] ?? []).filter((id) => appScope(data, target.id, id) === null);
    const assignment: AppGroupAssignment = { id: group.id, lastUpdated: stamp, priority: (body.priority as number | undefined) ?? list.length, profile: (body.profile as Record<string, unknown> | undefined) ?? {} };
    list.push(assignment);
    audit(ctx, request, 'group.application_assignment.add', 'Add assigned application to group', [groupTarget(group), appTarget(target)]);
    for (const id of gaining) {
      const user = findUser(data, id);
      audit(ctx, request, 'application.user_membership.add', 'Add user to application membership', [appUserTarget(target, user), appTarget(target)]);
      provisionUser(ctx, user, [target]);
    }
    return appGroupView(target, assignment, ctx.publicUrl());
  });

  app.delete('/api/v1/apps/:appId/groups/:groupId', { config: { operation: 'unassignApplicationFromGroup' } }, (request, reply) => {
    const data = ctx.store.data;
    const target = findApp(data, params(request).appId);
    const group = findGroup(data, params(request).groupId!);
    const assignment = findAssignment(data, target, group);
    const list = data.appGroups[target.id];
    list.splice(list.indexOf(assignment), 1);
    request.dtuTarget = { app: target.id, group: group.id };
    audit(ctx, request, 'group.application_assignment.remove', 'Remove assigned application from group', [groupTarget(group), appTarget(target)]);
    for (const id of data.members[group.id] ?? []) {
      if (appScope(data, target.id, id) !== null) continue;
      const user = findUser(data, id);
      audit(ctx, request, 'application.user_membership.remove', 'Remove user from application membership', [appUserTarget(target, user), appTarget(target)]);
      provisionUser(ctx, user, [target]);
    }
    return reply.code(204).send();
  });

  app.get('/api/v1/users/:id/appLinks', { config: { operation: 'listAppLinks' } }, (request) => {
    const data = ctx.store.data;
    const user = findUser(data, (request.params as { id: string }).id === 'me' ? request.dtuActor?.email ?? 'me' : (request.params as { id: string }).id);
    return appsOfUser(data, user.id).filter((a) => a.status === 'ACTIVE').map((a, i) => appLinkView(a, user, i, ctx.publicUrl()));
  });

  app.get('/api/v1/groups/:groupId/apps', { config: { operation: 'listAssignedApplicationsForGroup' } }, (request, reply) => {
    const data = ctx.store.data;
    const group = findGroup(data, (request.params as { groupId: string }).groupId);
    const query = request.query as Record<string, unknown>;
    const limit = pageLimit(query.limit, 200, 20);
    const after = stringParam(query.after, 'after');
    const start = after ? data.apps.findIndex((a) => a.id === after) + 1 : 0;
    const { page, nextAfter } = pageOf(data.apps, start, limit, (a) => (data.appGroups[a.id] ?? []).some((g) => g.id === group.id), (a) => a.id);
    setPageLinks(request, reply, ctx.publicUrl(), nextAfter);
    return page.map((a) => appView(a, ctx.publicUrl()));
  });
}
