// Task "sync user U to app A": reads Okta's state when it runs and makes the target match. Assigned
// and activated (ACTIVE, PASSWORD_EXPIRED, LOCKED_OUT, RECOVERY, PROVISIONED) → an active account with
// Okta's profile (created if missing); anything else (unassigned, SUSPENDED, DEPROVISIONED, STAGED) →
// the account, if there is one, deactivated (Slack, Jira) or suspended (Google).
// Each push is one System Log event (application.provision.user.*) with SUCCESS or FAILURE.
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { appById, type OktaApp } from '../apps.js';
import { appScope, appUserName, appUserTarget, memberSet } from '../assignments.js';
import { appTarget, auditJob, userTarget } from '../logs.js';
import { userById, type LogTarget, type OktaData, type OktaUser } from '../store.js';
import { connectorFor } from './connectors.js';
import { groupTaskKey, type AppUserSync, type ProvisioningTask } from './model.js';
import { enqueue } from './queue.js';
import { PushError, type DesiredUser } from './targets.js';

type Ctx = TwinContext<OktaData>;

/**
 * Statuses whose accounts are active in the apps. PROVISIONED ("Pending user action": activated, no
 * password yet) included: Okta provisions such users as active accounts (help.okta.com, "Provisioning
 * Staged Okta Users"); STAGED users are not pushed until activated.
 */
export const SIGNS_IN = new Set(['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY', 'PROVISIONED']);

const EVENTS = {
  push: 'Push new user to external application',
  push_profile: "Push user's profile to external application",
  reactivate: 'Reactivate user in external application',
  deactivate: 'Deactivate user in external application',
} as const;
type Push = keyof typeof EVENTS;

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export function desiredUser(data: OktaData, app: OktaApp, user: OktaUser): DesiredUser {
  const p = user.profile;
  const manager = text(p.manager);
  return {
    email: p.email, userName: appUserName(app, user, data.appUsers[app.id]?.[user.id]),
    // The full name, so a person is named the same in every twin (Okta's displayName attribute is not kept in step with name changes).
    givenName: text(p.firstName), familyName: text(p.lastName), displayName: `${text(p.firstName)} ${text(p.lastName)}`.trim() || text(p.displayName),
    title: text(p.title), department: text(p.department), timezone: text(p.timezone), managerEmail: manager.includes('@') ? manager : '',
  };
}

/** The user is to have an active account in the app's target. */
export const wantsActive = (data: OktaData, appId: string, user: OktaUser | undefined) => !!user && SIGNS_IN.has(user.status) && appScope(data, appId, user.id) !== null;

export async function syncUser(ctx: Ctx, data: OktaData, task: ProvisioningTask): Promise<void> {
  const app = appById(data, task.appId);
  const user = userById(data, task.userId!);
  if (!app) return;
  const records = (data.provisioning.appUsers[app.id] ??= {});
  const record = records[task.userId!];
  // A user deleted from Okta is only deactivated, and only if Okta knows their account.
  if (!user && !record) return;
  const connector = await connectorFor(ctx, data, app);
  if (!connector) return;
  const active = wantsActive(data, app.id, user);
  const desired = user ? desiredUser(data, app, user) : undefined;
  const email = record?.email ?? desired!.email;
  const targets: LogTarget[] = user ? [appUserTarget(app, user), userTarget(user), appTarget(app)] : [{ id: task.userId!, type: 'AppUser', alternateId: email, displayName: email }, appTarget(app)];
  let push: Push = !active ? 'deactivate' : record?.externalId ? 'push_profile' : 'push';
  try {
    const existing = await connector.findUser({ externalId: record?.externalId, email });
    const now = new Date(ctx.clock.now()).toISOString();
    const before: AppUserSync = record ?? { email, status: 'PROVISIONED', syncState: 'SYNCHRONIZED', statusChanged: now };
    const next = (fields: Partial<AppUserSync>): AppUserSync => ({ ...before, syncState: 'SYNCHRONIZED', lastSync: now, ...fields });
    let changed: string[] = [];
    let pushed: Push | null = null;
    if (!existing) {
      if (!active) {
        if (record) records[task.userId!] = next({ status: 'INACTIVE', externalId: undefined });
        return;
      }
      const created = await connector.createUser(desired!);
      pushed = 'push';
      records[task.userId!] = next({ externalId: created.id, email: desired!.email, status: 'PROVISIONED', statusChanged: now });
    } else if (!active) {
      if (existing.active) {
        await connector.updateUser(existing, desired!, false);
        pushed = 'deactivate';
      }
      records[task.userId!] = next({ externalId: existing.id, status: 'INACTIVE', ...(record?.status !== 'INACTIVE' && { statusChanged: now }) });
    } else {
      changed = connector.differences(existing, desired!);
      if (!existing.active || changed.length) {
        push = existing.active ? 'push_profile' : 'reactivate';
        await connector.updateUser(existing, desired!, true);
        pushed = push;
      }
      records[task.userId!] = next({ externalId: existing.id, email: desired!.email, status: 'PROVISIONED', ...(record?.status !== 'PROVISIONED' && { statusChanged: now }) });
    }
    if (pushed) {
      const externalId = records[task.userId!].externalId ?? '';
      auditJob(ctx, `application.provision.user.${pushed}`, EVENTS[pushed], targets, { result: 'SUCCESS' },
        { externalId, ...(changed.length && { changedAttributes: changed.join(',') }) });
    }
    // A new or returning account joins the app's pushed groups the user is in.
    if (user && (pushed === 'push' || pushed === 'reactivate')) pushGroupsOf(ctx, data, app, user);
  } catch (error) {
    if (!(error instanceof PushError)) throw error;
    const now = new Date(ctx.clock.now()).toISOString();
    records[task.userId!] = record ? { ...record, syncState: 'ERROR' } : { email, status: 'STAGED', statusChanged: now, syncState: 'ERROR' };
    auditJob(ctx, `application.provision.user.${push}`, EVENTS[push], targets, { result: 'FAILURE', reason: error.message }, { attempt: String(task.attempts + 1) });
    throw error;
  }
}

/** Queues the push of every active Group Push mapping of the app whose source group has the user. O(mappings of the app). */
function pushGroupsOf(ctx: Ctx, data: OktaData, app: OktaApp, user: OktaUser): void {
  for (const mapping of data.provisioning.groupPush[app.id] ?? []) {
    if (mapping.status === 'ACTIVE' && memberSet(data, mapping.sourceGroupId).has(user.id)) {
      enqueue(ctx, { key: groupTaskKey(app.id, mapping.id), kind: 'group', appId: app.id, mappingId: mapping.id });
    }
  }
}
