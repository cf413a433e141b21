// drive.files.*: list (q, pageSize/pageToken, fields), get, create (metadata), update (metadata,
// addParents/removeParents, trash) and delete, every one checked against the caller's access:
// a file the caller cannot see is Drive's 404 "File not found: <id>.".
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { DRIVE_READ, DRIVE_WRITE, requireScope } from '../auth.js';
import { callerFor, canWrite, fileResource, roleOf, usersByEmail, viewOf, type Caller } from '../drive.js';
import { driveFail, googleError, googleInvalidParameter } from '../errors.js';
import { evaluate, parseQuery, QueryError, type QueryNode } from '../query.js';
import { FOLDER, type DriveFile, type GoogleData, type Role } from '../store.js';
import { decodePageToken, encodePageToken, intParam, select } from './params.js';

const FILE_DEFAULT_FIELDS = 'kind,id,name,mimeType';
const LIST_DEFAULT_FIELDS = 'kind,incompleteSearch,nextPageToken,files(kind,id,name,mimeType)';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

type FileQuery = { fields?: string; addParents?: string; removeParents?: string; transferOwnership?: string };
interface FileBody { name?: unknown; mimeType?: unknown; description?: unknown; parents?: unknown; starred?: unknown; trashed?: unknown }

export function newDriveId(): string {
  return `1${[...randomBytes(32)].map((b) => BASE62[b % 62]).join('')}`;
}

/** The file and the caller's role on it, or Drive's 404 when the caller cannot see it. */
export function visibleFile(data: GoogleData, id: string, who: Caller): { file: DriveFile; role: Role } {
  const fileId = id === 'root' ? data.roots[who.email] ?? id : id;
  const file = data.files[fileId];
  const role = file ? roleOf(data, file, who) : null;
  if (!file || !role) throw driveFail.fileNotFound(id);
  return { file, role };
}

function resolveRoot(data: GoogleData, who: Caller, node: QueryNode): QueryNode {
  switch (node.kind) {
    case 'and': case 'or': return { ...node, left: resolveRoot(data, who, node.left), right: resolveRoot(data, who, node.right) };
    case 'not': return { ...node, operand: resolveRoot(data, who, node.operand) };
    case 'in': return node.field === 'parents' && node.value === 'root' ? { ...node, value: data.roots[who.email] ?? 'root' }
      : node.field !== 'parents' && node.value === 'me' ? { ...node, value: who.email } : node;
    default: return node;
  }
}

function checkBody(body: FileBody | undefined): FileBody {
  const b = body ?? {};
  if (typeof b !== 'object' || Array.isArray(b)) throw driveFail.invalid('Invalid request body.');
  for (const key of ['name', 'mimeType', 'description'] as const) if (b[key] !== undefined && typeof b[key] !== 'string') throw driveFail.invalid(`Invalid value for ${key}.`);
  for (const key of ['starred', 'trashed'] as const) if (b[key] !== undefined && typeof b[key] !== 'boolean') throw driveFail.invalid(`Invalid value for ${key}.`);
  if (b.parents !== undefined && (!Array.isArray(b.parents) || b.parents.some((p) => typeof p !== 'string'))) throw driveFail.invalid('Invalid value for parents.');
  return b;
}

export function filesRoutes(app: FastifyInstance, ctx: TwinContext<GoogleData>): void {
  const caller = (request: FastifyRequest, scopes: string[]) => callerFor(ctx.store.data, requireScope(request, scopes).email);
  const render = (file: DriveFile, who: Caller, role: Role | null) => fileResource(ctx.store.data, file, who, role, ctx.publicUrl());

  /** A folder the caller may add children to (Drive: 404 when invisible, 403 when read-only). */
  const writableFolder = (id: string, who: Caller): DriveFile => {
    const { file, role } = visibleFile(ctx.store.data, id, who);
    if (file.mimeType !== FOLDER) throw driveFail.invalid(`The specified parent is not a folder.`);
    if (!canWrite(role)) throw driveFail.cannotModify(file.id);
    return file;
  };

  app.get<{ Querystring: { q?: string; pageSize?: string; pageToken?: string; fields?: string; orderBy?: string } }>('/drive/v3/files', { config: { operation: 'drive.files.list' } }, (request) => {
    const who = caller(request, DRIVE_READ);
    const data = ctx.store.data;
    const q = request.query.q ?? '';
    let query: QueryNode | null = null;
    if (q.trim() !== '') {
      try {
        query = resolveRoot(data, who, parseQuery(q));
      } catch (error) {
        if (error instanceof QueryError) throw googleInvalidParameter('q');
        throw error;
      }
    }
    const pageSize = intParam(request.query.pageSize, 'pageSize', 100, 1, 1000);
    const offset = decodePageToken(request.query.pageToken, q);
    // Walk the files in creation order, stopping once the page and one more match are found. As in
    // Drive, trashed files are listed unless the query says `trashed = false`.
    const page: DriveFile[] = [];
    let matched = 0;
    let more = false;
    for (const id in data.files) {
      const file = data.files[id]!;
      if (file.isRoot) continue;
      if (!roleOf(data, file, who, true)) continue;
      if (query && !evaluate(query, viewOf(data, file, who))) continue;
      if (matched++ < offset) continue;
      if (page.length === pageSize) { more = true; break; }
      page.push(file);
    }
    const list = {
      kind: 'drive#fileList', incompleteSearch: false,
      ...(more && { nextPageToken: encodePageToken(offset + pageSize, q) }),
      files: page.map((f) => render(f, who, roleOf(data, f, who))),
    };
    return select(list, request.query.fields, LIST_DEFAULT_FIELDS);
  });

  app.get<{ Params: { fileId: string }; Querystring: FileQuery & { alt?: string } }>('/drive/v3/files/:fileId', { config: { operation: 'drive.files.get' } }, (request) => {
    const who = caller(request, DRIVE_READ);
    const { file, role } = visibleFile(ctx.store.data, request.params.fileId, who);
    if (request.query.alt === 'media') throw driveFail.invalid('Only files with binary content can be downloaded. Use Export with Docs Editors files.');
    return select(render(file, who, role), request.query.fields, FILE_DEFAULT_FIELDS);
  });

  app.post<{ Body: FileBody | undefined; Querystring: FileQuery }>('/drive/v3/files', { config: { operation: 'drive.files.create' } }, (request, reply) => {
    const who = caller(request, DRIVE_WRITE);
    const body = checkBody(request.body);
    const data = ctx.store.data;
    const parents = (body.parents as string[] | undefined) ?? ['root'];
    if (parents.length > 1) throw driveFail.invalid('Increasing the number of parents is not allowed');
    const parentIds = parents.map((p) => writableFolder(p, who).id);
    const now = new Date(ctx.clock.now()).toISOString();
    const file: DriveFile = {
      id: newDriveId(), name: (body.name as string | undefined) ?? 'Untitled', mimeType: (body.mimeType as string | undefined) ?? 'application/octet-stream',
      ...(body.description !== undefined && { description: body.description as string }),
      parents: parentIds, owner: who.email, trashed: false, starred: body.starred === true, createdTime: now, modifiedTime: now,
      permissions: [{ id: usersByEmail(data.users).get(who.email)?.id ?? who.email, type: 'user', role: 'owner', emailAddress: who.email }],
    };
    data.files[file.id] = file;
    request.dtuTarget = { type: 'file', id: file.id };
    reply.code(200);
    return select(render(file, who, 'owner'), request.query.fields, FILE_DEFAULT_FIELDS);
  });

  app.patch<{ Params: { fileId: string }; Body: FileBody | undefined; Querystring: FileQuery }>('/drive/v3/files/:fileId', { config: { operation: 'drive.files.update' } }, (request) => {
    const who = caller(request, DRIVE_WRITE);
    const body = checkBody(request.body);
    const { file, role } = visibleFile(ctx.store.data, request.params.fileId, who);
    if (!canWrite(role) || (body.trashed !== undefined && role !== 'owner')) throw driveFail.cannotModify(file.id);
    if (body.parents !== undefined) throw googleError(403, 'fieldNotWritable', 'The resource body includes fields which are not directly writable.');
    const add = (request.query.addParents ?? '').split(',').filter(Boolean);
    const remove = (request.query.removeParents ?? '').split(',').filter(Boolean);
    // Check everything before changing anything.
    const addIds = add.map((p) => writableFolder(p, who).id);
    const root = ctx.store.data.roots[who.email];
    const removeIds = remove.map((p) => (p === 'root' ? root ?? p : p));
    const parents = [...file.parents.filter((p) => !removeIds.includes(p)), ...addIds.filter((p) => !file.parents.includes(p))];
    if (parents.length > 1) throw driveFail.invalid('A shared drive item must have exactly one parent.');
    if (addIds.includes(file.id)) throw driveFail.invalid('The specified parent is invalid.');
    if (body.name !== undefined) file.name = body.name as string;
    if (body.description !== undefined) file.description = body.description as string;
    if (body.mimeType !== undefined && file.mimeType === 'application/octet-stream') file.mimeType = body.mimeType as string;
    if (body.starred !== undefined) file.starred = body.starred as boolean;
    if (body.trashed !== undefined) file.trashed = body.trashed as boolean;
    file.parents = parents;
    file.modifiedTime = new Date(ctx.clock.now()).toISOString();
    request.dtuTarget = { type: 'file', id: file.id };
    return select(render(file, who, role), request.query.fields, FILE_DEFAULT_FIELDS);
  });

  app.delete<{ Params: { fileId: string } }>('/drive/v3/files/:fileId', { config: { operation: 'drive.files.delete' } }, (request, reply) => {
    const who = caller(request, DRIVE_WRITE);
    const data = ctx.store.data;
    const { file, role } = visibleFile(data, request.params.fileId, who);
    if (role !== 'owner' || file.isRoot) throw driveFail.cannotModify(file.id);
    // A folder takes its contents with it.
    const doomed = new Set([file.id]);
    for (let grew = true; grew;) {
      grew = false;
      for (const id in data.files) if (!doomed.has(id) && data.files[id]!.parents.some((p) => doomed.has(p))) { doomed.add(id); grew = true; }
    }
    for (const id of doomed) delete data.files[id];
    request.dtuTarget = { type: 'file', id: file.id };
    return reply.code(204).send();
  });
}

