// What happens around a Directory user beyond their record: a new user gets a My Drive, and a
// renamed user (a new primaryEmail) keeps everything — their files, shares, group memberships, shared
// drive memberships, tokens — under the new address, the old one becoming an alias. The twin keys
// Drive's state by email, so a rename rewrites those references: one pass over the files (a rare admin
// operation; requests themselves never scan).
import { googleId } from '../../shared/seeding/people-ids.js';
import { setOwner } from './file-index.js';
import { driveId, FOLDER, insertFile, type DrivePermission, type GoogleData, type GoogleUser } from './store.js';

/** The user's My Drive root, created with the account (kept when the same address comes back). */
export function createMyDrive(data: GoogleData, seed: number, user: GoogleUser, now: string): void {
  const email = user.primaryEmail;
  if (data.roots[email]) return;
  const id = driveId(seed, `root:${email}`);
  insertFile(data, {
    id, name: 'My Drive', mimeType: FOLDER, parents: [], owner: email, trashed: false, starred: false, createdTime: now, modifiedTime: now,
    permissions: [{ id: user.id, type: 'user', role: 'owner', emailAddress: email }], isRoot: true,
  });
  data.roots[email] = id;
}

/** A user id for a new account: the one a seeded person of that address has, unless someone holds it already. */
export function newUserId(data: GoogleData, seed: number, email: string): string {
  const taken = new Set(data.users.map((u) => u.id));
  const id = googleId(seed, email);
  if (!taken.has(id)) return id;
  for (let n = 1; ; n++) if (!taken.has(googleId(seed, `directory:${email}:${n}`))) return googleId(seed, `directory:${email}:${n}`);
}

const renamed = (from: string, to: string) => (email: string) => (email === from ? to : email);

function renamePermissions(permissions: DrivePermission[], from: string, to: string): void {
  for (const p of permissions) if (p.emailAddress === from) p.emailAddress = to;
}

/** Gives the user the address `to`; `from` (their old primary address) becomes an alias. */
export function renameUser(data: GoogleData, user: GoogleUser, to: string): void {
  const from = user.primaryEmail;
  const swap = renamed(from, to);
  user.primaryEmail = to;
  user.aliases = [...(user.aliases ?? []).filter((a) => a !== to), from];
  for (const id in data.files) {
    const file = data.files[id]!;
    if (file.owner === from) setOwner(data, file, to);
    if (file.lastModifier === from) file.lastModifier = to;
    renamePermissions(file.permissions, from, to);
  }
  for (const id in data.drives) renamePermissions(data.drives[id]!.permissions, from, to);
  if (data.roots[from] !== undefined) {
    data.roots[to] = data.roots[from]!;
    delete data.roots[from];
  }
  data.groups = data.groups.map((g) => {
    if (!g.members.includes(from)) return g;
    const roles = g.roles && Object.fromEntries(Object.entries(g.roles).map(([email, role]) => [swap(email), role]));
    return { ...g, members: g.members.map(swap), ...(roles && { roles }) };
  });
  for (const list of Object.values(data.revisions)) for (const r of list) r.lastModifyingUser = swap(r.lastModifyingUser);
  for (const list of Object.values(data.comments)) {
    for (const c of list) {
      c.author = swap(c.author);
      for (const reply of c.replies) reply.author = swap(reply.author);
    }
  }
  for (const change of data.changes) if (change.owner === from) change.owner = to;
  for (const channel of Object.values(data.channels)) channel.email = swap(channel.email);
  for (const token of Object.values(data.issuedTokens)) token.email = swap(token.email);
}
