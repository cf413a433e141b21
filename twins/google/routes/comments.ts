// drive.comments.* and drive.replies.*: basic CRUD. As Drive, every method but delete insists on `fields`;
// reading needs access to the file, commenting needs commenter or better, changing a comment or reply
// is for its author. Deleted comments stay as tombstones (deleted: true, no content), shown with includeDeleted.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { DRIVE_READ, DRIVE_WRITE } from '../auth.js';
import { atLeast, usersByEmail, type Caller } from '../drive.js';
import { driveFail, googleInvalidParameter } from '../errors.js';
import type { DriveComment, DriveReply } from '../model.js';
import type { GoogleData } from '../store.js';
import { avatarOf } from '../user-profile.js';
import { callerOf, visibleFile } from './file-access.js';
import { intParam, select } from './params.js';

type Query = { fields?: string; includeDeleted?: string; pageSize?: string; pageToken?: string };
type Params = { fileId: string; commentId?: string; replyId?: string };
interface Body { content?: unknown; anchor?: unknown; quotedFileContent?: unknown; action?: unknown }

const newId = () => `AAAA${randomBytes(9).toString('base64url')}`;
const requireFields = (fields: string | undefined) => {
  if (!fields) throw googleInvalidParameter('fields', "The 'fields' parameter is required for this method.", 'required');
  return fields;
};

export function commentsRoutes(app: FastifyInstance, ctx: TwinContext<GoogleData>): void {
  const author = (email: string, who: Caller) => {
    const user = usersByEmail(ctx.store.data.users).get(email);
    return { kind: 'drive#user', displayName: user?.name.fullName ?? email, ...(user && { photoLink: avatarOf(user) }), me: email === who.email };
  };
  const replyResource = (r: DriveReply, who: Caller) => ({
    kind: 'drive#reply', id: r.id, createdTime: r.createdTime, modifiedTime: r.modifiedTime, author: author(r.author, who), deleted: r.deleted,
    ...(!r.deleted && { content: r.content, htmlContent: r.content }), ...(r.action && { action: r.action }),
  });
  const commentResource = (c: DriveComment, who: Caller, includeDeleted: boolean) => ({
    kind: 'drive#comment', id: c.id, createdTime: c.createdTime, modifiedTime: c.modifiedTime, author: author(c.author, who),
    ...(!c.deleted && { content: c.content, htmlContent: c.content }), deleted: c.deleted, resolved: c.resolved,
    ...(c.anchor !== undefined && { anchor: c.anchor }), ...(c.quotedFileContent && { quotedFileContent: c.quotedFileContent }),
    replies: c.replies.filter((r) => includeDeleted || !r.deleted).map((r) => replyResource(r, who)),
  });

  /** The caller, the file's comments and (when named) one comment / reply; commenting needs commenter or better. */
  const open = (request: FastifyRequest<{ Params: Params; Querystring: Query }>, write: boolean) => {
    const data = ctx.store.data;
    const who = callerOf(data, request, write ? DRIVE_WRITE : DRIVE_READ);
    const { file, role } = visibleFile(data, request.params.fileId, who);
    if (write && !atLeast(role, 'commenter')) throw driveFail.cannotModify(file.id);
    // The file's list is made by the first comment (create), not by a write that is then refused.
    const comments = data.comments[file.id] ?? [];
    const includeDeleted = request.query.includeDeleted === 'true';
    const { commentId, replyId } = request.params;
    const comment = commentId === undefined ? undefined : comments.find((c) => c.id === commentId && (includeDeleted || !c.deleted || write));
    if (commentId !== undefined && (!comment || (comment.deleted && write))) throw googleInvalidParameter('commentId', `Comment not found: ${commentId}.`, 'notFound', 404);
    const reply = replyId === undefined ? undefined : comment!.replies.find((r) => r.id === replyId && (includeDeleted || !r.deleted));
    if (replyId !== undefined && (!reply || (reply.deleted && write))) throw googleInvalidParameter('replyId', `Reply not found: ${replyId}.`, 'notFound', 404);
    return { who, file, comments, comment: comment!, reply: reply!, includeDeleted };
  };
  const content = (body: Body | undefined, required: boolean): string | undefined => {
    const b = body ?? {};
    if (typeof b !== 'object' || Array.isArray(b)) throw driveFail.invalid('Invalid request body.');
    if (b.content !== undefined && typeof b.content !== 'string') throw driveFail.invalid('Invalid value for content.');
    if (required && (typeof b.content !== 'string' || b.content === '')) throw driveFail.required('content');
    return b.content as string | undefined;
  };
  const page = <T>(items: T[], query: Query) => {
    const pageSize = intParam(query.pageSize, 'pageSize', 20, 1, 100);
    const offset = query.pageToken ? Number(query.pageToken) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw googleInvalidParameter('pageToken');
    return { items: items.slice(offset, offset + pageSize), next: items.length > offset + pageSize ? String(offset + pageSize) : undefined };
  };
  const now = () => new Date(ctx.clock.now()).toISOString();
  const C = '/drive/v3/files/:fileId/comments';

  app.get<{ Params: Params; Querystring: Query }>(C, { config: { operation: 'drive.comments.list' } }, (request) => {
    const fields = requireFields(request.query.fields);
    const { who, comments, includeDeleted } = open(request, false);
    const { items, next } = page(comments.filter((c) => includeDeleted || !c.deleted), request.query);
    return select({ kind: 'drive#commentList', ...(next && { nextPageToken: next }), comments: items.map((c) => commentResource(c, who, includeDeleted)) }, fields, '*');
  });

  app.post<{ Params: Params; Querystring: Query; Body: Body | undefined }>(C, { config: { operation: 'drive.comments.create' } }, (request) => {
    const fields = requireFields(request.query.fields);
    const text = content(request.body, true)!;
    const b = request.body!;
    if (b.anchor !== undefined && typeof b.anchor !== 'string') throw driveFail.invalid('Invalid value for anchor.');
    const quoted = b.quotedFileContent as { mimeType?: unknown; value?: unknown } | undefined;
    if (quoted !== undefined && (typeof quoted !== 'object' || quoted === null || typeof quoted.value !== 'string')) throw driveFail.invalid('Invalid value for quotedFileContent.');
    const { who, file, comments } = open(request, true);
    const time = now();
    const comment: DriveComment = {
      id: newId(), author: who.email, content: text, createdTime: time, modifiedTime: time, resolved: false, deleted: false, replies: [],
      ...(typeof b.anchor === 'string' && { anchor: b.anchor }),
      ...(quoted && { quotedFileContent: { mimeType: typeof quoted.mimeType === 'string' ? quoted.mimeType : 'text/html', value: quoted.value as string } }),
    };
    (ctx.store.data.comments[file.id] ??= comments).push(comment);
    request.dtuTarget = { type: 'comment', id: comment.id, fileId: file.id };
    return select(commentResource(comment, who, false), fields, '*');
  });

  app.get<{ Params: Params; Querystring: Query }>(`${C}/:commentId`, { config: { operation: 'drive.comments.get' } }, (request) => {
    const fields = requireFields(request.query.fields);
    const { who, comment, includeDeleted } = open(request, false);
    return select(commentResource(comment, who, includeDeleted), fields, '*');
  });

  app.patch<{ Params: Params; Querystring: Query; Body: Body | undefined }>(`${C}/:commentId`, { config: { operation: 'drive.comments.update' } }, (request) => {
    const fields = requireFields(request.query.fields);
    const text = content(request.body, true)!;
    const { who, comment } = open(request, true);
    if (comment.author !== who.email) throw driveFail.cannotModify(request.params.fileId);
    comment.content = text;
    comment.modifiedTime = now();
    return select(commentResource(comment, who, false), fields, '*');
  });

  app.delete<{ Params: Params; Querystring: Query }>(`${C}/:commentId`, { config: { operation: 'drive.comments.delete' } }, (request, reply) => {
    const { who, comment } = open(request, true);
    if (comment.author !== who.email) throw driveFail.cannotModify(request.params.fileId);
    comment.deleted = true;
    comment.content = '';
    comment.modifiedTime = now();
    return reply.code(204).send();
  });

  const R = `${C}/:commentId/replies`;
  app.get<{ Params: Params; Querystring: Query }>(R, { config: { operation: 'drive.replies.list' } }, (request) => {
    const fields = requireFields(request.query.fields);
    const { who, comment, includeDeleted } = open(request, false);
    const { items, next } = page(comment.replies.filter((r) => includeDeleted || !r.deleted), request.query);
    return select({ kind: 'drive#replyList', ...(next && { nextPageToken: next }), replies: items.map((r) => replyResource(r, who)) }, fields, '*');
  });

  app.post<{ Params: Params; Querystring: Query; Body: Body | undefined }>(R, { config: { operation: 'drive.replies.create' } }, (request) => {
    const fields = requireFields(request.query.fields);
    const action = request.body?.action;
    if (action !== undefined && action !== 'resolve' && action !== 'reopen') throw driveFail.invalid(`Invalid value for action: ${String(action)}`);
    const text = content(request.body, action === undefined) ?? '';
    const { who, comment } = open(request, true);
    const time = now();
    const r: DriveReply = { id: newId(), author: who.email, content: text, createdTime: time, modifiedTime: time, deleted: false, ...(action && { action }) };
    comment.replies.push(r);
    if (action) comment.resolved = action === 'resolve';
    comment.modifiedTime = time;
    request.dtuTarget = { type: 'reply', id: r.id, commentId: comment.id };
    return select(replyResource(r, who), fields, '*');
  });

  app.get<{ Params: Params; Querystring: Query }>(`${R}/:replyId`, { config: { operation: 'drive.replies.get' } }, (request) => {
    const fields = requireFields(request.query.fields);
    const { who, reply } = open(request, false);
    return select(replyResource(reply, who), fields, '*');
  });

  app.patch<{ Params: Params; Querystring: Query; Body: Body | undefined }>(`${R}/:replyId`, { config: { operation: 'drive.replies.update' } }, (request) => {
    const fields = requireFields(request.query.fields);
    const text = content(request.body, true)!;
    const { who, reply } = open(request, true);
    if (reply.author !== who.email) throw driveFail.cannotModify(request.params.fileId);
    reply.content = text;
    reply.modifiedTime = now();
    return select(replyResource(reply, who), fields, '*');
  });

  app.delete<{ Params: Params; Querystring: Query }>(`${R}/:replyId`, { config: { operation: 'drive.replies.delete' } }, (request, reply) => {
    const { who, reply: r } = open(request, true);
    if (r.author !== who.email) throw driveFail.cannotModify(request.params.fileId);
    r.deleted = true;
    r.content = '';
    return reply.code(204).send();
  });
}
