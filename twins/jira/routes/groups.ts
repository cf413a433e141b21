// Groups: get, members (PageBean), picker, bulk, create/delete and membership changes (site admins only),
// and a user's groups. Groups and their member lists are replaced, never mutated, so the store's
// per-array indexes (groupsOf) stay right.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { deriveDigits } from '../../../shared/seeding/deterministic.js';
import { requireAdmin } from '../auth.js';
import { jiraError } from '../errors.js';
import { groupsOf, type JiraData, type JiraGroup, usersById } from '../store.js';
import { type ApiVersion, userRef } from '../views.js';
import { intParam, objectBody, query, type Query, VERSIONS } from './params.js';

const NO_GROUP = 'Specified group does not exist.';

export function findGroup(data: JiraData, q: Query): JiraGroup {
  const name = q.groupname ?? q.groupName;
  const group = data.groups.find((g) => (q.groupId ? g.groupId === q.groupId : g.name === name));
  if (!q.groupId && !name) throw jiraError(400, 'You must specify a group name or group id.');
  if (!group) throw jiraError(404, NO_GROUP);
  return group;
}

const groupRef = (base: string, v: ApiVersion, g: JiraGroup) => ({ name: g.name, groupId: g.groupId, self: `${base}/rest/api/${v}/group?groupId=${g.groupId}` });

/** PageBean over a list already filtered; `self`/`nextPage` absolute. */
export function pageBean<T>(url: string, request: FastifyRequest, all: T[], defaultMax = 50, max = 1000) {
  const q = query(request);
  const startAt = intParam(q, 'startAt', 0);
  const maxResults = intParam(q, 'maxResults', defaultMax, max);
  const values = all.slice(startAt, startAt + maxResults);
  const isLast = startAt + values.length >= all.length;
  const params = new URLSearchParams(Object.entries(q).filter(([k, val]) => k !== 'startAt' && k !== 'maxResults' && typeof val === 'string') as [string, string][]);
  const link = (at: number) => `${url}?${params.size ? `${params}&` : ''}startAt=${at}&maxResults=${maxResults}`;
  return { self: link(startAt), ...(!isLast && { nextPage: link(startAt + maxResults) }), maxResults, startAt, total: all.length, isLast, values };
}

export function groupsRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  const replaceGroup = (data: JiraData, group: JiraGroup, next: JiraGroup | null) => {
    data.groups = next ? data.groups.map((g) => (g === group ? next : g)) : data.groups.filter((g) => g !== group);
    ctx.store.changed();
  };
  for (const v of VERSIONS) {
    const api = `/rest/api/${v}`;
    const groupView = (g: JiraGroup) => ({
      ...groupRef(ctx.publicUrl(), v, g),
      users: { size: g.members.length, items: [], 'max-results': 50, 'start-index': 0, 'end-index': 0 },
      expand: 'users',
    });

    app.get(`${api}/group`, { config: { operation: 'getGroup' } }, (request) => groupView(findGroup(ctx.store.data, query(request))));

    app.post(`${api}/group`, { config: { operation: 'createGroup' } }, (request, reply) => {
      const data = ctx.store.data;
      requireAdmin(data, request);
      const { name } = objectBody(request);
      if (typeof name !== 'string' || !name.trim()) throw jiraError(400, 'You must specify a group name.');
      if (data.groups.some((g) => g.name.toLowerCase() === name.toLowerCase())) throw jiraError(400, 'A group or user with this name already exists.');
      const groupId = [8, 4, 4, 4, 12].map((n, i) => deriveDigits(ctx.seed(), `jira:group:${name}:${i}`, n)).join('-');
      const group: JiraGroup = { name, groupId, members: [] };
      data.groups = [...data.groups, group];
      ctx.store.changed();
      reply.code(201);
      return groupView(group);
    });

    app.delete(`${api}/group`, { config: { operation: 'removeGroup' } }, (request, reply) => {
      const data = ctx.store.data;
      requireAdmin(data, request);
      replaceGroup(data, findGroup(data, query(request)), null);
      return reply.code(200).send();
    });

    app.get(`${api}/group/bulk`, { config: { operation: 'bulkGetGroups' } }, (request) => {
      const raw = request.query as Record<string, string | string[] | undefined>;
      const list = (x: string | string[] | undefined) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
      const ids = new Set(list(raw.groupId));
      const names = new Set(list(raw.groupName));
      const data = ctx.store.data;
      const hits = data.groups.filter((g) => (!ids.size && !names.size) || ids.has(g.groupId) || names.has(g.name));
      return pageBean(`${ctx.publicUrl()}${api}/group/bulk`, request, hits.map((g) => ({ name: g.name, groupId: g.groupId })));
    });

    app.get(`${api}/group/member`, { config: { operation: 'getUsersFromGroup' } }, (request) => {
      const data = ctx.store.data;
      const group = findGroup(data, query(request));
      const withInactive = query(request).includeInactiveUsers === 'true';
      const users = usersById(data.users);
      const members = group.members.filter((id) => withInactive || users.get(id)?.active);
      const page = pageBean(`${ctx.publicUrl()}${api}/group/member`, request, members, 50, 50);
      return { ...page, values: page.values.map((id) => userRef(data, ctx.publicUrl(), v, id)).filter(Boolean) };
    });

    app.post(`${api}/group/user`, { config: { operation: 'addUserToGroup' } }, (request, reply) => {
      const data = ctx.store.data;
      requireAdmin(data, request);
      const group = findGroup(data, query(request));
      const { accountId } = objectBody(request);
      const user = typeof accountId === 'string' ? usersById(data.users).get(accountId) : undefined;
      if (!user) throw jiraError(400, '', { accountId: 'You must specify the account ID of an existing user.' });
      if (group.members.includes(user.accountId)) throw jiraError(400, `Cannot add user. User is already a member of '${group.name}'`);
      const next = { ...group, members: [...group.members, user.accountId] };
      replaceGroup(data, group, next);
      reply.code(201);
      return groupView(next);
    });

    app.delete(`${api}/group/user`, { config: { operation: 'removeUserFromGroup' } }, (request, reply) => {
      const data = ctx.store.data;
      requireAdmin(data, request);
      const q = query(request);
      const group = findGroup(data, q);
      if (!q.accountId || !usersById(data.users).get(q.accountId)) throw jiraError(400, '', { accountId: 'You must specify the account ID of an existing user.' });
      if (!group.members.includes(q.accountId)) throw jiraError(400, `Cannot remove user. User is not a member of '${group.name}'`);
      replaceGroup(data, group, { ...group, members: group.members.filter((m) => m !== q.accountId) });
      return reply.code(200).send();
    });

    // Substring match on the name, case-insensitive unless caseInsensitive=false.
    app.get(`${api}/groups/picker`, { config: { operation: 'findGroups' } }, (request) => {
      const q = query(request);
      const maxResults = intParam(q, 'maxResults', 20, 1000);
      const sensitive = q.caseInsensitive === 'false';
      const needle = sensitive ? q.query ?? '' : (q.query ?? '').toLowerCase();
      const exclude = new Set([q.exclude, q.excludeId].filter(Boolean));
      const hits = ctx.store.data.groups.filter((g) => !exclude.has(g.name) && !exclude.has(g.groupId) && (sensitive ? g.name : g.name.toLowerCase()).includes(needle));
      const shown = hits.slice(0, maxResults);
      return {
        header: `Showing ${shown.length} of ${hits.length} matching groups`, total: hits.length,
        groups: shown.map((g) => ({ name: g.name, html: g.name, groupId: g.groupId, labels: [] })),
      };
    });

    app.get(`${api}/user/groups`, { config: { operation: 'getUserGroups' } }, (request) => {
      const data = ctx.store.data;
      const { accountId } = query(request);
      if (!accountId) throw jiraError(400, 'The accountId query parameter needs to be provided.');
      if (!usersById(data.users).get(accountId)) throw jiraError(404, 'Specified user does not exist or you do not have required permissions');
      const names = groupsOf(data.groups).get(accountId) ?? [];
      return data.groups.filter((g) => names.includes(g.name)).map((g) => groupRef(ctx.publicUrl(), v, g));
    });
  }
}
