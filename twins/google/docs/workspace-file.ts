// What Docs v1 and Sheets v4 share: a document is a Drive file, so access is the caller's Drive role on it
// (reader to read, writer to change), and the answers are those APIs' own: 404 "Requested entity was not
// found." for an unknown id, 403 "The caller does not have permission" without access (or writing with only
// read access), 400 for an id of another kind of file. New documents are Drive files owned by the caller.
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { TwinError } from '../../../shared/kernel/vendor-errors.js';
import { googleId } from '../../../shared/seeding/people-ids.js';
import { requireScope } from '../auth.js';
import { fileChanged } from '../changes.js';
import { callerFor, canWrite, roleOf, type Caller } from '../drive.js';
import { googleResponse } from '../errors.js';
import { insertFile, type DriveFile, type GoogleData, type Role } from '../store.js';

const S = 'https://www.googleapis.com/auth/';
const DRIVE = [`${S}drive`, `${S}drive.file`];
export const DOCS_SCOPES = { read: [`${S}documents`, `${S}documents.readonly`, ...DRIVE, `${S}drive.readonly`], write: [`${S}documents`, ...DRIVE] };
export const SHEETS_SCOPES = { read: [`${S}spreadsheets`, `${S}spreadsheets.readonly`, ...DRIVE, `${S}drive.readonly`], write: [`${S}spreadsheets`, ...DRIVE] };

const REASONS: Record<number, string> = { 400: 'badRequest', 403: 'forbidden', 404: 'notFound', 409: 'aborted' };

/** Docs' and Sheets' error: {"error":{code,message,errors:[…],status}}. */
export function apiError(code: number, message: string): TwinError {
  return new TwinError(googleResponse(code, REASONS[code] ?? 'failedPrecondition', message), message);
}
export const invalidArgument = (message: string) => apiError(400, message);

/** Docs/Sheets file ids are 44 characters of [A-Za-z0-9_-] starting with 1. */
export function newDocumentId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return `1${[...randomBytes(43)].map((b) => alphabet[b % 64]).join('')}`;
}

export interface Opened { file: DriveFile; who: Caller; role: Role }

/** The caller's document of `mimeType`, checked for scope and role; throws the API's error otherwise. */
export function openFile(ctx: TwinContext<GoogleData>, request: FastifyRequest, id: string, mimeType: string, write: boolean, scopes: { read: string[]; write: string[] }, service: string): Opened {
  const token = requireScope(request, write ? scopes.write : scopes.read, service);
  const data = ctx.store.data;
  const who = callerFor(data, token.email);
  const file = data.files[id];
  if (!file) throw apiError(404, 'Requested entity was not found.');
  const role = roleOf(data, file, who);
  if (!role || (write && !canWrite(role))) throw apiError(403, 'The caller does not have permission');
  if (file.mimeType !== mimeType) throw invalidArgument('This operation is not supported for this document');
  request.dtuTarget = { type: mimeType.endsWith('document') ? 'document' : 'spreadsheet', id };
  return { file, who, role };
}

/** Creates the Drive file of a new document in the caller's My Drive. */
export function createFile(ctx: TwinContext<GoogleData>, request: FastifyRequest, mimeType: string, name: string, scopes: { write: string[] }, service: string): Opened {
  const token = requireScope(request, scopes.write, service);
  const data = ctx.store.data;
  const who = callerFor(data, token.email);
  const now = new Date(ctx.clock.now()).toISOString();
  const root = data.roots[who.email];
  const file: DriveFile = {
    id: newDocumentId(), name, mimeType, parents: root ? [root] : [], owner: who.email, trashed: false, starred: false,
    createdTime: now, modifiedTime: now, permissions: [{ id: googleId(ctx.seed(), who.email), type: 'user', role: 'owner', emailAddress: who.email }],
  };
  insertFile(data, file);
  fileChanged(ctx, file, { state: 'add', by: who.email });
  request.dtuTarget = { type: mimeType.endsWith('document') ? 'document' : 'spreadsheet', id: file.id };
  return { file, who, role: 'owner' };
}

/** After a change of content: Drive's modifiedTime, version and change log follow. */
export function contentChanged(ctx: TwinContext<GoogleData>, opened: Opened): void {
  opened.file.modifiedTime = new Date(ctx.clock.now()).toISOString();
  fileChanged(ctx, opened.file, { changed: ['content'], by: opened.who.email });
}
