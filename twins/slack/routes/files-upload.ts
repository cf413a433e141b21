// The current upload flow, as WebClient.filesUploadV2 drives it: files.getUploadURLExternal hands out
// an upload URL on the twin, the client POSTs the bytes there (raw or multipart), and
// files.completeUploadExternal turns the uploads into files and shares them (a file_share message).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { slackId } from '../../../shared/seeding/people-ids.js';
import { findMessage, isMember } from '../access.js';
import type { Caller } from '../auth.js';
import { slackError } from '../errors.js';
import { publishEvent, publishMessage } from '../events/publish.js';
import { fileType, fileView } from '../files.js';
import { nextTs, parseTs, type SlackChannel, type SlackData, type SlackFile, type SlackMessage } from '../store.js';
import { optInt, optJsonArray, optString, reqString, slackMethod, type Args, type SlackContext } from '../web-api.js';
import { addReply, authorship } from './chat.js';
import { resolveChannel } from './chat-common.js';

/** Slack's own cap on one file (1 GB); the twin's body limit (10 MiB) refuses bigger bodies first. */
const MAX_LENGTH = 1024 * 1024 * 1024;

const invalid = (message: string) => slackError('invalid_arguments', { response_metadata: { messages: [`[ERROR] ${message}`] } });

/** The opaque last segment of an upload URL: file id and secret, like Slack's base64 upload tokens. */
const uploadToken = (fileId: string, key: string) => Buffer.from(`${fileId}:${key}`).toString('base64url');

function parseUploadToken(token: string): { fileId: string; key: string } | null {
  const [fileId, key, extra] = Buffer.from(token, 'base64url').toString('utf8').split(':');
  // base64url decoding ignores stray characters: only the exact token we handed out counts.
  return fileId && key && extra === undefined && uploadToken(fileId, key) === token ? { fileId, key } : null;
}

/** files.completeUploadExternal `files`: [{id, title?}], as an array or its JSON text. */
function fileList(args: Args): { id: string; title?: string }[] {
  let list: unknown[] | undefined;
  try {
    list = optJsonArray(args, 'files');
  } catch {
    throw invalid('invalid type for field: files, expected a JSON array of {id, title}');
  }
  if (!list || list.length === 0) throw invalid('missing required field: files');
  if (list.length > 100) throw invalid('too many files (at most 100)');
  return list.map((entry) => {
    const e = entry as Record<string, unknown> | null;
    if (!e || typeof e !== 'object' || typeof e.id !== 'string' || (e.title !== undefined && typeof e.title !== 'string')) {
      throw invalid('each entry of files must be {"id": string, "title"?: string}');
    }
    return { id: e.id, ...(typeof e.title === 'string' && { title: e.title }) };
  });
}

/** The conversation a completion shares into (channel_id, or one `channels` entry), checked for posting. */
function destination(data: SlackData, caller: Caller, args: Args): SlackChannel | undefined {
  const channelId = optString(args, 'channel_id');
  const channels = optString(args, 'channels')?.split(',').map((c) => c.trim()).filter(Boolean) ?? [];
  if (channels.length > 1) throw invalid('channels takes one conversation; share into each separately');
  const target = channelId ?? channels[0];
  if (target === undefined) return undefined;
  const channel = resolveChannel(data, caller, target);
  if (channel.is_archived) throw slackError('is_archived');
  if (!isMember(channel, caller.user)) throw slackError('not_in_channel');
  return channel;
}

export function filesUploadRoutes(app: FastifyInstance, ctx: SlackContext) {
  slackMethod(app, ctx, 'files.getUploadURLExternal', { scopes: ['files:write'] }, ({ data, args, caller, now, request }) => {
    const filename = reqString(args, 'filename');
    const length = optInt(args, 'length');
    if (length === undefined) throw invalid('missing required field: length');
    if (length < 1 || length > MAX_LENGTH) throw invalid(`length must be between 1 and ${MAX_LENGTH}`);
    const altText = optString(args, 'alt_txt') ?? optString(args, 'alt_text');
    optString(args, 'snippet_type');
    // File ids are F + ten characters, derived from a fresh ts so they never repeat.
    const fileId = `F${slackId(ctx.seed(), 'C', `file:${nextTs(data, now)}`).slice(1)}`;
    const key = randomBytes(12).toString('hex');
    data.uploads[fileId] = { filename, length, user: caller.user, created: Math.floor(now / 1000), key, ...(altText && { alt_txt: altText }) };
    request.dtuTarget = { type: 'file', id: fileId };
    return { upload_url: `${ctx.publicUrl()}/upload/v1/${uploadToken(fileId, key)}`, file_id: fileId };
  });

  // The upload URL takes the bytes raw or as the first file part of a multipart form (the SDK sends
  // the field "body"); Slack answers 200 "OK - <bytes>". Not a Web API method: no token needed.
  void app.register(async (upload) => {
    upload.removeContentTypeParser(['application/json', 'application/x-www-form-urlencoded', 'text/plain']);
    upload.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    upload.post<{ Params: { token: string } }>('/upload/v1/:token', { config: { operation: 'files.upload_url' } }, (request, reply) => {
      const parsed = parseUploadToken(request.params.token);
      const data = ctx.store.data;
      const pending = parsed && Object.hasOwn(data.uploads, parsed.fileId) ? data.uploads[parsed.fileId] : undefined;
      if (!parsed || !pending || pending.key !== parsed.key) return reply.code(404).type('text/plain').send('Not Found');
      const body = request.body;
      // Raw bytes, or a form's first file part (else its first text field, as `curl -F body=text` sends).
      const parts = body && typeof body === 'object' && !Buffer.isBuffer(body) ? Object.values(body) : [];
      const part = parts.find((v) => Buffer.isBuffer(v)) ?? parts.find((v) => typeof v === 'string');
      const bytes = Buffer.isBuffer(body) ? body : Buffer.isBuffer(part) ? part : typeof part === 'string' ? Buffer.from(part) : Buffer.alloc(0);
      data.fileData[parsed.fileId] = bytes.toString('base64');
      pending.received = true;
      pending.length = bytes.length;
      request.dtuTarget = { type: 'file', id: parsed.fileId };
      return reply.code(200).type('text/plain; charset=utf-8').send(`OK - ${bytes.length}`);
    });
  });

  slackMethod(app, ctx, 'files.completeUploadExternal', { scopes: ['files:write'] }, ({ data, args, caller, now, request }) => {
    const entries = fileList(args);
    const channel = destination(data, caller, args);
    const comment = optString(args, 'initial_comment');
    const blocks = optJsonArray(args, 'blocks');
    const threadTs = optString(args, 'thread_ts');
    if (threadTs !== undefined && (!channel || parseTs(threadTs) === null)) throw invalid('thread_ts needs a channel_id and a valid ts');
    const thread = threadTs === undefined || !channel ? undefined : findMessage(data, channel.id, threadTs);
    if (threadTs !== undefined && !thread) throw slackError('thread_not_found');
    for (const { id } of entries) {
      const pending = Object.hasOwn(data.uploads, id) ? data.uploads[id] : undefined;
      // Another user's upload, or one whose bytes never arrived, does not exist for this caller.
      if (!pending || pending.user !== caller.user || !pending.received) throw slackError('file_not_found');
    }
    if (new Set(entries.map((e) => e.id)).size !== entries.length) throw invalid('a file id appears twice in files');

    // Everything is checked: create the files, then share them in one message.
    const createdSec = Math.floor(now / 1000);
    const files: SlackFile[] = entries.map(({ id, title }) => {
      const pending = data.uploads[id];
      delete data.uploads[id];
      const file: SlackFile = {
        id, created: createdSec, timestamp: createdSec, name: pending.filename, title: title ?? pending.filename, ...fileType(pending.filename),
        user: caller.user, size: pending.length, ...(pending.alt_txt && { alt_txt: pending.alt_txt }), shares: {},
      };
      data.files.push(file);
      return file;
    });
    if (channel) {
      const parent = thread ? thread.parent ?? thread.message : undefined;
      const ts = nextTs(data, now);
      for (const file of files) file.shares[channel.id] = [{ ts, ...(parent && { thread_ts: parent.ts }) }];
      const message: SlackMessage = {
        type: 'message', subtype: 'file_share', ...authorship(data, caller), text: comment ?? '', ts, upload: true, display_as_bot: false,
        files: files.map((f) => fileView(data, f, ctx.publicUrl(), null)), ...(blocks && { blocks }),
        ...(parent && { thread_ts: parent.ts, parent_user_id: parent.user }),
      };
      if (parent) addReply(data, channel.id, parent, message);
      else (data.messages[channel.id] ??= []).push(message);
      request.dtuTarget = { type: 'message', channel: channel.id, ts };
      publishMessage(ctx, channel, message);
      for (const file of files) publishEvent(ctx, { type: 'file_shared', channel_id: channel.id, file_id: file.id, user_id: caller.user, file: { id: file.id } });
    } else {
      request.dtuTarget = { type: 'file', id: files[0].id };
    }
    return { files: files.map((f) => fileView(data, f, ctx.publicUrl(), caller)) };
  });
}
