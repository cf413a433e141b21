// The Okta twin's state (plain JSON) and its seeding from the org, plus derived lookups that are
// rebuilt from the data, never stored: users are kept sorted by id, so `after` cursors and id lookups
// are binary searches; logins go through a self-checking Map memoized per users array.
import { oktaId, tokens } from '../../shared/seeding/people-ids.js';
import type { SeedContext } from '../../shared/kernel/twin-definition.js';
import { deriveString } from '../../shared/seeding/deterministic.js';
import { seedApps, type OktaApp } from './apps.js';
import { seedAssignments, type AppGroupAssignment, type DirectAppUser } from './assignments.js';
import { scenarioOf, type OktaScenario } from '../../shared/seeding/scenario.js';
import type { EventHook } from './event-hooks.js';
import type { GroupRule } from './group-rules.js';
import { seedProvisioning, type ProvisioningState } from './provisioning/model.js';

export type UserStatus = 'STAGED' | 'PROVISIONED' | 'ACTIVE' | 'RECOVERY' | 'PASSWORD_EXPIRED' | 'LOCKED_OUT' | 'SUSPENDED' | 'DEPROVISIONED';

export interface UserProfile {
  login: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  [attribute: string]: unknown;
}

export interface OktaUser {
  id: string;
  status: UserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  type: { id: string };
  profile: UserProfile;
}

export interface OktaGroup {
  id: string;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  objectClass: string[];
  type: 'OKTA_GROUP' | 'BUILT_IN' | 'APP_GROUP';
  profile: { name: string; description: string | null; [attribute: string]: unknown };
}

export interface OktaData {
  /** Sorted by id (Okta lists users in id order; cursors are ids). */
  users: OktaUser[];
  groups: OktaGroup[];
  /** groupId → member user ids, in the order they were added. */
  members: Record<string, string[]>;
  /** userId → password; absent when the user has none (created without credentials). Never served. */
  passwords: Record<string, string>;
  /** System Log, oldest first, the newest LOG_LIMIT kept (see logs.ts). */
  logs: LogEvent[];
  /** App integrations, in creation order (see apps.ts). */
  apps: OktaApp[];
  /** appId → userId → the user's direct (scope USER) assignment; group-derived ones are computed (assignments.ts). */
  appUsers: Record<string, Record<string, DirectAppUser>>;
  /** appId → assigned groups, in assignment order. */
  appGroups: Record<string, AppGroupAssignment[]>;
  /** Group rules (group-rules.ts), in creation order. */
  groupRules: GroupRule[];
  /** ruleId → userId → true for memberships a rule made (a user who stops matching leaves those groups). */
  ruleAssignments: Record<string, Record<string, true>>;
  /** Event hooks (event-hooks.ts), in creation order. */
  eventHooks: EventHook[];
  /** Provisioning to the Slack, Jira and Google apps: sync records, tasks, Group Push mappings (provisioning/model.ts). */
  provisioning: ProvisioningState;
  /** Users created through the API so far: with the login, it makes their ids deterministic (the same calls on the same seed give the same ids). */
  createdUsers: number;
}

export interface LogTarget {
  id: string;
  /** User, UserGroup, AppInstance, AppUser, PolicyRule (group rules), EventHook… */
  type: string;
  alternateId: string;
  displayName: string;
}

export interface LogEvent {
  uuid: string;
  published: string;
  eventType: string;
  legacyEventType: string;
  displayMessage: string;
  severity: 'INFO' | 'WARN';
  version: '0';
  /** SystemPrincipal: Okta itself (background jobs such as provisioning pushes). */
  actor: { id: string; type: 'User' | 'PublicClientApp' | 'SystemPrincipal'; alternateId: string; displayName: string };
  /** No ipAddress for Okta's own background jobs. */
  client: { userAgent: { rawUserAgent: string }; ipAddress?: string };
  outcome: { result: 'SUCCESS' | 'FAILURE'; reason?: string };
  target: LogTarget[];
  transaction: { type: 'WEB' | 'JOB'; id: string; detail: Record<string, never> };
  debugContext: { debugData: Record<string, string> };
  authenticationContext: { authenticationStep: 0; externalSessionId: string };
  securityContext: Record<string, never>;
  request: { ipChain: { ip: string }[] };
}

const STATUS = { active: 'ACTIVE', suspended: 'SUSPENDED', deactivated: 'DEPROVISIONED' } as const;
export const EVERYONE_KEY = 'everyone';

export const userTypeId = (seed: number) => `oty${deriveString(seed, 'okta:oty:default', 17)}`;

export function seedOkta({ org, seed, config }: SeedContext): OktaData {
  const idOf = new Map(org.people.map((p) => [p.email, oktaId(seed, '00u', p.email)]));
  const typeId = userTypeId(seed);
  const users: OktaUser[] = org.people.map((p) => {
    const created = `${p.startDate}T09:00:00.000Z`;
    return {
      id: idOf.get(p.email)!,
      // The org's status is authoritative (CONTRACT: every twin agrees on people's status).
      status: STATUS[p.status],
      created,
      activated: created,
      statusChanged: created,
      lastLogin: null,
      lastUpdated: created,
      passwordChanged: created,
      type: { id: typeId },
      profile: {
        login: p.email, email: p.email, firstName: p.firstName, lastName: p.lastName, displayName: p.name,
        title: p.title, department: p.department, employeeNumber: p.employeeNumber, city: p.location,
        timezone: p.timezone, locale: 'en_US', manager: p.manager, managerId: p.manager ? idOf.get(p.manager) ?? null : null,
      },
    };
  });
  users.sort(byId);
  const epoch = org.people.map((p) => p.startDate).sort()[0] ?? '2020-01-01';
  const groupStamp = `${epoch}T08:00:00.000Z`;
  const group = (id: string, type: OktaGroup['type'], name: string, description: string): OktaGroup => ({
    id, created: groupStamp, lastUpdated: groupStamp, lastMembershipUpdated: groupStamp,
    objectClass: ['okta:user_group'], type, profile: { name, description },
  });
  const everyone = group(oktaId(seed, '00g', EVERYONE_KEY), 'BUILT_IN', 'Everyone', 'All users in your organization');
  const groups = [everyone, ...org.groups.map((g) => group(oktaId(seed, '00g', g.slug), 'OKTA_GROUP', g.name, g.description ?? `${g.kind === 'department' ? 'Department' : 'Team'}: ${g.name}`))];
  const members: Record<string, string[]> = { [everyone.id]: users.map((u) => u.id) };
  for (const g of org.groups) members[oktaId(seed, '00g', g.slug)] = g.members.map((email) => idOf.get(email)).filter((id): id is string => !!id);
  const passwords = Object.fromEntries(org.people.map((p) => [idOf.get(p.email)!, tokens.oktaPassword(seed, p.email)]));
  const { apps, idOf: appIds } = seedApps(org, seed, groupStamp);
  return { users, groups, members, passwords, logs: [], apps, ...seedAssignments(org, seed, appIds, everyone.id, (email) => idOf.get(email), groupStamp, scenarioOf<OktaScenario>(config)), groupRules: [], ruleAssignments: {}, eventHooks: [], provisioning: seedProvisioning(org, seed, appIds, groupStamp), createdUsers: 0 };
}

export const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Index of the first user whose id is greater than `id` (or equal, when `inclusive`). */
export function lowerBound(users: OktaUser[], id: string, inclusive = true): number {
  let lo = 0;
  let hi = users.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (users[mid].id < id || (!inclusive && users[mid].id === id)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function userById(data: OktaData, id: string): OktaUser | undefined {
  const user = data.users[lowerBound(data.users, id)];
  return user?.id === id ? user : undefined;
}

const loginIndexes = new WeakMap<OktaUser[], Map<string, OktaUser>>();
const buildLoginIndex = (users: OktaUser[]) => {
  const index = new Map(users.map((u) => [u.profile.login.toLowerCase(), u]));
  loginIndexes.set(users, index);
  return index;
};

/**
 * By login, case-insensitively. The index checks its hit; a stale or missing entry falls back to a scan
 * (no allocation, so unknown logins stay cheap), and the index is rebuilt only when the scan finds a
 * user it lacked (a write added or renamed one).
 */
export function userByLogin(data: OktaData, login: string): OktaUser | undefined {
  const key = login.toLowerCase();
  const fresh = (u: OktaUser | undefined) => !!u && u.profile.login.toLowerCase() === key && userById(data, u.id) === u;
  const found = (loginIndexes.get(data.users) ?? buildLoginIndex(data.users)).get(key);
  if (fresh(found)) return found;
  const scanned = data.users.find((u) => u.profile.login.length === key.length && u.profile.login.toLowerCase() === key);
  if (scanned) buildLoginIndex(data.users);
  return scanned;
}

export const userByIdOrLogin = (data: OktaData, idOrLogin: string) => userById(data, idOrLogin) ?? userByLogin(data, idOrLogin);

export function insertUser(data: OktaData, user: OktaUser): void {
  data.users.splice(lowerBound(data.users, user.id), 0, user);
}

export function removeUser(data: OktaData, user: OktaUser): void {
  const at = lowerBound(data.users, user.id);
  if (data.users[at] === user) data.users.splice(at, 1);
  for (const list of Object.values(data.members)) {
    const i = list.indexOf(user.id);
    if (i >= 0) list.splice(i, 1);
  }
  delete data.passwords[user.id];
}

export const groupById = (data: OktaData, id: string) => data.groups.find((g) => g.id === id);

export function transition(user: OktaUser, status: UserStatus, stamp: string): void {
  user.status = status;
  user.statusChanged = stamp;
  user.lastUpdated = stamp;
  if (status === 'ACTIVE' && !user.activated) user.activated = stamp;
}
