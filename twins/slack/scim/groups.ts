// SCIM v2 /Groups: Slack's user groups (the same objects usergroups.* serves). List (filter
// displayName), get, create, PUT, PATCH (members add/remove, displayName replace), DELETE (removes it).
import type { FastifyInstance } from 'fastify';
import { slackId } from '../../../shared/seeding/people-ids.js';
import { userById, type SlackData, type SlackUser, type SlackUsergroup } from '../store.js';
import type { SlackContext } from '../web-api.js';
import { isoDate, LIST_SCHEMA, listPage, parseFilter, scimBody, scimCaller, scimError } from './common.js';

const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

function groupResource(data: SlackData, group: SlackUsergroup, base: string) {
  return {
    schemas: [GROUP_SCHEMA], id: group.id, displayName: group.name,
    meta: { created: isoDate(group.date_create), location: `${base}/scim/v2/Groups/${group.id}` },
    members: group.users.map((id) => ({ value: id, display: userById(data, id)?.real_name ?? '' })),
  };
}

/** Member ids from [{value}], each an active person. */
function memberIds(data: SlackData, value: unknown): string[] {
  if (!Array.isArray(value)) throw scimError(400, 'invalid_members');
  return value.map((entry) => {
    const id = entry && typeof entry === 'object' ? (entry as { value?: unknown }).value : undefined;
    const user = typeof id === 'string' ? userById(data, id) : undefined;
    if (!user || user.is_bot || user.deleted) throw scimError(400, `invalid_members: ${typeof id === 'string' ? id : '?'}`);
    return user.id;
  });
}

function displayName(value: unknown): string {
  if (typeof value !== 'string' || !value.trim()) throw scimError(400, 'missing_required_field: displayName');
  if (value.length > 255) throw scimError(400, 'invalid_displayName');
  return value.trim();
}

function checkName(data: SlackData, name: string, self?: SlackUsergroup) {
  if (data.usergroups.some((g) => g !== self && g.name.toLowerCase() === name.toLowerCase())) throw scimError(409, 'name_already_exists');
}

/** `members[value eq "U…"]` → that id. */
const memberInPath = (path: string) => /^members\[\s*value\s+eq\s+"([^"]+)"\s*\]$/i.exec(path)?.[1];

export function scimGroupRoutes(app: FastifyInstance, ctx: SlackContext) {
  const base = () => ctx.publicUrl();
  const find = (data: SlackData, id: string) => {
    const group = data.usergroups.find((g) => g.id === id);
    if (!group) throw scimError(404, 'group_not_found');
    return group;
  };
  const write = (group: SlackUsergroup, caller: SlackUser, name: string, users: string[]) => {
    Object.assign(group, { name, users: [...new Set(users)], date_update: Math.floor(ctx.clock.now() / 1000), updated_by: caller.id });
    group.user_count = group.users.length;
  };

  app.get('/scim/v2/Groups', { config: { operation: 'scim.Groups.list', readOnly: true } }, (request) => {
    const data = ctx.store.data;
    scimCaller(data, request);
    const query = request.query as Record<string, unknown>;
    const filter = parseFilter(query, ['displayName', 'id']);
    const groups = filter ? data.usergroups.filter((g) => (filter.attr === 'id' ? g.id === filter.value : g.name.toLowerCase() === filter.value.toLowerCase())) : data.usergroups;
    const { slice, ...page } = listPage(groups, query);
    return { schemas: [LIST_SCHEMA], ...page, Resources: slice.map((g) => groupResource(data, g, base())) };
  });

  app.get<{ Params: { id: string } }>('/scim/v2/Groups/:id', { config: { operation: 'scim.Groups.get', readOnly: true } }, (request) => {
    const data = ctx.store.data;
    scimCaller(data, request);
    return groupResource(data, find(data, request.params.id), base());
  });

  app.post('/scim/v2/Groups', { config: { operation: 'scim.Groups.create' } }, (request, reply) => {
    const data = ctx.store.data;
    const caller = scimCaller(data, request);
    const body = scimBody(request);
    const name = displayName(body.displayName);
    const users = body.members === undefined ? [] : memberIds(data, body.members);
    checkName(data, name);
    const handle = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+/, '').slice(0, 21) || 'group';
    if (data.usergroups.some((g) => g.handle === handle) || data.users.some((u) => u.name === handle)) throw scimError(409, 'handle_already_exists');
    const sec = Math.floor(ctx.clock.now() / 1000);
    const group: SlackUsergroup = {
      id: slackId(ctx.seed(), 'S', `scim:${name}:${data.usergroups.length}:${ctx.clock.now()}`), team_id: data.team.id, is_usergroup: true, is_subteam: true,
      name, description: '', handle, is_external: false, date_create: sec, date_update: sec, date_delete: 0, auto_type: null, auto_provision: false,
      enterprise_subteam_id: '', channel_count: 0, created_by: caller.id, updated_by: caller.id, deleted_by: null, prefs: { channels: [], groups: [] }, users: [], user_count: 0,
    };
    write(group, caller, name, users);
    data.usergroups.push(group);
    request.dtuTarget = { type: 'usergroup', id: group.id };
    return reply.code(201).send(groupResource(data, group, base()));
  });

  app.put<{ Params: { id: string } }>('/scim/v2/Groups/:id', { config: { operation: 'scim.Groups.replace' } }, (request) => {
    const data = ctx.store.data;
    const caller = scimCaller(data, request);
    const group = find(data, request.params.id);
    const body = scimBody(request);
    const name = displayName(body.displayName);
    const users = body.members === undefined ? [] : memberIds(data, body.members);
    checkName(data, name, group);
    write(group, caller, name, users);
    request.dtuTarget = { type: 'usergroup', id: group.id };
    return groupResource(data, group, base());
  });

  app.patch<{ Params: { id: string } }>('/scim/v2/Groups/:id', { config: { operation: 'scim.Groups.patch' } }, (request, reply) => {
    const data = ctx.store.data;
    const caller = scimCaller(data, request);
    const group = find(data, request.params.id);
    const body = scimBody(request);
    const operations = body.Operations ?? body.operations;
    if (!Array.isArray(operations) || operations.length === 0) throw scimError(400, 'missing_required_field: Operations');
    // Work on copies; write only when every operation is valid.
    let name = group.name;
    let users = [...group.users];
    for (const raw of operations) {
      const op = raw as { op?: unknown; path?: unknown; value?: unknown };
      const kind = typeof op?.op === 'string' ? op.op.toLowerCase() : '';
      const path = typeof op?.path === 'string' ? op.path : undefined;
      if (kind === 'add' && path?.toLowerCase() === 'members') users.push(...memberIds(data, op.value));
      else if (kind === 'remove' && path && memberInPath(path)) users = users.filter((u) => u !== memberInPath(path));
      else if (kind === 'remove' && path?.toLowerCase() === 'members') {
        if (op.value !== undefined && !Array.isArray(op.value)) throw scimError(400, 'invalid_members');
        const gone = op.value === undefined ? users : (op.value as { value?: unknown }[]).map((m) => (m && typeof m === 'object' ? m.value : undefined));
        users = users.filter((u) => !gone.includes(u));
      } else if (kind === 'replace' && path?.toLowerCase() === 'members') users = memberIds(data, op.value);
      else if (kind === 'replace' && path?.toLowerCase() === 'displayname') name = displayName(op.value);
      else if (kind === 'replace' && path === undefined && op.value && typeof op.value === 'object') {
        const value = op.value as Record<string, unknown>;
        if (value.displayName !== undefined) name = displayName(value.displayName);
        if (value.members !== undefined) users = memberIds(data, value.members);
      } else throw scimError(400, 'invalid_operation');
    }
    checkName(data, name, group);
    write(group, caller, name, users);
    request.dtuTarget = { type: 'usergroup', id: group.id };
    return reply.code(200).send(groupResource(data, group, base()));
  });

  app.delete<{ Params: { id: string } }>('/scim/v2/Groups/:id', { config: { operation: 'scim.Groups.delete' } }, (request, reply) => {
    const data = ctx.store.data;
    scimCaller(data, request);
    const group = find(data, request.params.id);
    data.usergroups.splice(data.usergroups.indexOf(group), 1);
    request.dtuTarget = { type: 'usergroup', id: group.id };
    return reply.code(204).send();
  });
}
