// SCIM Groups of the provisioning directory, each one a Jira group (same name, same members as the
// Jira group API shows; the SCIM id is the Jira groupId): list (filter displayName/externalId eq),
// get, create, replace (PUT), PATCH (add/remove/replace members, rename) and delete. Every change is checked whole
// before anything is written.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { deriveDigits } from '../../../shared/seeding/deterministic.js';
import type { JiraData, JiraGroup } from '../store.js';
import { replaceGroup } from './accounts.js';
import { directoryUrl, listResponse, parseFilter, patchOperations, scimBody, scimError, scimTime, optText } from './common.js';
import { scimUsers } from './directory.js';

const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

const byName = new WeakMap<JiraGroup[], Map<string, JiraGroup>>();
/** Jira groups by name, per groups array (groups are replaced, never mutated). */
export function groupsByName(groups: JiraGroup[]): Map<string, JiraGroup> {
  let map = byName.get(groups);
  if (!map) byName.set(groups, (map = new Map(groups.map((g) => [g.name, g]))));
  return map;
}

interface GroupDraft {
  name: string;
  externalId?: string;
  /** accountIds. */
  members: Set<string>;
}

export function scimGroupsRoutes(scim: FastifyInstance, ctx: TwinContext<JiraData>, base: string): void {
  const view = (g: JiraGroup, request: FastifyRequest) => {
    const data = ctx.store.data;
    const record = data.scim.groups[g.groupId];
    const excluded = String((request.query as Record<string, unknown>).excludedAttributes ?? '').toLowerCase().split(',').map((s) => s.trim());
    const byAccount = scimUsers(data.scim).byAccountId;
    const members = excluded.includes('members') ? undefined : g.members.flatMap((accountId) => {
      const u = byAccount.get(accountId);
      return u ? [{ type: 'User', value: u.id, display: u.displayName, $ref: `${directoryUrl(ctx)}/Users/${u.id}` }] : [];
    });
    return {
      schemas: [GROUP_SCHEMA], id: g.groupId, displayName: g.name, ...(record.externalId && { externalId: record.externalId }), ...(members && { members }),
      meta: { resourceType: 'Group', location: `${directoryUrl(ctx)}/Groups/${g.groupId}`, created: record.created, lastModified: record.lastModified },
    };
  };

  const found = (id: string): JiraGroup => {
    const data = ctx.store.data;
    const group = Object.hasOwn(data.scim.groups, id) ? data.groups.find((g) => g.groupId === id) : undefined;
    if (!group) throw scimError(404, `Group ${id} not found.`);
    return group;
  };

  /** accountIds of SCIM member references `[{value: <SCIM user id>}]`; an unknown id is a 400. */
  const memberAccounts = (value: unknown): string[] => {
    const list = Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : null;
    if (!list) throw scimError(400, 'members must be a list of {"value": "<user id>"}.', 'invalidValue');
    const users = ctx.store.data.scim.users;
    return list.map((m) => {
      const id = m && typeof m === 'object' ? (m as Record<string, unknown>).value : undefined;
      if (typeof id !== 'string' || !Object.hasOwn(users, id)) throw scimError(400, `User ${String(id)} is not in this directory.`, 'invalidValue');
      return users[id].accountId;
    });
  };

  const checkName = (data: JiraData, name: unknown, self?: JiraGroup): string => {
    if (typeof name !== 'string' || !name.trim()) throw scimError(400, "Attribute 'displayName' is required.", 'invalidValue');
    if (data.groups.some((g) => g !== self && g.name.toLowerCase() === name.toLowerCase())) throw scimError(409, `A group named ${name} already exists.`, 'uniqueness');
    return name;
  };

  /** Writes the draft to the Jira group (and the projects that name it, on a rename) and to the record. */
  const save = (data: JiraData, group: JiraGroup, draft: GroupDraft): JiraGroup => {
    const next: JiraGroup = { ...group, name: draft.name, members: [...draft.members] };
    replaceGroup(data, group, next);
    if (draft.name !== group.name && data.projects.some((p) => p.browseGroups.includes(group.name))) {
      data.projects = data.projects.map((p) => (p.browseGroups.includes(group.name) ? { ...p, browseGroups: p.browseGroups.map((n) => (n === group.name ? draft.name : n)) } : p));
    }
    const { externalId: _old, ...record } = data.scim.groups[group.groupId];
    data.scim.groups[group.groupId] = { ...record, ...(draft.externalId && { externalId: draft.externalId }), lastModified: scimTime(ctx.clock.now()) };
    ctx.store.changed();
    return next;
  };

  scim.get(`${base}/Groups`, { config: { operation: 'scim.Groups.list', readOnly: true, jiraOwnAuth: true } }, (request) => {
    const q = request.query as Record<string, unknown>;
    const filter = parseFilter(q.filter, ['displayName', 'externalId']);
    const data = ctx.store.data;
    let groups: JiraGroup[];
    if (filter?.attr === 'displayName') groups = data.groups.filter((g) => data.scim.groups[g.groupId] && g.name.toLowerCase() === filter.value.toLowerCase());
    else groups = data.groups.filter((g) => data.scim.groups[g.groupId] && (!filter || data.scim.groups[g.groupId].externalId === filter.value));
    return listResponse(groups, q, (g) => view(g, request));
  });

  scim.get(`${base}/Groups/:groupId`, { config: { operation: 'scim.Groups.get', readOnly: true, jiraOwnAuth: true } }, (request) => view(found((request.params as { groupId: string }).groupId), request));

  scim.post(`${base}/Groups`, { config: { operation: 'scim.Groups.create', jiraOwnAuth: true } }, (request, reply) => {
    const data = ctx.store.data;
    const body = scimBody(request);
    const name = checkName(data, body.displayName);
    const externalId = optText(body.externalId, 'externalId');
    const members = body.members === undefined || body.members === null ? [] : memberAccounts(body.members);
    // The Jira group API derives group ids the same way, so a group has one id whichever API made it.
    const groupId = [8, 4, 4, 4, 12].map((n, i) => deriveDigits(ctx.seed(), `jira:group:${name}:${i}`, n)).join('-');
    const group: JiraGroup = { name, groupId, members: [...new Set(members)] };
    const now = scimTime(ctx.clock.now());
    data.groups = [...data.groups, group];
    data.scim.groups[groupId] = { ...(externalId && { externalId }), created: now, lastModified: now };
    ctx.store.changed();
    request.dtuTarget = { type: 'group', id: groupId, name };
    reply.code(201).header('location', `${directoryUrl(ctx)}/Groups/${groupId}`);
    return view(group, request);
  });

  scim.patch(`${base}/Groups/:groupId`, { config: { operation: 'scim.Groups.patch', jiraOwnAuth: true } }, (request) => {
    const data = ctx.store.data;
    const group = found((request.params as { groupId: string }).groupId);
    const draft: GroupDraft = { name: group.name, externalId: data.scim.groups[group.groupId].externalId, members: new Set(group.members) };
    for (const operation of patchOperations(scimBody(request))) applyGroupOperation(data, group, draft, operation);
    request.dtuTarget = { type: 'group', id: group.groupId, name: draft.name };
    return view(save(data, group, draft), request);
  });

  scim.put(`${base}/Groups/:groupId`, { config: { operation: 'scim.Groups.replace', jiraOwnAuth: true } }, (request) => {
    const data = ctx.store.data;
    const group = found((request.params as { groupId: string }).groupId);
    const body = scimBody(request);
    const draft: GroupDraft = {
      name: checkName(data, body.displayName, group), externalId: optText(body.externalId, 'externalId'),
      members: new Set(body.members === undefined || body.members === null ? [] : memberAccounts(body.members)),
    };
    request.dtuTarget = { type: 'group', id: group.groupId, name: draft.name };
    return view(save(data, group, draft), request);
  });

  scim.delete(`${base}/Groups/:groupId`, { config: { operation: 'scim.Groups.delete', jiraOwnAuth: true } }, (request, reply) => {
    const data = ctx.store.data;
    const group = found((request.params as { groupId: string }).groupId);
    replaceGroup(data, group, null);
    delete data.scim.groups[group.groupId];
    ctx.store.changed();
    request.dtuTarget = { type: 'group', id: group.groupId, name: group.name };
    return reply.code(204).send();
  });

  /** One PATCH operation on the draft: members add/remove/replace (also `members[value eq "id"]`), displayName, externalId. */
  function applyGroupOperation(data: JiraData, group: JiraGroup, draft: GroupDraft, { op, path, value }: { op: string; path?: string; value?: unknown }): void {
    if (path === undefined) {
      if (op === 'remove' || !value || typeof value !== 'object' || Array.isArray(value)) throw scimError(400, 'An operation without a path needs an object value.', 'invalidValue');
      for (const [key, v] of Object.entries(value)) applyGroupOperation(data, group, draft, { op, path: key, value: v });
      return;
    }
    const filtered = /^members\[\s*value\s+eq\s+"((?:[^"\\]|\\.)*)"\s*\]$/i.exec(path);
    if (filtered) {
      if (op !== 'remove') throw scimError(400, `Only remove is supported on '${path}'.`, 'invalidPath');
      for (const accountId of memberAccounts([{ value: filtered[1] }])) draft.members.delete(accountId);
      return;
    }
    switch (path.toLowerCase()) {
      case 'members': {
        const accounts = value === undefined && op === 'remove' ? [...draft.members] : memberAccounts(value);
        if (op === 'replace') draft.members = new Set(accounts);
        else for (const accountId of accounts) (op === 'add' ? draft.members.add(accountId) : draft.members.delete(accountId));
        return;
      }
      case 'displayname':
        if (op === 'remove') throw scimError(400, "Attribute 'displayName' is required and cannot be removed.", 'mutability');
        draft.name = checkName(data, value, group);
        return;
      case 'externalid':
        draft.externalId = op === 'remove' ? undefined : optText(value, 'externalId');
        return;
      default:
        throw scimError(400, `Unsupported path '${path}'.`, 'invalidPath');
    }
  }
}
