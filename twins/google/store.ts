// The Google twin's state: Workspace users and groups from the org, and every person's My Drive
// (a root folder, two folders, Docs and Sheets) with permissions. Plain JSON; ids derived from the seed.
import type { SeedContext } from '../../shared/kernel/twin-definition.js';
import { deriveBytes, deriveString } from '../../shared/seeding/deterministic.js';
import { hash32, mulberry32 } from '../../shared/seeding/prng.js';
import { googleId } from '../../shared/seeding/people-ids.js';

export const FOLDER = 'application/vnd.google-apps.folder';
export const DOC = 'application/vnd.google-apps.document';
export const SHEET = 'application/vnd.google-apps.spreadsheet';

export type Role = 'owner' | 'organizer' | 'fileOrganizer' | 'writer' | 'commenter' | 'reader';
export interface DrivePermission {
  id: string;
  type: 'user' | 'group' | 'domain' | 'anyone';
  role: Role;
  emailAddress?: string;
  domain?: string;
  allowFileDiscovery?: boolean;
}

export interface DriveFile {
  id: string;
  name: string;
  mimeType: string;
  description?: string;
  parents: string[];
  /** Owner's email. */
  owner: string;
  trashed: boolean;
  starred: boolean;
  createdTime: string;
  modifiedTime: string;
  /** The owner's My Drive root: served by files.get('root') but never listed. */
  isRoot?: boolean;
  permissions: DrivePermission[];
}

export interface GoogleUser {
  id: string;
  primaryEmail: string;
  name: { givenName: string; familyName: string; fullName: string };
  isAdmin: boolean;
  suspended: boolean;
  orgUnitPath: string;
}

export interface GoogleGroup { id: string; email: string; name: string; members: string[] }

export interface GoogleData {
  users: GoogleUser[];
  groups: GoogleGroup[];
  /** Files by id, in creation order. */
  files: Record<string, DriveFile>;
  /** Each user's My Drive root id by email. */
  roots: Record<string, string>;
}

/** A Drive-style 33-character id ("1" + 32 base62) derived from the seed, for things made outside the seeding loop. */
export const driveId = (seed: number, key: string) => `1${deriveString(seed, `google:drive:${key}`, 32)}`;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE_TIME = Date.parse('2025-01-06T09:00:00.000Z');

/**
 * Ids and times of one person's seeded files from a single HMAC of (seed, email): the first 16 id
 * characters come from it (about 95 bits, unique per person), the other 16 and the time from a PRNG
 * seeded by it and the file's slug. One HMAC per person keeps a 10,000-person seed fast.
 */
function personIds(seed: number, email: string) {
  const bytes = deriveBytes(seed, `google:drive:${email}`);
  let prefix = '1';
  for (let i = 0; i < 16; i++) prefix += BASE62[bytes[i]! % 62];
  const word = bytes.readUInt32BE(16);
  return (slug: string) => {
    const random = mulberry32(word ^ hash32(slug));
    let id = prefix;
    for (let i = 0; i < 16; i++) id += BASE62[Math.floor(random() * 62)];
    return { id, time: new Date(BASE_TIME + Math.floor(random() * 300 * 86_400) * 1000).toISOString() };
  };
}

export function seedGoogle({ org, seed }: SeedContext): GoogleData {
  const users: GoogleUser[] = org.people.map((p) => ({
    id: googleId(seed, p.email), primaryEmail: p.email, name: { givenName: p.firstName, familyName: p.lastName, fullName: p.name },
    isAdmin: p.admin, suspended: p.status !== 'active', orgUnitPath: `/${p.department}`,
  }));
  const groups: GoogleGroup[] = org.groups.map((g) => ({ id: googleId(seed, `group:${g.slug}`), email: `${g.slug}@${org.domain}`, name: g.name, members: [...g.members] }));
  const teamShares = new Map(org.groups.filter((g) => g.kind === 'department').map((g): [string, DrivePermission[]] =>
    [g.department, [{ id: googleId(seed, `group:${g.slug}`), type: 'group', role: 'writer', emailAddress: `${g.slug}@${org.domain}` }]]));
  const domainShare: DrivePermission[] = [{ id: googleId(seed, `domain:${org.domain}`), type: 'domain', role: 'reader', domain: org.domain, allowFileDiscovery: true }];
  const files: Record<string, DriveFile> = {};
  const roots: Record<string, string> = {};
  for (const p of org.people) {
    const uid = googleId(seed, p.email);
    const owner: DrivePermission = { id: uid, type: 'user', role: 'owner', emailAddress: p.email };
    const ids = personIds(seed, p.email);
    const add = (slug: string, name: string, mimeType: string, parent: string | null, extra: DrivePermission[] = []) => {
      const { id, time: createdTime } = ids(slug);
      const file: DriveFile = { id, name, mimeType, parents: parent ? [parent] : [], owner: p.email, trashed: false, starred: false, createdTime, modifiedTime: createdTime, permissions: [owner, ...extra] };
      if (parent === null) file.isRoot = true;
      files[id] = file;
      return id;
    };
    const root = add('root', 'My Drive', FOLDER, null);
    roots[p.email] = root;
    const projects = add('projects', 'Projects', FOLDER, root);
    const notes = add('notes', 'Notes', FOLDER, root);
    const teamShare = (teamShares.get(p.department) ?? []).map((x) => ({ ...x }));
    add('plan', `${p.department} plan (${p.firstName} ${p.lastName})`, DOC, projects, teamShare);
    add('budget', `${p.department} budget ${p.lastName}`, SHEET, projects, teamShare.map((x) => ({ ...x })));
    add('journal', `${p.firstName}'s private notes`, DOC, notes);
    add('intro', `About ${p.name}`, DOC, root, domainShare.map((x) => ({ ...x })));
  }
  return { users, groups, files, roots };
}
