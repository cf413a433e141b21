// What provisioning does to the Jira site: accounts created, renamed, deactivated and reactivated, and
// group membership, all as Jira's own data. Users and groups are replaced, never mutated in place, so
// the store's per-array indexes (usersById, usersByEmail, groupsOf) stay right.
import { jiraAccountId } from '../../../shared/seeding/people-ids.js';
import { ALL_USERS_GROUP, type JiraData, type JiraGroup, type JiraUser, usersByEmail } from '../store.js';

export type AccountChanges = Partial<Pick<JiraUser, 'displayName' | 'active' | 'emailAddress' | 'timeZone'>>;

/**
 * The Jira account for `email`: the existing one (linked, as Atlassian links a managed account with
 * that email) or a new one whose accountId and API token derive from seed + email like a seeded
 * person's. New accounts get product access through the all-users group.
 */
export function provisionAccount(data: JiraData, seed: number, email: string, fields: { displayName: string; timeZone?: string; active: boolean }): JiraUser {
  const existing = usersByEmail(data.users).get(email.toLowerCase());
  if (existing) return updateAccount(data, existing, { displayName: fields.displayName, active: fields.active, ...(fields.timeZone && { timeZone: fields.timeZone }) });
  const user: JiraUser = { accountId: jiraAccountId(seed, email), accountType: 'atlassian', emailAddress: email, displayName: fields.displayName, active: fields.active, timeZone: fields.timeZone ?? 'UTC' };
  data.users = [...data.users, user];
  const all = data.groups.find((g) => g.name === ALL_USERS_GROUP);
  if (all) replaceGroup(data, all, { ...all, members: [...all.members, user.accountId] });
  return user;
}

/** Applies the changes (if any) and answers the account as it now is. */
export function updateAccount(data: JiraData, user: JiraUser, changes: AccountChanges): JiraUser {
  const changed = (Object.keys(changes) as (keyof AccountChanges)[]).some((k) => changes[k] !== undefined && changes[k] !== user[k]);
  if (!changed) return user;
  const next: JiraUser = { ...user };
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v;
  data.users = data.users.map((u) => (u === user ? next : u));
  return next;
}

export function replaceGroup(data: JiraData, group: JiraGroup, next: JiraGroup | null): void {
  data.groups = next ? data.groups.map((g) => (g === group ? next : g)) : data.groups.filter((g) => g !== group);
}

/** Takes the account out of every group in `groupIds` (used when a user leaves the directory). */
export function leaveGroups(data: JiraData, accountId: string, groupIds: Set<string>): void {
  if (data.groups.some((g) => groupIds.has(g.groupId) && g.members.includes(accountId))) {
    data.groups = data.groups.map((g) => (groupIds.has(g.groupId) && g.members.includes(accountId) ? { ...g, members: g.members.filter((m) => m !== accountId) } : g));
  }
}
