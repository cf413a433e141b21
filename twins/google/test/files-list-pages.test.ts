// files.list page tokens of a narrowed query ('<folder>' in parents) resume right after the previous
// page's last file (file-index.ts OrderedIds), through googleapis: every file once, in order, and a
// change between two pages is seen as Drive would show it.
import type { drive_v3 } from 'googleapis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { drive, googleUniverse, listAll } from './helpers.js';

const FOLDER = 'application/vnd.google-apps.folder';
let universe: Universe;
let me: drive_v3.Drive;
beforeAll(async () => {
  universe = await googleUniverse({ seed: 11, users: 5 });
  me = drive(universe);
});
afterAll(() => universe.close());

/** A new folder holding `count` files named f0…, created in that order; their ids in that order. */
async function folderOf(count: number): Promise<{ folder: string; ids: string[] }> {
  const folder = (await me.files.create({ requestBody: { name: 'Paged', mimeType: FOLDER } })).data.id!;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await me.files.create({ requestBody: { name: `f${i}`, parents: [folder] } })).data.id!);
  return { folder, ids };
}

describe('files.list page tokens on a folder', () => {
  it('walks every file once, in order, page after page', async () => {
    const { folder, ids } = await folderOf(23);
    const listed = await listAll(me, { q: `'${folder}' in parents`, pageSize: 5, fields: 'nextPageToken,files(id)' });
    expect(listed.map((f) => f.id)).toEqual(ids);
  });

  it('a file removed after page 1 is not on page 2, which still starts right after page 1', async () => {
    const { folder, ids } = await folderOf(12);
    const q = `'${folder}' in parents`;
    const first = (await me.files.list({ q, pageSize: 5, fields: 'nextPageToken,files(id)' })).data;
    expect(first.files!.map((f) => f.id)).toEqual(ids.slice(0, 5));
    await me.files.delete({ fileId: ids[6]! });
    const second = (await me.files.list({ q, pageSize: 5, pageToken: first.nextPageToken!, fields: 'nextPageToken,files(id)' })).data;
    expect(second.files!.map((f) => f.id)).toEqual([ids[5], ids[7], ids[8], ids[9], ids[10]]);
  });

  it('a token whose last file has left the folder still pages on, without repeating page 1', async () => {
    const { folder, ids } = await folderOf(12);
    const q = `'${folder}' in parents`;
    const first = (await me.files.list({ q, pageSize: 5, fields: 'nextPageToken,files(id)' })).data;
    await me.files.delete({ fileId: ids[4]! });
    const rest: string[] = [];
    for (let pageToken = first.nextPageToken ?? undefined; pageToken;) {
      const { data } = await me.files.list({ q, pageSize: 5, pageToken, fields: 'nextPageToken,files(id)' });
      rest.push(...data.files!.map((f) => f.id!));
      pageToken = data.nextPageToken ?? undefined;
    }
    expect(rest.length).toBeGreaterThan(0);
    for (const id of rest) expect(ids.slice(0, 5)).not.toContain(id);
  });
});
