// Who can see and change a Drive file, and how a file is rendered as a Drive v3 File resource.
// Access comes from the file's own permissions and those of its folders (inherited, as in Drive).
import { memoLast } from '../../shared/kernel/memo.js';
import type { FileView } from './query.js';
import type { DriveFile, DrivePermission, GoogleData, GoogleGroup, GoogleUser, Role } from './store.js';
import { FOLDER } from './store.js';

const RANK: Record<Role, number> = { reader: 1, commenter: 2, writer: 3, fileOrganizer: 4, organizer: 5, owner: 6 };

export const usersByEmail = memoLast((users: GoogleUser[]) => new Map(users.map((u) => [u.primaryEmail, u])));
export const groupsByMember = memoLast((groups: GoogleGroup[]) => {
  const map = new Map<string, Set<string>>();
  for (const g of groups) for (const m of g.members) (map.get(m) ?? map.set(m, new Set()).get(m)!).add(g.email);
  return map;
});

export interface Caller { email: string; domain: string; groups: Set<string> }

export function callerFor(data: GoogleData, email: string): Caller {
  return { email, domain: email.split('@')[1] ?? '', groups: groupsByMember(data.groups).get(email) ?? new Set() };
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

/** The caller's strongest role on the file (own permissions, then its folders'), or null. */
export function roleOf(data: GoogleData, file: DriveFile, who: Caller, listing = false): Role | null {
  let best: Role | null = null;
  let current: DriveFile | undefined = file;
  for (let depth = 0; current && depth < 50; depth++) {
    if (current.owner === who.email) return 'owner';
    for (const p of current.permissions) if (grants(p, who, listing) && (!best || RANK[p.role] > RANK[best])) best = p.role;
    current = current.parents[0] ? data.files[current.parents[0]] : undefined;
  }
  return best;
}

export const canWrite = (role: Role | null) => role !== null && RANK[role] >= RANK.writer;

export function viewOf(data: GoogleData, file: DriveFile, who: Caller): FileView {
  const by = (min: Role) => [file.owner, ...file.permissions.filter((p) => p.emailAddress && RANK[p.role] >= RANK[min]).map((p) => p.emailAddress!)];
  return {
    name: file.name, mimeType: file.mimeType, trashed: file.trashed, starred: file.starred,
    sharedWithMe: file.owner !== who.email && file.permissions.some((p) => grants(p, who, true)),
    parents: file.parents, owners: [file.owner], writers: by('writer'), readers: by('reader'),
    createdTime: file.createdTime, modifiedTime: file.modifiedTime, fullText: `${file.name} ${file.description ?? ''}`,
  };
}

export function permissionResource(data: GoogleData, p: DrivePermission) {
  const user = p.emailAddress ? usersByEmail(data.users).get(p.emailAddress) : undefined;
  const group = p.type === 'group' ? data.groups.find((g) => g.email === p.emailAddress) : undefined;
  return {
    kind: 'drive#permission', id: p.id, type: p.type, role: p.role,
    ...(p.emailAddress !== undefined && { emailAddress: p.emailAddress }),
    ...(p.domain !== undefined && { domain: p.domain }),
    ...(p.allowFileDiscovery !== undefined && { allowFileDiscovery: p.allowFileDiscovery }),
    ...((user || group) && { displayName: user?.name.fullName ?? group!.name }),
    deleted: false, pendingOwner: false,
  };
}

function userResource(data: GoogleData, email: string, me: string) {
  const u = usersByEmail(data.users).get(email);
  return { kind: 'drive#user', displayName: u?.name.fullName ?? email, emailAddress: email, me: email === me, permissionId: u?.id ?? '' };
}

/** The full File resource (the kernel of `fields=*`); routes cut it down to the requested fields. */
export function fileResource(data: GoogleData, file: DriveFile, who: Caller, role: Role | null, publicUrl: string) {
  const writer = canWrite(role);
  const owner = file.owner === who.email;
  const path = file.mimeType === FOLDER ? `drive/folders/${file.id}` : file.mimeType.includes('spreadsheet') ? `spreadsheets/d/${file.id}/edit` : `document/d/${file.id}/edit`;
  return {
    kind: 'drive#file', id: file.id, name: file.name, mimeType: file.mimeType,
    ...(file.description !== undefined && { description: file.description }),
    starred: file.starred, trashed: file.trashed, explicitlyTrashed: file.trashed,
    parents: file.isRoot ? undefined : file.parents, spaces: ['drive'], version: '1',
    webViewLink: `${publicUrl}/${path}`, iconLink: `${publicUrl}/icons/${encodeURIComponent(file.mimeType)}`,
    createdTime: file.createdTime, modifiedTime: file.modifiedTime, viewedByMe: owner,
    owners: [userResource(data, file.owner, who.email)], lastModifyingUser: userResource(data, file.owner, who.email),
    ownedByMe: owner, shared: file.permissions.length > 1, sharedWithMeTime: undefined,
    capabilities: {
      canEdit: writer, canRename: writer, canTrash: owner, canDelete: owner, canShare: writer, canAddChildren: writer && file.mimeType === FOLDER,
      canListChildren: file.mimeType === FOLDER, canComment: role !== null && role !== 'reader', canCopy: true, canDownload: true, canReadRevisions: writer,
    },
    ...(writer && { permissions: file.permissions.map((p) => permissionResource(data, p)), permissionIds: file.permissions.map((p) => p.id) }),
    writersCanShare: true, viewersCanCopyContent: true, copyRequiresWriterPermission: false, isAppAuthorized: false,
  };
}
