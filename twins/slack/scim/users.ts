// SCIM v2 /Users as Slack serves it to identity providers: list (filter userName/email/externalId),
// get, create, PUT, PATCH (Operations; `active: false` deactivates), DELETE (= deactivate).
import type { FastifyInstance } from 'fastify';
import { publishEvent } from '../events/publish.js';
import { createUser, deactivateUser, reactivateUser, updateUser, userIdFor, type LeftGroup, type PersonFields } from '../lifecycle.js';
import { positionIndex, userByEmail, userById, type SlackData, type SlackUser } from '../store.js';
import type { SlackContext } from '../web-api.js';
import { isoDate, LIST_SCHEMA, listPage, parseFilter, scimBody, scimCaller, scimError } from './common.js';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

interface Editable extends PersonFields {
  active: boolean;
  externalId?: string;
}

type GroupRef = { value: string; display: string };

/** Each user's groups, built once for a whole page instead of scanning every group per user. */
function groupsByUser(data: SlackData): Map<string, GroupRef[]> {
  const byUser = new Map<string, GroupRef[]>();
  for (const g of data.usergroups) {
    const ref = { value: g.id, display: g.name };
    for (const id of g.users) {
      const list = byUser.get(id);
      if (list) list.push(ref);
      else byUser.set(id, [ref]);
    }
  }
  return byUser;
}

export function userResource(data: SlackData, user: SlackUser, base: string, groups?: Map<string, GroupRef[]>) {
  const p = user.profile;
  const externalId = data.scimExternalIds[user.id];
  return {
    schemas: [USER_SCHEMA, ENTERPRISE], id: user.id, ...(externalId !== undefined && { externalId }),
    meta: { created: isoDate(user.updated), location: `${base}/scim/v2/Users/${user.id}` },
    userName: user.name, nickName: user.name, name: { givenName: String(p.first_name ?? ''), familyName: String(p.last_name ?? '') },
    displayName: p.display_name, profileUrl: `https://${data.team.domain}.slack.com/team/${user.id}`, title: p.title, timezone: user.tz,
    active: !user.deleted, emails: p.email ? [{ value: p.email, primary: true }] : [], photos: [{ value: String(p.image_192 ?? ''), type: 'photo' }],
    [ENTERPRISE]: {},
    groups: groups ? (groups.get(user.id) ?? []) : data.usergroups.filter((g) => g.users.includes(user.id)).map((g) => ({ value: g.id, display: g.name })),
  };
}

const editable = (data: SlackData, user: SlackUser): Editable => ({
  userName: user.name, email: user.profile.email ?? '', givenName: String(user.profile.first_name ?? ''), familyName: String(user.profile.last_name ?? ''),
  displayName: user.profile.display_name, title: user.profile.title, timezone: user.tz, active: !user.deleted, externalId: data.scimExternalIds[user.id],
});

const text = (value: unknown, field: string): string => {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') throw scimError(400, `invalid_${field}`);
  return value;
};

/** SCIM booleans; some identity providers send "True"/"False" strings. */
function bool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw scimError(400, 'invalid_active');
}

function primaryEmail(value: unknown): string {
  if (!Array.isArray(value)) throw scimError(400, 'invalid_emails');
  const entry = (value.find((e) => e && typeof e === 'object' && e.primary === true) ?? value[0]) as { value?: unknown } | undefined;
  return text(entry?.value, 'emails');
}

/** An IANA time zone name (what Slack's `tz` holds); anything else is refused rather than stored. */
function timezone(value: unknown): string {
  const zone = text(value, 'timezone');
  if (!zone) return zone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw scimError(400, 'invalid_timezone');
  }
  return zone;
}

const CORE_PREFIX = `${USER_SCHEMA.toLowerCase()}:`;

/** Sets one attribute (a SCIM path, or a key of a path-less value) on the editable form. */
function setAttribute(target: Editable, path: string, value: unknown) {
  // A path may name its schema in full ("urn:…:core:2.0:User:title"), as RFC 7644 allows.
  const key = path.toLowerCase().startsWith(CORE_PREFIX) ? path.slice(CORE_PREFIX.length).toLowerCase() : path.toLowerCase();
  if (key === 'active') target.active = bool(value);
  else if (key === 'username') target.userName = text(value, 'userName');
  else if (key === 'displayname') target.displayName = text(value, 'displayName');
  else if (key === 'title') target.title = text(value, 'title');
  else if (key === 'timezone') target.timezone = timezone(value) || target.timezone;
  else if (key === 'externalid') target.externalId = text(value, 'externalId');
  else if (key === 'name.givenname') target.givenName = text(value, 'name');
  else if (key === 'name.familyname') target.familyName = text(value, 'name');
  else if (key === 'emails') target.email = primaryEmail(value);
  else if (/^emails\[.*\]\.value$/.test(key)) target.email = text(value, 'emails');
  else if (key === 'name') {
    if (!value || typeof value !== 'object') throw scimError(400, 'invalid_name');
    for (const [k, v] of Object.entries(value)) setAttribute(target, `name.${k}`, v);
  }
  // Other attributes (phoneNumbers, addresses, roles, …) are accepted and not modelled.
}

/** A userName as Slack keeps it: an email given as userName becomes its local part; lower case. */
const slackUserName = (userName: string) => (userName.includes('@') ? userName.split('@')[0] : userName).toLowerCase();

/** Username rules: Slack's form of the userName, at most 80 characters; a valid email. */
function normalise(fields: Editable): Editable {
  const userName = slackUserName(fields.userName);
  if (!userName) throw scimError(400, 'missing_required_field: userName');
  if (!/^[a-z0-9][a-z0-9._-]{0,79}$/.test(userName)) throw scimError(400, 'invalid_username');
  if (!fields.email) throw scimError(400, 'missing_required_field: emails');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(fields.email)) throw scimError(400, 'bad_email_address');
  return { ...fields, userName, email: fields.email.toLowerCase() };
}

/** The user (person or bot) with this Slack user name. */
function userByName(data: SlackData, name: string): SlackUser | undefined {
  // Renames make a new users array (updateUser), so this index is never stale.
  const i = positionIndex(data.users, (u) => u.name, 'username').get(name);
  return i === undefined ? undefined : data.users[i];
}

/** 409 when another user already has the username or the email. */
function checkUnique(data: SlackData, fields: Editable, self?: SlackUser) {
  const named = userByName(data, fields.userName);
  if (named && named !== self) throw scimError(409, 'username_taken');
  const holder = userByEmail(data, fields.email);
  if (holder && holder !== self) throw scimError(409, 'email_taken');
}

/** A full representation (POST, PUT) as editable fields. */
function fromResource(body: Record<string, unknown>): Editable {
  const fields: Editable = { userName: '', email: '', givenName: '', familyName: '', displayName: '', title: '', active: true };
  for (const [key, value] of Object.entries(body)) if (key !== 'schemas' && key !== 'id' && key !== 'meta') setAttribute(fields, key, value);
  return normalise(fields);
}

function applyPatch(current: Editable, body: Record<string, unknown>): Editable {
  const operations = body.Operations ?? body.operations;
  if (!Array.isArray(operations) || operations.length === 0) throw scimError(400, 'missing_required_field: Operations');
  const next = { ...current };
  for (const raw of operations) {
    const op = raw as { op?: unknown; path?: unknown; value?: unknown };
    const kind = typeof op?.op === 'string' ? op.op.toLowerCase() : '';
    if (!['add', 'replace', 'remove'].includes(kind)) throw scimError(400, 'invalid_operation');
    if (op.path !== undefined && typeof op.path !== 'string') throw scimError(400, 'invalid_path');
    if (kind === 'remove') {
      if (typeof op.path !== 'string') throw scimError(400, 'invalid_path');
      if (op.path.toLowerCase() === 'active') throw scimError(400, 'invalid_path');
      setAttribute(next, op.path, '');
    } else if (typeof op.path === 'string') {
      setAttribute(next, op.path, op.value);
    } else {
      if (!op.value || typeof op.value !== 'object' || Array.isArray(op.value)) throw scimError(400, 'invalid_value');
      for (const [key, value] of Object.entries(op.value)) setAttribute(next, key, value);
    }
  }
  return normalise(next);
}

/** How many users precede the bots at the end of the list. */
function peopleCount(users: SlackUser[]): number {
  let n = users.length;
  while (n > 0 && users[n - 1].is_bot) n--;
  return n;
}

/** The people a filter matches, found through the id, email and user-name indexes. */
function filtered(data: SlackData, attr: string, value: string): SlackUser[] {
  const person = (user: SlackUser | undefined) => (user && !user.is_bot ? [user] : []);
  if (attr === 'id') return person(userById(data, value));
  if (attr === 'email' || attr === 'emails.value') return person(userByEmail(data, value));
  if (attr === 'userName') return person(userByName(data, slackUserName(value)));
  return Object.entries(data.scimExternalIds).filter(([, id]) => id === value).flatMap(([userId]) => person(userById(data, userId)));
}

export function scimUserRoutes(app: FastifyInstance, ctx: SlackContext) {
  const base = () => ctx.publicUrl();
  const person = (data: SlackData, id: string) => {
    const user = userById(data, id);
    if (!user || user.is_bot) throw scimError(404, 'user_not_found');
    return user;
  };
  /** Writes checked fields: profile, externalId, then (de)activation. */
  const write = (data: SlackData, user: SlackUser, given: Editable, announce = true) => {
    // A request that changes nothing (e.g. only unmodelled attributes) writes and announces nothing;
    // a representation without a time zone keeps the user's.
    const current = editable(data, user);
    const fields = { ...given, timezone: given.timezone || current.timezone };
    if ((Object.keys(fields) as (keyof Editable)[]).every((k) => fields[k] === current[k]) && (fields.externalId ?? '') === (current.externalId ?? '')) return;
    const now = ctx.clock.now();
    updateUser(data, user, fields, now);
    if (fields.externalId) data.scimExternalIds[user.id] = fields.externalId;
    else delete data.scimExternalIds[user.id];
    if (fields.active) reactivateUser(data, user, now);
    else announceLeft(deactivateUser(data, user, now), user);
    if (announce) publishEvent(ctx, { type: 'user_change', user, cache_ts: Math.floor(now / 1000) });
  };
  /** The user groups a deactivated person was taken out of, as subteam_members_changed. */
  const announceLeft = (left: LeftGroup[], user: SlackUser) => {
    for (const { group, previousUpdate } of left) {
      publishEvent(ctx, {
        type: 'subteam_members_changed', subteam_id: group.id, team_id: group.team_id, date_previous_update: previousUpdate, date_update: group.date_update,
        added_users: [], added_users_count: 0, removed_users: [user.id], removed_users_count: 1,
      });
    }
  };

  app.get('/scim/v2/Users', { config: { operation: 'scim.Users.list', readOnly: true } }, (request) => {
    const data = ctx.store.data;
    scimCaller(data, request);
    const query = request.query as Record<string, unknown>;
    const filter = parseFilter(query, ['userName', 'email', 'emails.value', 'externalId', 'id']);
    // Unfiltered: people come first and bots last (seedSlack, createUser), so a page is a slice.
    const { slice, ...page } = filter ? listPage(filtered(data, filter.attr, filter.value), query) : listPage(data.users, query, peopleCount(data.users));
    const groups = slice.length > 1 ? groupsByUser(data) : undefined;
    return { schemas: [LIST_SCHEMA], ...page, Resources: slice.map((u) => userResource(data, u, base(), groups)) };
  });

  app.get<{ Params: { id: string } }>('/scim/v2/Users/:id', { config: { operation: 'scim.Users.get', readOnly: true } }, (request) => {
    const data = ctx.store.data;
    scimCaller(data, request);
    return userResource(data, person(data, request.params.id), base());
  });

  app.post('/scim/v2/Users', { config: { operation: 'scim.Users.create' } }, (request, reply) => {
    const data = ctx.store.data;
    scimCaller(data, request);
    const fields = fromResource(scimBody(request));
    checkUnique(data, fields);
    if (userById(data, userIdFor(ctx.seed(), fields.email))) throw scimError(409, 'email_taken');
    const user = createUser(data, ctx.seed(), fields, ctx.clock.now());
    write(data, user, fields, false);
    publishEvent(ctx, { type: 'team_join', user });
    request.dtuTarget = { type: 'user', id: user.id };
    return reply.code(201).send(userResource(data, user, base()));
  });

  app.put<{ Params: { id: string } }>('/scim/v2/Users/:id', { config: { operation: 'scim.Users.replace' } }, (request) => {
    const data = ctx.store.data;
    scimCaller(data, request);
    const user = person(data, request.params.id);
    const fields = fromResource(scimBody(request));
    checkUnique(data, fields, user);
    write(data, user, fields);
    request.dtuTarget = { type: 'user', id: user.id };
    return userResource(data, user, base());
  });

  app.patch<{ Params: { id: string } }>('/scim/v2/Users/:id', { config: { operation: 'scim.Users.patch' } }, (request) => {
    const data = ctx.store.data;
    scimCaller(data, request);
    const user = person(data, request.params.id);
    const fields = applyPatch(editable(data, user), scimBody(request));
    checkUnique(data, fields, user);
    write(data, user, fields);
    request.dtuTarget = { type: 'user', id: user.id };
    return userResource(data, user, base());
  });

  app.delete<{ Params: { id: string } }>('/scim/v2/Users/:id', { config: { operation: 'scim.Users.delete' } }, (request, reply) => {
    const data = ctx.store.data;
    scimCaller(data, request);
    const user = person(data, request.params.id);
    const wasActive = !user.deleted;
    announceLeft(deactivateUser(data, user, ctx.clock.now()), user);
    request.dtuTarget = { type: 'user', id: user.id };
    if (wasActive) publishEvent(ctx, { type: 'user_change', user, cache_ts: Math.floor(ctx.clock.now() / 1000) });
    return reply.code(204).send();
  });
}
