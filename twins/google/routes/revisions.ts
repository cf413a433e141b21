// drive.revisions.list / get (metadata and alt=media) / update (keepForever) / delete. A binary file
// has a revision per content change (file-writes.ts); a file without stored content shows one revision,
// its current state. Reading revisions needs write access to the file, as in Drive (canReadRevisions).
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { DRIVE_CONTENT, DRIVE_READ, DRIVE_WRITE } from '../auth.js';
import { canWrite, usersByEmail, type Caller } from '../drive.js';
import { driveFail, googleError, googleInvalidParameter } from '../errors.js';
import type { DriveRevision } from '../model.js';
import type { DriveFile, GoogleData } from '../store.js';
import { avatarOf } from '../user-profile.js';
import { allDrives, callerOf, visibleFile } from './file-access.js';
import { intParam, select } from './params.js';

const REVISION_DEFAULT_FIELDS = 'kind,id,mimeType,modifiedTime';
type Query = { fields?: string; alt?: string; pageSize?: string; pageToken?: string; supportsAllDrives?: string; supportsTeamDrives?: string };

export function revisionsRoutes(app: FastifyInstance, ctx: TwinContext<GoogleData>): void {
  const revisionsOf = (file: DriveFile): DriveRevision[] => ctx.store.data.revisions[file.id]
    ?? [{ id: '1', modifiedTime: file.modifiedTime, lastModifyingUser: file.lastModifier ?? file.owner, mimeType: file.mimeType, size: 0, md5Checksum: '', keepForever: false }];

  const resource = (file: DriveFile, r: DriveRevision, who: Caller) => {
    const user = usersByEmail(ctx.store.data.users).get(r.lastModifyingUser);
    const binary = r.content !== undefined;
    return {
      kind: 'drive#revision', id: r.id, mimeType: r.mimeType, modifiedTime: r.modifiedTime, keepForever: r.keepForever, published: false,
      lastModifyingUser: { kind: 'drive#user', displayName: user?.name.fullName ?? r.lastModifyingUser, ...(user && { photoLink: avatarOf(user) }), me: r.lastModifyingUser === who.email, permissionId: user?.id ?? '', emailAddress: r.lastModifyingUser },
      ...(binary && { originalFilename: file.name, md5Checksum: r.md5Checksum, size: String(r.size) }),
    };
  };

  /** The file (the caller must be able to edit it) and, when asked, one of its revisions. */
  const open = (request: { params: { fileId: string; revisionId?: string }; query: Query }, who: Caller) => {
    const { file, role } = visibleFile(ctx.store.data, request.params.fileId, who, allDrives(request.query));
    if (!canWrite(role)) throw driveFail.cannotModify(file.id);
    const all = revisionsOf(file);
    const id = request.params.revisionId;
    const revision = id === undefined ? undefined : all.find((r) => r.id === id);
    if (id !== undefined && !revision) throw googleInvalidParameter('revisionId', `Revision not found: ${id}.`, 'notFound', 404);
    return { file, all, revision: revision! };
  };

  app.get<{ Params: { fileId: string }; Querystring: Query }>('/drive/v3/files/:fileId/revisions', { config: { operation: 'drive.revisions.list' } }, (request) => {
    const who = callerOf(ctx.store.data, request, DRIVE_READ);
    const { file, all } = open(request, who);
    const pageSize = intParam(request.query.pageSize, 'pageSize', 200, 1, 1000);
    const offset = request.query.pageToken ? Number(request.query.pageToken) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw googleInvalidParameter('pageToken');
    const page = all.slice(offset, offset + pageSize);
    return select({
      kind: 'drive#revisionList', ...(all.length > offset + pageSize && { nextPageToken: String(offset + pageSize) }),
      revisions: page.map((r) => resource(file, r, who)),
    }, request.query.fields, `kind,nextPageToken,revisions(${REVISION_DEFAULT_FIELDS})`);
  });

  app.get<{ Params: { fileId: string; revisionId: string }; Querystring: Query }>('/drive/v3/files/:fileId/revisions/:revisionId', { config: { operation: 'drive.revisions.get' } }, (request, reply) => {
    const media = request.query.alt === 'media';
    const who = callerOf(ctx.store.data, request, media ? DRIVE_CONTENT : DRIVE_READ);
    const { file, revision } = open(request, who);
    if (media) {
      if (revision.content === undefined) throw googleError(403, 'fileNotDownloadable', 'Only files with binary content can be downloaded. Use Export with Docs Editors files.');
      return reply.type(revision.mimeType).send(Buffer.from(revision.content, 'base64'));
    }
    return select(resource(file, revision, who), request.query.fields, REVISION_DEFAULT_FIELDS);
  });

  app.patch<{ Params: { fileId: string; revisionId: string }; Querystring: Query; Body: { keepForever?: unknown } | undefined }>('/drive/v3/files/:fileId/revisions/:revisionId', { config: { operation: 'drive.revisions.update' } }, (request) => {
    const who = callerOf(ctx.store.data, request, DRIVE_WRITE);
    const body = request.body ?? {};
    if (typeof body !== 'object' || Array.isArray(body) || (body.keepForever !== undefined && typeof body.keepForever !== 'boolean')) throw driveFail.invalid('Invalid value for keepForever.');
    const { file, revision } = open(request, who);
    if (body.keepForever !== undefined && ctx.store.data.revisions[file.id]) revision.keepForever = body.keepForever as boolean;
    return select(resource(file, revision, who), request.query.fields, REVISION_DEFAULT_FIELDS);
  });

  app.delete<{ Params: { fileId: string; revisionId: string }; Querystring: Query }>('/drive/v3/files/:fileId/revisions/:revisionId', { config: { operation: 'drive.revisions.delete' } }, (request, reply) => {
    const who = callerOf(ctx.store.data, request, DRIVE_WRITE);
    const { file, all, revision } = open(request, who);
    const stored = ctx.store.data.revisions[file.id];
    if (!stored) throw googleError(400, 'revisionsNotSupported', 'Revisions of Docs Editors files cannot be deleted.');
    if (all.length === 1) throw googleError(400, 'cannotDeleteOnlyRevision', 'The revision cannot be deleted because it is the only revision of the file.');
    if (revision === all.at(-1)) throw googleError(400, 'cannotDeleteHeadRevision', 'The head revision cannot be deleted.');
    stored.splice(stored.indexOf(revision), 1);
    return reply.code(204).send();
  });
}
