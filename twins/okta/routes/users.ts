// Users: list (q / filter / search, limit + after with Link headers), create, get by id or login,
// partial update (POST) vs full replace (PUT), delete (deactivates first), the user's groups.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { deriveString } from '../../../shared/seeding/deterministic.js';
import { oktaFail } from '../errors.js';
import { addMember, memberSet, membershipChanged, unassignDeactivated } from '../assignments.js';
import { applyRulesToUser } from '../group-rules.js';
import { audit, userTarget } from '../logs.js';
import { pageLimit, pageOf, setPageLinks } from '../pagination.js';
import { groupById, insertUser, lowerBound, removeUser, transition, userByIdOrLogin, userTypeId, type OktaData, type OktaUser, type UserProfile, type UserStatus } from '../store.js';
import { checkBodyMembers, checkProfile, passwordOf } from '../user-input.js';
import { provisionUser } from '../provisioning/index.js';
import { groupView, userView, usersJson } from '../views.js';
import { bodyObject, expressionParam, queryFlag, stringParam } from './params.js';

export function findUser(data: OktaData, idOrLogin: string): OktaUser {
  const user = userByIdOrLogin(data, idOrLogin);
  if (!user) throw oktaFail.notFound(idOrLogin, 'User');
  return user;
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
    return reply.type('application/json; charset=utf-8').send(usersJson(data, page, ctx.publicUrl()));
  });

  app.post('/api/v1/users', { config: { operation: 'createUser' } }, (request) => {
    const data = ctx.store.data;
    const body = bodyObject(request.body);
    const query = request.query as Record<string, unknown>;
    const activate = queryFlag(query.activate, 'activate', true);
    // nextLogin=changePassword: the user must change the given password at first sign-in (PASSWORD_EXPIRED).
    const nextLogin = stringParam(query.nextLogin, 'nextLogin');
    if (nextLogin !== undefined && nextLogin !== 'changePassword') throw oktaFail.validation('nextLogin', 'nextLogin: must be changePassword');
    checkBodyMembers(body);
    if (!body.profile || typeof body.profile !== 'object' || Array.isArray(body.profile)) throw oktaFail.validation('user', 'profile: The field cannot be left blank');
    const profile = checkProfile(data, { ...(body.profile as Record<string, unknown>) });
    const password = passwordOf(body.credentials, profile.login);
    if (nextLogin && (!activate || !password)) throw oktaFail.validation('nextLogin', 'nextLogin: changePassword needs activate=true and a password');
    const groupIds = body.groupIds === undefined ? [] : body.groupIds;
    if (!Array.isArray(groupIds) || groupIds.some((g) => typeof g !== 'string')) throw oktaFail.validation('groupIds', 'groupIds: must be a list of group ids');
    for (const id of groupIds as string[]) if (!data.members[id]) throw oktaFail.notFound(id, 'Group');
    const stamp = now();
    // Ids of created users come from the seed, the login and how many users were created before: unique
    // (a login deleted and created again gets a new id, as in Okta) and the same on every run of the same calls.
    const id = `00u${deriveString(ctx.seed(), `okta:created:${profile.login}:${data.createdUsers++}`, 17)}`;
    const status: UserStatus = !activate ? 'STAGED' : !password ? 'PROVISIONED' : nextLogin ? 'PASSWORD_EXPIRED' : 'ACTIVE';
    const user: OktaUser = {
      id, status, created: stamp, activated: activate ? stamp : null, statusChanged: activate ? stamp : null,
      lastLogin: null, lastUpdated: stamp, passwordChanged: password ? stamp : null,
      type: { id: userTypeId(ctx.seed()) }, profile,
    };
    insertUser(data, user);
    if (password) data.passwords[id] = password;
    // Everyone is joined silently, as in Okta's System Log; other groups (given, then by rule) log their events.
    const everyone = data.groups.find((g) => g.type === 'BUILT_IN');
    if (everyone) {
      data.members[everyone.id].push(id);
      memberSet(data, everyone.id).add(id);
    }
    request.dtuTarget = { user: id };
    audit(ctx, request, 'user.lifecycle.create', 'Create okta user', [userTarget(user)]);
    if (status === 'ACTIVE' || status === 'PASSWORD_EXPIRED') audit(ctx, request, 'user.lifecycle.activate', 'Activate Okta user', [userTarget(user)]);
    for (const groupId of new Set(groupIds as string[])) addMember(ctx, request, groupById(data, groupId)!, user);
    applyRulesToUser(ctx, request, user);
    provisionUser(ctx, user);
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
    checkBodyMembers(body);
    if (body.profile !== undefined && (typeof body.profile !== 'object' || body.profile === null || Array.isArray(body.profile))) throw oktaFail.validation('user', 'profile: must be an object');
    // Partial: only the attributes sent change; a null removes the attribute.
    const merged = { ...user.profile, ...(body.profile as Record<string, unknown> | undefined) };
    const profile = checkProfile(data, merged, user);
    const password = passwordOf(body.credentials, profile.login);
    return save(request, user, profile, password);
  });

  app.put('/api/v1/users/:id', { config: { operation: 'replaceUser' } }, (request) => {
    const data = ctx.store.data;
    const user = findUser(data, (request.params as { id: string }).id);
    const body = bodyObject(request.body);
    checkBodyMembers(body);
    if (!body.profile || typeof body.profile !== 'object' || Array.isArray(body.profile)) throw oktaFail.validation('user', 'profile: The field cannot be left blank');
    // Full replace: attributes left out are removed.
    const profile = checkProfile(data, { ...(body.profile as Record<string, unknown>) }, user);
    return save(request, user, profile, passwordOf(body.credentials, profile.login));
  });

  const save = (request: FastifyRequest, user: OktaUser, profile: UserProfile, password: string | undefined) => {
    const data = ctx.store.data;
    const stamp = now();
    const previousEmail = user.profile.email;
    user.profile = Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== null)) as UserProfile;
    user.lastUpdated = stamp;
    if (password) {
      data.passwords[user.id] = password;
      user.passwordChanged = stamp;
    }
    request.dtuTarget = { user: user.id };
    audit(ctx, request, 'user.account.update_profile', 'Update user profile for Okta', [userTarget(user)]);
    applyRulesToUser(ctx, request, user);
    provisionUser(ctx, user, undefined, previousEmail);
    return view(user);
  };

  app.delete('/api/v1/users/:id', { config: { operation: 'deleteUser' } }, (request, reply) => {
    const data = ctx.store.data;
    const user = findUser(data, (request.params as { id: string }).id);
    // Okta: the first DELETE deactivates, a DELETE of a DEPROVISIONED user deletes it for good.
    if (user.status !== 'DEPROVISIONED') {
      unassignDeactivated(ctx, request, user);
      transition(user, 'DEPROVISIONED', now());
      audit(ctx, request, 'user.lifecycle.deactivate', 'Deactivate Okta user', [userTarget(user)]);
    } else {
      removeUser(data, user);
      membershipChanged(data);
      for (const direct of Object.values(data.appUsers)) delete direct[user.id];
      audit(ctx, request, 'user.lifecycle.delete.initiated', 'Delete Okta user', [userTarget(user)]);
      // Accounts Okta still knows of stay deactivated in the targets (their data is never deleted).
      provisionUser(ctx, user);
    }
    request.dtuTarget = { user: user.id };
    return reply.code(204).send();
  });

  app.get('/api/v1/users/:id/groups', { config: { operation: 'listUserGroups' } }, (request) => {
    const data = ctx.store.data;
    const user = findUser(data, (request.params as { id: string }).id);
    return data.groups.filter((g) => memberSet(data, g.id).has(user.id)).map((g) => groupView(g, ctx.publicUrl()));
  });
}
