// The Google twin's state: Workspace users and groups from the org, and every person's My Drive
// (a root folder, two folders, Docs and Sheets) with permissions. Plain JSON; ids derived from the seed.
import type { SeedContext } from '../../shared/kernel/twin-definition.js';
import { deriveBytes, deriveString } from '../../shared/seeding/deterministic.js';
import { hash32, mulberry32 } from '../../shared/seeding/prng.js';
import { googleId } from '../../shared/seeding/people-ids.js';
import type { DriveChange, DriveComment, DriveRevision, IssuedToken, SharedDrive, WatchChannel } from './model.js';
import type { DocContent } from './docs/model.js';
import type { Spreadsheet } from './sheets/model.js';
import { seedProfile, type ProfileEntry } from './user-profile.js';
import { orgIn, scenarioOf, type GoogleScenario } from '../../shared/seeding/scenario.js';
import { applyGoogleScenario } from './scenario.js';

export { insertFile } from './file-index.js';

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
  /** Binary content of a non-Google file, base64 (Docs/Sheets content lives with their own APIs). */
  content?: string;
  /** The shared drive holding the file (then `owner` is only its creator: shared-drive files have no owner). */
  driveId?: string;
  properties?: Record<string, string>;
  appProperties?: Record<string, string>;
  /** Drive's monotonically increasing `version`, bumped on every change. */
  version?: number;
  /** Email of whoever changed it last (default the owner). */
  lastModifier?: string;
}

export interface GoogleUser {
  id: string;
  primaryEmail: string;
  name: { givenName: string; familyName: string; fullName: string };
  isAdmin: boolean;
  suspended: boolean;
  orgUnitPath: string;
  /** Directory fields beyond the first slice (absent in older snapshots). */
  creationTime?: string;
  /** Older snapshots' organization; `organizations` replaces both. */
  title?: string;
  department?: string;
  changePasswordAtNextLogin?: boolean;
  /** Profile lists as the Directory API takes and returns them (user-profile.ts); seeded from the org. */
  organizations?: ProfileEntry[];
  relations?: ProfileEntry[];
  externalIds?: ProfileEntry[];
  locations?: ProfileEntry[];
  /** Former primary addresses, kept as aliases on a rename; they still reach the user. */
  aliases?: string[];
  archived?: boolean;
  /** The person's picture (Person.avatarUrl): Directory thumbnailPhotoUrl, Drive photoLink. */
  avatarUrl?: string;
}

export interface GoogleGroup {
  id: string; email: string; name: string; members: string[];
  description?: string;
  /** Members with a role above MEMBER (OWNER, MANAGER), by email. */
  roles?: Record<string, 'OWNER' | 'MANAGER'>;
}

export interface GoogleData {
  users: GoogleUser[];
  groups: GoogleGroup[];
  /** Files by id, in creation order. */
  files: Record<string, DriveFile>;
  /** Each user's My Drive root id by email (the service account has one too). */
  roots: Record<string, string>;
  /** Shared drives by id. Drive's own parts below are in model.ts; files are added through `insertFile` (file-index.ts). */
  drives: Record<string, SharedDrive>;
  /** Revisions of binary files, by file id, oldest first. */
  revisions: Record<string, DriveRevision[]>;
  comments: Record<string, DriveComment[]>;
  /** The change log (changes.list); record through `fileChanged` (changes.ts). */
  changes: DriveChange[];
  channels: Record<string, WatchChannel>;
  /** Access tokens from the token endpoint. */
  issuedTokens: Record<string, IssuedToken>;
  /** Docs content by file id, once written (seeded Docs read docs/content.ts until then). */
  documents: Record<string, DocContent>;
  /** Sheets content by file id, once written (seeded Sheets read sheets/content.ts until then). */
  spreadsheets: Record<string, Spreadsheet>;
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

export function seedGoogle({ org: fullOrg, seed, config }: SeedContext): GoogleData {
  // Only people assigned to the Google app in Okta are in the domain (everyone, unless the fixture says).
  const org = orgIn(fullOrg, 'google');
  const users: GoogleUser[] = org.people.map((p) => ({
    id: googleId(seed, p.email), primaryEmail: p.email, name: { givenName: p.firstName, familyName: p.lastName, fullName: p.name },
    isAdmin: p.admin, suspended: p.status !== 'active', orgUnitPath: `/${p.department}`,
    creationTime: `${p.startDate}T09:00:00.000Z`, changePasswordAtNextLogin: false, ...seedProfile(p),
  }));
  const groups: GoogleGroup[] = org.groups.map((g) => ({
    id: googleId(seed, `group:${g.slug}`), email: `${g.slug}@${org.domain}`, name: g.name, members: [...g.members],
    description: g.description ?? (g.kind === 'department' ? `Everyone in ${g.department}` : `The ${g.name} team (${g.department})`),
    ...(g.members[0] !== undefined && { roles: { [g.members[0]]: 'OWNER' as const } }),
  }));
  const departmentGroups = org.groups.filter((g) => g.kind === 'department');
  const teamShares = new Map(departmentGroups.map((g): [string, DrivePermission[]] =>
    [g.department, [{ id: googleId(seed, `group:${g.slug}`), type: 'group', role: 'writer', emailAddress: `${g.slug}@${org.domain}` }]]));
  const domainShare: DrivePermission[] = [{ id: googleId(seed, `domain:${org.domain}`), type: 'domain', role: 'reader', domain: org.domain, allowFileDiscovery: true }];
  const linkShare: DrivePermission = { id: 'anyoneWithLink', type: 'anyone', role: 'reader', allowFileDiscovery: false };
  const files: Record<string, DriveFile> = {};
  const roots: Record<string, string> = {};
  org.people.forEach((p, index) => {
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
    // Every fourth person has also shared their plan by link (anyone with the link can read; not discoverable).
    add('plan', `${p.department} plan (${p.firstName} ${p.lastName})`, DOC, projects, [...teamShare, ...(index % 4 === 0 ? [{ ...linkShare }] : [])]);
    add('budget', `${p.department} budget ${p.lastName}`, SHEET, projects, teamShare.map((x) => ({ ...x })));
    add('journal', `${p.firstName}'s private notes`, DOC, notes);
    add('intro', `About ${p.name}`, DOC, root, domainShare.map((x) => ({ ...x })));
  });
  // The service account's own (empty) My Drive.
  const sa = serviceAccountEmail(org.domain);
  roots[sa] = driveId(seed, 'service-account-root');
  files[roots[sa]] = { id: roots[sa], name: 'My Drive', mimeType: FOLDER, parents: [], owner: sa, trashed: false, starred: false, createdTime: new Date(BASE_TIME).toISOString(), modifiedTime: new Date(BASE_TIME).toISOString(), permissions: [{ id: googleId(seed, sa), type: 'user', role: 'owner', emailAddress: sa }], isRoot: true };
  // A shared drive per department: the department group contributes (writer), its first member manages it.
  const drives: Record<string, SharedDrive> = {};
  for (const g of departmentGroups) {
    const id = `0A${deriveString(seed, `google:shared-drive:${g.slug}`, 13)}Uk9PVA`;
    const time = new Date(BASE_TIME + (hash32(g.slug) % 30) * 86_400_000).toISOString();
    const groupEmail = `${g.slug}@${org.domain}`;
    drives[id] = {
      id, name: `${g.department} Team Drive`, createdTime: time, hidden: false,
      permissions: [
        { id: googleId(seed, `group:${g.slug}`), type: 'group', role: 'writer', emailAddress: groupEmail },
        ...(g.members[0] !== undefined ? [{ id: googleId(seed, g.members[0]), type: 'user' as const, role: 'organizer' as const, emailAddress: g.members[0] }] : []),
      ],
    };
    const handbook = driveId(seed, `handbook:${g.slug}`);
    files[handbook] = { id: handbook, name: `${g.department} handbook`, mimeType: DOC, parents: [id], owner: g.members[0] ?? sa, trashed: false, starred: false, createdTime: time, modifiedTime: time, permissions: [], driveId: id };
  }
  return applyGoogleScenario({ users, groups, files, roots, drives, revisions: {}, comments: {}, changes: [], channels: {}, issuedTokens: {}, documents: {}, spreadsheets: {} }, seed, scenarioOf<GoogleScenario>(config));
}

/** The service account's email: one per domain, as in the credentials' key file. */
export const serviceAccountEmail = (domain: string) => `dtu-automation@${domain.split('.')[0]}-dtu.iam.gserviceaccount.com`;
