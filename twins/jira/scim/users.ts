// SCIM Users of the provisioning directory (developer.atlassian.com/cloud/admin/user-provisioning):
// list (filter userName/externalId eq), get, create (links to an existing account with that email,
// else creates one), replace (PUT), PATCH, and DELETE, which takes the user out of the directory and
// its groups and deactivates the account; the record is gone afterwards (404), the account keeps its
// issues. `active` is the Jira account's: false makes Jira refuse the person's tokens (401).
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { type JiraData, groupsOf, usersByEmail, usersById } from '../store.js';
import { leaveGroups, provisionAccount, updateAccount } from './accounts.js';
import { directoryUrl, listResponse, parseFilter, patchOperations, scimBody, scimError, scimTime } from './common.js';
import { derivedUuid, putScimUser, removeScimUser, scimUsers, type ScimUser } from './directory.js';
import { groupsByName } from './groups.js';
import { applyOperation, ATLASSIAN_SCHEMA, ENTERPRISE_SCHEMA, primaryEmail, readUserBody, type UserAttributes, userBody } from './user-input.js';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

export function scimUsersRoutes(scim: FastifyInstance, ctx: TwinContext<JiraData>, base: string): void {
  const location = (kind: 'Users' | 'Groups', id: string) => `${directoryUrl(ctx)}/${kind}/${id}`;

  const view = (u: ScimUser) => {
    const data = ctx.store.data;
    const account = usersById(data.users).get(u.accountId);
    const named = groupsByName(data.groups);
    const groups = (groupsOf(data.groups).get(u.accountId) ?? []).flatMap((name) => {
      const g = named.get(name);
      return g && data.scim.groups[g.groupId] ? [{ type: 'Group', value: g.groupId, display: g.name, $ref: location('Groups', g.groupId) }] : [];
    });
    const { id, accountId, created, lastModified, department, organization, ...attributes } = u;
    return {
      schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA, ATLASSIAN_SCHEMA], id, ...attributes, ...(department && { department }), ...(organization && { organization }),
      active: account?.active ?? false, groups,
      [ENTERPRISE_SCHEMA]: { ...(department && { department }), ...(organization && { organization }) },
      [ATLASSIAN_SCHEMA]: { atlassianAccountId: accountId },
      meta: { resourceType: 'User', location: location('Users', id), created, lastModified },
    };
  };

  const found = (id: string): ScimUser => {
    const user = Object.hasOwn(ctx.store.data.scim.users, id) ? ctx.store.data.scim.users[id] : undefined;
    if (!user) throw scimError(404, `User ${id} not found.`);
    return user;
  };

  /** Uniqueness of userName and of the account's email within the directory (a user other than `self`). */
  const checkUnique = (data: JiraData, attributes: UserAttributes, accountIdOfEmail: string | undefined, self?: ScimUser) => {
    const index = scimUsers(data.scim);
    const sameName = index.byUserName.get(attributes.userName.toLowerCase());
    if (sameName && sameName !== self) throw scimError(409, `A user with userName ${attributes.userName} already exists in this directory.`, 'uniqueness');
    const sameAccount = accountIdOfEmail === undefined ? undefined : index.byAccountId.get(accountIdOfEmail);
    if (sameAccount && sameAccount !== self) throw scimError(409, `The email ${primaryEmail(attributes)} belongs to another user of this directory.`, 'uniqueness');
    // Changing a user's email to one another Jira account has would give two accounts one email.
    if (self && accountIdOfEmail !== undefined && accountIdOfEmail !== self.accountId) throw scimError(409, `The email ${primaryEmail(attributes)} belongs to another account.`, 'uniqueness');
  };

  const accountOfEmail = (data: JiraData, email: string) => usersByEmail(data.users).get(email.toLowerCase())?.accountId;

  /** Writes the attributes to the record and to the Jira account; `active` absent leaves the account's as it is. */
  const store = (data: JiraData, attributes: UserAttributes, previous: ScimUser) => {
    const { active, ...fields } = attributes;
    const now = scimTime(ctx.clock.now());
    const account = usersById(data.users).get(previous.accountId)!;
    updateAccount(data, account, { displayName: fields.displayName, emailAddress: primaryEmail(fields), ...(fields.timezone && { timeZone: fields.timezone }), ...(active !== undefined && { active }) });
    const next: ScimUser = { id: previous.id, accountId: previous.accountId, ...fields, created: previous.created, lastModified: now };
    putScimUser(data.scim, next, previous);
    ctx.store.changed();
    return next;
  };

  scim.get(`${base}/Users`, { config: { operation: 'scim.Users.list', readOnly: true, jiraOwnAuth: true } }, (request) => {
    const q = request.query as Record<string, unknown>;
    const filter = parseFilter(q.filter, ['userName', 'externalId']);
    const index = scimUsers(ctx.store.data.scim);
    let users = index.list;
    if (filter?.attr === 'userName') users = index.byUserName.has(filter.value.toLowerCase()) ? [index.byUserName.get(filter.value.toLowerCase())!] : [];
    else if (filter) users = users.filter((u) => u.externalId === filter.value);
    return listResponse(users, q, view);
  });

  scim.get(`${base}/Users/:userId`, { config: { operation: 'scim.Users.get', readOnly: true, jiraOwnAuth: true } }, (request) => view(found((request.params as { userId: string }).userId)));

  scim.post(`${base}/Users`, { config: { operation: 'scim.Users.create', jiraOwnAuth: true } }, (request, reply) => {
    const data = ctx.store.data;
    const { active, ...fields } = readUserBody(scimBody(request));
    const email = primaryEmail(fields);
    checkUnique(data, fields, accountOfEmail(data, email));
    const now = ctx.clock.now();
    const account = provisionAccount(data, ctx.seed(), email, { displayName: fields.displayName, timeZone: fields.timezone, active: active ?? true });
    // A new directory id per creation: a user deleted and created again is a new directory user.
    const user: ScimUser = { id: derivedUuid(ctx.seed(), `jira:scim-user:${email.toLowerCase()}:${now}`), accountId: account.accountId, ...fields, created: scimTime(now), lastModified: scimTime(now) };
    putScimUser(data.scim, user);
    ctx.store.changed();
    request.dtuTarget = { type: 'user', id: user.id, accountId: account.accountId };
    reply.code(201).header('location', location('Users', user.id));
    return view(user);
  });

  scim.put(`${base}/Users/:userId`, { config: { operation: 'scim.Users.replace', jiraOwnAuth: true } }, (request) => {
    const data = ctx.store.data;
    const previous = found((request.params as { userId: string }).userId);
    const attributes = readUserBody(scimBody(request));
    checkUnique(data, attributes, accountOfEmail(data, primaryEmail(attributes)), previous);
    request.dtuTarget = { type: 'user', id: previous.id, accountId: previous.accountId };
    return view(store(data, attributes, previous));
  });

  scim.patch(`${base}/Users/:userId`, { config: { operation: 'scim.Users.patch', jiraOwnAuth: true } }, (request) => {
    const data = ctx.store.data;
    const previous = found((request.params as { userId: string }).userId);
    const operations = patchOperations(scimBody(request));
    const account = usersById(data.users).get(previous.accountId);
    const body = userBody(previous, account?.active ?? false);
    for (const operation of operations) applyOperation(body, operation);
    const attributes = readUserBody(body);
    checkUnique(data, attributes, accountOfEmail(data, primaryEmail(attributes)), previous);
    request.dtuTarget = { type: 'user', id: previous.id, accountId: previous.accountId };
    return view(store(data, attributes, previous));
  });

  scim.delete(`${base}/Users/:userId`, { config: { operation: 'scim.Users.delete', jiraOwnAuth: true } }, (request, reply) => {
    const data = ctx.store.data;
    const user = found((request.params as { userId: string }).userId);
    const account = usersById(data.users).get(user.accountId);
    leaveGroups(data, user.accountId, new Set(Object.keys(data.scim.groups)));
    if (account) updateAccount(data, account, { active: false });
    removeScimUser(data.scim, user);
    ctx.store.changed();
    request.dtuTarget = { type: 'user', id: user.id, accountId: user.accountId };
    return reply.code(204).send();
  });
}
