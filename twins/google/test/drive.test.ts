// Drive v3 through googleapis against a seeded Workspace: about, files list/get/create/update/delete,
// permissions, sharing enforced per person, scopes, and raw HTTP for status codes and malformed input.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { googleId } from '../../../shared/seeding/people-ids.js';
import { mulberry32 } from '../../../shared/seeding/prng.js';
import { drive, googleUniverse, listAll, raw, tokenOf } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await googleUniverse({ seed: 42 }); });
afterAll(() => universe.close());
beforeEach(() => universe.reset());

const FOLDER = 'application/vnd.google-apps.folder';
const admin = () => universe.credentials.google.as as string;
const person = (email: string) => universe.org.people.find((p) => p.email === email)!;
/** Someone in the admin's department, and someone in none of the admin's groups. */
const colleague = () => universe.org.people.find((p) => p.email !== admin() && p.department === person(admin()).department)!.email;
const stranger = () => {
  const mine = universe.org.groups.filter((g) => g.members.includes(admin()));
  return universe.org.people.find((p) => p.email !== admin() && !mine.some((g) => g.members.includes(p.email)))!.email;
};

describe('about and files.list', () => {
  it('about.get names the caller; files.get root is their My Drive', async () => {
    const { data } = await drive(universe).about.get({ fields: 'user,kind' });
    expect(data.user).toMatchObject({ emailAddress: admin(), me: true, kind: 'drive#user' });
    expect(Object.keys(data)).toEqual(['kind', 'user']);
    const root = (await drive(universe).files.get({ fileId: 'root', fields: 'id,name,mimeType,parents' })).data;
    expect(root).toEqual({ id: expect.stringMatching(/^1[0-9A-Za-z]{32}$/), name: 'My Drive', mimeType: FOLDER });
    expect((await raw(universe, '/drive/v3/about')).body.error.errors[0]).toMatchObject({ reason: 'required', location: 'fields' });
  });

  it('lists my files and what is shared with me, in default fields, deterministically', async () => {
    const { data } = await drive(universe).files.list();
    expect(data.kind).toBe('drive#fileList');
    expect(Object.keys(data.files![0]!).sort()).toEqual(['id', 'kind', 'mimeType', 'name']);
    const names = data.files!.map((f) => f.name);
    const p = person(admin());
    expect(names).toEqual(expect.arrayContaining(['Projects', 'Notes', `${p.firstName}'s private notes`, `About ${p.name}`]));
    expect(names).not.toContain('My Drive');
    const c = person(colleague());
    expect(names).toContain(`${c.department} budget ${c.lastName}`);
    expect(names).not.toContain(`${c.firstName}'s private notes`);
    // Every person's intro is shared with the domain.
    expect(names.filter((n) => n?.startsWith('About ')).length).toBe(universe.org.people.length);
    await universe.reset();
    expect((await drive(universe).files.list()).data.files!.map((f) => f.id)).toEqual(data.files!.map((f) => f.id));
    expect(data.files!.every((f) => /^1[0-9A-Za-z]{32}$/.test(f.id!))).toBe(true);
  });

  it('pages with pageSize and nextPageToken; pageSize out of range is a 400', async () => {
    const client = drive(universe);
    const all = await listAll(client, { pageSize: 1000 });
    const paged = await listAll(client, { pageSize: 7 });
    expect(paged.map((f) => f.id)).toEqual(all.map((f) => f.id));
    const first = await client.files.list({ pageSize: 7 });
    expect(first.data.files).toHaveLength(7);
    expect(first.data.nextPageToken).toBeTruthy();
    for (const size of [0, 1001, 'x']) {
      const res = await raw(universe, `/drive/v3/files?pageSize=${size}`);
      expect(res.status).toBe(400);
      expect(res.body.error.errors[0]).toMatchObject({ reason: 'invalid', location: 'pageSize', locationType: 'parameter' });
    }
    expect((await raw(universe, '/drive/v3/files?pageToken=garbage')).body.error.errors[0]).toMatchObject({ location: 'pageToken' });
  });

  it('evaluates q: root children, folders, names, shared with me; a bad q is 400 invalid at q', async () => {
    const client = drive(universe);
    const rootKids = await listAll(client, { q: "'root' in parents and trashed = false" });
    expect(rootKids.map((f) => f.name).sort()).toEqual([`About ${person(admin()).name}`, 'Notes', 'Projects']);
    const folders = await listAll(client, { q: `mimeType = '${FOLDER}' and 'me' in owners` });
    expect(folders.map((f) => f.name).sort()).toEqual(['Notes', 'Projects']);
    const projects = folders.find((f) => f.name === 'Projects')!;
    expect((await listAll(client, { q: `'${projects.id}' in parents` })).map((f) => f.mimeType).sort())
      .toEqual(['application/vnd.google-apps.document', 'application/vnd.google-apps.spreadsheet']);
    const shared = await listAll(client, { q: 'sharedWithMe and name contains \'About\'' });
    expect(shared.length).toBe(universe.org.people.length - 1);
    const bad = await drive(universe).files.list({ q: "name = unquoted" }, { retry: false }).catch((e) => e);
    expect(bad.status).toBe(400);
    expect(bad.response.data.error).toMatchObject({ code: 400, message: 'Invalid Value', errors: [{ reason: 'invalid', location: 'q', locationType: 'parameter' }] });
  });

  it('orderBy sorts (with desc and several keys); spaces and a bad orderBy', async () => {
    const client = drive(universe);
    const byName = (await listAll(client, { q: "'me' in owners", orderBy: 'name' })).map((f) => f.name!);
    expect(byName).toEqual([...byName].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    const folderFirst = await listAll(client, { q: "'me' in owners", orderBy: 'folder,name desc', fields: 'nextPageToken,files(name,mimeType)', pageSize: 2 });
    expect(folderFirst.slice(0, 2).map((f) => f.name)).toEqual(['Projects', 'Notes']);
    const newest = (await listAll(client, { q: "'me' in owners", orderBy: 'createdTime desc', fields: 'nextPageToken,files(createdTime)' })).map((f) => f.createdTime!);
    expect(newest).toEqual([...newest].sort().reverse());
    expect((await client.files.list({ spaces: 'appDataFolder' })).data.files).toEqual([]);
    for (const bad of ['orderBy=size', 'orderBy=name%20up', 'spaces=cloud', 'corpora=everything']) {
      const res = await raw(universe, `/drive/v3/files?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.errors[0].location, bad).toBe(bad.split('=')[0]);
    }
  });

  it('fields selects nested parts of the list', async () => {
    const { data } = await drive(universe).files.list({ pageSize: 2, fields: 'nextPageToken,files(id,owners/emailAddress)' });
    expect(Object.keys(data).sort()).toEqual(['files', 'nextPageToken']);
    expect(data.files![0]).toEqual({ id: expect.any(String), owners: [{ emailAddress: expect.any(String) }] });
    expect((await raw(universe, '/drive/v3/files?fields=files(id')).body.error.errors[0]).toMatchObject({ location: 'fields' });
  });
});

describe('files get/create/update/delete and sharing', () => {
  it('a private file is 404 to others, visible to its owner; a team file is visible to the team only', async () => {
    const me = drive(universe);
    const mine = (await me.files.list({ q: "name contains 'private'", fields: 'files(id,name,owners)' })).data.files!;
    expect(mine).toHaveLength(1);
    const id = mine[0]!.id!;
    expect((await me.files.get({ fileId: id, fields: '*' })).data).toMatchObject({ id, ownedByMe: true, capabilities: { canEdit: true, canDelete: true } });
    const other = drive(universe, tokenOf(universe, colleague()));
    const err = await other.files.get({ fileId: id }, { retry: false }).catch((e) => e);
    expect(err.status).toBe(404);
    expect(err.response.data.error).toMatchObject({ code: 404, message: `File not found: ${id}.`, errors: [{ reason: 'notFound', domain: 'global', location: 'fileId', locationType: 'parameter' }] });
    const budget = (await me.files.list({ q: "name contains 'budget' and 'me' in owners" })).data.files![0]!;
    expect((await other.files.get({ fileId: budget.id!, fields: 'id,capabilities/canEdit' })).data).toEqual({ id: budget.id, capabilities: { canEdit: true } });
    const outsider = drive(universe, tokenOf(universe, stranger()));
    expect((await outsider.files.get({ fileId: budget.id! }, { retry: false }).catch((e) => e)).status).toBe(404);
    expect((await raw(universe, '/drive/v3/files/nope')).status).toBe(404);
  });

  it('create, rename, move, trash and delete a folder tree; changes need write access', async () => {
    const me = drive(universe);
    const folder = (await me.files.create({ requestBody: { name: 'Reports', mimeType: FOLDER }, fields: 'id,name,parents,mimeType' })).data;
    expect(folder.id).toMatch(/^1[0-9A-Za-z]{32}$/);
    const rootId = (await me.files.get({ fileId: 'root' })).data.id;
    expect(folder.parents).toEqual([rootId]);
    const doc = (await me.files.create({ requestBody: { name: 'Q1', mimeType: 'application/vnd.google-apps.document', parents: [folder.id!] } })).data;
    expect(doc).toEqual({ kind: 'drive#file', id: doc.id, name: 'Q1', mimeType: 'application/vnd.google-apps.document' });
    const projects = (await me.files.list({ q: "name = 'Projects' and 'me' in owners" })).data.files![0]!;
    const moved = await me.files.update({ fileId: doc.id!, addParents: projects.id!, removeParents: folder.id!, requestBody: { name: 'Q1 report' }, fields: 'name,parents' });
    expect(moved.data).toEqual({ name: 'Q1 report', parents: [projects.id] });
    // Someone else cannot change or see it.
    const other = drive(universe, tokenOf(universe, colleague()));
    expect((await other.files.update({ fileId: folder.id!, requestBody: { name: 'x' } }, { retry: false }).catch((e) => e)).status).toBe(404);
    // Trashed files are still listed (as Drive does) unless the query says trashed = false.
    await me.files.update({ fileId: doc.id!, requestBody: { trashed: true } });
    expect((await listAll(me)).map((f) => f.id)).toContain(doc.id);
    expect((await listAll(me, { q: 'trashed = false' })).map((f) => f.id)).not.toContain(doc.id);
    expect((await listAll(me, { q: 'trashed = true' })).map((f) => f.id)).toEqual([doc.id]);
    // Deleting the folder takes a child created in it.
    const child = (await me.files.create({ requestBody: { name: 'inner', parents: [folder.id!] } })).data;
    expect((await me.files.delete({ fileId: folder.id! })).status).toBe(204);
    for (const id of [folder.id!, child.id!]) expect((await me.files.get({ fileId: id }, { retry: false }).catch((e) => e)).status).toBe(404);
    // Reset brings back the seed.
    await universe.reset();
    expect((await me.files.get({ fileId: doc.id! }, { retry: false }).catch((e) => e)).status).toBe(404);
  });

  it('a writer of a team file may rename it but not trash or delete it', async () => {
    const budget = (await drive(universe).files.list({ q: "name contains 'budget' and 'me' in owners" })).data.files![0]!;
    const other = drive(universe, tokenOf(universe, colleague()));
    expect((await other.files.update({ fileId: budget.id!, requestBody: { name: 'Renamed' }, fields: 'name' })).data.name).toBe('Renamed');
    const trash = await other.files.update({ fileId: budget.id!, requestBody: { trashed: true } }, { retry: false }).catch((e) => e);
    expect(trash.status).toBe(403);
    expect(trash.response.data.error.errors[0].reason).toBe('insufficientFilePermissions');
    expect((await other.files.delete({ fileId: budget.id! }, { retry: false }).catch((e) => e)).status).toBe(403);
    // A domain reader cannot rename.
    const intro = (await drive(universe).files.list({ q: "name contains 'About' and 'me' in owners" })).data.files![0]!;
    expect((await other.files.update({ fileId: intro.id!, requestBody: { name: 'x' } }, { retry: false }).catch((e) => e)).status).toBe(403);
  });

  it('permissions.create shares a file so the grantee lists it; permissions.list shows it', async () => {
    const me = drive(universe);
    const priv = (await me.files.list({ q: "name contains 'private'" })).data.files![0]!;
    const target = stranger();
    const them = drive(universe, tokenOf(universe, target));
    expect((await listAll(them)).map((f) => f.id)).not.toContain(priv.id);
    const perm = await me.permissions.create({ fileId: priv.id!, sendNotificationEmail: false, requestBody: { type: 'user', role: 'reader', emailAddress: target } });
    expect(perm.data).toMatchObject({ kind: 'drive#permission', type: 'user', role: 'reader' });
    expect((await listAll(them, { q: 'sharedWithMe' })).map((f) => f.id)).toContain(priv.id);
    const list = (await me.permissions.list({ fileId: priv.id! })).data.permissions!;
    expect(list.map((p) => [p.role, p.emailAddress])).toEqual([['owner', admin()], ['reader', target]]);
    // A reader cannot share further; bad input is a 400.
    expect((await them.permissions.create({ fileId: priv.id!, requestBody: { type: 'user', role: 'reader', emailAddress: colleague() } }).catch((e) => e)).status).toBe(403);
    const bad = await raw(universe, `/drive/v3/files/${priv.id}/permissions`, { method: 'POST', body: { type: 'user', role: 'boss', emailAddress: target } });
    expect(bad.status).toBe(400);
    const owner = await raw(universe, `/drive/v3/files/${priv.id}/permissions`, { method: 'POST', body: { type: 'user', role: 'owner', emailAddress: target } });
    expect(owner.status).toBe(403);
    // get and delete: the grantee loses access again; the owner's permission stays.
    expect((await me.permissions.get({ fileId: priv.id!, permissionId: perm.data.id!, fields: 'emailAddress,role' })).data).toEqual({ emailAddress: target, role: 'reader' });
    expect((await me.permissions.delete({ fileId: priv.id!, permissionId: perm.data.id! })).status).toBe(204);
    expect((await them.files.get({ fileId: priv.id! }, { retry: false }).catch((e) => e)).status).toBe(404);
    const gone = await me.permissions.get({ fileId: priv.id!, permissionId: perm.data.id! }, { retry: false }).catch((e) => e);
    expect(gone.response.data.error).toMatchObject({ code: 404, message: `Permission not found: ${perm.data.id}.` });
    const ownerId = list[0]!.id!;
    expect((await me.permissions.delete({ fileId: priv.id!, permissionId: ownerId }, { retry: false }).catch((e) => e)).status).toBe(403);
  });
});

describe('seeding and inheritance', () => {
  it('keeps the placeholder user ids and a users list at the top of the state', async () => {
    const snapshot = (await universe.snapshot()) as unknown as { twins: { google: { users: { id: string; primaryEmail: string }[] } } };
    const users = snapshot.twins.google.users;
    expect(users.map((u) => u.primaryEmail)).toEqual(universe.org.people.map((p) => p.email));
    for (const u of users) expect(u.id).toBe(googleId(42, u.primaryEmail));
  });

  it('sharing a folder shares what is in it; the journal names the change', async () => {
    const me = drive(universe);
    const notes = (await me.files.list({ q: "name = 'Notes' and 'me' in owners" })).data.files![0]!;
    const priv = (await me.files.list({ q: `'${notes.id}' in parents` })).data.files![0]!;
    const them = drive(universe, tokenOf(universe, stranger()));
    expect((await them.files.get({ fileId: priv.id! }, { retry: false }).catch((e) => e)).status).toBe(404);
    await me.permissions.create({ fileId: notes.id!, requestBody: { type: 'user', role: 'reader', emailAddress: stranger() } });
    expect((await them.files.get({ fileId: priv.id!, fields: 'id,capabilities/canEdit' })).data).toEqual({ id: priv.id, capabilities: { canEdit: false } });
    expect((await listAll(them, { q: `'${notes.id}' in parents` })).map((f) => f.id)).toEqual([priv.id]);
    const { events } = await universe.events({ twin: 'google' });
    expect(events.find((e) => e.operation === 'drive.permissions.create')).toMatchObject({ status: 200, target: { type: 'permission', fileId: notes.id } });
  });
});

describe('auth and malformed input', () => {
  it('a bad token is 401 with WWW-Authenticate; no token too', async () => {
    for (const token of ['ya29.nope', null]) {
      const res = await raw(universe, '/drive/v3/files', { token });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('invalid_token');
      expect(res.body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED', errors: [{ reason: 'authError' }] });
    }
  });

  it('the drive.readonly token reads but cannot write: 403 ACCESS_TOKEN_SCOPE_INSUFFICIENT', async () => {
    const ro = drive(universe, universe.credentials.google.readonlyAccessToken);
    expect((await ro.files.list()).data.files!.length).toBeGreaterThan(0);
    const err = await ro.files.create({ requestBody: { name: 'nope' } }, { retry: false }).catch((e) => e);
    expect(err.status).toBe(403);
    expect(err.response.data.error).toMatchObject({
      code: 403, status: 'PERMISSION_DENIED', errors: [{ reason: 'insufficientPermissions' }],
      details: [{ reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' }],
    });
    const { events } = await universe.events({ twin: 'google' });
    expect(events.at(-1)).toMatchObject({ operation: 'drive.files.create', status: 403, actor: { type: 'user', email: admin() } });
  });

  it('malformed JSON is 400 parseError; wrong types are 400 and change nothing', async () => {
    const before = (await listAll(drive(universe))).length;
    const parse = await raw(universe, '/drive/v3/files', { method: 'POST', rawBody: '{"name":' });
    expect(parse.status).toBe(400);
    expect(parse.body.error.errors[0].reason).toBe('parseError');
    for (const body of [{ name: 5 }, { parents: 'x' }, { starred: 'yes' }, []]) {
      expect((await raw(universe, '/drive/v3/files', { method: 'POST', body })).status).toBe(400);
    }
    expect((await raw(universe, '/drive/v3/files', { method: 'POST', body: { name: 'x', parents: ['nope'] } })).status).toBe(404);
    expect((await listAll(drive(universe))).length).toBe(before);
  });

  it('garbage parameters and bodies get Google-shaped 4xx, never a 5xx', async () => {
    const random = mulberry32(7);
    const pieces = ["name", "=", "'x'", 'and', 'or', 'not', '(', ')', 'in', 'parents', 'trashed', 'true', "'", '\\', 'contains', ',', '/', '*', 'files', '%', '<'];
    const junk = () => Array.from({ length: 1 + Math.floor(random() * 6) }, () => pieces[Math.floor(random() * pieces.length)]).join(' ');
    const bodies = [null, 5, 'x', [], { name: {} }, { parents: [5] }, { type: 'user' }, { role: 'reader', type: 'anyone', allowFileDiscovery: 'x' }];
    const some = (await drive(universe).files.list({ pageSize: 1 })).data.files![0]!.id!;
    for (let i = 0; i < 60; i++) {
      const q = encodeURIComponent(junk());
      for (const path of [`/drive/v3/files?q=${q}`, `/drive/v3/files?fields=${q}`, `/drive/v3/files/${some}?fields=${q}`, `/drive/v3/about?fields=${q}`]) {
        const res = await raw(universe, path);
        expect(res.status, path).toBeLessThan(500);
        if (res.status >= 400) expect(res.body.error).toMatchObject({ code: res.status, errors: [expect.objectContaining({ reason: expect.any(String) })] });
      }
    }
    for (const body of bodies) {
      for (const [method, path] of [['POST', '/drive/v3/files'], ['PATCH', `/drive/v3/files/${some}`], ['POST', `/drive/v3/files/${some}/permissions`]] as const) {
        const res = await raw(universe, path, { method, rawBody: JSON.stringify(body) });
        expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBeLessThan(500);
      }
    }
  });
});
