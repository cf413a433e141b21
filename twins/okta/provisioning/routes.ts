// Okta's Group Push Mapping API (/api/v1/apps/{appId}/group-push/mappings: list, create or link, get,
// update status, delete) and the twin's provisioning control routes:
//   GET  /_dtu/okta/provisioning         pending and failed tasks (app, user/group, state, attempts, nextAttemptAt, lastError)
//   POST /_dtu/okta/provisioning/retry   every waiting or failed task runs again now
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { deriveString } from '../../../shared/seeding/deterministic.js';
import { appById, type OktaApp } from '../apps.js';
import { oktaError, oktaFail } from '../errors.js';
import { appTarget, audit, groupTarget } from '../logs.js';
import { pageLimit, pageOf, setPageLinks } from '../pagination.js';
import { findApp } from '../routes/apps.js';
import { bodyObject, queryFlag, stringParam } from '../routes/params.js';
import { groupById, userById, type OktaData } from '../store.js';
import { provisions } from './connectors.js';
import { groupTaskKey, mappingOf, targetOf, type GroupPushMapping, type MappingStatus } from './model.js';
import { enqueue, retryNow } from './queue.js';

type Ctx = TwinContext<OktaData>;

export function mappingView(m: GroupPushMapping, publicUrl: string) {
  return {
    id: m.id, created: m.created, lastUpdated: m.lastUpdated, ...(m.lastPush && { lastPush: m.lastPush }), errorSummary: m.errorSummary,
    sourceGroupId: m.sourceGroupId, status: m.status, ...(m.targetGroupId && { targetGroupId: m.targetGroupId }),
    _links: {
      app: { href: `${publicUrl}/api/v1/apps/${m.appId}` },
      sourceGroup: { href: `${publicUrl}/api/v1/groups/${m.sourceGroupId}` },
    },
  };
}

const upsertStatus = (value: unknown, field: string): 'ACTIVE' | 'INACTIVE' => {
  if (value !== 'ACTIVE' && value !== 'INACTIVE') throw oktaFail.validation('groupPushMapping', `${field}: must be ACTIVE or INACTIVE`);
  return value;
};

export function provisioningRoutes(app: FastifyInstance, ctx: Ctx): void {
  const now = () => new Date(ctx.clock.now()).toISOString();
  const pushApp = (request: FastifyRequest) => {
    const target = findApp(ctx.store.data, (request.params as { appId: string }).appId);
    if (!targetOf(target)) throw oktaFail.validation('groupPushMapping', 'Group Push is not supported by this app');
    return target;
  };
  const findMapping = (target: OktaApp, id: string) => {
    const mapping = (ctx.store.data.provisioning.groupPush[target.id] ?? []).find((m) => m.id === id);
    if (!mapping) throw oktaError(404, 'E0000007', `Not found: Resource not found: ${id} (GroupPushMapping)`);
    return mapping;
  };
  const push = (target: OktaApp, mapping: GroupPushMapping) => {
    if (mapping.status === 'ACTIVE' && provisions(ctx, target)) enqueue(ctx, { key: groupTaskKey(target.id, mapping.id), kind: 'group', appId: target.id, mappingId: mapping.id });
  };
  const base = '/api/v1/apps/:appId/group-push/mappings';

  app.get(base, { config: { operation: 'listGroupPushMappings' } }, (request, reply) => {
    const target = pushApp(request);
    const query = request.query as Record<string, unknown>;
    const limit = pageLimit(query.limit, 1000, 100);
    const after = stringParam(query.after, 'after');
    const source = stringParam(query.sourceGroupId, 'sourceGroupId');
    const status = stringParam(query.status, 'status');
    if (status !== undefined && !['ACTIVE', 'INACTIVE', 'ERROR'].includes(status)) throw oktaFail.validation('status', 'status: must be ACTIVE, INACTIVE or ERROR');
    const since = stringParam(query.lastUpdated, 'lastUpdated');
    if (since !== undefined && Number.isNaN(Date.parse(since))) throw oktaFail.validation('lastUpdated', 'lastUpdated: must be YYYY-MM-DDTHH:mm:ssZ');
    const list = ctx.store.data.provisioning.groupPush[target.id] ?? [];
    const keep = (m: GroupPushMapping) => (!source || m.sourceGroupId === source) && (!status || m.status === status)
      && (!since || Date.parse(m.lastUpdated) >= Date.parse(since));
    const start = after ? list.findIndex((m) => m.id === after) + 1 : 0;
    const { page, nextAfter } = pageOf(list, start, limit, keep, (m) => m.id);
    setPageLinks(request, reply, ctx.publicUrl(), nextAfter);
    return page.map((m) => mappingView(m, ctx.publicUrl()));
  });

  app.post(base, { config: { operation: 'createGroupPushMapping' } }, (request, reply) => {
    const data = ctx.store.data;
    const target = pushApp(request);
    const body = bodyObject(request.body);
    if (typeof body.sourceGroupId !== 'string' || !body.sourceGroupId) throw oktaFail.validation('groupPushMapping', 'sourceGroupId: The field cannot be left blank');
    const hasId = typeof body.targetGroupId === 'string' && body.targetGroupId !== '';
    const hasName = typeof body.targetGroupName === 'string' && body.targetGroupName.trim() !== '';
    if (hasId === hasName) throw oktaFail.validation('groupPushMapping', 'Either targetGroupId or targetGroupName must be provided, but not both');
    const status = body.status === undefined ? 'ACTIVE' : upsertStatus(body.status, 'status');
    const group = groupById(data, body.sourceGroupId);
    if (!group) throw oktaFail.notFound(body.sourceGroupId, 'Group');
    if (group.type === 'BUILT_IN') throw oktaFail.validation('groupPushMapping', 'sourceGroupId: the Everyone group cannot be pushed');
    if (mappingOf(data.provisioning, target.id, group.id)) throw oktaFail.validation('groupPushMapping', 'sourceGroupId: this group is already pushed to the app');
    const stamp = now();
    const mapping: GroupPushMapping = {
      id: `gPm${deriveString(ctx.seed(), `okta:group-push:created:${randomBytes(8).toString('hex')}`, 17)}`, appId: target.id, sourceGroupId: group.id,
      targetGroupId: hasId ? (body.targetGroupId as string) : null, targetGroupName: hasName ? (body.targetGroupName as string).trim() : group.profile.name,
      status, created: stamp, lastUpdated: stamp, lastPush: null, errorSummary: '',
    };
    // A new array, so the by-source index (model.ts) is rebuilt.
    data.provisioning.groupPush[target.id] = [...(data.provisioning.groupPush[target.id] ?? []), mapping];
    request.dtuTarget = { app: target.id, group: group.id, mapping: mapping.id };
    audit(ctx, request, 'application.provision.group_push.mapping.created', 'Create group push mapping', [groupTarget(group), appTarget(target)]);
    push(target, mapping);
    return reply.code(201).send(mappingView(mapping, ctx.publicUrl()));
  });

  app.get(`${base}/:mappingId`, { config: { operation: 'getGroupPushMapping' } }, (request) => {
    const target = pushApp(request);
    return mappingView(findMapping(target, (request.params as { mappingId: string }).mappingId), ctx.publicUrl());
  });

  app.patch(`${base}/:mappingId`, { config: { operation: 'updateGroupPushMapping' } }, (request) => {
    const target = pushApp(request);
    const mapping = findMapping(target, (request.params as { mappingId: string }).mappingId);
    const status: MappingStatus = upsertStatus(bodyObject(request.body).status, 'status');
    if (status !== mapping.status) Object.assign(mapping, { status, lastUpdated: now() });
    request.dtuTarget = { app: target.id, mapping: mapping.id };
    // Activating pushes the group at once; an active mapping is pushed again (idempotent).
    push(target, mapping);
    return mappingView(mapping, ctx.publicUrl());
  });

  app.delete(`${base}/:mappingId`, { config: { operation: 'deleteGroupPushMapping' } }, (request, reply) => {
    const data = ctx.store.data;
    const target = pushApp(request);
    const mapping = findMapping(target, (request.params as { mappingId: string }).mappingId);
    const query = request.query as Record<string, unknown>;
    if (query.deleteTargetGroup === undefined) throw oktaFail.validation('deleteTargetGroup', 'deleteTargetGroup: The field cannot be left blank');
    queryFlag(query.deleteTargetGroup, 'deleteTargetGroup', false);
    if (mapping.status !== 'INACTIVE') throw oktaFail.validation('groupPushMapping', 'The group push mapping must be INACTIVE to be deleted');
    data.provisioning.groupPush[target.id] = data.provisioning.groupPush[target.id].filter((m) => m !== mapping);
    delete data.provisioning.tasks[groupTaskKey(target.id, mapping.id)];
    request.dtuTarget = { app: target.id, mapping: mapping.id };
    return reply.code(204).send();
  });

  const control = { dtuControl: true, oktaPublic: true };
  app.get('/_dtu/okta/provisioning', { config: control }, () => {
    const data = ctx.store.data;
    const tasks = Object.values(data.provisioning.tasks).map((t) => {
      const target = appById(data, t.appId);
      const user = t.userId ? userById(data, t.userId) : undefined;
      const mapping = t.mappingId ? (data.provisioning.groupPush[t.appId] ?? []).find((m) => m.id === t.mappingId) : undefined;
      const group = mapping && groupById(data, mapping.sourceGroupId);
      return {
        key: t.key, kind: t.kind, app: { id: t.appId, label: target?.label ?? null, target: target ? targetOf(target) ?? null : null },
        ...(t.userId && { user: { id: t.userId, login: user?.profile.login ?? null } }),
        ...(t.mappingId && { group: { mappingId: t.mappingId, id: mapping?.sourceGroupId ?? null, name: group?.profile.name ?? null } }),
        state: t.state, attempts: t.attempts, nextAttemptAt: t.nextAttemptAt === null ? null : new Date(t.nextAttemptAt).toISOString(), lastError: t.lastError, created: t.created,
      };
    });
    return { ok: true, tasks };
  });

  app.post('/_dtu/okta/provisioning/retry', { config: control }, () => ({ ok: true, retried: retryNow(ctx) }));
}
