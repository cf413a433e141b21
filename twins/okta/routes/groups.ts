// Groups: list (q / filter / search, limit + after), create, get, replace, delete, and membership
// (list members with Link pagination, assign, unassign). The built-in Everyone group is read-only.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { deriveString } from '../../../shared/seeding/deterministic.js';
import { oktaFail } from '../errors.js';
import { addMember, appScope, membershipChanged, removeMember } from '../assignments.js';
import { groupTaskKey } from '../provisioning/model.js';
import { provisionUser, pushGroupChange } from '../provisioning/index.js';
import { audit, groupTarget } from '../logs.js';
import { pageLimit, pageOf, setPageLinks } from '../pagination.js';
import { groupById, userById, type OktaData, type OktaGroup } from '../store.js';
import { groupView, userView } from '../views.js';
import { bodyObject, expressionParam, stringParam } from './params.js';
import { findUser } from './users.js';

function findGroup(data: OktaData, id: string): OktaGroup {
  const group = groupById(data, id);
  if (!group) throw oktaFail.notFound(id, 'Group');
  return group;
}

function writable(group: OktaGroup): OktaGroup {
  if (group.type !== 'OKTA_GROUP') throw oktaFail.builtInGroup();
  return group;
}

function groupProfile(data: OktaData, body: Record<string, unknown>, except?: OktaGroup): OktaGroup['profile'] {
  const profile = body.profile as Record<string, unknown> | undefined;
  if (!profile || typeof profile !== 'object' || Array.isArray(profile)) throw oktaFail.validation('profile', 'profile: The field cannot be left blank');
  if (typeof profile.name !== 'string' || !profile.name.trim()) throw oktaFail.validation('name', 'name: The field cannot be left blank');
  if (profile.description !== undefined && profile.description !== null && typeof profile.description !== 'string') throw oktaFail.validation('description', 'description: The field must be a string');
  const clash = data.groups.find((g) => g !== except && g.profile.name.toLowerCase() === (profile.name as string).toLowerCase());
  if (clash) throw oktaFail.validation('name', 'name: An object with this field already exists in the current organization');
  return { ...profile, name: profile.name, description: (profile.description as string | undefined) ?? null };
}

export function groupsRoutes(app: FastifyInstance, ctx: TwinContext<OktaData>): void {
  const now = () => new Date(ctx.clock.now()).toISOString();
  const view = (group: OktaGroup) => groupView(group, ctx.publicUrl());

  app.get('/api/v1/groups', { config: { operation: 'listGroups' } }, (request, reply) => {
    const data = ctx.store.data;
    const query = request.query as Record<string, unknown>;
    const limit = pageLimit(query.limit, 10000);
    const q = stringParam(query.q, 'q')?.toLowerCase();
    const filter = expressionParam(query.filter, 'filter');
    const search = expressionParam(query.search, 'search');
    const after = stringParam(query.after, 'after');
    const keep = (g: OktaGroup) => (!q || g.profile.name.toLowerCase().startsWith(q)) && (!filter || filter(g)) && (!search || search(g));
    const start = after ? data.groups.findIndex((g) => g.id === after) + 1 : 0;
    const { page, nextAfter } = pageOf(data.groups, start, limit, keep, (g) => g.id);
    setPageLinks(request, reply, ctx.publicUrl(), nextAfter);
    return page.map(view);
  });

  app.post('/api/v1/groups', { config: { operation: 'addGroup' } }, (request) => {
    const data = ctx.store.data;
    const profile = groupProfile(data, bodyObject(request.body));
    const stamp = now();
    const id = `00g${deriveString(ctx.seed(), `okta:created-group:${profile.name}:${randomBytes(8).toString('hex')}`, 17)}`;
    const group: OktaGroup = { id, created: stamp, lastUpdated: stamp, lastMembershipUpdated: stamp, objectClass: ['okta:user_group'], type: 'OKTA_GROUP', profile };
    data.groups.push(group);
    data.members[id] = [];
    request.dtuTarget = { group: id };
    audit(ctx, request, 'group.lifecycle.create', 'Create Okta group', [groupTarget(group)]);
    return view(group);
  });

  app.get('/api/v1/groups/:groupId', { config: { operation: 'getGroup' } }, (request) => view(findGroup(ctx.store.data, (request.params as { groupId: string }).groupId)));

  app.put('/api/v1/groups/:groupId', { config: { operation: 'replaceGroup' } }, (request) => {
    const data = ctx.store.data;
    const group = writable(findGroup(data, (request.params as { groupId: string }).groupId));
    group.profile = groupProfile(data, bodyObject(request.body), group);
    group.lastUpdated = now();
    request.dtuTarget = { group: group.id };
    audit(ctx, request, 'group.profile.update', 'Update Okta group profile', [groupTarget(group)]);
    // Pushed groups are renamed in the targets.
    pushGroupChange(ctx, group);
    return view(group);
  });

  app.delete('/api/v1/groups/:groupId', { config: { operation: 'deleteGroup' } }, (request, reply) => {
    const data = ctx.store.data;
    const group = writable(findGroup(data, (request.params as { groupId: string }).groupId));
    const members = data.members[group.id] ?? [];
    const assignedTo = data.apps.filter((a) => (data.appGroups[a.id] ?? []).some((g) => g.id === group.id));
    data.groups.splice(data.groups.indexOf(group), 1);
    delete data.members[group.id];
    membershipChanged(data);
    // The group's app assignments go with it (its members keep apps they reach otherwise).
    for (const [appId, list] of Object.entries(data.appGroups)) data.appGroups[appId] = list.filter((g) => g.id !== group.id);
    for (const app of assignedTo) {
      for (const id of members) {
        const user = appScope(data, app.id, id) === null ? userById(data, id) : undefined;
        if (user) provisionUser(ctx, user, [app]);
      }
    }
    // So do its Group Push mappings (the target groups stay).
    for (const [appId, list] of Object.entries(data.provisioning.groupPush)) {
      const gone = list.filter((m) => m.sourceGroupId === group.id);
      if (!gone.length) continue;
      data.provisioning.groupPush[appId] = list.filter((m) => m.sourceGroupId !== group.id);
      for (const m of gone) delete data.provisioning.tasks[groupTaskKey(appId, m.id)];
    }
    request.dtuTarget = { group: group.id };
    audit(ctx, request, 'group.lifecycle.delete', 'Delete Okta group', [groupTarget(group)]);
    return reply.code(204).send();
  });

  app.get('/api/v1/groups/:groupId/users', { config: { operation: 'listGroupUsers' } }, (request, reply) => {
    const data = ctx.store.data;
    const group = findGroup(data, (request.params as { groupId: string }).groupId);
    const query = request.query as Record<string, unknown>;
    const limit = pageLimit(query.limit, 1000);
    const after = stringParam(query.after, 'after');
    const members = data.members[group.id] ?? [];
    const start = after ? members.indexOf(after) + 1 : 0;
    const { page, nextAfter } = pageOf(members, start, limit, () => true, (id) => id);
    setPageLinks(request, reply, ctx.publicUrl(), nextAfter);
    return page.map((id) => userById(data, id)).filter((u) => !!u).map((u) => userView(data, u, ctx.publicUrl()));
  });

  app.put('/api/v1/groups/:groupId/users/:userId', { config: { operation: 'assignUserToGroup' } }, (request, reply) => {
    const data = ctx.store.data;
    const { groupId, userId } = request.params as { groupId: string; userId: string };
    const group = writable(findGroup(data, groupId));
    const user = findUser(data, userId);
    addMember(ctx, request, group, user);
    request.dtuTarget = { group: group.id, user: user.id };
    return reply.code(204).send();
  });

  app.delete('/api/v1/groups/:groupId/users/:userId', { config: { operation: 'unassignUserFromGroup' } }, (request, reply) => {
    const data = ctx.store.data;
    const { groupId, userId } = request.params as { groupId: string; userId: string };
    const group = writable(findGroup(data, groupId));
    const user = findUser(data, userId);
    removeMember(ctx, request, group, user);
    request.dtuTarget = { group: group.id, user: user.id };
    return reply.code(204).send();
  });
}
