// Provisioning's stored state (inside OktaData, so snapshots and --persist keep it): per app user the
// sync record Okta shows on the App User object, the pending tasks (one per app+user and per
// app+group-push mapping) and the Group Push mappings. Which apps provision where: the Slack, Atlassian
// (Jira Cloud) and Google Workspace integrations, each to the peer twin of that name.
import type { TwinName } from '../../../shared/twin-names.js';
import type { Org } from '../../../shared/seeding/org.js';
import { deriveString } from '../../../shared/seeding/deterministic.js';
import { googleId, oktaId, slackId } from '../../../shared/seeding/people-ids.js';
import type { OktaApp, SeededSamlKey } from '../apps.js';

/** App User `status` values provisioning sets (Okta's AppUserStatus). */
export type AppUserStatus = 'STAGED' | 'PROVISIONED' | 'INACTIVE';
export type SyncState = 'SYNCING' | 'SYNCHRONIZED' | 'ERROR';

/** What Okta knows about a user's account in the app's target system. */
export interface AppUserSync {
  /** The user's id in the target (Slack U…, Google user id, Atlassian SCIM id), once known. */
  externalId?: string;
  /** The email the target knows the user by (looked up by it until an externalId is known). */
  email: string;
  status: AppUserStatus;
  syncState: SyncState;
  lastSync?: string;
  statusChanged: string;
}

export type TaskState = 'queued' | 'running' | 'waiting' | 'failed';

export interface ProvisioningTask {
  key: string;
  kind: 'user' | 'group';
  appId: string;
  userId?: string;
  mappingId?: string;
  state: TaskState;
  /** Failed attempts since the last success or trigger. */
  attempts: number;
  /** Epoch ms of the next attempt while waiting. */
  nextAttemptAt: number | null;
  lastError: string | null;
  created: string;
  /** A trigger arrived while running: run again once done (the run may have read older state). */
  rerun?: boolean;
}

export type MappingStatus = 'ACTIVE' | 'INACTIVE' | 'ERROR';

export interface GroupPushMapping {
  id: string;
  appId: string;
  sourceGroupId: string;
  /** The group's id in the target, once linked or created. */
  targetGroupId: string | null;
  /** Name of the target group to link to or create (the source group's name unless given). */
  targetGroupName: string;
  status: MappingStatus;
  created: string;
  lastUpdated: string;
  lastPush: string | null;
  errorSummary: string;
}

export interface ProvisioningState {
  /** appId → userId → sync record; absent for seeded users (already in sync) until a task touches them. */
  appUsers: Record<string, Record<string, AppUserSync>>;
  /** task key → task; a task is removed once it succeeds. */
  tasks: Record<string, ProvisioningTask>;
  /** appId → Group Push mappings in creation order. */
  groupPush: Record<string, GroupPushMapping[]>;
}

/** OIN app name → the twin it provisions to. */
const TARGET_OF_APP: Record<string, TwinName> = { slack: 'slack', atlassian: 'jira', google: 'google' };

/** The twin an app provisions to, or undefined when it is no provisioning app (or is inactive). */
export function targetOf(app: OktaApp): TwinName | undefined {
  if (app.status !== 'ACTIVE' || !app.features.includes('PUSH_NEW_USERS')) return undefined;
  return TARGET_OF_APP[app.name];
}

export const userTaskKey = (appId: string, userId: string) => `user:${appId}:${userId}`;
export const groupTaskKey = (appId: string, mappingId: string) => `group:${appId}:${mappingId}`;

export const mappingId = (seed: number, key: string) => `gPm${deriveString(seed, `okta:group-push:${key}`, 17)}`;

/**
 * The seeded state: every org group pushed to the Slack, Jira and Google apps, linked to the group each
 * of those twins seeds for it. Slack seeds team groups only (id from the shared seeding ids), Google
 * every group; Jira's SCIM group ids are its own, so those mappings are linked by name at the first push.
 */
export function seedProvisioning(org: Org, seed: number, appIds: Record<SeededSamlKey, string>, stamp: string): ProvisioningState {
  const groupPush: Record<string, GroupPushMapping[]> = {};
  for (const key of ['slack', 'jira', 'google'] as const) {
    groupPush[appIds[key]] = org.groups.map((g) => ({
      id: mappingId(seed, `${key}:${g.slug}`), appId: appIds[key], sourceGroupId: oktaId(seed, '00g', g.slug),
      targetGroupId: key === 'google' ? googleId(seed, `group:${g.slug}`) : key === 'slack' && g.kind === 'team' ? slackId(seed, 'S', `team:${g.slug}`) : null,
      targetGroupName: g.name, status: 'ACTIVE', created: stamp, lastUpdated: stamp, lastPush: stamp, errorSummary: '',
    }));
  }
  return { appUsers: {}, tasks: {}, groupPush };
}

// Mapping lookup by source group, memoized per mappings array (create/delete replace the array).
const bySource = new WeakMap<GroupPushMapping[], Map<string, GroupPushMapping>>();

export function mappingOf(state: ProvisioningState, appId: string, groupId: string): GroupPushMapping | undefined {
  const list = state.groupPush[appId];
  if (!list) return undefined;
  let index = bySource.get(list);
  if (!index) bySource.set(list, (index = new Map(list.map((m) => [m.sourceGroupId, m]))));
  return index.get(groupId);
}
