// SCIM v2 /Groups: Slack's user groups (the same objects usergroups.* serves). List (filter
// displayName), get, create, PUT, PATCH (members add/remove, displayName replace), DELETE (removes it);
// each change is announced to the app as subteam_created / subteam_updated / subteam_members_changed.
import type { FastifyInstance } from 'fastify';
import { slugify } from '../../../shared/seeding/generate-org.js';
import { slackId } from '../../../shared/seeding/people-ids.js';
import { publishEvent } from '../events/publish.js';
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
  /**
   * Writes checked changes and tells the app as Slack does: subteam_created for a new group, else
   * subteam_updated, plus subteam_members_changed when members came or went. No change, no event.
   */
  const write = (group: SlackUsergroup, caller: SlackUser, name: string, users: string[], created = false) => {
    const next = [...new Set(users)];
    const before = new Set(group.users);
    const after = new Set(next);
    const added = next.filter((u) => !before.has(u));
    const removed = group.users.filter((u) => !after.has(u));
    if (!created && name === group.name && added.length === 0 && removed.length === 0) return;
    const previousUpdate = group.date_update;
    Object.assign(group, { name, users: next, user_count: next.length, date_update: Math.floor(ctx.clock.now() / 1000), updated_by: caller.id });
    if (created) return publishEvent(ctx, { type: 'subteam_created', subteam: group });
    publishEvent(ctx, { type: 'subteam_updated', subteam: group });
    if (added.length === 0 && removed.length === 0) return;
    publishEvent(ctx, {
      type: 'subteam_members_changed', subteam_id: group.id, team_id: group.team_id, date_previous_update: previousUpdate, date_update: group.date_update,
      added_users: added, added_users_count: added.length, removed_users: removed, removed_users_count: removed.length,
    });
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
    // The org's slug of the name (as seeded groups' handles are), within Slack's 21 characters.
    const handle = slugify(name).slice(0, 21) || 'group';
    if (data.usergroups.some((g) => g.handle === handle) || data.users.some((u) => u.name === handle)) throw scimError(409, 'handle_already_exists');
    const sec = Math.floor(ctx.clock.now() / 1000);
    const group: SlackUsergroup = {
      id: slackId(ctx.seed(), 'S', `scim:${name}:${data.usergroups.length}:${ctx.clock.now()}`), team_id: data.team.id, is_usergroup: true, is_subteam: true,
      name, description: '', handle, is_external: false, date_create: sec, date_update: sec, date_delete: 0, auto_type: null, auto_provision: false,
      enterprise_subteam_id: '', channel_count: 0, created_by: caller.id, updated_by: caller.id, deleted_by: null, prefs: { channels: [], groups: [] }, users: [], user_count: 0,
    };
    data.usergroups.push(group);
    write(group, caller, name, users, true);
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
    const caller = scimCaller(data, request);
    const group = find(data, request.params.id);
    data.usergroups.splice(data.usergroups.indexOf(group), 1);
    // Gone for good (Slack: "Permanently removes a group"); the app hears of it as a disabled group.
    const sec = Math.floor(ctx.clock.now() / 1000);
    publishEvent(ctx, { type: 'subteam_updated', subteam: { ...group, date_delete: sec, date_update: sec, deleted_by: caller.id, updated_by: caller.id } });
    request.dtuTarget = { type: 'usergroup', id: group.id };
    return reply.code(204).send();
  });
}
