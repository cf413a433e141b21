// directory.users.list / get / insert / update / patch / delete / makeAdmin. Reading takes a user or
// user.readonly scope; a non-admin may only list with viewType=domain_public (public fields) and get
// themselves. Writes need the admin.directory.user scope and an admin; bodies are checked and applied in
// user-body.ts; a new user gets a My Drive and a new primaryEmail renames everything of theirs
// (user-lifecycle.ts). Suspending or archiving a user makes Google refuse their tokens (auth.ts) and their
// refresh / delegation grants (oauth.ts).
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import {
  boundedInt, checkScopeOfList, DIRECTORY_SCOPES, directoryCaller, findUser, invalidInput, nextToken, notAuthorized, offsetToken,
  requireAdmin, resourceNotFound, userResource,
} from '../directory.js';
import { userByAddress } from '../drive.js';
import { googleError, googleInvalidParameter } from '../errors.js';
import type { GoogleData, GoogleUser } from '../store.js';
import { applyUserBody, checkUserBody } from '../user-body.js';
import { createMyDrive, newUserId, renameUser } from '../user-lifecycle.js';
import { select } from './params.js';

type ListQuery = { customer?: string; domain?: string; query?: string; orderBy?: string; sortOrder?: string; maxResults?: string; pageToken?: string; viewType?: string; fields?: string; showDeleted?: string };
type Query = { fields?: string; viewType?: string };

/** `query`: space-separated terms `field:value` (prefix with a trailing *, words of names), `field=value` (exact). */
function userFilter(query: string): (u: GoogleUser) => boolean {
  const terms = query.match(/(?:[^\s'"]+|'[^']*'|"[^"]*")+/g) ?? [];
  const tests = terms.map((term) => {
    const m = /^([A-Za-z]+)([:=])(.*)$/.exec(term);
    const unquote = (v: string) => v.replace(/^['"]|['"]$/g, '').toLowerCase();
    if (!m) {
      const word = unquote(term).replace(/\*$/, '');
      return (u: GoogleUser) => u.primaryEmail.startsWith(word) || u.name.fullName.toLowerCase().split(/\s+/).some((w) => w.startsWith(word));
    }
    const [, field, op, raw] = m as unknown as [string, string, string, string];
    const value = unquote(raw);
    const text = (actual: string) => (value.endsWith('*') ? actual.startsWith(value.slice(0, -1)) : op === '=' ? actual === value : actual === value || actual.split(/[\s@.]+/).some((w) => w === value || w.startsWith(value)));
    const bool = (actual: boolean) => {
      if (value !== 'true' && value !== 'false') throw invalidInput(query);
      return actual === (value === 'true');
    };
    switch (field) {
      case 'email': return (u: GoogleUser) => text(u.primaryEmail);
      case 'name': return (u: GoogleUser) => text(u.name.fullName.toLowerCase());
      case 'givenName': return (u: GoogleUser) => text(u.name.givenName.toLowerCase());
      case 'familyName': return (u: GoogleUser) => text(u.name.familyName.toLowerCase());
      case 'orgUnitPath': return (u: GoogleUser) => { const p = u.orgUnitPath.toLowerCase(); return p === value || p.startsWith(`${value.replace(/\/$/, '')}/`); };
      case 'isAdmin': bool(true); return (u: GoogleUser) => bool(u.isAdmin);
      case 'isSuspended': bool(true); return (u: GoogleUser) => bool(u.suspended);
      case 'isArchived': bool(true); return (u: GoogleUser) => bool(u.archived ?? false);
      default: throw invalidInput(query);
    }
  });
  return (u) => tests.every((t) => t(u));
}

const ORDER_KEYS = { email: (u: GoogleUser) => u.primaryEmail, givenName: (u: GoogleUser) => u.name.givenName.toLowerCase(), familyName: (u: GoogleUser) => u.name.familyName.toLowerCase() };

/** Users sorted for orderBy, kept per users array: writes replace the array (directory.ts), which drops these. */
const sortedUsers = new WeakMap<GoogleUser[], Map<string, GoogleUser[]>>();
function usersOrderedBy(users: GoogleUser[], orderBy: keyof typeof ORDER_KEYS, descending: boolean): GoogleUser[] {
  let byOrder = sortedUsers.get(users);
  if (!byOrder) sortedUsers.set(users, (byOrder = new Map()));
  const name = `${orderBy} ${descending}`;
  let sorted = byOrder.get(name);
  if (!sorted) {
    const dir = descending ? -1 : 1;
    const keyed = users.map((user) => ({ user, key: ORDER_KEYS[orderBy](user) }));
    keyed.sort((a, b) => (a.key < b.key ? -dir : a.key > b.key ? dir : 0));
    byOrder.set(name, (sorted = keyed.map((k) => k.user)));
  }
  return sorted;
}

function firstMatches(users: GoogleUser[], test: (u: GoogleUser) => boolean, count: number): GoogleUser[] {
  const out: GoogleUser[] = [];
  for (const user of users) if (test(user) && out.push(user) === count) break;
  return out;
}

export function directoryUserRoutes(app: FastifyInstance, ctx: TwinContext<GoogleData>): void {
  const U = '/admin/directory/v1/users';
  const view = (viewType: string | undefined, admin: boolean): 'admin_view' | 'domain_public' => {
    if (viewType !== undefined && viewType !== 'admin_view' && viewType !== 'domain_public') throw googleInvalidParameter('viewType');
    return viewType === 'domain_public' || !admin ? 'domain_public' : 'admin_view';
  };
  const existing = (key: string) => {
    const user = findUser(ctx.store.data, key);
    if (!user) throw resourceNotFound('userKey');
    return user;
  };
  const addressTaken = (data: GoogleData, email: string, self?: GoogleUser) => {
    const holder = userByAddress(data.users, email);
    return (holder !== undefined && holder !== self) || data.groups.some((g) => g.email === email);
  };

  app.get<{ Querystring: ListQuery }>(U, { config: { operation: 'directory.users.list' } }, (request) => {
    const data = ctx.store.data;
    const caller = directoryCaller(data, request, DIRECTORY_SCOPES.userRead);
    const q = request.query;
    if (q.viewType !== 'domain_public') requireAdmin(caller);
    if (!caller.user) throw googleError(403, 'forbidden', 'Not Authorized to access this resource/api');
    checkScopeOfList(q, ctx.org().domain, ctx.seed());
    const max = boundedInt(q.maxResults, 'maxResults', 100, 1, 500);
    const offset = offsetToken(q.pageToken);
    let source = data.users;
    if (q.orderBy !== undefined) {
      if (!ORDER_KEYS[q.orderBy as keyof typeof ORDER_KEYS]) throw googleInvalidParameter('orderBy');
      if (q.sortOrder !== undefined && q.sortOrder !== 'ASCENDING' && q.sortOrder !== 'DESCENDING') throw googleInvalidParameter('sortOrder');
      source = usersOrderedBy(data.users, q.orderBy as keyof typeof ORDER_KEYS, q.sortOrder === 'DESCENDING');
    }
    // With a query, only this page's matches and one more (to know whether a next page exists) are looked for.
    const users = q.query ? firstMatches(source, userFilter(q.query), offset + max + 1) : source;
    const page = users.slice(offset, offset + max);
    const v = view(q.viewType, caller.admin);
    return select({
      kind: 'admin#directory#users', etag: `"${data.users.length}"`, users: page.map((u) => userResource(u, ctx.seed(), v)),
      ...(users.length > offset + max && { nextPageToken: nextToken(offset + max) }),
    }, q.fields, '*');
  });

  app.get<{ Params: { userKey: string }; Querystring: Query }>(`${U}/:userKey`, { config: { operation: 'directory.users.get' } }, (request) => {
    const data = ctx.store.data;
    const caller = directoryCaller(data, request, DIRECTORY_SCOPES.userRead);
    const user = findUser(data, request.params.userKey);
    // A non-admin sees their own record, and others' public fields with viewType=domain_public.
    if (!caller.admin && !caller.user) throw googleError(403, 'forbidden', 'Not Authorized to access this resource/api');
    if (!user) throw resourceNotFound('userKey');
    const self = user.primaryEmail === caller.email;
    if (!self && !caller.admin && request.query.viewType !== 'domain_public') throw notAuthorized();
    return select(userResource(user, ctx.seed(), self && request.query.viewType !== 'domain_public' ? 'admin_view' : view(request.query.viewType, caller.admin)), request.query.fields, '*');
  });

  app.post<{ Querystring: Query }>(U, { config: { operation: 'directory.users.insert' } }, (request) => {
    const data = ctx.store.data;
    requireAdmin(directoryCaller(data, request, DIRECTORY_SCOPES.userWrite));
    const body = checkUserBody(request.body, ctx.org().domain, 'insert');
    const email = body.primaryEmail!;
    if (addressTaken(data, email)) throw googleError(409, 'duplicate', 'Entity already exists.');
    const now = new Date(ctx.clock.now()).toISOString();
    // An org person keeps their picture; tokens follow from (seed, email) as for seeded people (person-tokens.ts).
    const person = ctx.org().people.find((p) => p.email === email);
    const user: GoogleUser = {
      id: newUserId(data, ctx.seed(), email), primaryEmail: email, name: { givenName: '', familyName: '', fullName: '' }, isAdmin: false,
      suspended: false, orgUnitPath: '/', creationTime: now, changePasswordAtNextLogin: false, ...(person && { avatarUrl: person.avatarUrl }),
    };
    applyUserBody(user, body);
    data.users = [...data.users, user];
    createMyDrive(data, ctx.seed(), user, now);
    request.dtuTarget = { type: 'user', id: user.id };
    return select(userResource(user, ctx.seed(), 'admin_view'), request.query.fields, '*');
  });

  for (const [method, operation, mode] of [['put', 'directory.users.update', 'update'], ['patch', 'directory.users.patch', 'patch']] as const) {
    app[method]<{ Params: { userKey: string }; Querystring: Query }>(`${U}/:userKey`, { config: { operation } }, (request) => {
      const data = ctx.store.data;
      requireAdmin(directoryCaller(data, request, DIRECTORY_SCOPES.userWrite));
      const user = existing(request.params.userKey);
      const body = checkUserBody(request.body, ctx.org().domain, mode);
      const rename = body.primaryEmail !== undefined && body.primaryEmail !== user.primaryEmail ? body.primaryEmail : undefined;
      // An address may be taken by another user (primary or alias) or a group; the user's own alias may become primary.
      if (rename && addressTaken(data, rename, user)) throw googleError(409, 'duplicate', 'Entity already exists.');
      applyUserBody(user, body);
      if (rename) renameUser(data, user, rename);
      data.users = [...data.users];
      request.dtuTarget = { type: 'user', id: user.id };
      return select(userResource(user, ctx.seed(), 'admin_view'), request.query.fields, '*');
    });
  }

  app.delete<{ Params: { userKey: string } }>(`${U}/:userKey`, { config: { operation: 'directory.users.delete' } }, (request, reply) => {
    const data = ctx.store.data;
    const caller = directoryCaller(data, request, DIRECTORY_SCOPES.userWrite);
    requireAdmin(caller);
    const user = existing(request.params.userKey);
    if (user.primaryEmail === caller.email) throw googleError(400, 'invalid', 'Cannot delete yourself.');
    data.users = data.users.filter((u) => u !== user);
    data.groups = data.groups.map((g) => (g.members.includes(user.primaryEmail) ? { ...g, members: g.members.filter((m) => m !== user.primaryEmail) } : g));
    request.dtuTarget = { type: 'user', id: user.id };
    return reply.code(204).send();
  });

  app.post<{ Params: { userKey: string }; Body: { status?: unknown } | undefined }>(`${U}/:userKey/makeAdmin`, { config: { operation: 'directory.users.makeAdmin' } }, (request, reply) => {
    const data = ctx.store.data;
    requireAdmin(directoryCaller(data, request, DIRECTORY_SCOPES.userWrite));
    const status = request.body?.status;
    if (typeof status !== 'boolean') throw googleError(400, 'required', 'Invalid Input: status');
    const user = existing(request.params.userKey);
    user.isAdmin = status;
    data.users = [...data.users];
    request.dtuTarget = { type: 'user', id: user.id };
    return reply.code(204).send();
  });
}
