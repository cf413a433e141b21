// Media uploads at /upload/drive/v3/files (developers.google.com/drive/api/guides/manage-uploads):
// uploadType=media (content only), multipart (multipart/related: JSON metadata, then the media) and
// resumable (POST opens a session whose URI comes back in Location; PUTs send chunks with Content-Range,
// answered 308 Resume Incomplete with Range until the last byte, then 200 with the File). Operations are
// drive.files.create / drive.files.update, as Google names them whatever the upload type.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { DRIVE_WRITE } from '../auth.js';
import { callerFor, fileResource, roleOf, type Caller } from '../drive.js';
import { googleError, googleInvalidParameter } from '../errors.js';
import { boundaryOf, MultipartError, parseMultipart } from '../multipart-related.js';
import type { GoogleData } from '../store.js';
import { allDrives, callerOf, visibleFile, writableParent } from './file-access.js';
import { checkBody, createFile, updateFile, type Content, type UpdateQuery } from './file-writes.js';
import { FILE_DEFAULT_FIELDS } from './files.js';
import { select } from './params.js';

type UploadQuery = UpdateQuery & { uploadType?: string; upload_id?: string; fields?: string; supportsAllDrives?: string; supportsTeamDrives?: string };

interface Session {
  email: string;
  fileId: string | null;
  metadata: unknown;
  query: UploadQuery;
  mimeType?: string;
  total: number | null;
  chunks: Buffer[];
  received: number;
}

const badRequest = (message: string) => googleError(400, 'badRequest', message);

function parseJson(bytes: Buffer | undefined): unknown {
  if (!bytes || bytes.length === 0) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw googleError(400, 'parseError', 'Parse Error');
  }
}

/** The metadata and media of a media or multipart upload. */
function readUpload(request: FastifyRequest<{ Querystring: UploadQuery }>): { metadata: unknown; content: Content } {
  const body = (request.body as Buffer | undefined) ?? Buffer.alloc(0);
  const type = request.query.uploadType;
  const contentType = request.headers['content-type'];
  if (type === 'media') return { metadata: undefined, content: { bytes: body, ...(contentType && { mimeType: contentType.split(';')[0]!.trim() }) } };
  if (type === 'multipart') {
    const boundary = boundaryOf(contentType);
    if (!boundary) throw badRequest('Bad content type. Please use multipart.');
    let parts;
    try {
      parts = parseMultipart(body, boundary);
    } catch (error) {
      if (error instanceof MultipartError) throw badRequest(`Malformed multipart body: ${error.message}.`);
      throw error;
    }
    if (parts.length !== 2) throw badRequest('Malformed multipart body: expected a metadata part and a media part.');
    const [meta, media] = parts as [(typeof parts)[0], (typeof parts)[0]];
    if (!/^application\/json/i.test(meta.headers['content-type'] ?? 'application/json')) throw badRequest('Bad content type for the metadata part: it must be application/json.');
    const mimeType = media.headers['content-type']?.split(';')[0]?.trim();
    return { metadata: parseJson(meta.body), content: { bytes: media.body, ...(mimeType && { mimeType }) } };
  }
  throw googleInvalidParameter('uploadType', type === undefined ? 'Upload requests must include an uploadType URL parameter and a URL path beginning with /upload/' : `Invalid value for uploadType: ${type}`);
}

export function uploadRoutes(app: FastifyInstance, ctx: TwinContext<GoogleData>): void {
  const sessions = new Map<string, Session>();
  const render = (fileId: string, who: Caller, fields: string | undefined) => {
    const data = ctx.store.data;
    const file = data.files[fileId]!;
    return select(fileResource(data, file, who, roleOf(data, file, who), ctx.publicUrl()), fields, FILE_DEFAULT_FIELDS);
  };

  /** Applies a finished upload (whatever its type): creates or updates the file. */
  const finish = (who: Caller, fileId: string | null, metadata: unknown, content: Content, query: UploadQuery, request: FastifyRequest) => {
    const data = ctx.store.data;
    const shared = allDrives(query);
    let id: string;
    if (fileId === null) {
      id = createFile(ctx, who, metadata, content, shared).id;
    } else {
      const { file, role } = visibleFile(data, fileId, who, shared);
      updateFile(ctx, who, file, role, metadata, query, content, shared);
      id = file.id;
    }
    request.dtuTarget = { type: 'file', id };
    return render(id, who, query.fields);
  };

  /** Opens a resumable session after checking what Drive checks up front (metadata, parent, file access). */
  const open = (request: FastifyRequest<{ Querystring: UploadQuery }>, reply: FastifyReply, who: Caller, fileId: string | null) => {
    const data = ctx.store.data;
    const metadata = parseJson(request.body as Buffer | undefined);
    const body = checkBody(metadata);
    const shared = allDrives(request.query);
    if (fileId === null) {
      const parents = (body.parents as string[] | undefined) ?? ['root'];
      writableParent(data, parents[0] ?? 'root', who, shared);
    } else {
      visibleFile(data, fileId, who, shared);
    }
    const length = request.headers['x-upload-content-length'];
    const total = length === undefined ? null : Number(length);
    if (total !== null && (!Number.isInteger(total) || total < 0)) throw badRequest('Invalid X-Upload-Content-Length.');
    const uploadId = `ADPyc${randomBytes(24).toString('base64url')}`;
    const mimeType = request.headers['x-upload-content-type'] as string | undefined;
    sessions.set(uploadId, { email: who.email, fileId, metadata, query: request.query, total, chunks: [], received: 0, ...(mimeType && { mimeType }) });
    const path = fileId === null ? '/upload/drive/v3/files' : `/upload/drive/v3/files/${fileId}`;
    const params = new URLSearchParams({ ...Object.fromEntries(Object.entries(request.query).filter(([k, v]) => k !== 'upload_id' && typeof v === 'string')), upload_id: uploadId });
    return reply.code(200).header('location', `${ctx.publicUrl()}${path}?${params}`).header('x-guploader-uploadid', uploadId).send();
  };

  /** A chunk (or a status query) of a resumable session. */
  const resume = (request: FastifyRequest<{ Querystring: UploadQuery }>, reply: FastifyReply) => {
    const session = sessions.get(request.query.upload_id ?? '');
    if (!session) throw googleError(404, 'notFound', 'The upload session was not found or has expired.');
    const who = callerFor(ctx.store.data, session.email);
    request.dtuActor = { type: 'user', email: session.email };
    const body = (request.body as Buffer | undefined) ?? Buffer.alloc(0);
    const range = request.headers['content-range'];
    let start = session.received;
    if (range !== undefined) {
      const m = /^bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)$/.exec(range.trim());
      if (!m) throw badRequest(`Invalid Content-Range: ${range}`);
      if (m[3] !== '*') session.total = Number(m[3]);
      if (m[1] !== undefined) {
        start = Number(m[1]);
        if (Number(m[2]) - start + 1 !== body.length) throw badRequest('The Content-Range does not match the length of the body.');
        if (start > session.received) throw badRequest(`Chunk starts at ${start} but only ${session.received} bytes were received.`);
      } else if (body.length > 0) {
        throw badRequest('A status query (bytes */total) must have an empty body.');
      }
    } else {
      session.total = session.received + body.length; // the whole (rest of the) media in one request
    }
    const fresh = body.subarray(session.received - start);
    if (session.total !== null && session.received + fresh.length > session.total) throw badRequest('More bytes were sent than the total size.');
    if (fresh.length) { session.chunks.push(fresh); session.received += fresh.length; }
    if (session.total === null || session.received < session.total) {
      if (session.received > 0) reply.header('range', `bytes=0-${session.received - 1}`);
      return reply.code(308).header('x-guploader-uploadid', request.query.upload_id!).send();
    }
    sessions.delete(request.query.upload_id!);
    const content: Content = { bytes: Buffer.concat(session.chunks), ...(session.mimeType && { mimeType: session.mimeType }) };
    return finish(who, session.fileId, session.metadata, content, session.query, request);
  };

  app.register(async (uploads) => {
    // Media of any type arrives as bytes; JSON metadata is parsed here, so a bad one is Drive's parseError.
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    uploads.post<{ Querystring: UploadQuery }>('/upload/drive/v3/files', { config: { operation: 'drive.files.create' } }, (request, reply) => {
      const who = callerOf(ctx.store.data, request, DRIVE_WRITE);
      if (request.query.uploadType === 'resumable') return open(request, reply, who, null);
      const { metadata, content } = readUpload(request);
      return finish(who, null, metadata, content, request.query, request);
    });

    uploads.patch<{ Params: { fileId: string }; Querystring: UploadQuery }>('/upload/drive/v3/files/:fileId', { config: { operation: 'drive.files.update' } }, (request, reply) => {
      const who = callerOf(ctx.store.data, request, DRIVE_WRITE);
      if (request.query.uploadType === 'resumable') return open(request, reply, who, request.params.fileId);
      const { metadata, content } = readUpload(request);
      return finish(who, request.params.fileId, metadata, content, request.query, request);
    });

    // The session URI is the credential for its chunks, as in Google's protocol.
    uploads.put<{ Querystring: UploadQuery }>('/upload/drive/v3/files', { config: { operation: 'drive.files.create', googlePublic: true } }, resume);
    uploads.put<{ Params: { fileId: string }; Querystring: UploadQuery }>('/upload/drive/v3/files/:fileId', { config: { operation: 'drive.files.update', googlePublic: true } }, resume);
  });
}
