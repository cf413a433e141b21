// Who can see and change a Drive file, and how a file is rendered as a Drive v3 File resource.
// Access comes from the file's own permissions and those of its folders (inherited, as in Drive).
import { createHash } from 'node:crypto';
import { memoLast } from '../../shared/kernel/memo.js';
import type { FileView } from './query.js';
import type { SharedDrive } from './model.js';
import type { DriveFile, DrivePermission, GoogleData, GoogleGroup, GoogleUser, Role } from './store.js';
import { FOLDER } from './store.js';
import { avatarOf } from './user-profile.js';

const RANK: Record<Role, number> = { reader: 1, commenter: 2, writer: 3, fileOrganizer: 4, organizer: 5, owner: 6 };

export const usersByEmail = memoLast((users: GoogleUser[]) => new Map(users.map((u) => [u.primaryEmail, u])));
/** Users by alias (the old addresses of renamed users); usually empty. */
const usersByAlias = memoLast((users: GoogleUser[]) => new Map(users.flatMap((u) => (u.aliases ?? []).map((a): [string, GoogleUser] => [a, u]))));
/** The user an address belongs to: their primary email or one of their aliases. */
export const userByAddress = (users: GoogleUser[], email: string): GoogleUser | undefined => usersByEmail(users).get(email) ?? usersByAlias(users).get(email);

export const groupsByMember = memoLast((groups: GoogleGroup[]) => {
  const map = new Map<string, Set<string>>();
  for (const g of groups) for (const m of g.members) (map.get(m) ?? map.set(m, new Set()).get(m)!).add(g.email);
  return map;
});
/** Per groups array: a member's groups including those reached through nested groups, computed on first ask. */
const transitiveGroups = memoLast((_groups: GoogleGroup[]) => new Map<string, Set<string>>());
const NO_GROUPS: Set<string> = new Set();

/**
 * Every group `email` belongs to, directly or through groups that are members of other groups.
 * O(the member's groups): walks up from their direct groups only; the directory's membership index
 * is rebuilt only when a Directory write replaced the groups array.
 */
export function groupsOf(groups: GoogleGroup[], email: string): Set<string> {
  const direct = groupsByMember(groups);
  const mine = direct.get(email);
  if (!mine) return NO_GROUPS;
  let nested = false;
  for (const g of mine) if (direct.has(g)) { nested = true; break; }
  if (!nested) return mine;
  const cache = transitiveGroups(groups);
  let all = cache.get(email);
  if (!all) {
    all = new Set(mine);
    for (const g of all) for (const parent of direct.get(g) ?? NO_GROUPS) all.add(parent);
    cache.set(email, all);
  }
  return all;
}

export interface Caller { email: string; domain: string; groups: Set<string> }

export function callerFor(data: GoogleData, email: string): Caller {
  return { email, domain: email.split('@')[1] ?? '', groups: groupsOf(data.groups, email) };
}

/** Does this permission grant something to the caller? `listing` excludes link-only shares. */
function grants(p: DrivePermission, who: Caller, listing: boolean): boolean {
  switch (p.type) {
    case 'user': return p.emailAddress === who.email;
    case 'group': return p.emailAddress !== undefined && who.groups.has(p.emailAddress);
    case 'domain': return p.domain === who.domain && (!listing || p.allowFileDiscovery !== false);
    case 'anyone': return !listing || p.allowFileDiscovery === true;
  }
}

/** The caller's strongest role on the file (own permissions, then its folders', then its shared drive's), or null. */
export function roleOf(data: GoogleData, file: DriveFile, who: Caller, listing = false): Role | null {
  let best: Role | null = null;
  let current: DriveFile | undefined = file;
  for (let depth = 0; current && depth < 50; depth++) {
    if (current.owner === who.email && !current.driveId) return 'owner';
    for (const p of current.permissions) if (grants(p, who, listing) && (!best || RANK[p.role] > RANK[best])) best = p.role;
    const parent: string | undefined = current.parents[0];
    const drive = parent ? data.drives[parent] : undefined;
    if (drive) return stronger(best, driveRole(drive, who));
    current = parent ? data.files[parent] : undefined;
  }
  return best;
}

/** The caller's role as a member of a shared drive, or null. */
export function driveRole(drive: SharedDrive, who: Caller): Role | null {
  let best: Role | null = null;
  for (const p of drive.permissions) if (grants(p, who, false)) best = stronger(best, p.role);
  return best;
}

const stronger = (a: Role | null, b: Role | null): Role | null => (!a ? b : !b ? a : RANK[b] > RANK[a] ? b : a);
export const atLeast = (role: Role | null, min: Role) => role !== null && RANK[role] >= RANK[min];

/** Drive's `visibility` of a file for `q`: the widest of its link and domain shares. */
export function visibilityOf(file: DriveFile): string {
  const anyone = file.permissions.find((p) => p.type === 'anyone');
  if (anyone) return anyone.allowFileDiscovery ? 'anyoneCanFind' : 'anyoneWithLink';
  const domain = file.permissions.find((p) => p.type === 'domain');
  if (domain) return domain.allowFileDiscovery ? 'domainCanFind' : 'domainWithLink';
  return 'limited';
}

export const canWrite = (role: Role | null) => role !== null && RANK[role] >= RANK.writer;

export function viewOf(data: GoogleData, file: DriveFile, who: Caller): FileView {
  return new LazyFileView(file, who);
}

/** A file as `q` sees it; what needs a permissions walk is computed only when the query asks (getters on the prototype). */
class LazyFileView implements FileView {
  constructor(private readonly file: DriveFile, private readonly who: Caller) {}
  get name() { return this.file.name; }
  get mimeType() { return this.file.mimeType; }
  get trashed() { return this.file.trashed; }
  get starred() { return this.file.starred; }
  get sharedWithMe() { return this.file.owner !== this.who.email && this.file.permissions.some((p) => grants(p, this.who, true)); }
  get parents() { return this.file.parents; }
  get owners() { return [this.file.owner]; }
  get writers() { return this.by('writer'); }
  get readers() { return this.by('reader'); }
  get createdTime() { return this.file.createdTime; }
  get modifiedTime() { return this.file.modifiedTime; }
  get fullText() { return `${this.file.name} ${this.file.description ?? ''}`; }
  get properties() { return this.file.properties ?? NONE; }
  get appProperties() { return this.file.appProperties ?? NONE; }
  get visibility() { return visibilityOf(this.file); }
  private by(min: Role) {
    return [this.file.owner, ...this.file.permissions.filter((p) => p.emailAddress && RANK[p.role] >= RANK[min]).map((p) => p.emailAddress!)];
  }
}

const NONE: Record<string, string> = Object.freeze({}) as Record<string, string>;

export function permissionResource(data: GoogleData, p: DrivePermission) {
  const user = p.emailAddress ? usersByEmail(data.users).get(p.emailAddress) : undefined;
  const group = p.type === 'group' ? data.groups.find((g) => g.email === p.emailAddress) : undefined;
  return {
    kind: 'drive#permission', id: p.id, type: p.type, role: p.role,
    ...(p.emailAddress !== undefined && { emailAddress: p.emailAddress }),
    ...(p.domain !== undefined && { domain: p.domain }),
    ...(p.allowFileDiscovery !== undefined && { allowFileDiscovery: p.allowFileDiscovery }),
    ...((user || group) && { displayName: user?.name.fullName ?? group!.name }),
    ...(user && p.type === 'user' && { photoLink: avatarOf(user) }),
    deleted: false, pendingOwner: false,
  };
}

function userResource(data: GoogleData, email: string, me: string) {
  const u = usersByEmail(data.users).get(email);
  return { kind: 'drive#user', displayName: u?.name.fullName ?? email, ...(u && { photoLink: avatarOf(u) }), me: email === me, permissionId: u?.id ?? '', emailAddress: email };
}

const EXPORTS: Record<string, string[]> = {
  'application/vnd.google-apps.document': ['text/plain', 'text/html'],
  'application/vnd.google-apps.spreadsheet': ['text/csv'],
};

/** Size and checksum of a binary file's content. */
export function contentFacts(file: DriveFile): { size: string; md5Checksum: string } | null {
  if (file.content === undefined) return null;
  const bytes = Buffer.from(file.content, 'base64');
  return { size: String(bytes.length), md5Checksum: createHash('md5').update(bytes).digest('hex') };
}

/** Fields read straight off the stored file: a selection of only these is rendered without the rest. */
const PLAIN_FIELDS = ['kind', 'id', 'name', 'mimeType', 'description', 'starred', 'trashed', 'explicitlyTrashed', 'parents', 'properties', 'appProperties', 'driveId', 'createdTime', 'modifiedTime'] as const;
const PLAIN = new Set<string>(PLAIN_FIELDS);

/** The selected plain fields in the resource's order, or null when the selection needs more. */
export function plainFileResource(file: DriveFile, wanted: ReadonlySet<string> | null): Record<string, unknown> | null {
  if (wanted === null) return null;
  for (const key of wanted) if (!PLAIN.has(key)) return null;
  const out: Record<string, unknown> = {};
  for (const key of PLAIN_FIELDS) {
    if (!wanted.has(key)) continue;
    const value = key === 'kind' ? 'drive#file' : key === 'explicitlyTrashed' ? file.trashed : key === 'parents' && file.isRoot ? undefined : file[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * The File resource (the kernel of `fields=*`); routes cut it down to the requested fields. `wanted` (the
 * top-level fields the caller selected, null for all) skips building the costly parts nobody asked for.
 */
export function fileResource(data: GoogleData, file: DriveFile, who: Caller, role: Role | null, publicUrl: string, wanted: ReadonlySet<string> | null = null) {
  const want = (key: string) => wanted === null || wanted.has(key);
  const writer = canWrite(role);
  const owner = file.owner === who.email && !file.driveId;
  const facts = want('size') || want('md5Checksum') || want('quotaBytesUsed') || want('headRevisionId') || want('originalFilename') || want('fileExtension') || want('fullFileExtension') || want('webContentLink') ? contentFacts(file) : null;
  const exports = want('exportLinks') ? EXPORTS[file.mimeType] : undefined;
  const dot = file.name.lastIndexOf('.');
  return {
    kind: 'drive#file', id: file.id, name: file.name, mimeType: file.mimeType,
    ...(file.description !== undefined && { description: file.description }),
    starred: file.starred, trashed: file.trashed, explicitlyTrashed: file.trashed,
    parents: file.isRoot ? undefined : file.parents,
    ...(file.properties && { properties: file.properties }),
    ...(file.appProperties && { appProperties: file.appProperties }),
    spaces: ['drive'], version: String(file.version ?? 1),
    ...(file.driveId && { driveId: file.driveId, teamDriveId: file.driveId }),
    ...(want('webViewLink') && { webViewLink: `${publicUrl}/${viewPath(file)}` }),
    ...(want('iconLink') && { iconLink: `${publicUrl}/icons/${encodeURIComponent(file.mimeType)}` }),
    ...(facts && { webContentLink: `${publicUrl}/drive/v3/files/${file.id}?alt=media` }),
    ...(exports && { exportLinks: Object.fromEntries(exports.map((m) => [m, `${publicUrl}/drive/v3/files/${file.id}/export?mimeType=${encodeURIComponent(m)}`])) }),
    createdTime: file.createdTime, modifiedTime: file.modifiedTime, viewedByMe: owner, modifiedByMe: (file.lastModifier ?? file.owner) === who.email,
    ...(!file.driveId && want('owners') && { owners: [userResource(data, file.owner, who.email)] }),
    ...(want('lastModifyingUser') && { lastModifyingUser: userResource(data, file.lastModifier ?? file.owner, who.email) }),
    ownedByMe: owner, shared: file.permissions.length > 1 || file.driveId !== undefined, sharedWithMeTime: undefined,
    ...(facts && {
      originalFilename: file.name, ...(dot > 0 && { fullFileExtension: file.name.slice(dot + 1), fileExtension: file.name.slice(dot + 1) }),
      md5Checksum: facts.md5Checksum, size: facts.size, quotaBytesUsed: facts.size, headRevisionId: data.revisions[file.id]?.at(-1)?.id,
    }),
    ...(want('capabilities') && { capabilities: capabilities(file, role, owner) }),
    ...(writer && (want('permissions') || want('permissionIds')) && { permissions: file.permissions.map((p) => permissionResource(data, p)), permissionIds: file.permissions.map((p) => p.id) }),
    writersCanShare: true, viewersCanCopyContent: true, copyRequiresWriterPermission: false, isAppAuthorized: false,
  };
}

function viewPath(file: DriveFile): string {
  if (file.mimeType === FOLDER) return `drive/folders/${file.id}`;
  if (file.mimeType.includes('spreadsheet')) return `spreadsheets/d/${file.id}/edit`;
  return file.mimeType.includes('document') ? `document/d/${file.id}/edit` : `file/d/${file.id}/view`;
}

function capabilities(file: DriveFile, role: Role | null, owner: boolean) {
  const writer = canWrite(role);
  const mayDelete = file.driveId ? atLeast(role, 'fileOrganizer') : owner;
  return {
    canEdit: writer, canModifyContent: writer, canRename: writer, canTrash: mayDelete, canUntrash: mayDelete, canDelete: mayDelete, canShare: writer,
    canAddChildren: writer && file.mimeType === FOLDER, canListChildren: file.mimeType === FOLDER, canRemoveChildren: writer && file.mimeType === FOLDER,
    canComment: role !== null && role !== 'reader', canCopy: file.mimeType !== FOLDER, canDownload: true, canReadRevisions: writer,
    canMoveItemWithinDrive: writer, ...(file.driveId && { canReadDrive: true }),
  };
}
