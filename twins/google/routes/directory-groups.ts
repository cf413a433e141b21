// directory.groups.list / get / insert / update / patch / delete and directory.members.list / get /
// insert / update / patch / delete / hasMember. Reading takes a group(.readonly) (members also
// group.member(.readonly)) scope; anyone may list their own groups (userKey = themselves), everything
// else is for admins. Writes build new arrays (see directory.ts).
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { googleId } from '../../../shared/seeding/people-ids.js';
import {
  badRequest, boundedInt, checkScopeOfList, DIRECTORY_SCOPES, directoryCaller, findGroup, findUser, groupResource, invalidInput,
  memberResource, nextToken, offsetToken, requireAdmin, resourceNotFound,
} from '../directory.js';
import { googleError } from '../errors.js';
import type { GoogleData, GoogleGroup } from '../store.js';
import { select } from './params.js';

type ListQuery = { customer?: string; domain?: string; userKey?: string; maxResults?: string; pageToken?: string; fields?: string; roles?: string; query?: string };
type Query = { fields?: string };
interface GroupBody { email?: unknown; name?: unknown; description?: unknown }
interface MemberBody { email?: unknown; role?: unknown; type?: unknown }
const ROLES = ['OWNER', 'MANAGER', 'MEMBER'] as const;
type MemberRole = (typeof ROLES)[number];

function checkGroupBody(body: unknown, domain: string, full: boolean): GroupBody {
  const b = (body ?? {}) as GroupBody;
  if (typeof b !== 'object' || Array.isArray(b)) throw badRequest('Invalid JSON payload received.');
  if (b.email !== undefined && (typeof b.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(b.email))) throw invalidInput('email');
  if (typeof b.email === 'string' && b.email.split('@')[1]!.toLowerCase() !== domain) throw googleError(400, 'invalid', 'Invalid Input: email. Domain not found.');
  if (full && typeof b.email !== 'string') throw googleError(400, 'required', 'Missing required field: email');
  for (const key of ['name', 'description'] as const) if (b[key] !== undefined && typeof b[key] !== 'string') throw invalidInput(key);
  return b;
}

export function directoryGroupRoutes(app: FastifyInstance, ctx: TwinContext<GoogleData>): void {
  const G = '/admin/directory/v1/groups';
  const existing = (key: string) => {
    const group = findGroup(ctx.store.data, key);
    if (!group) throw resourceNotFound('groupKey');
    return group;
  };
  /** Replaces one group with its changed copy (keeps the array order). */
  const replace = (group: GoogleGroup, next: GoogleGroup) => {
    const data = ctx.store.data;
    data.groups = data.groups.map((g) => (g === group ? next : g));
    return next;
  };

  app.get<{ Querystring: ListQuery }>(G, { config: { operation: 'directory.groups.list' } }, (request) => {
    const data = ctx.store.data;
    const caller = directoryCaller(data, request, DIRECTORY_SCOPES.groupRead);
    const q = request.query;
    let groups = data.groups;
    if (q.userKey !== undefined) {
      const user = findUser(data, q.userKey);
      if (!user) throw resourceNotFound('userKey');
      if (user.primaryEmail !== caller.email) requireAdmin(caller);
      groups = groups.filter((g) => g.members.includes(user.primaryEmail));
    } else {
      requireAdmin(caller);
      checkScopeOfList(q, ctx.org().domain, ctx.seed());
    }
    if (q.query) {
      const m = /^\s*(email|name):'?([^'*]*)\*?'?\s*$/.exec(q.query);
      if (!m) throw invalidInput(q.query);
      const value = m[2]!.toLowerCase();
      groups = groups.filter((g) => (m[1] === 'email' ? g.email : g.name.toLowerCase()).startsWith(value));
    }
    const max = boundedInt(q.maxResults, 'maxResults', 200, 1, 200);
    const offset = offsetToken(q.pageToken);
    return select({
      kind: 'admin#directory#groups', etag: `"${data.groups.length}"`, groups: groups.slice(offset, offset + max).map(groupResource),
      ...(groups.length > offset + max && { nextPageToken: nextToken(offset + max) }),
    }, q.fields, '*');
  });

  app.get<{ Params: { groupKey: string }; Querystring: Query }>(`${G}/:groupKey`, { config: { operation: 'directory.groups.get' } }, (request) => {
    const caller = directoryCaller(ctx.store.data, request, DIRECTORY_SCOPES.groupRead);
    const group = existing(request.params.groupKey);
    if (!group.members.includes(caller.email)) requireAdmin(caller);
    return select(groupResource(group), request.query.fields, '*');
  });

  app.post<{ Querystring: Query }>(G, { config: { operation: 'directory.groups.insert' } }, (request) => {
    const data = ctx.store.data;
    requireAdmin(directoryCaller(data, request, DIRECTORY_SCOPES.groupWrite));
    const body = checkGroupBody(request.body, ctx.org().domain, true);
    const email = (body.email as string).toLowerCase();
    if (findGroup(data, email) || findUser(data, email)) throw googleError(409, 'duplicate', 'Entity already exists.');
    const group: GoogleGroup = {
      id: googleId(ctx.seed(), `directory-group:${email}:${data.groups.length}`).slice(0, 21).replace(/^1/, '0'), email,
      name: (body.name as string | undefined) ?? email.split('@')[0]!, members: [], ...(typeof body.description === 'string' && { description: body.description }),
    };
    data.groups = [...data.groups, group];
    request.dtuTarget = { type: 'group', id: group.id };
    return select(groupResource(group), request.query.fields, '*');
  });

  for (const [method, operation] of [['put', 'directory.groups.update'], ['patch', 'directory.groups.patch']] as const) {
    app[method]<{ Params: { groupKey: string }; Querystring: Query }>(`${G}/:groupKey`, { config: { operation } }, (request) => {
      const data = ctx.store.data;
      requireAdmin(directoryCaller(data, request, DIRECTORY_SCOPES.groupWrite));
      const body = checkGroupBody(request.body, ctx.org().domain, false);
      const group = existing(request.params.groupKey);
      const email = typeof body.email === 'string' ? body.email.toLowerCase() : group.email;
      if (email !== group.email && (findGroup(data, email) || findUser(data, email))) throw googleError(409, 'duplicate', 'Entity already exists.');
      const next = replace(group, {
        ...group, email, ...(typeof body.name === 'string' && { name: body.name }), ...(typeof body.description === 'string' && { description: body.description }),
      });
      request.dtuTarget = { type: 'group', id: next.id };
      return select(groupResource(next), request.query.fields, '*');
    });
  }

  app.delete<{ Params: { groupKey: string } }>(`${G}/:groupKey`, { config: { operation: 'directory.groups.delete' } }, (request, reply) => {
    const data = ctx.store.data;
    requireAdmin(directoryCaller(data, request, DIRECTORY_SCOPES.groupWrite));
    const group = existing(request.params.groupKey);
    data.groups = data.groups.filter((g) => g !== group);
    request.dtuTarget = { type: 'group', id: group.id };
    return reply.code(204).send();
  });

  const M = `${G}/:groupKey/members`;
  /** The group and the member's email (a member key is an email or a user / group id). */
  const member = (groupKey: string, memberKey: string) => {
    const data = ctx.store.data;
    const group = existing(groupKey);
    const email = findUser(data, memberKey)?.primaryEmail ?? findGroup(data, memberKey)?.email ?? memberKey.toLowerCase();
    return { group, email, isMember: group.members.includes(email) };
  };
  const readMembers = (request: Parameters<typeof directoryCaller>[1], group: GoogleGroup) => {
    const caller = directoryCaller(ctx.store.data, request, DIRECTORY_SCOPES.memberRead);
    if (!group.members.includes(caller.email)) requireAdmin(caller);
  };
  const checkMemberBody = (body: unknown, requireEmail: boolean): MemberBody => {
    const b = (body ?? {}) as MemberBody;
    if (typeof b !== 'object' || Array.isArray(b)) throw badRequest('Invalid JSON payload received.');
    if (requireEmail && (typeof b.email !== 'string' || !b.email.includes('@'))) throw googleError(400, 'required', 'Missing required field: memberKey');
    if (b.role !== undefined && !ROLES.includes(b.role as MemberRole)) throw invalidInput('role');
    if (b.type !== undefined && !['USER', 'GROUP', 'CUSTOMER', 'EXTERNAL'].includes(b.type as string)) throw invalidInput('type');
    return b;
  };
  const withRole = (group: GoogleGroup, email: string, role: MemberRole | undefined): GoogleGroup => {
    const roles = { ...group.roles };
    if (role === 'OWNER' || role === 'MANAGER') roles[email] = role;
    else if (role === 'MEMBER') delete roles[email];
    return { ...group, roles };
  };

  app.get<{ Params: { groupKey: string }; Querystring: ListQuery }>(M, { config: { operation: 'directory.members.list' } }, (request) => {
    const group = existing(request.params.groupKey);
    readMembers(request, group);
    const roles = request.query.roles?.split(',').map((r) => r.trim().toUpperCase());
    if (roles?.some((r) => !ROLES.includes(r as MemberRole))) throw invalidInput('roles');
    const all = group.members.filter((m) => !roles || roles.includes(group.roles?.[m] ?? 'MEMBER'));
    const max = boundedInt(request.query.maxResults, 'maxResults', 200, 1, 200);
    const offset = offsetToken(request.query.pageToken);
    return select({
      kind: 'admin#directory#members', etag: `"${group.members.length}"`, members: all.slice(offset, offset + max).map((m) => memberResource(ctx.store.data, group, m)),
      ...(all.length > offset + max && { nextPageToken: nextToken(offset + max) }),
    }, request.query.fields, '*');
  });

  app.get<{ Params: { groupKey: string; memberKey: string }; Querystring: Query }>(`${M}/:memberKey`, { config: { operation: 'directory.members.get' } }, (request) => {
    const { group, email, isMember } = member(request.params.groupKey, request.params.memberKey);
    readMembers(request, group);
    if (!isMember) throw resourceNotFound('memberKey');
    return select(memberResource(ctx.store.data, group, email), request.query.fields, '*');
  });

  app.get<{ Params: { groupKey: string; memberKey: string }; Querystring: Query }>(`${G}/:groupKey/hasMember/:memberKey`, { config: { operation: 'directory.members.hasMember' } }, (request) => {
    const { group, email, isMember } = member(request.params.groupKey, request.params.memberKey);
    readMembers(request, group);
    if (!isMember && !findUser(ctx.store.data, email)) throw resourceNotFound('memberKey');
    return select({ isMember }, request.query.fields, '*');
  });

  app.post<{ Params: { groupKey: string }; Querystring: Query }>(M, { config: { operation: 'directory.members.insert' } }, (request) => {
    requireAdmin(directoryCaller(ctx.store.data, request, DIRECTORY_SCOPES.memberWrite));
    const body = checkMemberBody(request.body, true);
    const { group, email, isMember } = member(request.params.groupKey, body.email as string);
    if (isMember) throw googleError(409, 'duplicate', 'Member already exists.');
    if (email === group.email) throw googleError(400, 'invalid', 'Invalid Input: memberKey');
    const next = replace(group, withRole({ ...group, members: [...group.members, email] }, email, (body.role as MemberRole | undefined) ?? 'MEMBER'));
    request.dtuTarget = { type: 'member', id: email, groupId: group.id };
    return select(memberResource(ctx.store.data, next, email), request.query.fields, '*');
  });

  for (const [method, operation] of [['put', 'directory.members.update'], ['patch', 'directory.members.patch']] as const) {
    app[method]<{ Params: { groupKey: string; memberKey: string }; Querystring: Query }>(`${M}/:memberKey`, { config: { operation } }, (request) => {
      requireAdmin(directoryCaller(ctx.store.data, request, DIRECTORY_SCOPES.memberWrite));
      const body = checkMemberBody(request.body, false);
      const { group, email, isMember } = member(request.params.groupKey, request.params.memberKey);
      if (!isMember) throw resourceNotFound('memberKey');
      const next = replace(group, withRole(group, email, body.role as MemberRole | undefined));
      request.dtuTarget = { type: 'member', id: email, groupId: group.id };
      return select(memberResource(ctx.store.data, next, email), request.query.fields, '*');
    });
  }

  app.delete<{ Params: { groupKey: string; memberKey: string } }>(`${M}/:memberKey`, { config: { operation: 'directory.members.delete' } }, (request, reply) => {
    requireAdmin(directoryCaller(ctx.store.data, request, DIRECTORY_SCOPES.memberWrite));
    const { group, email, isMember } = member(request.params.groupKey, request.params.memberKey);
    if (!isMember) throw resourceNotFound('memberKey');
    const next = withRole({ ...group, members: group.members.filter((m) => m !== email) }, email, 'MEMBER');
    replace(group, next);
    request.dtuTarget = { type: 'member', id: email, groupId: group.id };
    return reply.code(204).send();
  });
}
