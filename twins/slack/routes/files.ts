// files.info, files.list, files.delete, and url_private / url_private_download (the bytes, for a
// token that may see the file).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findCopies } from '../access.js';
import { authenticate } from '../auth.js';
import { slackError } from '../errors.js';
import { publishEvent } from '../events/publish.js';
import { canSeeFile, fileById, fileView, TYPE_GROUPS } from '../files.js';
import { encodeCursor, decodeCursor } from '../pagination.js';
import type { SlackData, SlackFile } from '../store.js';
import { optInt, optString, reqString, slackMethod, type Args, type SlackContext } from '../web-api.js';

const invalid = (message: string) => slackError('invalid_arguments', { response_metadata: { messages: [`[ERROR] ${message}`] } });

function timeArg(args: Args, name: string): number | undefined {
  const value = optString(args, name);
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value)) throw invalid(`invalid type for field: ${name}, expected a unix time`);
  return Number(value);
}

/** Who may delete: the uploader, or a workspace admin acting with a user token. */
const mayDelete = (file: SlackFile, caller: { user: string; isBot: boolean; account: { is_admin: boolean } }) =>
  file.user === caller.user || (!caller.isBot && caller.account.is_admin);

/** Replaces a deleted file inside the messages that shared it by Slack's tombstone. */
function tombstone(data: SlackData, file: SlackFile) {
  for (const [channel, shares] of Object.entries(file.shares)) {
    for (const share of shares) {
      for (const { message } of findCopies(data, channel, share.ts)) {
        message.files = message.files?.map((f) => ((f as { id?: string }).id === file.id ? { id: file.id, mode: 'tombstone' } : f));
      }
    }
  }
}

export function filesRoutes(app: FastifyInstance, ctx: SlackContext) {
  slackMethod(app, ctx, 'files.info', { readOnly: true, scopes: ['files:read'] }, ({ data, args, caller }) => {
    const file = fileById(data, reqString(args, 'file', 'file_not_found'));
    if (!file || !canSeeFile(data, caller, file)) throw slackError('file_not_found');
    return { file: fileView(data, file, ctx.publicUrl(), caller), comments: [], response_metadata: { next_cursor: '' } };
  });

  // Newest first; count/page paging (Slack's classic form) and cursor/limit both work. Filters scan
  // the file list, which is fine for a workspace's files (no index by channel or user).
  slackMethod(app, ctx, 'files.list', { readOnly: true, scopes: ['files:read'] }, ({ data, args, caller }) => {
    const channel = optString(args, 'channel');
    const user = optString(args, 'user');
    const groups = (optString(args, 'types') ?? 'all').split(',').map((t) => t.trim()).filter(Boolean);
    for (const g of groups) if (!(g in TYPE_GROUPS)) throw slackError('unknown_type');
    const from = timeArg(args, 'ts_from');
    const to = timeArg(args, 'ts_to');
    const count = Math.min(Math.max(optInt(args, 'limit') ?? optInt(args, 'count') ?? 100, 1), 1000);
    const pageNo = Math.max(optInt(args, 'page') ?? 1, 1);
    const matches = (f: SlackFile) => (!channel || channel in f.shares) && (!user || f.user === user) && (from === undefined || f.created >= from)
      && (to === undefined || f.created <= to) && groups.some((g) => TYPE_GROUPS[g](f)) && canSeeFile(data, caller, f);
    const all = [...data.files].reverse().filter(matches);
    const after = decodeCursor(args, 'file');
    let start = (pageNo - 1) * count;
    if (after !== undefined) {
      start = all.findIndex((f) => f.id === after);
      if (start < 0) throw slackError('invalid_cursor');
    }
    const files = all.slice(start, start + count);
    const next = start + count < all.length ? encodeCursor('file', all[start + count].id) : '';
    return {
      files: files.map((f) => fileView(data, f, ctx.publicUrl(), caller)),
      paging: { count, total: all.length, page: pageNo, pages: Math.max(1, Math.ceil(all.length / count)) },
      response_metadata: { next_cursor: next },
    };
  });

  slackMethod(app, ctx, 'files.delete', { scopes: ['files:write'] }, ({ data, args, caller, request }) => {
    const file = fileById(data, reqString(args, 'file', 'file_not_found'));
    if (!file || !canSeeFile(data, caller, file)) throw slackError('file_not_found');
    if (!mayDelete(file, caller)) throw slackError('cant_delete_file');
    tombstone(data, file);
    data.files.splice(data.files.indexOf(file), 1);
    delete data.fileData[file.id];
    request.dtuTarget = { type: 'file', id: file.id };
    publishEvent(ctx, { type: 'file_deleted', file_id: file.id, channel_ids: Object.keys(file.shares) });
    return {};
  });

  // url_private (inline) and url_private_download (attachment); Authorization: Bearer as Slack asks.
  const serve = (download: boolean) => (request: FastifyRequest<{ Params: { teamFile: string } }>, reply: FastifyReply) => {
    const data = ctx.store.data;
    let caller;
    try {
      caller = authenticate(data, request, {});
    } catch {
      return reply.code(403).type('text/plain').send('Forbidden: url_private needs Authorization: Bearer <token>');
    }
    const id = request.params.teamFile.slice(data.team.id.length + 1);
    const file = request.params.teamFile.startsWith(`${data.team.id}-`) ? fileById(data, id) : undefined;
    if (!file || !canSeeFile(data, caller, file)) return reply.code(404).type('text/plain').send('Not Found');
    const disposition = `${download ? 'attachment' : 'inline'}; filename="${file.name.replace(/["\\\r\n]/g, '_')}"`;
    return reply.code(200).type(file.mimetype).header('content-disposition', disposition).send(Buffer.from(data.fileData[file.id] ?? '', 'base64'));
  };
  app.get('/files-pri/:teamFile/:name', { config: { operation: 'files.url_private', readOnly: true } }, serve(false));
  app.get('/files-pri/:teamFile/download/:name', { config: { operation: 'files.url_private_download', readOnly: true } }, serve(true));
}
