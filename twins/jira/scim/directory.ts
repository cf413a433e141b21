// The Atlassian user-provisioning (SCIM 2.0) directory of the site's organization: the SCIM records an
// identity provider manages, each linked to a Jira account (users) or a Jira group (groups). The Jira
// side stays the truth for what Jira shows (accounts, `active`, group members); a record adds only the
// SCIM attributes Jira has no place for (name parts, title, department, externalId…).
// At the seed every person and every org group is in the directory, as if the identity provider had
// provisioned the org already. Plain JSON inside JiraData (the snapshot); indexes live beside it.
import { memoLast } from '../../../shared/kernel/memo.js';
import type { Org } from '../../../shared/seeding/org.js';
import { deriveBytes, deriveString } from '../../../shared/seeding/deterministic.js';
import type { JiraGroup, JiraUser } from '../store.js';

export interface ScimMultiValue {
  value: string;
  type?: string;
  primary?: boolean;
}

export interface ScimName {
  formatted?: string;
  familyName?: string;
  givenName?: string;
  middleName?: string;
  honorificPrefix?: string;
  honorificSuffix?: string;
}

/** The SCIM attributes Atlassian's directory keeps for a user (its user schema, minus `active` and `groups`, which come from Jira). */
export interface ScimUser {
  /** The directory's own id for the user (not the Atlassian accountId). */
  id: string;
  accountId: string;
  userName: string;
  externalId?: string;
  name: ScimName;
  displayName: string;
  nickName?: string;
  title?: string;
  department?: string;
  organization?: string;
  timezone?: string;
  preferredLanguage?: string;
  emails: ScimMultiValue[];
  phoneNumbers?: ScimMultiValue[];
  created: string;
  lastModified: string;
}

/** A directory group: the Jira group with this groupId (its name and members are the Jira group's). */
export interface ScimGroupRecord {
  externalId?: string;
  created: string;
  lastModified: string;
}

export interface ScimDirectory {
  /** SCIM user id → record. */
  users: Record<string, ScimUser>;
  /** Jira groupId (also the SCIM group id) → record. */
  groups: Record<string, ScimGroupRecord>;
}

/** A UUID-shaped id from one HMAC (the seed, a purpose and a key), as Atlassian's directory ids look. */
export function derivedUuid(seed: number, purpose: string): string {
  const hex = deriveBytes(seed, purpose).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The organization's provisioning directory and its API key: pure functions of the seed. */
export const scimDirectoryId = (seed: number) => derivedUuid(seed, 'jira:scim-directory');
export const scimApiKey = (seed: number) => `ATCTT3xFfGN0${deriveString(seed, 'jira:scim-api-key', 48)}`;
const userIdMask = memoLast((seed: number) => deriveBytes(seed, 'jira:scim-user-mask').toString('hex').slice(0, 32));
/**
 * A seeded user's directory id: the accountId's 32 hex digits XOR a per-seed mask, so ids differ from
 * accountIds, stay unique, and cost no hash per person when 10,000 people are seeded.
 */
export function seededUserId(seed: number, accountId: string): string {
  const mask = userIdMask(seed);
  const hex = accountId.slice(accountId.indexOf(':') + 1).replace(/-/g, '');
  let out = '';
  for (let i = 0; i < 32; i++) out += (parseInt(hex[i], 16) ^ parseInt(mask[i], 16)).toString(16);
  return `${out.slice(0, 8)}-${out.slice(8, 12)}-${out.slice(12, 16)}-${out.slice(16, 20)}-${out.slice(20)}`;
}

export function seedScimDirectory(org: Org, seed: number, users: JiraUser[], groups: JiraGroup[], stamp: string): ScimDirectory {
  const directory: ScimDirectory = { users: {}, groups: {} };
  const people = new Map(org.people.map((p) => [p.email, p]));
  for (const user of users) {
    const p = people.get(user.emailAddress);
    if (!p) continue;
    const id = seededUserId(seed, user.accountId);
    directory.users[id] = {
      id, accountId: user.accountId, userName: p.email, name: { givenName: p.firstName, familyName: p.lastName, formatted: p.name }, displayName: p.name,
      title: p.title, department: p.department, timezone: p.timezone, emails: [{ value: p.email, type: 'work', primary: true }],
      ...(p.employeeNumber && { externalId: p.employeeNumber }), created: stamp, lastModified: stamp,
    };
  }
  const orgGroups = new Set(org.groups.map((g) => g.name));
  for (const g of groups) if (orgGroups.has(g.name)) directory.groups[g.groupId] = { created: stamp, lastModified: stamp };
  return directory;
}

interface UserIndex {
  /** Records in directory order (list pages slice it). */
  list: ScimUser[];
  byUserName: Map<string, ScimUser>;
  byAccountId: Map<string, ScimUser>;
}

const indexes = new WeakMap<Record<string, ScimUser>, UserIndex>();

/** Lookups over the directory's users, built once per users object and kept right by addScimUser/removeScimUser. */
export function scimUsers(directory: ScimDirectory): UserIndex {
  let index = indexes.get(directory.users);
  if (!index) {
    const list = Object.values(directory.users);
    index = { list, byUserName: new Map(list.map((u) => [u.userName.toLowerCase(), u])), byAccountId: new Map(list.map((u) => [u.accountId, u])) };
    indexes.set(directory.users, index);
  }
  return index;
}

export function putScimUser(directory: ScimDirectory, user: ScimUser, previous?: ScimUser): void {
  const index = scimUsers(directory);
  directory.users[user.id] = user;
  if (previous) {
    index.list[index.list.indexOf(previous)] = user;
    if (previous.userName.toLowerCase() !== user.userName.toLowerCase()) index.byUserName.delete(previous.userName.toLowerCase());
  } else index.list.push(user);
  index.byUserName.set(user.userName.toLowerCase(), user);
  index.byAccountId.set(user.accountId, user);
}

export function removeScimUser(directory: ScimDirectory, user: ScimUser): void {
  const index = scimUsers(directory);
  delete directory.users[user.id];
  index.list.splice(index.list.indexOf(user), 1);
  index.byUserName.delete(user.userName.toLowerCase());
  index.byAccountId.delete(user.accountId);
}
