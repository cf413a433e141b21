// Task "push group G to app A" (Okta's Group Push): links the mapping to its target group (by id,
// else by name; created when missing), renames it when the Okta group was renamed, and makes its
// members the Okta group's members who have an active account in the app. Members are matched by
// email (Google) or by the target's user id, known from provisioning or looked up by email once.
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { appById, type OktaApp } from '../apps.js';
import { appScope } from '../assignments.js';
import { appTarget, auditJob, groupTarget } from '../logs.js';
import { groupById, userById, type LogTarget, type OktaData, type OktaGroup, type OktaUser } from '../store.js';
import { connectorFor } from './connectors.js';
import { userTaskKey, type GroupPushMapping, type ProvisioningTask } from './model.js';
import { PushError, type Connector, type TargetUser } from './targets.js';
import { SIGNS_IN } from './user-sync.js';

type Ctx = TwinContext<OktaData>;

/** Above this many members without a known target id, one listing of the target's accounts beats a lookup each. */
const LIST_THRESHOLD = 20;

export async function pushGroup(ctx: Ctx, data: OktaData, task: ProvisioningTask): Promise<void> {
  const app = appById(data, task.appId);
  const mapping = (data.provisioning.groupPush[task.appId] ?? []).find((m) => m.id === task.mappingId);
  const group = mapping && groupById(data, mapping.sourceGroupId);
  if (!app || !mapping || !group || mapping.status !== 'ACTIVE') return;
  const connector = await connectorFor(ctx, data, app);
  if (!connector) return;
  const targets: LogTarget[] = [groupTarget(group), appTarget(app)];
  let step = 'application.provision.group_push.pushed';
  try {
    let target = await connector.findGroup({ id: mapping.targetGroupId, name: mapping.targetGroupName });
    if (!target) {
      target = await connector.createGroup(group.profile.name);
      auditJob(ctx, step, 'Push group to external application', targets, { result: 'SUCCESS' }, { targetGroupId: target.id });
    } else if (target.name !== group.profile.name) {
      step = 'application.provision.group_push.updated';
      await connector.renameGroup(target, group.profile.name);
      auditJob(ctx, step, 'Update pushed group in external application', targets, { result: 'SUCCESS' }, { targetGroupId: target.id });
    }
    mapping.targetGroupId = target.id;
    mapping.targetGroupName = group.profile.name;
    step = 'application.provision.group_push.push_memberships';
    const wanted = await wantedMembers(ctx, data, app, group, connector);
    const current = new Set(await connector.groupMembers(target));
    const add = [...wanted].filter((k) => !current.has(k));
    const remove = [...current].filter((k) => !wanted.has(k));
    if (add.length || remove.length) {
      await connector.updateMembers(target, add, remove);
      auditJob(ctx, step, 'Push group memberships to external application', targets, { result: 'SUCCESS' },
        { targetGroupId: target.id, membersAdded: String(add.length), membersRemoved: String(remove.length) });
    }
    Object.assign(mapping, { lastPush: new Date(ctx.clock.now()).toISOString(), errorSummary: '' } satisfies Partial<GroupPushMapping>);
  } catch (error) {
    if (!(error instanceof PushError)) throw error;
    mapping.errorSummary = error.message.slice(0, 255);
    auditJob(ctx, step, 'Push group to external application', targets, { result: 'FAILURE', reason: error.message }, { attempt: String(task.attempts + 1) });
    throw error;
  }
}

/**
 * The group's members whose account in the app may be a member, as the target names them: assigned,
 * with an account Okta has pushed (or a seeded one), active — or, where members are emails (Google),
 * suspended too (a suspended Google user stays in their groups). A user whose first push or
 * reactivation is pending is left out: that push, once done, queues this group again.
 */
async function wantedMembers(ctx: Ctx, data: OktaData, app: OktaApp, group: OktaGroup, connector: Connector): Promise<Set<string>> {
  const records = (data.provisioning.appUsers[app.id] ??= {});
  const byEmail = connector.memberKey === 'email';
  const wanted = new Set<string>();
  const unknown: OktaUser[] = [];
  for (const id of data.members[group.id] ?? []) {
    const user = userById(data, id);
    if (!user || !(SIGNS_IN.has(user.status) || (byEmail && user.status === 'SUSPENDED')) || appScope(data, app.id, id) === null) continue;
    const record = records[id];
    if (record ? record.status === 'STAGED' || (!byEmail && record.status === 'INACTIVE') : data.provisioning.tasks[userTaskKey(app.id, id)]) continue;
    if (byEmail) wanted.add((record?.email ?? user.profile.email).toLowerCase());
    else if (record?.externalId) wanted.add(record.externalId);
    else unknown.push(user);
  }
  for (const [user, found] of await lookUp(connector, unknown)) {
    if (!found?.active) continue;
    const now = new Date(ctx.clock.now()).toISOString();
    // Seeded accounts Okta had no record of: remembered, so the next push needs no lookup.
    records[user.id] ??= { externalId: found.id, email: found.email, status: 'PROVISIONED', syncState: 'SYNCHRONIZED', statusChanged: now, lastSync: now };
    wanted.add(found.id);
  }
  return wanted;
}

/** The target accounts of users Okta has no id for: one lookup each, or one listing when there are many. */
async function lookUp(connector: Connector, users: OktaUser[]): Promise<[OktaUser, TargetUser | null][]> {
  if (users.length > LIST_THRESHOLD && connector.listUsers) {
    const byEmail = new Map((await connector.listUsers()).map((u) => [u.email.toLowerCase(), u]));
    return users.map((u) => [u, byEmail.get(u.profile.email.toLowerCase()) ?? null]);
  }
  const out: [OktaUser, TargetUser | null][] = [];
  for (const user of users) out.push([user, await connector.findUser({ email: user.profile.email })]);
  return out;
}
