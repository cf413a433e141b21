// usergroups.create, usergroups.update, usergroups.users.update, usergroups.disable, usergroups.enable.
import type { FastifyInstance } from 'fastify';
import { slackId } from '../../../shared/seeding/people-ids.js';
import { slackError } from '../errors.js';
import { userById, type SlackData, type SlackUsergroup } from '../store.js';
import { optBool, optString, reqString, slackMethod, type Args, type SlackContext } from '../web-api.js';

const HANDLE = /^[a-z0-9][a-z0-9._-]{0,20}$/;

/** The group view: users and user_count only when asked (include_count), as Slack does. */
const view = ({ users, user_count, ...group }: SlackUsergroup, args: Args, withUsers = false) => ({
  ...group, ...(withUsers && { users }), ...((optBool(args, 'include_count') ?? false) && { user_count }),
});

function checkNames(data: SlackData, args: Args, self?: SlackUsergroup) {
  const name = optString(args, 'name');
  const handle = optString(args, 'handle');
  if (name !== undefined && data.usergroups.some((g) => g !== self && g.name.toLowerCase() === name.toLowerCase())) throw slackError('name_already_exists');
  if (handle !== undefined) {
    if (!HANDLE.test(handle)) throw slackError('invalid_handle');
    // Handles share one namespace with user names.
    if (data.usergroups.some((g) => g !== self && g.handle === handle) || data.users.some((u) => u.name === handle)) throw slackError('handle_already_exists');
  }
  const channels = optString(args, 'channels')?.split(',').map((c) => c.trim()).filter(Boolean);
  return { name, handle, description: optString(args, 'description'), channels };
}

function group(data: SlackData, args: Args) {
  const id = reqString(args, 'usergroup', 'no_such_subteam');
  const found = data.usergroups.find((g) => g.id === id);
  if (!found) throw slackError('no_such_subteam');
  return found;
}

export function usergroupsWriteRoutes(app: FastifyInstance, ctx: SlackContext) {
  slackMethod(app, ctx, 'usergroups.create', { scopes: ['usergroups:write'] }, ({ data, args, caller, now, request }) => {
    reqString(args, 'name', 'invalid_name');
    const { name, handle, description, channels } = checkNames(data, args);
    const sec = Math.floor(now / 1000);
    const created: SlackUsergroup = {
      id: slackId(ctx.seed(), 'S', `created:${name}:${data.usergroups.length}:${now}`), team_id: data.team.id, is_usergroup: true, is_subteam: true,
      name: name!, description: description ?? '', handle: handle ?? name!.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').slice(0, 21), is_external: false,
      date_create: sec, date_update: sec, date_delete: 0, auto_type: null, auto_provision: false, enterprise_subteam_id: '', channel_count: channels?.length ?? 0,
      created_by: caller.user, updated_by: caller.user, deleted_by: null, prefs: { channels: channels ?? [], groups: [] }, users: [], user_count: 0,
    };
    if (data.usergroups.some((g) => g.handle === created.handle) || data.users.some((u) => u.name === created.handle)) throw slackError('handle_already_exists');
    data.usergroups.push(created);
    request.dtuTarget = { type: 'usergroup', id: created.id };
    return { usergroup: view(created, args) };
  });

  slackMethod(app, ctx, 'usergroups.update', { scopes: ['usergroups:write'] }, ({ data, args, caller, now, request }) => {
    const target = group(data, args);
    const { name, handle, description, channels } = checkNames(data, args, target);
    if (name !== undefined) target.name = name;
    if (handle !== undefined) target.handle = handle;
    if (description !== undefined) target.description = description;
    if (channels !== undefined) Object.assign(target, { prefs: { ...target.prefs, channels }, channel_count: channels.length });
    Object.assign(target, { date_update: Math.floor(now / 1000), updated_by: caller.user });
    request.dtuTarget = { type: 'usergroup', id: target.id };
    return { usergroup: view(target, args, true) };
  });

  slackMethod(app, ctx, 'usergroups.users.update', { scopes: ['usergroups:write'] }, ({ data, args, caller, now, request }) => {
    const target = group(data, args);
    const ids = [...new Set(reqString(args, 'users', 'invalid_users').split(',').map((u) => u.trim()).filter(Boolean))];
    if (ids.length === 0) throw slackError('invalid_users');
    for (const id of ids) if (!userById(data, id) || userById(data, id)!.deleted) throw slackError('invalid_users');
    Object.assign(target, { users: ids, user_count: ids.length, date_update: Math.floor(now / 1000), updated_by: caller.user });
    request.dtuTarget = { type: 'usergroup', id: target.id };
    return { usergroup: view(target, args, true) };
  });

  for (const [method, disable] of [['usergroups.disable', true], ['usergroups.enable', false]] as const) {
    slackMethod(app, ctx, method, { scopes: ['usergroups:write'] }, ({ data, args, caller, now, request }) => {
      const target = group(data, args);
      if (disable === (target.date_delete !== 0)) throw slackError(disable ? 'already_disabled' : 'already_enabled');
      Object.assign(target, { date_delete: disable ? Math.floor(now / 1000) : 0, deleted_by: disable ? caller.user : null, date_update: Math.floor(now / 1000), updated_by: caller.user });
      request.dtuTarget = { type: 'usergroup', id: target.id };
      return { usergroup: view(target, args, true) };
    });
  }
}
