// drive.drives.*: shared drives. Members are the drive's permissions (organizer = Manager, fileOrganizer =
// Content manager, writer = Contributor, commenter, reader); files in a drive have no owner and inherit
// its members. A drive the caller is no member of is 404 "Shared drive not found: <id>" (admins may
// pass useDomainAdminAccess=true). create needs requestId; the same requestId twice is 409.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { DRIVE_READ, DRIVE_WRITE } from '../auth.js';
import { atLeast, driveRole, usersByEmail, type Caller } from '../drive.js';
import { driveFail, googleError, googleInvalidParameter } from '../errors.js';
import { fileIndex } from '../file-index.js';
import type { SharedDrive } from '../model.js';
import type { GoogleData, Role } from '../store.js';
import { callerOf } from './file-access.js';
import { deleteTree } from './files.js';
import { intParam, select } from './params.js';

type Query = { fields?: string; useDomainAdminAccess?: string; pageSize?: string; pageToken?: string; q?: string; requestId?: string; allowItemDeletion?: string };
interface Body { name?: unknown; hidden?: unknown }

export const driveNotFound = (id: string) => googleInvalidParameter('driveId', `Shared drive not found: ${id}`, 'notFound', 404);

export function drivesRoutes(app: FastifyInstance, ctx: TwinContext<GoogleData>): void {
  const isAdmin = (who: Caller) => usersByEmail(ctx.store.data.users).get(who.email)?.isAdmin === true;
  const resource = (d: SharedDrive, role: Role | null) => {
    const organizer = role === 'organizer';
    return {
      kind: 'drive#drive', id: d.id, name: d.name, createdTime: d.createdTime, hidden: d.hidden, colorRgb: '#4285f4',
      capabilities: {
        canAddChildren: atLeast(role, 'writer'), canComment: atLeast(role, 'commenter'), canCopy: true, canDeleteDrive: organizer, canDeleteChildren: atLeast(role, 'fileOrganizer'),
        canDownload: true, canEdit: atLeast(role, 'writer'), canListChildren: true, canManageMembers: organizer, canReadRevisions: atLeast(role, 'writer'),
        canRename: organizer, canRenameDrive: organizer, canShare: atLeast(role, 'fileOrganizer'), canTrashChildren: atLeast(role, 'fileOrganizer'),
      },
      restrictions: { adminManagedRestrictions: false, copyRequiresWriterPermission: false, domainUsersOnly: false, driveMembersOnly: false },
    };
  };
  /** The drive and the caller's role (as a domain admin: organizer, with useDomainAdminAccess). */
  const open = (request: FastifyRequest<{ Params: { driveId: string }; Querystring: Query }>, who: Caller) => {
    const drive = ctx.store.data.drives[request.params.driveId];
    const role = drive ? (request.query.useDomainAdminAccess === 'true' && isAdmin(who) ? 'organizer' : driveRole(drive, who)) : null;
    if (!drive || !role) throw driveNotFound(request.params.driveId);
    return { drive, role };
  };
  const checkBody = (body: Body | undefined) => {
    const b = body ?? {};
    if (typeof b !== 'object' || Array.isArray(b)) throw driveFail.invalid('Invalid request body.');
    if (b.name !== undefined && (typeof b.name !== 'string' || b.name.trim() === '')) throw driveFail.invalid('Invalid value for name.');
    if (b.hidden !== undefined && typeof b.hidden !== 'boolean') throw driveFail.invalid('Invalid value for hidden.');
    return b;
  };

  app.get<{ Querystring: Query }>('/drive/v3/drives', { config: { operation: 'drive.drives.list' } }, (request) => {
    const data = ctx.store.data;
    const who = callerOf(data, request, DRIVE_READ);
    const admin = request.query.useDomainAdminAccess === 'true';
    if (admin && !isAdmin(who)) throw googleError(403, 'forbidden', 'The user does not have sufficient permissions for this operation.');
    const pageSize = intParam(request.query.pageSize, 'pageSize', 10, 1, 100);
    const offset = request.query.pageToken ? Number(request.query.pageToken) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw googleInvalidParameter('pageToken');
    const nameQuery = request.query.q;
    let nameContains: string | null = null;
    if (nameQuery) {
      const m = /^\s*name\s+contains\s+'((?:[^'\\]|\\.)*)'\s*$/.exec(nameQuery);
      if (!m) throw googleInvalidParameter('q');
      nameContains = m[1]!.replace(/\\(.)/g, '$1').toLowerCase();
    }
    const visible = Object.values(data.drives)
      .map((d) => ({ d, role: admin ? 'organizer' as const : driveRole(d, who) }))
      .filter(({ d, role }) => role && (nameContains === null || d.name.toLowerCase().includes(nameContains)));
    const page = visible.slice(offset, offset + pageSize);
    return select({
      kind: 'drive#driveList', ...(visible.length > offset + pageSize && { nextPageToken: String(offset + pageSize) }),
      drives: page.map(({ d, role }) => resource(d, role)),
    }, request.query.fields, 'kind,nextPageToken,drives(kind,id,name)');
  });

  app.post<{ Querystring: Query; Body: Body | undefined }>('/drive/v3/drives', { config: { operation: 'drive.drives.create' } }, (request) => {
    const data = ctx.store.data;
    const who = callerOf(data, request, DRIVE_WRITE);
    const requestId = request.query.requestId;
    if (!requestId) throw googleInvalidParameter('requestId', 'Required parameter: requestId', 'required');
    const body = checkBody(request.body);
    if (body.name === undefined) throw driveFail.required('name');
    // The id follows from the requestId, so a repeated requestId names the same drive.
    const id = `0A${createHash('sha256').update(`${ctx.seed()}:${requestId}`).digest('base64url').replace(/[-_]/g, 'x').slice(0, 13)}Uk9PVA`;
    if (data.drives[id]) throw googleError(409, 'duplicate', 'A shared drive with this requestId already exists.');
    const user = usersByEmail(data.users).get(who.email);
    const drive: SharedDrive = {
      id, name: body.name as string, createdTime: new Date(ctx.clock.now()).toISOString(), hidden: body.hidden === true,
      permissions: [{ id: user?.id ?? who.email, type: 'user', role: 'organizer', emailAddress: who.email }],
    };
    data.drives[id] = drive;
    request.dtuTarget = { type: 'drive', id };
    return select(resource(drive, 'organizer'), request.query.fields, 'kind,id,name');
  });

  app.get<{ Params: { driveId: string }; Querystring: Query }>('/drive/v3/drives/:driveId', { config: { operation: 'drive.drives.get' } }, (request) => {
    const who = callerOf(ctx.store.data, request, DRIVE_READ);
    const { drive, role } = open(request, who);
    return select(resource(drive, role), request.query.fields, 'kind,id,name');
  });

  app.patch<{ Params: { driveId: string }; Querystring: Query; Body: Body | undefined }>('/drive/v3/drives/:driveId', { config: { operation: 'drive.drives.update' } }, (request) => {
    const who = callerOf(ctx.store.data, request, DRIVE_WRITE);
    const body = checkBody(request.body);
    const { drive, role } = open(request, who);
    if (role !== 'organizer') throw googleError(403, 'insufficientFilePermissions', `The user does not have sufficient permissions for shared drive ${drive.id}.`);
    if (body.name !== undefined) drive.name = body.name as string;
    if (body.hidden !== undefined) drive.hidden = body.hidden as boolean;
    return select(resource(drive, role), request.query.fields, 'kind,id,name');
  });

  for (const hide of [true, false]) {
    app.post<{ Params: { driveId: string }; Querystring: Query }>(`/drive/v3/drives/:driveId/${hide ? 'hide' : 'unhide'}`, { config: { operation: `drive.drives.${hide ? 'hide' : 'unhide'}` } }, (request) => {
      const who = callerOf(ctx.store.data, request, DRIVE_WRITE);
      const { drive, role } = open(request, who);
      drive.hidden = hide;
      return select(resource(drive, role), request.query.fields, 'kind,id,name');
    });
  }

  app.delete<{ Params: { driveId: string }; Querystring: Query }>('/drive/v3/drives/:driveId', { config: { operation: 'drive.drives.delete' } }, (request, reply) => {
    const data = ctx.store.data;
    const who = callerOf(data, request, DRIVE_WRITE);
    const { drive, role } = open(request, who);
    if (role !== 'organizer') throw googleError(403, 'insufficientFilePermissions', `The user does not have sufficient permissions for shared drive ${drive.id}.`);
    const items = [...(fileIndex(data).byDrive.get(drive.id) ?? [])];
    const withItems = request.query.allowItemDeletion === 'true' && request.query.useDomainAdminAccess === 'true';
    if (items.length > 0 && !withItems) throw googleError(403, 'cannotDeleteResourceWithChildren', 'The shared drive cannot be deleted because it contains items.');
    for (const id of items) if (data.files[id]) deleteTree(ctx, data.files[id]!, who.email);
    delete data.drives[drive.id];
    return reply.code(204).send();
  });
}
