// drive.files.*: get (metadata, alt=media), create (metadata), update (metadata, addParents/removeParents,
// trash), delete, copy, emptyTrash, generateIds and export, every one checked against the caller's access.
// Media uploads are in uploads.ts, listing in files-list.ts, the shared write logic in file-writes.ts.
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { DRIVE_CONTENT, DRIVE_READ, DRIVE_WRITE } from '../auth.js';
import { fileChanged } from '../changes.js';
import { driveRole, fileResource, roleOf, type Caller } from '../drive.js';
import { driveFail, googleError, googleInvalidParameter } from '../errors.js';
import { removeFile, subtree } from '../file-index.js';
import { FOLDER, type DriveFile, type GoogleData, type Role } from '../store.js';
import { copyContent, exportFile } from './exports.js';
import { allDrives, callerOf, newDriveId, visibleFile, writableParent } from './file-access.js';
import { checkBody, createFile, updateFile, type UpdateQuery } from './file-writes.js';
import { filesListRoute } from './files-list.js';
import { intParam, select } from './params.js';

export { newDriveId, visibleFile } from './file-access.js';

export const FILE_DEFAULT_FIELDS = 'kind,id,name,mimeType';

type DrivesQuery = { supportsAllDrives?: string; supportsTeamDrives?: string };
type FileQuery = DrivesQuery & UpdateQuery & { fields?: string; alt?: string; acknowledgeAbuse?: string };

/** Deletes a file (a folder with everything in it), its revisions and comments; records the removals. */
export function deleteTree(ctx: TwinContext<GoogleData>, file: DriveFile, by: string): void {
  const data = ctx.store.data;
  for (const id of subtree(data, file.id)) {
    const doomed = data.files[id];
    if (!doomed) continue;
    removeFile(data, id);
    delete data.revisions[id];
    delete data.comments[id];
    fileChanged(ctx, doomed, { removed: true, by });
  }
}

export function filesRoutes(app: FastifyInstance, ctx: TwinContext<GoogleData>): void {
  const render = (file: DriveFile, who: Caller, role: Role | null) => fileResource(ctx.store.data, file, who, role, ctx.publicUrl());

  filesListRoute(app, ctx);

  app.get<{ Querystring: { count?: string; space?: string; type?: string; fields?: string } }>('/drive/v3/files/generateIds', { config: { operation: 'drive.files.generateIds' } }, (request) => {
    callerOf(ctx.store.data, request, DRIVE_WRITE);
    const count = intParam(request.query.count, 'count', 10, 1, 1000);
    const space = request.query.space ?? 'drive';
    if (!['drive', 'appDataFolder'].includes(space)) throw googleInvalidParameter('space');
    if (request.query.type !== undefined && !['files', 'shortcuts'].includes(request.query.type)) throw googleInvalidParameter('type');
    return select({ kind: 'drive#generatedIds', space, ids: Array.from({ length: count }, newDriveId) }, request.query.fields, '*');
  });

  app.delete<{ Querystring: { driveId?: string } }>('/drive/v3/files/trash', { config: { operation: 'drive.files.emptyTrash' } }, (request, reply) => {
    const data = ctx.store.data;
    const who = callerOf(data, request, DRIVE_WRITE);
    const driveId = request.query.driveId;
    if (driveId !== undefined) {
      const drive = data.drives[driveId];
      const role = drive ? driveRole(drive, who) : null;
      if (!role) throw googleInvalidParameter('driveId', `Shared drive not found: ${driveId}`, 'notFound', 404);
      if (role !== 'organizer') throw driveFail.cannotModify(driveId);
    }
    // Only files trashed themselves; their folders' contents go with them.
    const trashed = Object.values(data.files).filter((f) => f.trashed && (driveId ? f.driveId === driveId : !f.driveId && f.owner === who.email));
    for (const file of trashed) if (data.files[file.id]) deleteTree(ctx, file, who.email);
    return reply.code(204).send();
  });

  app.get<{ Params: { fileId: string }; Querystring: FileQuery }>('/drive/v3/files/:fileId', { config: { operation: 'drive.files.get' } }, (request, reply) => {
    const data = ctx.store.data;
    const media = request.query.alt === 'media';
    const who = callerOf(data, request, media ? DRIVE_CONTENT : DRIVE_READ);
    const { file, role } = visibleFile(data, request.params.fileId, who, allDrives(request.query));
    if (request.query.alt !== undefined && !['json', 'media'].includes(request.query.alt)) throw googleInvalidParameter('alt');
    if (media) {
      if (file.content === undefined) throw googleError(403, 'fileNotDownloadable', 'Only files with binary content can be downloaded. Use Export with Docs Editors files.');
      return reply.type(file.mimeType).send(Buffer.from(file.content, 'base64'));
    }
    return select(render(file, who, role), request.query.fields, FILE_DEFAULT_FIELDS);
  });

  app.get<{ Params: { fileId: string }; Querystring: { mimeType?: string } }>('/drive/v3/files/:fileId/export', { config: { operation: 'drive.files.export' } }, (request, reply) => {
    const data = ctx.store.data;
    const who = callerOf(data, request, DRIVE_CONTENT);
    const { file } = visibleFile(data, request.params.fileId, who, true);
    if (!request.query.mimeType) throw googleInvalidParameter('mimeType', 'Required parameter: mimeType', 'required');
    const out = exportFile(data, file, request.query.mimeType);
    return reply.type(out.mimeType).send(out.body);
  });

  app.post<{ Querystring: FileQuery }>('/drive/v3/files', { config: { operation: 'drive.files.create' } }, (request, reply) => {
    const data = ctx.store.data;
    const who = callerOf(data, request, DRIVE_WRITE);
    const file = createFile(ctx, who, request.body, null, allDrives(request.query));
    request.dtuTarget = { type: 'file', id: file.id };
    reply.code(200);
    return select(render(file, who, roleOf(data, file, who)), request.query.fields, FILE_DEFAULT_FIELDS);
  });

  app.patch<{ Params: { fileId: string }; Querystring: FileQuery }>('/drive/v3/files/:fileId', { config: { operation: 'drive.files.update' } }, (request) => {
    const data = ctx.store.data;
    const who = callerOf(data, request, DRIVE_WRITE);
    const shared = allDrives(request.query);
    checkBody(request.body);
    const { file, role } = visibleFile(data, request.params.fileId, who, shared);
    updateFile(ctx, who, file, role, request.body, request.query, null, shared);
    request.dtuTarget = { type: 'file', id: file.id };
    return select(render(file, who, roleOf(data, file, who)), request.query.fields, FILE_DEFAULT_FIELDS);
  });

  app.post<{ Params: { fileId: string }; Querystring: FileQuery }>('/drive/v3/files/:fileId/copy', { config: { operation: 'drive.files.copy' } }, (request) => {
    const data = ctx.store.data;
    const who = callerOf(data, request, DRIVE_WRITE);
    const shared = allDrives(request.query);
    const body = checkBody(request.body);
    const { file: source } = visibleFile(data, request.params.fileId, who, shared);
    if (source.mimeType === FOLDER) throw googleError(403, 'cannotCopyFile', 'This file cannot be copied by the user.');
    // Without parents the copy goes where the original is when the caller may write there, else to My Drive.
    let parents = body.parents as string[] | undefined;
    if (!parents) {
      try { writableParent(data, source.parents[0] ?? 'root', who, shared); parents = [source.parents[0]!]; } catch { parents = ['root']; }
    }
    const copy = createFile(ctx, who, {
      name: source.name, mimeType: source.mimeType, ...(source.description !== undefined && { description: source.description }),
      ...(source.properties && { properties: source.properties }), ...(source.appProperties && { appProperties: source.appProperties }),
      ...body, parents,
    }, source.content !== undefined ? { bytes: Buffer.from(source.content, 'base64') } : null, shared);
    copyContent(data, source, copy);
    request.dtuTarget = { type: 'file', id: copy.id, source: source.id };
    return select(render(copy, who, roleOf(data, copy, who)), request.query.fields, FILE_DEFAULT_FIELDS);
  });

  app.delete<{ Params: { fileId: string }; Querystring: DrivesQuery }>('/drive/v3/files/:fileId', { config: { operation: 'drive.files.delete' } }, (request, reply) => {
    const data = ctx.store.data;
    const who = callerOf(data, request, DRIVE_WRITE);
    const { file, role } = visibleFile(data, request.params.fileId, who, allDrives(request.query));
    const mayDelete = file.driveId ? role === 'organizer' || role === 'fileOrganizer' : role === 'owner';
    if (!mayDelete || file.isRoot) throw driveFail.cannotModify(file.id);
    deleteTree(ctx, file, who.email);
    request.dtuTarget = { type: 'file', id: file.id };
    return reply.code(204).send();
  });
}
