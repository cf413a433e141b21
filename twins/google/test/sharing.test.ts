// Who sees what: for every person of the small fixture, files.list shows exactly their own files, their
// department's shared plan and budget, and everyone's domain-shared intro; link-shared files open by id
// but are not listed; shared drives show up only with includeItemsFromAllDrives and only to members.
// Plus shared drives themselves: drives.* through googleapis, roles organizer / fileOrganizer / writer.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { drive, googleUniverse, listAll, raw, tokenOf } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await googleUniverse({ fixture: 'small' }); });
afterAll(() => universe.close());
beforeEach(() => universe.reset());

const departmentOf = (email: string) => universe.org.people.find((p) => p.email === email)!.department;
const teamMates = (email: string) => universe.org.groups.filter((g) => g.kind === 'department' && g.members.includes(email)).flatMap((g) => g.members);

/** What a person should list, derived by hand from the seeding rules (README "The seeded domain"). */
function expectedNames(email: string): string[] {
  const me = universe.org.people.find((p) => p.email === email)!;
  const mine = ['Projects', 'Notes', `${me.department} plan (${me.firstName} ${me.lastName})`, `${me.department} budget ${me.lastName}`, `${me.firstName}'s private notes`, `About ${me.name}`];
  const others = universe.org.people.filter((p) => p.email !== email).flatMap((p) => [
    `About ${p.name}`,
    ...(teamMates(email).includes(p.email) ? [`${p.department} plan (${p.firstName} ${p.lastName})`, `${p.department} budget ${p.lastName}`] : []),
  ]);
  return [...mine, ...others].sort();
}

describe('sharing enforced per person', () => {
  it('every active person lists exactly their files, their team\'s and the domain\'s', async () => {
    for (const p of universe.org.people.filter((x) => x.status === 'active')) {
      const names = (await listAll(drive(universe, tokenOf(universe, p.email)), { pageSize: 1000 })).map((f) => f.name!).sort();
      expect(names, p.email).toEqual(expectedNames(p.email));
    }
  });

  it('a link-shared file opens by id for anyone in the domain but is not listed; others stay 404', async () => {
    // Every fourth person (seed order) shared their plan by link.
    const [sharer, nonSharer] = [universe.org.people[0]!, universe.org.people[1]!];
    const outsider = universe.org.people.find((p) => p.status === 'active' && !teamMates(sharer.email).includes(p.email) && !teamMates(nonSharer.email).includes(p.email))!;
    const plans = async (owner: string) => (await listAll(drive(universe, tokenOf(universe, owner)), { q: "name contains 'plan' and 'me' in owners", fields: 'files(id,permissions(type,role,allowFileDiscovery))' } as never))[0]!;
    const linkPlan = await plans(sharer.email);
    expect(linkPlan.permissions).toContainEqual({ type: 'anyone', role: 'reader', allowFileDiscovery: false });
    const privatePlan = await plans(nonSharer.email);
    const them = drive(universe, tokenOf(universe, outsider.email));
    expect((await them.files.get({ fileId: linkPlan.id!, fields: 'id,capabilities/canEdit' })).data).toEqual({ id: linkPlan.id, capabilities: { canEdit: false } });
    expect((await them.files.get({ fileId: privatePlan.id! }).catch((e) => e)).status).toBe(404);
    expect((await listAll(them)).map((f) => f.id)).not.toContain(linkPlan.id);
    expect((await listAll(drive(universe, tokenOf(universe, sharer.email)), { q: "visibility = 'anyoneWithLink'" })).map((f) => f.id)).toEqual([linkPlan.id]);
    // Writes stay refused for a link reader.
    expect((await them.files.update({ fileId: linkPlan.id!, requestBody: { name: 'x' } }).catch((e) => e)).status).toBe(403);
  });

  it('a suspended person\'s token is refused', async () => {
    const suspended = universe.org.people.find((p) => p.status !== 'active');
    if (!suspended) return;
    expect((await raw(universe, '/drive/v3/files', { token: tokenOf(universe, suspended.email) })).status).toBe(401);
  });
});

describe('shared drives', () => {
  it('members see their department drive with includeItemsFromAllDrives; non-members do not', async () => {
    const person = universe.org.people.find((p) => p.status === 'active')!;
    const client = drive(universe, tokenOf(universe, person.email));
    const drives = (await client.drives.list({ fields: 'drives(id,name,capabilities/canManageMembers)' })).data.drives!;
    expect(drives.map((d) => d.name)).toEqual([`${person.department} Team Drive`]);
    const driveId = drives[0]!.id!;
    expect((await listAll(client)).map((f) => f.name)).not.toContain(`${person.department} handbook`);
    const inDrive = await listAll(client, { corpora: 'drive', driveId, includeItemsFromAllDrives: true, supportsAllDrives: true, fields: 'nextPageToken,files(name,driveId,owners)' } as never);
    expect(inDrive).toEqual([{ name: `${person.department} handbook`, driveId }]);
    const all = await listAll(client, { corpora: 'allDrives', includeItemsFromAllDrives: true, supportsAllDrives: true });
    expect(all.map((f) => f.name)).toEqual([...expectedNames(person.email), `${person.department} handbook`].sort((a, b) => all.findIndex((f) => f.name === a) - all.findIndex((f) => f.name === b)));
    const handbook = (await listAll(client, { corpora: 'drive', driveId, includeItemsFromAllDrives: true, supportsAllDrives: true }))[0]!;
    // Without supportsAllDrives the shared-drive file is not found, as in Drive.
    expect((await client.files.get({ fileId: handbook.id! }).catch((e) => e)).status).toBe(404);
    expect((await client.files.get({ fileId: handbook.id!, supportsAllDrives: true })).data.name).toBe(`${person.department} handbook`);
    const outsider = universe.org.people.find((p) => p.status === 'active' && p.department !== person.department)!;
    const them = drive(universe, tokenOf(universe, outsider.email));
    expect((await them.files.get({ fileId: handbook.id!, supportsAllDrives: true }).catch((e) => e)).status).toBe(404);
    expect((await them.drives.get({ driveId }).catch((e) => e)).response.data.error.message).toBe(`Shared drive not found: ${driveId}`);
    expect((await raw(universe, `/drive/v3/files?corpora=drive&driveId=${driveId}`, { token: tokenOf(universe, person.email) })).status).toBe(403);
    expect((await raw(universe, '/drive/v3/files?corpora=drive', { token: tokenOf(universe, person.email) })).status).toBe(400);
  });

  it('drives.create / members / file roles / delete', async () => {
    const owner = universe.credentials.google.as as string;
    const client = drive(universe);
    const created = (await client.drives.create({ requestId: 'req-1', requestBody: { name: 'Launch' }, fields: 'id,name,capabilities(canManageMembers,canDeleteDrive)' })).data;
    expect(created).toMatchObject({ name: 'Launch', capabilities: { canManageMembers: true, canDeleteDrive: true } });
    expect((await client.drives.create({ requestId: 'req-1', requestBody: { name: 'Again' } }).catch((e) => e)).status).toBe(409);
    expect((await raw(universe, '/drive/v3/drives', { method: 'POST', body: { name: 'x' } })).body.error.errors[0].location).toBe('requestId');
    const mate = universe.org.people.find((p) => p.email !== owner && p.status === 'active')!.email;
    const contrib = universe.org.people.find((p) => p.email !== owner && p.email !== mate && p.status === 'active')!.email;
    await client.permissions.create({ fileId: created.id!, supportsAllDrives: true, requestBody: { type: 'user', role: 'fileOrganizer', emailAddress: mate } });
    await client.permissions.create({ fileId: created.id!, supportsAllDrives: true, requestBody: { type: 'user', role: 'writer', emailAddress: contrib } });
    const file = (await client.files.create({ supportsAllDrives: true, requestBody: { name: 'spec', parents: [created.id!] }, fields: 'id,driveId,owners,capabilities/canDelete' })).data;
    expect(file).toEqual({ id: file.id, driveId: created.id, capabilities: { canDelete: true } });
    // A contributor edits but cannot delete; a content manager can.
    const asContrib = drive(universe, tokenOf(universe, contrib));
    expect((await asContrib.files.update({ fileId: file.id!, supportsAllDrives: true, requestBody: { name: 'spec v2' } })).status).toBe(200);
    expect((await asContrib.files.delete({ fileId: file.id!, supportsAllDrives: true }).catch((e) => e)).status).toBe(403);
    // organizer roles only in shared drives; ownership does not transfer there.
    const mine = (await client.files.create({ requestBody: { name: 'mine' } })).data;
    expect((await client.permissions.create({ fileId: mine.id!, requestBody: { type: 'user', role: 'organizer', emailAddress: mate } }).catch((e) => e)).status).toBe(400);
    expect((await client.permissions.create({ fileId: file.id!, supportsAllDrives: true, transferOwnership: true, requestBody: { type: 'user', role: 'owner', emailAddress: mate } }).catch((e) => e)).status).toBe(403);
    // Not empty: refused; then the content manager deletes the file and the organizer the drive.
    expect((await client.drives.delete({ driveId: created.id! }).catch((e) => e)).response.data.error.errors[0].reason).toBe('cannotDeleteResourceWithChildren');
    expect((await drive(universe, tokenOf(universe, mate)).files.delete({ fileId: file.id!, supportsAllDrives: true })).status).toBe(204);
    expect((await client.drives.delete({ driveId: created.id! })).status).toBe(204);
    expect((await client.drives.get({ driveId: created.id! }).catch((e) => e)).status).toBe(404);
  });

  it('permissions.update changes a role; transferOwnership moves a file to its new owner', async () => {
    const client = drive(universe);
    const owner = universe.credentials.google.as as string;
    const other = universe.org.people.find((p) => p.email !== owner && p.status === 'active')!.email;
    const f = (await client.files.create({ requestBody: { name: 'handover' } })).data;
    const perm = (await client.permissions.create({ fileId: f.id!, sendNotificationEmail: true, emailMessage: 'hi', requestBody: { type: 'user', role: 'reader', emailAddress: other } })).data;
    expect((await client.permissions.update({ fileId: f.id!, permissionId: perm.id!, requestBody: { role: 'writer' }, fields: 'role' })).data.role).toBe('writer');
    expect((await client.permissions.update({ fileId: f.id!, permissionId: perm.id!, requestBody: { role: 'owner' } }).catch((e) => e)).status).toBe(403);
    await client.permissions.update({ fileId: f.id!, permissionId: perm.id!, transferOwnership: true, requestBody: { role: 'owner' } });
    const theirs = drive(universe, tokenOf(universe, other));
    expect((await listAll(theirs, { q: "'me' in owners and name = 'handover'" })).map((x) => x.id)).toEqual([f.id]);
    expect((await listAll(client, { q: "'me' in owners and name = 'handover'" }))).toEqual([]);
    expect((await client.files.get({ fileId: f.id!, fields: 'ownedByMe,capabilities/canEdit' })).data).toEqual({ ownedByMe: false, capabilities: { canEdit: true } });
    expect(departmentOf(other)).toBeTruthy();
  });
});
