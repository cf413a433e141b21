// The User body of directory.users.insert / update / patch: checked whole before anything changes,
// then applied. update and patch both keep what the body leaves out (the discovery document: update
// "supports patch semantics"); update clears a field sent as null and replaces a list with what it is
// sent, even [], while patch cannot clear lists ([] or null leave them as they are), as Google documents.
import { badRequest, invalidInput } from './directory.js';
import { googleError } from './errors.js';
import type { GoogleUser } from './store.js';
import { checkProfileList, PROFILE_LISTS, type ProfileEntry, type ProfileList } from './user-profile.js';

export type UserWrite = 'insert' | 'update' | 'patch';

export interface CheckedUserBody {
  primaryEmail?: string;
  givenName?: string;
  familyName?: string;
  orgUnitPath?: string;
  suspended?: boolean;
  archived?: boolean;
  changePasswordAtNextLogin?: boolean;
  /** A list to set (possibly empty), or null to clear it. */
  lists: Partial<Record<ProfileList, ProfileEntry[] | null>>;
}

const NAME_LIMIT = 60;

function checkName(value: unknown, part: 'GivenName' | 'FamilyName', required: boolean): string | undefined {
  if (value === undefined || (value === null && !required)) {
    if (required) throw googleError(400, 'required', `Invalid Given/Family Name: ${part}`);
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '' || value.length > NAME_LIMIT) throw googleError(400, 'invalid', `Invalid Given/Family Name: ${part}`);
  return value.trim();
}

function optionalBoolean(b: Record<string, unknown>, key: string, mode: UserWrite): boolean | undefined {
  const v = b[key];
  if (v === undefined) return undefined;
  if (v === null) return mode === 'update' ? false : undefined;
  if (typeof v !== 'boolean') throw invalidInput(key);
  return v;
}

/** Checks a users.insert / update / patch body; throws Google's 400 before anything changes. */
export function checkUserBody(body: unknown, domain: string, mode: UserWrite): CheckedUserBody {
  if (body === undefined || body === null) body = {};
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('Invalid JSON payload received.');
  const b = body as Record<string, unknown>;
  const out: CheckedUserBody = { lists: {} };
  const email = b.primaryEmail;
  if (email !== undefined && email !== null) {
    if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)) throw invalidInput('primary_user_email');
    if (email.split('@')[1]!.toLowerCase() !== domain) throw googleError(400, 'invalid', 'Invalid Input: primary_user_email. Domain not found.');
    out.primaryEmail = email.toLowerCase();
  } else if (mode === 'insert') throw googleError(400, 'required', 'Invalid Input: primary_user_email');
  const name = b.name;
  if (name !== undefined && name !== null && (typeof name !== 'object' || Array.isArray(name))) throw invalidInput('name');
  if (mode === 'insert' && (name === undefined || name === null)) throw googleError(400, 'required', 'Invalid Given/Family Name: GivenName');
  if (name && typeof name === 'object') {
    const n = name as Record<string, unknown>;
    out.givenName = checkName(n.givenName, 'GivenName', mode === 'insert');
    out.familyName = checkName(n.familyName, 'FamilyName', mode === 'insert');
  }
  const password = b.password;
  if (mode === 'insert' || (password !== undefined && password !== null)) {
    if (typeof password !== 'string' || password.length < 8 || password.length > 100) throw googleError(400, 'invalid', 'Invalid Password');
  }
  if (b.orgUnitPath !== undefined && b.orgUnitPath !== null) {
    if (typeof b.orgUnitPath !== 'string' || !b.orgUnitPath.startsWith('/')) throw invalidInput('org_unit_path');
    out.orgUnitPath = b.orgUnitPath;
  }
  out.suspended = optionalBoolean(b, 'suspended', mode);
  out.archived = optionalBoolean(b, 'archived', mode);
  out.changePasswordAtNextLogin = optionalBoolean(b, 'changePasswordAtNextLogin', mode);
  for (const list of PROFILE_LISTS) {
    const value = b[list];
    if (value === undefined) continue;
    if (value === null || (Array.isArray(value) && value.length === 0)) {
      // patch cannot clear a list of objects; update can.
      if (mode === 'update') out.lists[list] = null;
      continue;
    }
    out.lists[list] = checkProfileList(list, value);
  }
  return out;
}

/** Applies a checked body (not primaryEmail: a rename goes through renameUser). */
export function applyUserBody(user: GoogleUser, b: CheckedUserBody): void {
  if (b.givenName !== undefined) user.name.givenName = b.givenName;
  if (b.familyName !== undefined) user.name.familyName = b.familyName;
  user.name.fullName = `${user.name.givenName} ${user.name.familyName}`.trim();
  if (b.orgUnitPath !== undefined) user.orgUnitPath = b.orgUnitPath;
  if (b.suspended !== undefined) user.suspended = b.suspended;
  if (b.archived !== undefined) user.archived = b.archived;
  if (b.changePasswordAtNextLogin !== undefined) user.changePasswordAtNextLogin = b.changePasswordAtNextLogin;
  for (const list of PROFILE_LISTS) {
    const value = b.lists[list];
    if (value === undefined) continue;
    if (value === null || value.length === 0) delete user[list];
    else user[list] = value;
    // The lists replace the older snapshots' single organization.
    if (list === 'organizations') { delete user.title; delete user.department; }
  }
}
