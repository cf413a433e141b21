// Who is assigned to which app, and group membership changes with their side effects. A user is
// assigned to an app directly (scope USER, stored) or through a group assigned to the app (scope GROUP,
// computed from the group's members, so a group of 10,000 costs no stored records). Membership sets
// per group are a derived index keyed by the state object and dropped whenever a membership changes.
import type { FastifyRequest } from 'fastify';
import type { TwinContext } from '../../shared/kernel/twin-definition.js';
import type { Org } from '../../shared/seeding/org.js';
import { primaryAdmin } from '../../shared/seeding/admin.js';
import { oktaId } from '../../shared/seeding/people-ids.js';
import type { OktaApp, SeededSamlKey } from './apps.js';
import { appTarget, audit, groupTarget, userTarget } from './logs.js';
import { onMembershipChange, provisionUser } from './provisioning/index.js';
import type { OktaScenario } from '../../shared/seeding/scenario.js';
import { applyOktaScenario } from './scenario.js';
import { userById, type OktaData, type OktaGroup, type OktaUser } from './store.js';

export interface DirectAppUser {
  created: string;
  lastUpdated: string;
  statusChanged: string;
  /** App-specific attributes, e.g. a role or license; Okta keeps them per assignment. */
  profile: Record<string, unknown>;
  /** The user name in the app; absent means the app's username template. */
  userName?: string;
}

export interface AppGroupAssignment {
  id: string;
  lastUpdated: string;
  priority: number;
  profile: Record<string, unknown>;
}

export function seedAssignments(org: Org, seed: number, appIds: Record<'web' | 'service' | SeededSamlKey, string>, everyoneId: string, userIdOf: (email: string) => string | undefined, stamp: string, scenario?: OktaScenario) {
  const groupsOf = (kind: 'department' | 'team') => org.groups.filter((g) => g.kind === kind).map((g) => oktaId(seed, '00g', g.slug));
  const assign = (ids: string[]): AppGroupAssignment[] => ids.map((id, priority) => ({ id, lastUpdated: stamp, priority, profile: {} }));
  const appGroups: Record<string, AppGroupAssignment[]> = {
    [appIds.web]: assign([everyoneId]),
    [appIds.service]: [],
    [appIds.slack]: assign([everyoneId]),
    [appIds.jira]: assign(groupsOf('department')),
    [appIds.google]: assign([everyoneId]),
  };
  const appUsers: Record<string, Record<string, DirectAppUser>> = Object.fromEntries(Object.keys(appGroups).map((id) => [id, {}]));
  // The admin is assigned to Jira directly as well (scope USER), as site administrators usually are.
  const adminId = userIdOf(primaryAdmin(org).email);
  if (adminId) appUsers[appIds.jira][adminId] = { created: stamp, lastUpdated: stamp, statusChanged: stamp, profile: { role: 'site-admin' } };
  applyOktaScenario(scenario, seed, appIds, everyoneId, userIdOf, stamp, appGroups, appUsers);
  return { appUsers, appGroups };
}

// --- membership index ------------------------------------------------------------------------

const memberSets = new WeakMap<OktaData, Map<string, Set<string>>>();

export function memberSet(data: OktaData, groupId: string): Set<string> {
  let sets = memberSets.get(data);
  if (!sets) memberSets.set(data, (sets = new Map()));
  let set = sets.get(groupId);
  if (!set) sets.set(groupId, (set = new Set(data.members[groupId] ?? [])));
  return set;
}

/** Call after any change to `data.members` made outside addMember/removeMember. */
export const membershipChanged = (data: OktaData) => memberSets.delete(data);

/** How the user is assigned to the app: directly, through a group, or not at all (deactivated users have no apps). */
export function appScope(data: OktaData, appId: string, userId: string): 'USER' | 'GROUP' | null {
  if (data.appUsers[appId]?.[userId]) return 'USER';
  if (userById(data, userId)?.status === 'DEPROVISIONED') return null;
  return (data.appGroups[appId] ?? []).some((g) => memberSet(data, g.id).has(userId)) ? 'GROUP' : null;
}

/** Apps the user is assigned to, directly or through a group. O(apps × assigned groups). */
export const appsOfUser = (data: OktaData, userId: string): OktaApp[] => data.apps.filter((a) => appScope(data, a.id, userId) !== null);

type Ctx = TwinContext<OktaData>;
const now = (ctx: Ctx) => new Date(ctx.clock.now()).toISOString();

/** Apps the group is assigned to that the user does not reach otherwise (so joining/leaving changes them). */
function appsOnlyThrough(data: OktaData, group: OktaGroup, userId: string): OktaApp[] {
  return data.apps.filter((a) => (data.appGroups[a.id] ?? []).some((g) => g.id === group.id)
    && !data.appUsers[a.id]?.[userId]
    && !(data.appGroups[a.id] ?? []).some((g) => g.id !== group.id && memberSet(data, g.id).has(userId)));
}

/** Adds the user to the group (no-op when a member), with Okta's System Log events. True when it changed. */
export function addMember(ctx: Ctx, request: FastifyRequest, group: OktaGroup, user: OktaUser): boolean {
  const data = ctx.store.data;
  if (memberSet(data, group.id).has(user.id)) return false;
  const gained = appsOnlyThrough(data, group, user.id);
  data.members[group.id].push(user.id);
  memberSet(data, group.id).add(user.id);
  group.lastMembershipUpdated = now(ctx);
  audit(ctx, request, 'group.user_membership.add', 'Add user to group membership', [userTarget(user), groupTarget(group)]);
  for (const app of gained) audit(ctx, request, 'application.user_membership.add', 'Add user to application membership', [appUserTarget(app, user), appTarget(app)]);
  onMembershipChange(ctx, group, user, gained);
  return true;
}

export function removeMember(ctx: Ctx, request: FastifyRequest, group: OktaGroup, user: OktaUser): boolean {
  const data = ctx.store.data;
  const members = data.members[group.id] ?? [];
  const at = members.indexOf(user.id);
  if (at < 0) return false;
  const lost = appsOnlyThrough(data, group, user.id);
  members.splice(at, 1);
  memberSet(data, group.id).delete(user.id);
  group.lastMembershipUpdated = now(ctx);
  audit(ctx, request, 'group.user_membership.remove', 'Remove user from group membership', [userTarget(user), groupTarget(group)]);
  for (const app of lost) audit(ctx, request, 'application.user_membership.remove', 'Remove user from application membership', [appUserTarget(app, user), appTarget(app)]);
  onMembershipChange(ctx, group, user, lost);
  return true;
}

/**
 * Okta unassigns a deactivated user from every app: direct assignments are dropped (group-derived ones
 * return if the user is activated again). Call before the status changes, so the events name the apps.
 */
export function unassignDeactivated(ctx: Ctx, request: FastifyRequest, user: OktaUser): void {
  const data = ctx.store.data;
  const apps = appsOfUser(data, user.id);
  for (const app of apps) {
    delete data.appUsers[app.id]?.[user.id];
    audit(ctx, request, 'application.user_membership.remove', 'Remove user from application membership', [appUserTarget(app, user), appTarget(app)]);
  }
  // Their accounts in provisioned apps are deactivated once the status has changed (the task runs after the request).
  provisionUser(ctx, user, apps);
}

export const appUserTarget = (app: OktaApp, user: OktaUser) => ({ ...userTarget(user), type: 'AppUser', alternateId: appUserName(app, user) });

/** The user's name in the app: Okta's username template (`${source.login}` or `${source.email}`). */
export function appUserName(app: OktaApp, user: OktaUser, direct?: DirectAppUser): string {
  if (direct?.userName) return direct.userName;
  return app.credentials.userNameTemplate.template === '${source.email}' ? user.profile.email : user.profile.login;
}

// --- wire shapes -----------------------------------------------------------------------------

/** `sync`: what provisioning says of the account in the app's target (provisioning/index.ts appUserSyncView). */
export function appUserView(data: OktaData, app: OktaApp, user: OktaUser, publicUrl: string,
  sync: { status: string; syncState: string; lastSync?: string; externalId?: string; statusChanged?: string } = { status: app.features.includes('PUSH_NEW_USERS') ? 'PROVISIONED' : 'ACTIVE', syncState: 'DISABLED' }) {
  const direct = data.appUsers[app.id]?.[user.id];
  const group = direct ? undefined : (data.appGroups[app.id] ?? []).find((g) => memberSet(data, g.id).has(user.id));
  const since = direct?.created ?? (group && group.lastUpdated > user.created ? group.lastUpdated : user.created);
  return {
    // externalId and passwordChanged stay out until set (Okta sends null; the schema wants strings).
    id: user.id,
    created: since,
    lastUpdated: direct?.lastUpdated ?? since,
    scope: direct ? 'USER' : 'GROUP',
    status: sync.status,
    statusChanged: sync.statusChanged ?? direct?.statusChanged ?? since,
    syncState: sync.syncState,
    ...(sync.lastSync && { lastSync: sync.lastSync }),
    ...(sync.externalId && { externalId: sync.externalId }),
    credentials: { userName: appUserName(app, user, direct) },
    profile: { ...(group?.profile ?? {}), ...(direct?.profile ?? {}) },
    _links: {
      app: { href: `${publicUrl}/api/v1/apps/${app.id}` },
      user: { href: `${publicUrl}/api/v1/users/${user.id}` },
    },
  };
}

export function appGroupView(app: OktaApp, assignment: AppGroupAssignment, publicUrl: string) {
  return {
    ...assignment,
    _links: {
      self: { href: `${publicUrl}/api/v1/apps/${app.id}/groups/${assignment.id}` },
      app: { href: `${publicUrl}/api/v1/apps/${app.id}` },
      group: { href: `${publicUrl}/api/v1/groups/${assignment.id}` },
    },
  };
}

/** An entry of /api/v1/users/{id}/appLinks: what the user's dashboard shows for an app. */
export function appLinkView(app: OktaApp, user: OktaUser, index: number, publicUrl: string) {
  const linkName = Object.keys(app.visibility.appLinks)[0] ?? `${app.name}_link`;
  return {
    id: `0oi${app.id.slice(3)}`.slice(0, 20),
    label: app.label,
    linkUrl: `${publicUrl}/home/${app.name}/${app.id}/${linkName}`,
    logoUrl: `${publicUrl}/assets/img/logos/${app.name}.png`,
    appName: app.name,
    appInstanceId: app.id,
    appAssignmentId: `0ua${app.id.slice(3, 10)}${user.id.slice(3, 13)}`,
    credentialsSetup: false,
    hidden: app.visibility.hide.web,
    sortOrder: index,
  };
}
