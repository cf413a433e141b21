// Creating and changing Drive files, shared by the metadata routes (files.ts) and the media upload
// routes (uploads.ts): body checks that run before anything changes, metadata, content with a revision
// per content change, parents (addParents/removeParents) and the change log.
import { createHash, randomBytes } from 'node:crypto';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { googleId } from '../../../shared/seeding/people-ids.js';
import { fileChanged } from '../changes.js';
import { canWrite, usersByEmail, type Caller } from '../drive.js';
import { driveFail, googleError } from '../errors.js';
import { insertFile, setParents } from '../file-index.js';
import type { DriveFile, GoogleData, Role } from '../store.js';
import { newDriveId, writableParent } from './file-access.js';

export interface FileBody {
  id?: unknown; name?: unknown; mimeType?: unknown; description?: unknown; parents?: unknown; starred?: unknown; trashed?: unknown;
  properties?: unknown; appProperties?: unknown;
}

const isStringMap = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => x === null || typeof x === 'string');

/** Drive's 400 for a body of the wrong shape, before anything changes. */
export function checkBody(body: unknown): FileBody {
  const b = (body ?? {}) as FileBody;
  if (typeof b !== 'object' || Array.isArray(b)) throw driveFail.invalid('Invalid request body.');
  for (const key of ['id', 'name', 'mimeType', 'description'] as const) if (b[key] !== undefined && typeof b[key] !== 'string') throw driveFail.invalid(`Invalid value for ${key}.`);
  for (const key of ['starred', 'trashed'] as const) if (b[key] !== undefined && typeof b[key] !== 'boolean') throw driveFail.invalid(`Invalid value for ${key}.`);
  for (const key of ['properties', 'appProperties'] as const) if (b[key] !== undefined && !isStringMap(b[key])) throw driveFail.invalid(`Invalid value for ${key}.`);
  if (b.parents !== undefined && (!Array.isArray(b.parents) || b.parents.some((p) => typeof p !== 'string'))) throw driveFail.invalid('Invalid value for parents.');
  return b;
}

/** Merges a properties patch: null removes a key, as Drive does. */
function mergeProperties(current: Record<string, string> | undefined, patch: unknown): Record<string, string> | undefined {
  if (patch === undefined) return current;
  const out = { ...current };
  for (const [k, v] of Object.entries(patch as Record<string, string | null>)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

export interface Content { bytes: Buffer; mimeType?: string }

function newRevisionId(): string {
  return `0B${randomBytes(24).toString('base64url').replace(/[-_]/g, 'x').slice(0, 30)}`;
}

/** Stores content and its revision (Drive keeps one per content change). */
function storeContent(ctx: TwinContext<GoogleData>, file: DriveFile, content: Content, by: string): void {
  file.content = content.bytes.toString('base64');
  const revisions = (ctx.store.data.revisions[file.id] ??= []);
  revisions.push({
    id: newRevisionId(), modifiedTime: file.modifiedTime, lastModifyingUser: by, mimeType: file.mimeType, size: content.bytes.length,
    md5Checksum: createHash('md5').update(content.bytes).digest('hex'), keepForever: false, content: file.content,
  });
}

/** files.create (metadata and/or content). `sharedDrives` is supportsAllDrives. */
export function createFile(ctx: TwinContext<GoogleData>, who: Caller, rawBody: unknown, content: Content | null, sharedDrives: boolean): DriveFile {
  const body = checkBody(rawBody);
  const data = ctx.store.data;
  const parents = (body.parents as string[] | undefined) ?? ['root'];
  if (parents.length > 1) throw driveFail.invalid('Increasing the number of parents is not allowed');
  const parent = writableParent(data, parents[0]!, who, sharedDrives);
  let id = newDriveId();
  if (body.id !== undefined) {
    if (!/^[A-Za-z0-9_-]{25,}$/.test(body.id as string)) throw googleError(400, 'invalid', 'The provided file ID is not usable.');
    if (data.files[body.id as string]) throw googleError(409, 'duplicate', 'A file already exists with the provided ID.');
    id = body.id as string;
  }
  const now = new Date(ctx.clock.now()).toISOString();
  const mimeType = (body.mimeType as string | undefined) ?? content?.mimeType ?? 'application/octet-stream';
  const file: DriveFile = {
    id, name: (body.name as string | undefined) ?? 'Untitled', mimeType,
    ...(body.description !== undefined && { description: body.description as string }),
    parents: [parent.id], owner: who.email, trashed: false, starred: body.starred === true, createdTime: now, modifiedTime: now,
    permissions: parent.driveId ? [] : [{ id: usersByEmail(data.users).get(who.email)?.id ?? googleId(ctx.seed(), who.email), type: 'user', role: 'owner', emailAddress: who.email }],
    ...(parent.driveId && { driveId: parent.driveId }),
    version: 1, lastModifier: who.email,
  };
  file.properties = mergeProperties(undefined, body.properties);
  file.appProperties = mergeProperties(undefined, body.appProperties);
  if (!file.properties) delete file.properties;
  if (!file.appProperties) delete file.appProperties;
  insertFile(data, file);
  if (content) storeContent(ctx, file, content, who.email);
  fileChanged(ctx, file, { state: 'add', by: who.email });
  return file;
}

export interface UpdateQuery { addParents?: string; removeParents?: string }

/** files.update: checks everything first, then applies metadata, parents and content. */
export function updateFile(ctx: TwinContext<GoogleData>, who: Caller, file: DriveFile, role: Role, rawBody: unknown, query: UpdateQuery, content: Content | null, sharedDrives: boolean): DriveFile {
  const body = checkBody(rawBody);
  const data = ctx.store.data;
  const mayTrash = file.driveId ? role === 'organizer' || role === 'fileOrganizer' : role === 'owner';
  if (!canWrite(role) || (body.trashed !== undefined && body.trashed !== file.trashed && !mayTrash)) throw driveFail.cannotModify(file.id);
  if (body.parents !== undefined) throw googleError(403, 'fieldNotWritable', 'The resource body includes fields which are not directly writable.');
  if (body.id !== undefined && body.id !== file.id) throw googleError(403, 'fieldNotWritable', 'The resource body includes fields which are not directly writable.');
  const add = (query.addParents ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  const remove = (query.removeParents ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  const targets = add.map((p) => writableParent(data, p, who, sharedDrives));
  // Moving between My Drive and a shared drive (or between drives) changes ownership in Drive: not modelled.
  if (targets.some((t) => t.driveId !== file.driveId)) throw googleError(403, 'cannotMoveItemIntoTeamDrive', 'Moving items between My Drive and shared drives is not supported here.');
  const addIds = targets.map((t) => t.id);
  const root = data.roots[who.email];
  const removeIds = remove.map((p) => (p === 'root' ? root ?? p : p));
  const parents = [...file.parents.filter((p) => !removeIds.includes(p)), ...addIds.filter((p) => !file.parents.includes(p))];
  if (parents.length > 1) throw driveFail.invalid('A shared drive item must have exactly one parent.');
  if (addIds.includes(file.id)) throw driveFail.invalid('The specified parent is invalid.');
  if (file.isRoot && (add.length || remove.length)) throw driveFail.cannotModify(file.id);
  const changed: string[] = [];
  const wasTrashed = file.trashed;
  if (body.name !== undefined) file.name = body.name as string;
  if (body.description !== undefined) file.description = body.description as string;
  if (body.mimeType !== undefined && (file.mimeType === 'application/octet-stream' || content)) file.mimeType = body.mimeType as string;
  if (body.starred !== undefined) file.starred = body.starred as boolean;
  if (body.trashed !== undefined) file.trashed = body.trashed as boolean;
  if (body.properties !== undefined || body.appProperties !== undefined) {
    const props = mergeProperties(file.properties, body.properties);
    const appProps = mergeProperties(file.appProperties, body.appProperties);
    if (props) file.properties = props; else delete file.properties;
    if (appProps) file.appProperties = appProps; else delete file.appProperties;
  }
  if (body.name !== undefined || body.description !== undefined || body.starred !== undefined || body.properties !== undefined || body.appProperties !== undefined) changed.push('properties');
  if (add.length || remove.length) { setParents(data, file, parents); changed.push('parents'); }
  file.modifiedTime = new Date(ctx.clock.now()).toISOString();
  if (content) {
    if (content.mimeType && body.mimeType === undefined && file.mimeType === 'application/octet-stream') file.mimeType = content.mimeType;
    storeContent(ctx, file, content, who.email);
    changed.push('content');
  }
  const state = file.trashed !== wasTrashed ? (file.trashed ? 'trash' : 'untrash') : 'update';
  fileChanged(ctx, file, { state, changed, by: who.email });
  return file;
}
