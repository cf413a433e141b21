// Users: list (q / filter / search, limit + after with Link headers), create, get by id or login,
// partial update (POST) vs full replace (PUT), delete (deactivates first), the user's groups.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { deriveString } from '../../../shared/seeding/deterministic.js';
import { oktaFail } from '../errors.js';
import { audit, groupTarget, userTarget } from '../logs.js';
import { pageLimit, pageOf, setPageLinks } from '../pagination.js';
import { groupById, insertUser, lowerBound, removeUser, transition, userByIdOrLogin, userByLogin, userTypeId, type OktaData, type OktaUser, type UserProfile, type UserStatus } from '../store.js';
import { groupView, userView } from '../views.js';
import { bodyObject, expressionParam, queryFlag, stringParam } from './params.js';

const REQUIRED = ['login', 'email', 'firstName', 'lastName'] as const;
const EMAILISH = /^[^\s@]+@[^\s@]+$/;

export function findUser(data: OktaData, idOrLogin: string): OktaUser {
  const user = userByIdOrLogin(data, idOrLogin);
  if (!user) throw oktaFail.notFound(idOrLogin, 'User');
  return user;
}

/** Checks a complete profile; `except` is the user being updated (its own login is no duplicate). */
function checkProfile(data: OktaData, profile: Record<string, unknown>, except?: OktaUser): UserProfile {
  const causes: string[] = [];
  for (const field of REQUIRED) {
    const value = profile[field];
    if (value === undefined || value === null || value === '') causes.push(`${field}: The field cannot be left blank`);
    else if (typeof value !== 'string') causes.push(`${field}: The field must be a string`);
  }
  if (typeof profile.login === 'string' && profile.login && !EMAILISH.test(profile.login)) causes.push("login: Username must be in the form of an email address");
  if (typeof profile.email === 'string' && profile.email && !EMAILISH.test(profile.email)) causes.push('email: Does not match required pattern');
  if (causes.length) throw oktaFail.validation('user', ...causes);
  const other = userByLogin(data, profile.login as string);
  if (other && other !== except) throw oktaFail.validation('login', 'login: An object with this field already exists in the current organization');
  return profile as UserProfile;
}

/** The password in `credentials`, checked against a simple policy; undefined when none given. */
function passwordOf(credentials: unknown): string | undefined {
  if (credentials === undefined || credentials === null) return undefined;
  if (typeof credentials !== 'object') throw oktaFail.validation('credentials', 'credentials: must be an object');
  const value = (credentials as { password?: { value?: unknown } }).password?.value;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length < 8) throw oktaFail.validation('password', 'password: Password requirements were not met. Password requirements: at least 8 characters.');
  return value;
}

export function usersRoutes(app: FastifyInstance, ctx: TwinContext<OktaData>): void {
  const now = () => new Date(ctx.clock.now()).toISOString();
  const view = (user: OktaUser) => userView(ctx.store.data, user, ctx.publicUrl());

  app.get('/api/v1/users', { config: { operation: 'listUsers' } }, (request, reply) => {
    const data = ctx.store.data;
    const query = request.query as Record<string, unknown>;
    const limit = pageLimit(query.limit);
    const q = stringParam(query.q, 'q')?.toLowerCase();
    const filter = expressionParam(query.filter, 'filter');
    const search = expressionParam(query.search, 'search');
    const after = stringParam(query.after, 'after');
    // Without filter or search Okta leaves DEPROVISIONED users out of the list.
    const keep = (u: OktaUser) => (filter || search ? true : u.status !== 'DEPROVISIONED')
      && (!q || [u.profile.firstName, u.profile.lastName, u.profile.email, u.profile.login].some((v) => typeof v === 'string' && v.toLowerCase().startsWith(q)))
      && (!filter || filter(u)) && (!search || search(u));
    const start = after ? lowerBound(data.users, after, false) : 0;
    const { page, nextAfter } = pageOf(data.users, start, limit, keep, (u) => u.id);
    setPageLinks(request, reply, ctx.publicUrl(), nextAfter);
    return page.map(view);
  });

  app.post('/api/v1/users', { config: { operation: 'createUser' } }, (request) => {
    const data = ctx.store.data;
    const body = bodyObject(request.body);
    const query = request.query as Record<string, unknown>;
    const activate = queryFlag(query.activate, 'activate', true);
    if (!body.profile || typeof body.profile !== 'object' || Array.isArray(body.profile)) throw oktaFail.validation('user', 'profile: The field cannot be left blank');
    const profile = checkProfile(data, { ...(body.profile as Record<string, unknown>) });
    const password = passwordOf(body.credentials);
    const groupIds = body.groupIds === undefined ? [] : body.groupIds;
    if (!Array.isArray(groupIds) || groupIds.some((g) => typeof g !== 'string')) throw oktaFail.validation('groupIds', 'groupIds: must be a list of group ids');
    for (const id of groupIds as string[]) if (!data.members[id]) throw oktaFail.notFound(id, 'Group');
    const stamp = now();
    // Ids of created users come from the seed and a counter-free random part: unique, Okta-shaped.
    const id = `00u${deriveString(ctx.seed(), `okta:created:${profile.login}:${randomBytes(8).toString('hex')}`, 17)}`;
    const status: UserStatus = !activate ? 'STAGED' : password ? 'ACTIVE' : 'PROVISIONED';
    const user: OktaUser = {
      id, status, created: stamp, activated: activate ? stamp : null, statusChanged: activate ? stamp : null,
      lastLogin: null, lastUpdated: stamp, passwordChanged: password ? stamp : null,
      type: { id: userTypeId(ctx.seed()) }, profile,
    };
    insertUser(data, user);
    if (password) data.passwords[id] = password;
    const everyone = data.groups.find((g) => g.type === 'BUILT_IN');
    for (const groupId of new Set([...(everyone ? [everyone.id] : []), ...(groupIds as string[])])) data.members[groupId].push(id);
    request.dtuTarget = { user: id };
    audit(ctx, request, 'user.lifecycle.create', 'Create okta user', [userTarget(user)]);
    if (status === 'ACTIVE') audit(ctx, request, 'user.lifecycle.activate', 'Activate Okta user', [userTarget(user)]);
    for (const groupId of groupIds as string[]) audit(ctx, request, 'group.user_membership.add', 'Add user to group membership', [userTarget(user), groupTarget(groupById(data, groupId)!)]);
    return view(user);
  });

  app.get('/api/v1/users/:id', { config: { operation: 'getUser' } }, (request) => {
    const { id } = request.params as { id: string };
    // `me` is the caller: the super admin for the API token (the read-only token has no user here).
    return view(findUser(ctx.store.data, id === 'me' ? request.dtuActor?.email ?? id : id));
  });

  app.post('/api/v1/users/:id', { config: { operation: 'updateUser' } }, (request) => {
    const data = ctx.store.data;
    const user = findUser(data, (request.params as { id: string }).id);
    const body = bodyObject(request.body);
    if (body.profile !== undefined && (typeof body.profile !== 'object' || body.profile === null || Array.isArray(body.profile))) throw oktaFail.validation('user', 'profile: must be an object');
    // Partial: only the attributes sent change; a null removes the attribute.
    const merged = { ...user.profile, ...(body.profile as Record<string, unknown> | undefined) };
    const profile = checkProfile(data, merged, user);
    const password = passwordOf(body.credentials);
    return save(request, user, profile, password);
  });

  app.put('/api/v1/users/:id', { config: { operation: 'replaceUser' } }, (request) => {
    const data = ctx.store.data;
    const user = findUser(data, (request.params as { id: string }).id);
    const body = bodyObject(request.body);
    if (!body.profile || typeof body.profile !== 'object' || Array.isArray(body.profile)) throw oktaFail.validation('user', 'profile: The field cannot be left blank');
    // Full replace: attributes left out are removed.
    const profile = checkProfile(data, { ...(body.profile as Record<string, unknown>) }, user);
    return save(request, user, profile, passwordOf(body.credentials));
  });

  const save = (request: FastifyRequest, user: OktaUser, profile: UserProfile, password: string | undefined) => {
    const data = ctx.store.data;
    const stamp = now();
    user.profile = Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== null)) as UserProfile;
    user.lastUpdated = stamp;
    if (password) {
      data.passwords[user.id] = password;
      user.passwordChanged = stamp;
    }
    request.dtuTarget = { user: user.id };
    audit(ctx, request, 'user.account.update_profile', 'Update user profile for Okta', [userTarget(user)]);
    return view(user);
  };

  app.delete('/api/v1/users/:id', { config: { operation: 'deleteUser' } }, (request, reply) => {
    const data = ctx.store.data;
    const user = findUser(data, (request.params as { id: string }).id);
    // Okta: the first DELETE deactivates, a DELETE of a DEPROVISIONED user deletes it for good.
    if (user.status !== 'DEPROVISIONED') {
      transition(user, 'DEPROVISIONED', now());
      audit(ctx, request, 'user.lifecycle.deactivate', 'Deactivate Okta user', [userTarget(user)]);
    } else {
      removeUser(data, user);
      audit(ctx, request, 'user.lifecycle.delete.initiated', 'Delete Okta user', [userTarget(user)]);
    }
    request.dtuTarget = { user: user.id };
    return reply.code(204).send();
  });

  app.get('/api/v1/users/:id/groups', { config: { operation: 'listUserGroups' } }, (request) => {
    const data = ctx.store.data;
    const user = findUser(data, (request.params as { id: string }).id);
    return data.groups.filter((g) => data.members[g.id]?.includes(user.id)).map((g) => groupView(g, ctx.publicUrl()));
  });
}
