// Files: the upload flow as WebClient.filesUploadV2 drives it (getUploadURLExternal → upload URL →
// completeUploadExternal), file_share messages in history, files.info / list / delete, url_private.
import { describe, expect, it } from 'vitest';
import { LUCIA, slackErrorOf, useSlack } from './setup.js';

const env = useSlack();

async function channelId(name: string) {
  const { channels } = await env.user.conversations.list({ types: 'public_channel,private_channel', limit: 100 });
  return channels!.find((c) => c.name === name)!.id!;
}

describe('files.uploadV2 (files.getUploadURLExternal → upload → files.completeUploadExternal)', () => {
  it('uploads a file into a channel: a file_share message in history, the file in files.list, its bytes at url_private', async () => {
    const general = await channelId('general');
    const result = await env.bot.filesUploadV2({ channel_id: general, content: 'quarterly numbers', filename: 'report.csv', title: 'Q3 report', initial_comment: 'Here it is' });
    const file = (result.files[0] as any).files[0];
    expect(file).toMatchObject({ id: expect.stringMatching(/^F[A-Z0-9]{10}$/), name: 'report.csv', title: 'Q3 report', mimetype: 'text/csv', filetype: 'csv', size: 17, user: env.creds.botUserId });

    const history = await env.bot.conversations.history({ channel: general, limit: 1 });
    expect(history.messages![0]).toMatchObject({ subtype: 'file_share', text: 'Here it is', upload: true, user: env.creds.botUserId, files: [{ id: file.id, name: 'report.csv' }] });
    const listed = await env.user.files.list({ channel: general });
    expect(listed.files!.map((f) => f.id)).toEqual([file.id]);
    expect(listed.paging).toMatchObject({ total: 1, page: 1, pages: 1 });
    const info = await env.user.files.info({ file: file.id });
    expect(info.file).toMatchObject({ id: file.id, channels: [general], is_public: true, shares: { public: { [general]: [{ ts: history.messages![0].ts }] } } });

    const download = await fetch(info.file!.url_private_download!, { headers: { authorization: `Bearer ${env.creds.userToken}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="report.csv"');
    expect(await download.text()).toBe('quarterly numbers');
    expect((await fetch(info.file!.url_private!)).status).toBe(403);
  });

  it('several files in one call share one message; a thread_ts puts it in the thread', async () => {
    const general = await channelId('general');
    const parent = await env.bot.chat.postMessage({ channel: general, text: 'thread for files' });
    await env.bot.filesUploadV2({
      channel_id: general, thread_ts: parent.ts, initial_comment: 'two files',
      file_uploads: [{ content: 'a', filename: 'a.txt' }, { file: Buffer.from([0x89, 0x50, 0x4e, 0x47]), filename: 'b.png' }],
    });
    const replies = await env.bot.conversations.replies({ channel: general, ts: parent.ts! });
    expect(replies.messages).toHaveLength(2);
    expect(replies.messages![1]).toMatchObject({ subtype: 'file_share', thread_ts: parent.ts, text: 'two files' });
    expect(replies.messages![1].files!.map((f) => f.name)).toEqual(['a.txt', 'b.png']);
    const top = await env.bot.conversations.history({ channel: general, limit: 1 });
    expect(top.messages![0].ts).toBe(parent.ts);
    const images = await env.bot.files.list({ types: 'images' });
    expect(images.files!.map((f) => f.name)).toEqual(['b.png']);
  });

  it('a file completed without a channel is private to its uploader', async () => {
    const lucia = env.as(env.creds.userTokens[LUCIA]);
    const result = await lucia.filesUploadV2({ content: 'private notes', filename: 'notes.txt' });
    const id = (result.files[0] as any).files[0].id;
    expect((await lucia.files.info({ file: id })).file).toMatchObject({ channels: [], is_public: false });
    expect(await slackErrorOf(env.user.files.info({ file: id }))).toMatchObject({ error: 'file_not_found' });
    expect((await env.user.files.list({})).files!.map((f) => f.id)).not.toContain(id);
    const hidden = await fetch(`${env.creds.apiUrl.replace(/\/api\/$/, '')}/files-pri/x-${id}/notes.txt`, { headers: { authorization: `Bearer ${env.creds.userToken}` } });
    expect(hidden.status).toBe(404);
  });

  it('files.delete: the uploader may, others may not; the share message keeps a tombstone', async () => {
    const general = await channelId('general');
    const lucia = env.as(env.creds.userTokens[LUCIA]);
    const result = await lucia.filesUploadV2({ channel_id: general, content: 'x', filename: 'x.txt' });
    const id = (result.files[0] as any).files[0].id;
    expect(await slackErrorOf(env.bot.files.delete({ file: id }))).toMatchObject({ error: 'cant_delete_file' });
    expect((await lucia.files.delete({ file: id })).ok).toBe(true);
    expect(await slackErrorOf(lucia.files.info({ file: id }))).toMatchObject({ error: 'file_not_found' });
    const history = await env.bot.conversations.history({ channel: general, limit: 1 });
    expect(history.messages![0].files).toEqual([{ id, mode: 'tombstone' }]);
  });

  it('files.list pages by count/page and by cursor (paginate)', async () => {
    for (let i = 0; i < 5; i++) await env.bot.filesUploadV2({ content: `f${i}`, filename: `f${i}.txt` });
    const page2 = await env.bot.files.list({ count: 2, page: 2 });
    expect(page2.files!.map((f) => f.name)).toEqual(['f2.txt', 'f1.txt']);
    expect(page2.paging).toEqual({ count: 2, total: 5, page: 2, pages: 3 });
    const names: string[] = [];
    for await (const page of env.bot.paginate('files.list', { limit: 2 })) names.push(...((page as unknown as { files: { name: string }[] }).files).map((f) => f.name));
    expect(names).toEqual(['f4.txt', 'f3.txt', 'f2.txt', 'f1.txt', 'f0.txt']);
  });
});

describe('upload flow over raw HTTP', () => {
  const post = (method: string, body: Record<string, string>) => env.api(method, {
    method: 'POST', headers: { authorization: `Bearer ${env.creds.botToken}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString(),
  }).then((r) => r.json());

  it('the upload URL takes a raw body and answers "OK - <bytes>"; unknown upload URLs are 404', async () => {
    const { upload_url, file_id } = await post('files.getUploadURLExternal', { filename: 'raw.bin', length: '5' });
    expect(upload_url).toMatch(/\/upload\/v1\/[\w-]+$/);
    const uploaded = await fetch(upload_url, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: 'hello' });
    expect(uploaded.status).toBe(200);
    expect(await uploaded.text()).toBe('OK - 5');
    expect((await fetch(`${upload_url}x`, { method: 'POST', body: 'x' })).status).toBe(404);
    const done = await post('files.completeUploadExternal', { files: JSON.stringify([{ id: file_id }]) });
    expect(done).toMatchObject({ ok: true, files: [{ id: file_id, name: 'raw.bin', size: 5, mimetype: 'application/octet-stream' }] });
    const second = await post('files.getUploadURLExternal', { filename: 'form.txt', length: '4' });
    const form = new FormData();
    form.append('body', 'text');
    expect(await (await fetch(second.upload_url, { method: 'POST', body: form })).text()).toBe('OK - 4');
  });

  it('completeUploadExternal refuses unknown, unsent and malformed files and changes nothing', async () => {
    const { file_id } = await post('files.getUploadURLExternal', { filename: 'never.txt', length: '3' });
    const before = await env.universe.snapshot();
    expect(await post('files.completeUploadExternal', { files: JSON.stringify([{ id: file_id }]) })).toMatchObject({ ok: false, error: 'file_not_found' });
    expect(await post('files.completeUploadExternal', { files: JSON.stringify([{ id: 'F0000000000' }]) })).toMatchObject({ ok: false, error: 'file_not_found' });
    expect(await post('files.completeUploadExternal', { files: '{"id":1}' })).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(await post('files.getUploadURLExternal', { filename: 'a.txt' })).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(await post('files.getUploadURLExternal', { filename: 'a.txt', length: '0' })).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(await env.universe.snapshot()).toEqual(before);
  });
});
