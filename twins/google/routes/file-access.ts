// What every Drive route asks first: who is calling, which file they mean and what they may do with it.
// A file the caller cannot see — or a shared-drive file asked for without supportsAllDrives — is Drive's
// 404 "File not found: <id>."; a visible file the caller may not change is 403 insufficientFilePermissions.
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { requireScope } from '../auth.js';
import { callerFor, canWrite, driveRole, roleOf, type Caller } from '../drive.js';
import { driveFail } from '../errors.js';
import { FOLDER, type DriveFile, type GoogleData, type Role } from '../store.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function newDriveId(): string {
  return `1${[...randomBytes(32)].map((b) => BASE62[b % 62]).join('')}`;
}

export function callerOf(data: GoogleData, request: FastifyRequest, scopes: string[]): Caller {
  return callerFor(data, requireScope(request, scopes).email);
}

/** supportsAllDrives (or the deprecated supportsTeamDrives) is on. */
export const allDrives = (query: { supportsAllDrives?: string; supportsTeamDrives?: string }) => query.supportsAllDrives === 'true' || query.supportsTeamDrives === 'true';

/** The file and the caller's role on it, or Drive's 404 when the caller cannot see it. */
export function visibleFile(data: GoogleData, id: string, who: Caller, sharedDrives = true): { file: DriveFile; role: Role } {
  const fileId = id === 'root' ? data.roots[who.email] ?? id : id;
  const file = data.files[fileId];
  const role = file && (sharedDrives || !file.driveId) ? roleOf(data, file, who) : null;
  if (!file || !role) throw driveFail.fileNotFound(id);
  return { file, role };
}

/** A folder (or shared drive root) the caller may add children to; gives the shared drive id when in one. */
export function writableParent(data: GoogleData, id: string, who: Caller, sharedDrives: boolean): { id: string; driveId?: string } {
  const drive = data.drives[id];
  if (drive) {
    const role = sharedDrives ? driveRole(drive, who) : null;
    if (!role) throw driveFail.fileNotFound(id);
    if (!canWrite(role)) throw driveFail.cannotModify(id);
    return { id, driveId: id };
  }
  const { file, role } = visibleFile(data, id, who, sharedDrives);
  if (file.mimeType !== FOLDER) throw driveFail.invalid('The specified parent is not a folder.');
  if (!canWrite(role)) throw driveFail.cannotModify(file.id);
  return { id: file.id, ...(file.driveId && { driveId: file.driveId }) };
}
