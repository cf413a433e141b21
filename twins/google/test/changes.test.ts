// Drive changes (start page token, list, paging), push notifications (changes.watch, files.watch with
// their X-Goog-* headers, sync first, channels.stop) and comments / replies, through googleapis.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { startReceiver, type HttpReceiver } from '../../../test/helpers/http-receiver.js';
import { drive, googleUniverse, raw, tokenOf } from './helpers.js';

let universe: Universe;
let receiver: HttpReceiver;
let address = '';
/** The headers of each notification received so far. */
const received = () => receiver.received.map((request) => request.headers);
beforeAll(async () => {
  universe = await googleUniverse({ seed: 9, users: 10 });
  receiver = await startReceiver();
  address = `${receiver.url}/hook`;
});
afterAll(async () => { await universe.close(); await receiver.close(); });
beforeEach(async () => { await universe.reset(); receiver.clear(); });

const admin = () => universe.credentials.google.as as string;
const stranger = () => {
  const mine = universe.org.groups.filter((g) => g.members.includes(admin()));
  return universe.org.people.find((p) => p.email !== admin() && !mine.some((g) => g.members.includes(p.email)))!.email;
};
async function until(check: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
}

describe('drive.changes', () => {
  it('lists what changed since the start page token, in pages, then hands out a new start token', async () => {
    const client = drive(universe);
    const start = (await client.changes.getStartPageToken({})).data.startPageToken!;
    const a = (await client.files.create({ requestBody: { name: 'a' } })).data;
    const b = (await client.files.create({ requestBody: { name: 'b' } })).data;
    await client.files.update({ fileId: a.id!, requestBody: { name: 'a2' } });
    await client.files.delete({ fileId: b.id! });
    // Each file once, with its latest state; a deleted file as removed.
    const first = (await client.changes.list({ pageToken: start, pageSize: 1, fields: 'nextPageToken,newStartPageToken,changes(fileId,removed,file(name))' })).data;
    expect(first.changes).toEqual([{ fileId: a.id, removed: false, file: { name: 'a2' } }]);
    expect(first.nextPageToken).toBeTruthy();
    const rest = (await client.changes.list({ pageToken: first.nextPageToken!, fields: '*' })).data;
    expect(rest.changes!.map((c) => [c.fileId, c.removed, c.file])).toEqual([[b.id, true, undefined]]);
    expect(rest.newStartPageToken).toBeTruthy();
    expect((await client.changes.list({ pageToken: rest.newStartPageToken! })).data.changes).toEqual([]);
    // Someone else does not see my private changes.
    const them = drive(universe, tokenOf(universe, stranger()));
    expect((await them.changes.list({ pageToken: start })).data.changes).toEqual([]);
    expect((await raw(universe, '/drive/v3/changes?pageToken=abc')).body.error.errors[0]).toMatchObject({ reason: 'invalid', location: 'pageToken' });
    expect((await raw(universe, '/drive/v3/changes')).body.error.errors[0]).toMatchObject({ reason: 'required', location: 'pageToken' });
  });

  it('changes.watch posts sync first, then a change, with the X-Goog headers; channels.stop ends it', async () => {
    const client = drive(universe);
    const token = (await client.changes.getStartPageToken({})).data.startPageToken!;
    const channel = (await client.changes.watch({ pageToken: token, requestBody: { id: 'chan-1', type: 'web_hook', address, token: 'secret-token' } })).data;
    expect(channel).toMatchObject({ kind: 'api#channel', id: 'chan-1', resourceId: expect.any(String), token: 'secret-token', expiration: expect.stringMatching(/^\d+$/) });
    await until(() => received().length >= 1);
    await client.files.create({ requestBody: { name: 'watched' } });
    await until(() => received().length >= 2);
    expect(received().map((h) => [h['x-goog-resource-state'], h['x-goog-message-number']])).toEqual([['sync', '1'], ['change', '2']]);
    expect(received()[1]).toMatchObject({
      'x-goog-channel-id': 'chan-1', 'x-goog-channel-token': 'secret-token', 'x-goog-resource-id': channel.resourceId,
      'x-goog-resource-uri': expect.stringContaining('/drive/v3/changes'), 'x-goog-channel-expiration': expect.stringMatching(/GMT$/),
    });
    expect((await client.channels.stop({ requestBody: { id: 'chan-1', resourceId: channel.resourceId } })).status).toBe(204);
    await client.files.create({ requestBody: { name: 'unwatched' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(received()).toHaveLength(2);
    const { events } = await universe.events({ twin: 'google' });
    expect(events.filter((e) => e.direction === 'out').map((e) => [e.operation, e.status])).toEqual([['drive.push.sync', 200], ['drive.push.change', 200]]);
    expect((await client.channels.stop({ requestBody: { id: 'chan-1' } }).catch((e) => e)).status).toBe(404);
  });

  it('files.watch reports update with X-Goog-Changed, then trash; a bad channel is 400', async () => {
    const client = drive(universe);
    const f = (await client.files.create({ requestBody: { name: 'w' } })).data;
    await client.files.watch({ fileId: f.id!, requestBody: { id: 'file-chan', type: 'web_hook', address } });
    await client.files.update({ fileId: f.id!, requestBody: { name: 'w2' } });
    await client.files.update({ fileId: f.id!, requestBody: { trashed: true } });
    await until(() => received().length >= 3);
    expect(received().map((h) => h['x-goog-resource-state'])).toEqual(['sync', 'update', 'trash']);
    expect(received()[1]!['x-goog-changed']).toBe('properties');
    expect((await raw(universe, `/drive/v3/files/${f.id}/watch`, { method: 'POST', body: { id: 'x', type: 'email', address } })).status).toBe(400);
    expect((await raw(universe, `/drive/v3/files/${f.id}/watch`, { method: 'POST', body: { id: 'y', type: 'web_hook', address: 'ftp://x' } })).status).toBe(400);
  });
});

describe('drive.comments and drive.replies', () => {
  it('create, list, reply, resolve, update and delete; fields is required as Drive requires it', async () => {
    // The budget of someone with a team-mate: the department group can write it.
    const team = universe.org.groups.find((g) => g.kind === 'department' && g.members.length >= 2)!;
    const [owner, colleague] = team.members as [string, string];
    const client = drive(universe, tokenOf(universe, owner));
    const budget = (await client.files.list({ q: "name contains 'budget' and 'me' in owners" })).data.files![0]!;
    const missing = await raw(universe, `/drive/v3/files/${budget.id}/comments`, { method: 'POST', body: { content: 'x' }, token: tokenOf(universe, owner) });
    expect(missing.body.error.errors[0]).toMatchObject({ reason: 'required', location: 'fields' });
    const c = (await client.comments.create({ fileId: budget.id!, fields: '*', requestBody: { content: 'Check Q3', quotedFileContent: { value: 'Q3' } } })).data;
    expect(c).toMatchObject({ kind: 'drive#comment', content: 'Check Q3', resolved: false, deleted: false, author: { me: true }, quotedFileContent: { value: 'Q3' } });
    const r = (await client.replies.create({ fileId: budget.id!, commentId: c.id!, fields: 'id,action,content', requestBody: { content: 'Done', action: 'resolve' } })).data;
    expect(r).toMatchObject({ action: 'resolve', content: 'Done' });
    expect((await client.comments.get({ fileId: budget.id!, commentId: c.id!, fields: 'resolved,replies(id)' })).data).toEqual({ resolved: true, replies: [{ id: r.id }] });
    expect((await client.comments.update({ fileId: budget.id!, commentId: c.id!, fields: 'content', requestBody: { content: 'Check Q4' } })).data.content).toBe('Check Q4');
    // Team members (writers) see it; a stranger does not see the file at all.
    const theirs = drive(universe, tokenOf(universe, colleague));
    expect((await theirs.comments.list({ fileId: budget.id!, fields: 'comments(content)' })).data.comments).toEqual([{ content: 'Check Q4' }]);
    expect((await theirs.comments.update({ fileId: budget.id!, commentId: c.id!, fields: 'id', requestBody: { content: 'mine now' } }).catch((e) => e)).status).toBe(403);
    const outsider = universe.org.people.find((p) => !team.members.includes(p.email))!.email;
    expect((await drive(universe, tokenOf(universe, outsider)).comments.list({ fileId: budget.id!, fields: '*' }).catch((e) => e)).status).toBe(404);
    expect((await client.comments.delete({ fileId: budget.id!, commentId: c.id! })).status).toBe(204);
    expect((await client.comments.list({ fileId: budget.id!, fields: 'comments(id)' })).data.comments).toEqual([]);
    expect((await client.comments.list({ fileId: budget.id!, includeDeleted: true, fields: 'comments(id,deleted,content)' })).data.comments).toEqual([{ id: c.id, deleted: true }]);
    expect((await client.comments.get({ fileId: budget.id!, commentId: 'nope', fields: 'id' }).catch((e) => e)).status).toBe(404);
  });
});
