// Provisioning's entry points for the rest of the twin: the triggers routes call after a change
// (each O(apps) or O(1), never a scan of users), the App User fields it decides, and the
// TwinDefinition hooks (stateLoaded, settle, people).
import type { TwinContext, TwinPerson } from '../../../shared/kernel/twin-definition.js';
import type { TwinName } from '../../../shared/twin-names.js';
import type { OktaApp } from '../apps.js';
import { appScope, memberSet } from '../assignments.js';
import type { OktaData, OktaGroup, OktaUser } from '../store.js';
import { provisions } from './connectors.js';
import { pushGroup } from './group-push.js';
import { groupTaskKey, mappingOf, targetOf, userTaskKey, type AppUserStatus, type SyncState } from './model.js';
import { enqueue, resumeTasks, setExecutors, settleTasks } from './queue.js';
import { syncUser } from './user-sync.js';

type Ctx = TwinContext<OktaData>;

setExecutors({ user: syncUser, group: pushGroup });

/**
 * Queues "sync this user" for `apps` (default: the provisioning apps the user is assigned to or
 * has an account in). Call after the change. `previousEmail`: the email before a profile change, so
 * the account is still found by it when Okta has no record of it yet (seeded users).
 */
export function provisionUser(ctx: Ctx, user: OktaUser, apps?: OktaApp[], previousEmail?: string): void {
  const data = ctx.store.data;
  const chosen = apps ?? data.apps.filter((a) => targetOf(a) && (appScope(data, a.id, user.id) !== null || data.provisioning.appUsers[a.id]?.[user.id]));
  for (const app of chosen) {
    if (!provisions(ctx, app)) continue;
    const records = (data.provisioning.appUsers[app.id] ??= {});
    if (previousEmail && previousEmail !== user.profile.email && !records[user.id]) {
      const stamp = new Date(ctx.clock.now()).toISOString();
      records[user.id] = { email: previousEmail, status: 'PROVISIONED', syncState: 'SYNCHRONIZED', statusChanged: stamp };
    }
    enqueue(ctx, { key: userTaskKey(app.id, user.id), kind: 'user', appId: app.id, userId: user.id });
  }
}

/** Queues the push of the group to every app with an active Group Push mapping for it. O(provisioning apps). */
export function pushGroupChange(ctx: Ctx, group: OktaGroup): void {
  const data = ctx.store.data;
  for (const app of data.apps) {
    if (!targetOf(app) || !provisions(ctx, app)) continue;
    const mapping = mappingOf(data.provisioning, app.id, group.id);
    if (mapping?.status === 'ACTIVE') enqueue(ctx, { key: groupTaskKey(app.id, mapping.id), kind: 'group', appId: app.id, mappingId: mapping.id });
  }
}

/** A membership change: the user's account where the change gave or took an app, and the group's pushes. */
export function onMembershipChange(ctx: Ctx, group: OktaGroup, user: OktaUser, apps: OktaApp[]): void {
  if (apps.length) provisionUser(ctx, user, apps);
  pushGroupChange(ctx, group);
}

/** The App User fields provisioning decides (status, syncState, lastSync, externalId) for a provisioning app. */
export function appUserSyncView(ctx: Ctx, app: OktaApp, userId: string): { status: AppUserStatus; syncState: SyncState | 'DISABLED'; lastSync?: string; externalId?: string; statusChanged?: string } {
  const data = ctx.store.data;
  if (!targetOf(app) || !provisions(ctx, app)) return { status: 'PROVISIONED', syncState: 'DISABLED' };
  const record = data.provisioning.appUsers[app.id]?.[userId];
  const task = data.provisioning.tasks[userTaskKey(app.id, userId)];
  // Seeded users without a record are in sync (the seed is); a task decides what shows while pending.
  const syncState: SyncState = task ? (task.state === 'waiting' || task.state === 'failed' ? 'ERROR' : record?.syncState === 'ERROR' ? 'ERROR' : 'SYNCING') : record?.syncState ?? 'SYNCHRONIZED';
  const status: AppUserStatus = record?.status ?? (task ? 'STAGED' : 'PROVISIONED');
  return { status, syncState, ...(record?.lastSync && { lastSync: record.lastSync }), ...(record?.externalId && { externalId: record.externalId }), ...(record && { statusChanged: record.statusChanged }) };
}

export function provisioningLoaded(ctx: Ctx): void {
  resumeTasks(ctx);
}

export const provisioningSettle = (ctx: Ctx) => settleTasks(ctx);

/**
 * Okta's statuses in the universe's terms. PROVISIONED ("Pending user action") counts as active:
 * Okta provisions those users as active accounts in their apps, so the universe expects them active
 * there; only STAGED (not yet activated) is pending.
 */
const PERSON_STATUS: Record<OktaUser['status'], TwinPerson['status']> = {
  ACTIVE: 'active', PASSWORD_EXPIRED: 'active', LOCKED_OUT: 'active', RECOVERY: 'active', PROVISIONED: 'active',
  STAGED: 'pending', SUSPENDED: 'suspended', DEPROVISIONED: 'deactivated',
};

/**
 * Okta's people with the twins whose app each is assigned to. O(users × provisioning apps × groups
 * assigned to the app), each check a Set lookup.
 */
export function oktaPeople(ctx: Ctx): TwinPerson[] {
  const data = ctx.store.data;
  const apps = data.apps.flatMap((app) => {
    const twin = targetOf(app);
    return twin ? [{ app, twin, groups: (data.appGroups[app.id] ?? []).map((g) => memberSet(data, g.id)), direct: data.appUsers[app.id] ?? {} }] : [];
  });
  return data.users.map((user) => {
    const twins: TwinName[] = [];
    if (user.status !== 'DEPROVISIONED') {
      for (const a of apps) if (user.id in a.direct || a.groups.some((members) => members.has(user.id))) if (!twins.includes(a.twin)) twins.push(a.twin);
    }
    const name = `${typeof user.profile.firstName === 'string' ? user.profile.firstName : ''} ${typeof user.profile.lastName === 'string' ? user.profile.lastName : ''}`.trim();
    return { email: user.profile.email, id: user.id, status: PERSON_STATUS[user.status], ...(name && { name }), apps: twins };
  });
}
