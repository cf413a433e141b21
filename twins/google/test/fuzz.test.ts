// Garbage into every new endpoint family (uploads, copy, permissions update, revisions, comments, changes,
// channels, drives, Directory, the token endpoint): never a 5xx, errors in Google's shape (OAuth's own on
// /token), and a refused request changes nothing (the twin's snapshot is the same before and after).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../shared/seeding/prng.js';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { googleUniverse, raw } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await googleUniverse({ seed: 21, users: 6 }); });
afterAll(() => universe.close());

const state = async () => JSON.stringify((await universe.snapshot()).twins.google);

describe('fuzz: new endpoints', () => {
  it('random bodies, parameters and content types get 4xx in the vendor\'s shape and change nothing', async () => {
    const random = mulberry32(99);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const files = (await raw(universe, '/drive/v3/files?pageSize=5&q=' + encodeURIComponent("'me' in owners"))).body.files as { id: string }[];
    const file = files[0]!.id;
    const values = [null, 5, -1, 'x', '', [], {}, { name: {} }, { content: 5 }, { role: 'boss' }, { type: 'web_hook' }, { id: '!!', type: 'web_hook', address: 'x' },
      { primaryEmail: 'nope' }, { email: 5 }, { status: 'yes' }, { keepForever: 'x' }, { parents: [5] }, { properties: { a: 1 } }, { name: 'x'.repeat(3) }];
    const paths: [string, string][] = [
      ['POST', '/upload/drive/v3/files?uploadType=multipart'], ['POST', '/upload/drive/v3/files?uploadType=resumable'], ['PATCH', `/upload/drive/v3/files/${file}?uploadType=media`],
      ['PUT', '/upload/drive/v3/files?uploadType=resumable&upload_id=nope'], ['POST', `/drive/v3/files/${file}/copy?fields=(`], ['PATCH', `/drive/v3/files/${file}/permissions/nope`],
      ['PATCH', `/drive/v3/files/${file}/revisions/nope`], ['POST', `/drive/v3/files/${file}/comments?fields=id`], ['POST', `/drive/v3/files/${file}/comments/nope/replies?fields=id`],
      ['GET', '/drive/v3/changes?pageToken=-3'], ['POST', '/drive/v3/changes/watch?pageToken=999999'], ['POST', `/drive/v3/files/${file}/watch`], ['POST', '/drive/v3/channels/stop'],
      ['POST', '/drive/v3/drives'], ['PATCH', '/drive/v3/drives/nope'], ['GET', '/drive/v3/files?corpora=bogus'], ['GET', '/drive/v3/files?orderBy=size%20up'],
      ['GET', '/drive/v3/files/generateIds?count=0'], ['GET', `/drive/v3/files/${file}/export`], ['DELETE', '/drive/v3/files/trash?driveId=nope'],
      ['POST', '/admin/directory/v1/users'], ['PATCH', '/admin/directory/v1/users/nobody'], ['GET', '/admin/directory/v1/users?customer=my_customer&query=%27%27%3A'],
      ['POST', '/admin/directory/v1/groups'], ['POST', '/admin/directory/v1/groups/nobody/members'], ['GET', '/admin/directory/v1/users?maxResults=abc&customer=my_customer'],
    ];
    const contentTypes = ['application/json', 'multipart/related; boundary=zz', 'text/plain', 'multipart/related'];
    for (let i = 0; i < 140; i++) {
      const [method, path] = pick(paths);
      const value = pick(values);
      const contentType = pick(contentTypes);
      const rawBody = random() < 0.2 ? '{"broken":' : random() < 0.2 ? `--zz\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(value)}\r\n--zz--` : JSON.stringify(value);
      const before = await state();
      const res = await raw(universe, path, { method, rawBody: method === 'GET' ? undefined : rawBody, headers: { 'content-type': contentType } });
      const what = `${method} ${path} ${contentType} ${rawBody}`;
      expect(res.status, what).toBeLessThan(500);
      if (res.status >= 400) {
        expect(res.body.error, what).toMatchObject({ code: res.status, message: expect.any(String), errors: [expect.objectContaining({ reason: expect.any(String) })] });
        expect(await state(), what).toBe(before);
      }
    }
  });

  it('the token endpoint answers garbage with OAuth errors, never a 5xx', async () => {
    const random = mulberry32(5);
    const grants = ['refresh_token', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'client_credentials', '', 'x'];
    const junk = ['', 'a.b.c', 'eyJ.eyJ.sig', '1//x', '%%%', 'a'.repeat(300)];
    for (let i = 0; i < 40; i++) {
      const form = new URLSearchParams({ grant_type: grants[Math.floor(random() * grants.length)]!, assertion: junk[Math.floor(random() * junk.length)]!, refresh_token: junk[Math.floor(random() * junk.length)]!, client_id: 'c' });
      const res = await fetch(universe.credentials.google.oauthClient.tokenUrl, { method: 'POST', headers: { 'content-type': random() < 0.8 ? 'application/x-www-form-urlencoded' : 'application/json' }, body: form });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      const body = await res.json() as Record<string, unknown>;
      expect(typeof body.error === 'string' || typeof (body.error as { code?: unknown })?.code === 'number').toBe(true);
    }
  });
});
