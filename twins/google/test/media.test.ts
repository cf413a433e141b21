// Drive media: uploads through googleapis (multipart) and raw HTTP (media, multipart with binary, resumable
// chunks with 308 / Range), alt=media downloads, update with media and revisions, copy, export,
// generateIds and emptyTrash.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { drive, googleUniverse, listAll, raw, tokenOf } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await googleUniverse({ seed: 3, users: 10 }); });
afterAll(() => universe.close());
beforeEach(() => universe.reset());

const rootUrl = () => universe.credentials.google.rootUrl as string;
const admin = () => universe.credentials.google.as as string;
const stranger = () => {
  const mine = universe.org.groups.filter((g) => g.members.includes(admin()));
  return universe.org.people.find((p) => p.email !== admin() && !mine.some((g) => g.members.includes(p.email)))!.email;
};
const BINARY = Buffer.from([0, 1, 2, 255, 13, 10, 45, 45, 13, 10, 0x89, 0x50, 0x4e, 0x47]);

async function download(id: string, token?: string) {
  const res = await raw(universe, `/drive/v3/files/${id}?alt=media`, { token });
  return res;
}

describe('uploads', () => {
  it('googleapis files.create with media (multipart) stores the content; alt=media returns it', async () => {
    const client = drive(universe);
    const { data } = await client.files.create(
      { requestBody: { name: 'hello.txt', properties: { team: 'ops' } }, media: { mimeType: 'text/plain', body: Readable.from(['hello ', 'drive']) }, fields: 'id,name,mimeType,size,md5Checksum,properties,webContentLink' },
      { rootUrl: rootUrl() },
    );
    expect(data).toMatchObject({ name: 'hello.txt', mimeType: 'text/plain', size: '11', md5Checksum: createHash('md5').update('hello drive').digest('hex'), properties: { team: 'ops' } });
    const got = await client.files.get({ fileId: data.id!, alt: 'media' }, { responseType: 'text' });
    expect(got.data).toBe('hello drive');
    const { events } = await universe.events({ twin: 'google' });
    expect(events.find((e) => e.url.startsWith('/upload/'))).toMatchObject({ operation: 'drive.files.create', status: 200 });
  });

  it('uploadType=media takes the body as the content and its type', async () => {
    const res = await raw(universe, '/upload/drive/v3/files?uploadType=media&fields=id,name,mimeType,size', { method: 'POST', rawBody: BINARY, headers: { 'content-type': 'image/png' } });
    expect(res.body).toMatchObject({ name: 'Untitled', mimeType: 'image/png', size: String(BINARY.length) });
    const got = await fetch(`${rootUrl()}drive/v3/files/${res.body.id}?alt=media`, { headers: { authorization: `Bearer ${universe.credentials.google.accessToken}` } });
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer())).toEqual(BINARY);
  });

  it('multipart/related with binary media and a quoted boundary', async () => {
    const boundary = "b==quoted 'part'";
    const body = Buffer.concat([
      Buffer.from(`preamble\r\n--${boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n${JSON.stringify({ name: 'logo.png', description: 'd' })}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Type: image/png\r\n\r\n`), BINARY, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await raw(universe, '/upload/drive/v3/files?uploadType=multipart&fields=id,name,mimeType,size,description', { method: 'POST', rawBody: body, headers: { 'content-type': `multipart/related; boundary="${boundary}"` } });
    expect(res.body).toMatchObject({ name: 'logo.png', mimeType: 'image/png', size: String(BINARY.length), description: 'd' });
    const got = await fetch(`${rootUrl()}drive/v3/files/${res.body.id}?alt=media`, { headers: { authorization: `Bearer ${universe.credentials.google.accessToken}` } });
    expect(Buffer.from(new Uint8Array(await got.arrayBuffer()))).toEqual(BINARY);
  });

  it.each<[string, string, string]>([
    ['no closing boundary', 'multipart/related; boundary=x', '--x\r\nContent-Type: application/json\r\n\r\n{}\r\n--x\r\n\r\nabc'],
    ['one part only', 'multipart/related; boundary=x', '--x\r\nContent-Type: application/json\r\n\r\n{}\r\n--x--'],
    ['not multipart', 'application/json', '{}'],
    ['bad metadata JSON', 'multipart/related; boundary=x', '--x\r\nContent-Type: application/json\r\n\r\n{"name":\r\n--x\r\nContent-Type: text/plain\r\n\r\nabc\r\n--x--'],
  ])('a malformed multipart upload (%s) is a 400 and creates nothing', async (_name, type, body) => {
    const before = (await listAll(drive(universe))).length;
    const res = await raw(universe, '/upload/drive/v3/files?uploadType=multipart', { method: 'POST', rawBody: body, headers: { 'content-type': type } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(400);
    expect((await listAll(drive(universe))).length).toBe(before);
  });

  it('missing or unknown uploadType is a 400 at uploadType', async () => {
    for (const q of ['', '?uploadType=weird']) {
      const res = await raw(universe, `/upload/drive/v3/files${q}`, { method: 'POST', rawBody: 'x', headers: { 'content-type': 'text/plain' } });
      expect(res.status).toBe(400);
      expect(res.body.error.errors[0].location).toBe('uploadType');
    }
  });

  it('resumable: session URI in Location, chunks answered 308 with Range, a status query, then 200 with the file', async () => {
    const content = Buffer.alloc(700_000, 7);
    content.write('start', 0);
    const open = await fetch(`${rootUrl()}upload/drive/v3/files?uploadType=resumable&fields=id,name,size`, {
      method: 'POST', body: JSON.stringify({ name: 'big.bin', parents: ['root'] }),
      headers: { authorization: `Bearer ${universe.credentials.google.accessToken}`, 'content-type': 'application/json; charset=UTF-8', 'x-upload-content-type': 'application/octet-stream', 'x-upload-content-length': String(content.length) },
    });
    expect(open.status).toBe(200);
    const session = open.headers.get('location')!;
    expect(session).toMatch(/\/upload\/drive\/v3\/files\?.*upload_id=/);
    const put = (range: string, body: Buffer) => fetch(session, { method: 'PUT', body: new Uint8Array(body), headers: { 'content-range': range } });
    const first = await put(`bytes 0-262143/${content.length}`, content.subarray(0, 262_144));
    expect(first.status).toBe(308);
    expect(first.headers.get('range')).toBe('bytes=0-262143');
    const status = await put(`bytes */${content.length}`, Buffer.alloc(0));
    expect([status.status, status.headers.get('range')]).toEqual([308, 'bytes=0-262143']);
    // A chunk starting beyond what was received is refused; an overlapping one is taken from where it left off.
    expect((await put(`bytes 300000-300009/${content.length}`, content.subarray(300_000, 300_010))).status).toBe(400);
    const second = await put(`bytes 200000-524287/${content.length}`, content.subarray(200_000, 524_288));
    expect(second.headers.get('range')).toBe('bytes=0-524287');
    const last = await put(`bytes 524288-${content.length - 1}/${content.length}`, content.subarray(524_288));
    expect(last.status).toBe(200);
    const file = await last.json() as { id: string; name: string; size: string };
    expect(file).toMatchObject({ name: 'big.bin', size: String(content.length) });
    const back = await fetch(`${rootUrl()}drive/v3/files/${file.id}?alt=media`, { headers: { authorization: `Bearer ${universe.credentials.google.accessToken}` } });
    expect(Buffer.from(new Uint8Array(await back.arrayBuffer())).equals(content)).toBe(true);
    // The session is used up.
    expect((await put(`bytes */${content.length}`, Buffer.alloc(0))).status).toBe(404);
  });

  it('resumable update of an existing file via PATCH, and a session opened on a file the caller cannot see is 404', async () => {
    const client = drive(universe);
    const created = (await client.files.create({ requestBody: { name: 'v.txt' }, media: { mimeType: 'text/plain', body: 'one' } }, { rootUrl: rootUrl() })).data;
    const open = await raw(universe, `/upload/drive/v3/files/${created.id}?uploadType=resumable`, { method: 'PATCH', body: { name: 'v2.txt' } });
    const session = open.headers.get('location')!;
    const done = await fetch(session, { method: 'PUT', body: 'two' });
    expect(await done.json()).toMatchObject({ id: created.id, name: 'v2.txt' });
    expect((await client.files.get({ fileId: created.id!, alt: 'media' }, { responseType: 'text' })).data).toBe('two');
    const other = await raw(universe, `/upload/drive/v3/files/${created.id}?uploadType=resumable`, { method: 'PATCH', body: {}, token: tokenOf(universe, stranger()) });
    expect(other.status).toBe(404);
  });
});

describe('content, revisions, copy and export', () => {
  it('update with media adds a revision; revisions.get alt=media returns the old content', async () => {
    const client = drive(universe);
    const f = (await client.files.create({ requestBody: { name: 'r.txt' }, media: { mimeType: 'text/plain', body: 'first' } }, { rootUrl: rootUrl() })).data;
    await client.files.update({ fileId: f.id!, media: { mimeType: 'text/plain', body: 'second' } }, { rootUrl: rootUrl() });
    const revisions = (await client.revisions.list({ fileId: f.id!, fields: 'revisions(id,size,md5Checksum,mimeType)' })).data.revisions!;
    expect(revisions.map((r) => r.size)).toEqual(['5', '6']);
    const old = await client.revisions.get({ fileId: f.id!, revisionId: revisions[0]!.id!, alt: 'media' }, { responseType: 'text' });
    expect(old.data).toBe('first');
    expect((await client.files.get({ fileId: f.id!, fields: 'headRevisionId,version' })).data).toEqual({ headRevisionId: revisions[1]!.id, version: expect.stringMatching(/^\d+$/) });
    // The head revision cannot be deleted; an older one can.
    expect((await client.revisions.delete({ fileId: f.id!, revisionId: revisions[1]!.id! }).catch((e) => e)).status).toBe(400);
    expect((await client.revisions.delete({ fileId: f.id!, revisionId: revisions[0]!.id! })).status).toBe(204);
  });

  it('alt=media on a Google Doc is 403 fileNotDownloadable; export of a binary file is 403 fileNotExportable', async () => {
    const client = drive(universe);
    const doc = (await client.files.list({ q: "mimeType = 'application/vnd.google-apps.document' and 'me' in owners", pageSize: 1 })).data.files![0]!;
    const res = await download(doc.id!);
    expect([res.status, res.body.error.errors[0].reason]).toEqual([403, 'fileNotDownloadable']);
    const f = (await client.files.create({ requestBody: { name: 'b.txt' }, media: { mimeType: 'text/plain', body: 'x' } }, { rootUrl: rootUrl() })).data;
    const exp = await raw(universe, `/drive/v3/files/${f.id}/export?mimeType=text/plain`);
    expect([exp.status, exp.body.error.errors[0].reason]).toEqual([403, 'fileNotExportable']);
  });

  it('exports a Sheet to text/csv; an unsupported format is 400', async () => {
    const client = drive(universe);
    const sheet = (await client.files.list({ q: "mimeType = 'application/vnd.google-apps.spreadsheet' and 'me' in owners", pageSize: 1 })).data.files![0]!;
    const csv = await client.files.export({ fileId: sheet.id!, mimeType: 'text/csv' }, { responseType: 'text' });
    expect(String(csv.data).split('\r\n')[0]).toMatch(/^Item,/);
    const bad = await raw(universe, `/drive/v3/files/${sheet.id}/export?mimeType=application/zip`);
    expect(bad.status).toBe(400);
  });

  it('exports a Doc to text/plain and text/html; a copy of the Doc exports the same text', async () => {
    const client = drive(universe);
    const doc = (await client.files.list({ q: "mimeType = 'application/vnd.google-apps.document' and name contains 'plan' and 'me' in owners", pageSize: 1 })).data.files![0]!;
    const text = String((await client.files.export({ fileId: doc.id!, mimeType: 'text/plain' }, { responseType: 'text' })).data);
    expect(text.length).toBeGreaterThan(20);
    const html = await raw(universe, `/drive/v3/files/${doc.id}/export?mimeType=text/html`);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.text).toMatch(/<\w+/);
    const copy = (await client.files.copy({ fileId: doc.id!, requestBody: { name: 'Plan copy' } })).data;
    expect(String((await client.files.export({ fileId: copy.id!, mimeType: 'text/plain' }, { responseType: 'text' })).data)).toBe(text);
  });

  it('copy keeps name and content, goes next to the original, and needs access', async () => {
    const client = drive(universe);
    const f = (await client.files.create({ requestBody: { name: 'orig.txt' }, media: { mimeType: 'text/plain', body: 'copy me' } }, { rootUrl: rootUrl() })).data;
    const copy = (await client.files.copy({ fileId: f.id!, requestBody: { name: 'dup.txt' }, fields: 'id,name,parents,mimeType' })).data;
    expect(copy).toMatchObject({ name: 'dup.txt', mimeType: 'text/plain' });
    expect((await client.files.get({ fileId: copy.id!, alt: 'media' }, { responseType: 'text' })).data).toBe('copy me');
    const them = drive(universe, tokenOf(universe, stranger()));
    expect((await them.files.copy({ fileId: f.id! }, { retry: false }).catch((e) => e)).status).toBe(404);
    const folder = (await client.files.list({ q: "name = 'Projects' and 'me' in owners" })).data.files![0]!;
    expect((await client.files.copy({ fileId: folder.id! }).catch((e) => e)).response.data.error.errors[0].reason).toBe('cannotCopyFile');
  });

  it('generateIds gives usable ids; a used or malformed id is refused', async () => {
    const client = drive(universe);
    const { data } = await client.files.generateIds({ count: 3 });
    expect(data).toMatchObject({ kind: 'drive#generatedIds', space: 'drive', ids: [expect.any(String), expect.any(String), expect.any(String)] });
    const id = data.ids![0]!;
    expect((await client.files.create({ requestBody: { id, name: 'pre' }, fields: 'id' })).data.id).toBe(id);
    expect((await client.files.create({ requestBody: { id, name: 'again' } }).catch((e) => e)).status).toBe(409);
    expect((await client.files.create({ requestBody: { id: 'short', name: 'x' } }).catch((e) => e)).status).toBe(400);
    expect((await raw(universe, '/drive/v3/files/generateIds?count=1001')).status).toBe(400);
  });

  it('emptyTrash deletes my trashed files (with their contents) and nothing else', async () => {
    const client = drive(universe);
    const folder = (await client.files.create({ requestBody: { name: 'old', mimeType: 'application/vnd.google-apps.folder' } })).data;
    const inner = (await client.files.create({ requestBody: { name: 'inner', parents: [folder.id!] } })).data;
    const keep = (await client.files.create({ requestBody: { name: 'keep' } })).data;
    await client.files.update({ fileId: folder.id!, requestBody: { trashed: true } });
    expect((await client.files.emptyTrash()).status).toBe(204);
    for (const id of [folder.id!, inner.id!]) expect((await client.files.get({ fileId: id }).catch((e) => e)).status).toBe(404);
    expect((await client.files.get({ fileId: keep.id! })).data.name).toBe('keep');
  });
});
