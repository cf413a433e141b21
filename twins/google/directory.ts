// Admin SDK Directory v1 basics shared by users and groups: scopes, the admin check (a non-admin gets
// Google's 403 "Not Authorized to access this resource/api"), key lookups (email, alias-free id) and
// the User / Group / Member resources. Writes replace data.users / data.groups with new arrays so the
// lookup maps (usersByEmail, groupsByMember) are rebuilt.
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { memoLast } from '../../shared/kernel/memo.js';
import { deriveString } from '../../shared/seeding/deterministic.js';
import { requireScope } from './auth.js';
import { userByAddress, usersByEmail } from './drive.js';
import { googleError, googleInvalidParameter } from './errors.js';
import type { GoogleData, GoogleGroup, GoogleUser } from './store.js';
import { avatarOf, profileResource } from './user-profile.js';

const S = 'https://www.googleapis.com/auth/admin.directory.';
export const DIRECTORY_SCOPES = {
  userRead: [`${S}user`, `${S}user.readonly`],
  userWrite: [`${S}user`],
  groupRead: [`${S}group`, `${S}group.readonly`],
  groupWrite: [`${S}group`],
  memberRead: [`${S}group`, `${S}group.readonly`, `${S}group.member`, `${S}group.member.readonly`],
  memberWrite: [`${S}group`, `${S}group.member`],
};
const SERVICE = 'admin.googleapis.com';

// Memoised: every user resource carries it, and deriving it is an HMAC.
export const customerId = memoLast((seed: number) => `C0${deriveString(seed, 'google:customer-id', 7, '0123456789abcdefghijklmnopqrstuvwxyz')}`);

export const notAuthorized = () => googleError(403, 'forbidden', 'Not Authorized to access this resource/api');
export const resourceNotFound = (what: string) => googleError(404, 'notFound', `Resource Not Found: ${what}`);
export const badRequest = (message = 'Bad Request') => googleError(400, 'badRequest', message);
export const invalidInput = (what: string) => googleError(400, 'invalid', `Invalid Input: ${what}`);

export interface DirectoryCaller { email: string; user: GoogleUser | undefined; admin: boolean }

/** The caller after the scope check; the service account acting as itself is no admin (it needs delegation). */
export function directoryCaller(data: GoogleData, request: FastifyRequest, scopes: string[]): DirectoryCaller {
  const token = requireScope(request, scopes, SERVICE);
  const user = token.serviceAccount ? undefined : usersByEmail(data.users).get(token.email);
  return { email: token.email, user, admin: user?.isAdmin === true };
}

export function requireAdmin(caller: DirectoryCaller): void {
  if (!caller.admin) throw notAuthorized();
}

/** customer=my_customer (or the customer id) or domain=<the domain>; one of them is required. */
export function checkScopeOfList(query: { customer?: string; domain?: string }, domain: string, seed: number): void {
  const { customer, domain: asked } = query;
  if (customer === undefined && asked === undefined) throw badRequest();
  if (customer !== undefined && customer !== 'my_customer' && customer !== customerId(seed)) throw resourceNotFound('customer');
  if (asked !== undefined && asked.toLowerCase() !== domain) throw notAuthorized();
}

/** A user by primary email, alias or id, as Google's userKey takes them. */
export function findUser(data: GoogleData, key: string): GoogleUser | undefined {
  return userByAddress(data.users, key.toLowerCase()) ?? usersById(data.users).get(key);
}
const usersById = memoLast((users: GoogleUser[]) => new Map(users.map((u) => [u.id, u])));

export function findGroup(data: GoogleData, key: string): GoogleGroup | undefined {
  const lower = key.toLowerCase();
  return data.groups.find((g) => g.email === lower || g.id === key);
}

const etag = (value: unknown) => `"${createHash('sha1').update(JSON.stringify(value)).digest('base64url')}"`;

export function userResource(user: GoogleUser, seed: number, view: 'admin_view' | 'domain_public') {
  const name = { givenName: user.name.givenName, familyName: user.name.familyName, fullName: user.name.fullName };
  const emails = [{ address: user.primaryEmail, primary: true }, ...(user.aliases ?? []).map((address) => ({ address }))];
  const photo = { thumbnailPhotoUrl: avatarOf(user), thumbnailPhotoEtag: etag(avatarOf(user)) };
  if (view === 'domain_public') {
    return { kind: 'admin#directory#user', id: user.id, etag: etag(user), primaryEmail: user.primaryEmail, name, emails, ...photo };
  }
  return {
    kind: 'admin#directory#user', id: user.id, etag: etag(user), primaryEmail: user.primaryEmail, name,
    isAdmin: user.isAdmin, isDelegatedAdmin: false, lastLoginTime: '1970-01-01T00:00:00.000Z', creationTime: user.creationTime ?? '2025-01-06T09:00:00.000Z',
    agreedToTerms: true, suspended: user.suspended, ...(user.suspended && { suspensionReason: 'ADMIN' }), archived: user.archived ?? false,
    changePasswordAtNextLogin: user.changePasswordAtNextLogin ?? false, ipWhitelisted: false,
    emails, ...(user.aliases?.length && { aliases: user.aliases }), ...profileResource(user),
    customerId: customerId(seed), orgUnitPath: user.orgUnitPath, isMailboxSetup: true, isEnrolledIn2Sv: false, isEnforcedIn2Sv: false,
    includeInGlobalAddressList: true, ...photo,
  };
}

export function groupResource(group: GoogleGroup) {
  return {
    kind: 'admin#directory#group', id: group.id, etag: etag(group), email: group.email, name: group.name,
    directMembersCount: String(group.members.length), description: group.description ?? '', adminCreated: true,
  };
}

export function memberResource(data: GoogleData, group: GoogleGroup, email: string) {
  const user = usersByEmail(data.users).get(email);
  const asGroup = user ? undefined : findGroup(data, email);
  return {
    kind: 'admin#directory#member', etag: etag([group.id, email, group.roles?.[email]]), id: user?.id ?? asGroup?.id ?? createHash('sha1').update(email).digest('hex').slice(0, 21),
    email, role: group.roles?.[email] ?? 'MEMBER', type: asGroup ? 'GROUP' : 'USER', status: user?.suspended ? 'SUSPENDED' : 'ACTIVE',
  };
}

/** An integer query parameter within Google's bounds, else 400 invalid naming it. */
export function boundedInt(value: string | undefined, name: string, def: number, min: number, max: number): number {
  if (value === undefined || value === '') return def;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw googleInvalidParameter(name, `Invalid value '${value}'. Values must be within the range: [${min}, ${max}]`);
  return n;
}

export function offsetToken(token: string | undefined): number {
  if (!token) return 0;
  const n = Number(Buffer.from(token, 'base64url').toString('utf8'));
  if (!Number.isInteger(n) || n < 0) throw googleInvalidParameter('pageToken');
  return n;
}

export const nextToken = (offset: number) => Buffer.from(String(offset)).toString('base64url');
