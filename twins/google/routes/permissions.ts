// drive.permissions.list / get / create / update / delete: who a file (or, with supportsAllDrives, a shared
// drive) is shared with. Listing needs access; sharing needs writer or better (a drive's members need an
// organizer); role owner needs transferOwnership=true and a domain user; organizer and fileOrganizer exist
// only in shared drives. sendNotificationEmail and emailMessage are accepted (no mail is sent).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { googleId } from '../../../shared/seeding/people-ids.js';
import { DRIVE_READ, DRIVE_WRITE } from '../auth.js';
import { fileChanged } from '../changes.js';
import { canWrite, driveRole, permissionResource, userByAddress, usersByEmail, type Caller } from '../drive.js';
import { driveFail, googleError } from '../errors.js';
import { setOwner } from '../file-index.js';
import type { DriveFile, DrivePermission, GoogleData, Role } from '../store.js';
import { driveNotFound } from './drives.js';
import { allDrives, callerOf, visibleFile } from './file-access.js';
import { select } from './params.js';

const ROLES: Role[] = ['owner', 'organizer', 'fileOrganizer', 'writer', 'commenter', 'reader'];
const TYPES = ['user', 'group', 'domain', 'anyone'] as const;
const PERMISSION_DEFAULT_FIELDS = 'kind,id,type,role';

interface PermissionBody { type?: unknown; role?: unknown; emailAddress?: unknown; domain?: unknown; allowFileDiscovery?: unknown }
type Query = { fields?: string; transferOwnership?: string; sendNotificationEmail?: string; emailMessage?: string; supportsAllDrives?: string; supportsTeamDrives?: string; useDomainAdminAccess?: string };
type Params = { fileId: string; permissionId?: string };

/** What is being shared: a file, or a shared drive (its members). */
interface Target { permissions: DrivePermission[]; role: Role; file: DriveFile | null; id: string; inDrive: boolean }

export function permissionsRoutes(app: FastifyInstance, ctx: TwinContext<GoogleData>): void {
  const target = (request: FastifyRequest<{ Params: Params; Querystring: Query }>, who: Caller): Target => {
    const data = ctx.store.data;
    const shared = allDrives(request.query);
    const drive = data.drives[request.params.fileId];
    if (drive) {
      const admin = request.query.useDomainAdminAccess === 'true' && usersByEmail(data.users).get(who.email)?.isAdmin === true;
      const role = shared ? (admin ? 'organizer' : driveRole(drive, who)) : null;
      if (!role) throw driveNotFound(drive.id);
      return { permissions: drive.permissions, role, file: null, id: drive.id, inDrive: true };
    }
    const { file, role } = visibleFile(data, request.params.fileId, who, shared);
    return { permissions: file.permissions, role, file, id: file.id, inDrive: file.driveId !== undefined };
  };
  /** Changing a drive's members takes an organizer; a file's sharing takes a writer (in a drive: content manager). */
  const mayShare = (t: Target) => (t.file === null ? t.role === 'organizer' : t.inDrive ? t.role === 'organizer' || t.role === 'fileOrganizer' || canWrite(t.role) : canWrite(t.role));
  const touched = (t: Target, who: Caller) => {
    if (!t.file) return;
    t.file.modifiedTime = new Date(ctx.clock.now()).toISOString();
    fileChanged(ctx, t.file, { changed: ['permissions'], by: who.email });
  };
  const found = (t: Target, id: string) => {
    const permission = t.permissions.find((p) => p.id === id);
    if (!permission) throw driveFail.permissionNotFound(id);
    return permission;
  };
  const checkRole = (t: Target, role: unknown) => {
    if (!ROLES.includes(role as Role)) throw driveFail.invalid(`Invalid value for permission.role: ${String(role)}`);
    if ((role === 'organizer' || role === 'fileOrganizer') && !t.inDrive) throw driveFail.invalid('The provided role is only applicable to shared drives.');
    if (role === 'owner' && t.inDrive) throw googleError(403, 'teamDrivesOwnershipTransferNotSupported', 'Ownership transfers are not supported for files within shared drives.');
    return role as Role;
  };
  /** Role owner: the caller must own the file, say transferOwnership=true, and give it to a domain user; the old owner becomes a writer. */
  const transfer = (t: Target, query: Query, email: string | undefined, type: string) => {
    if (query.transferOwnership !== 'true') throw googleError(403, 'forbidden', "The transferOwnership parameter must be enabled when the permission role is 'owner'.");
    if (t.role !== 'owner') throw driveFail.cannotModify(t.id);
    if (type !== 'user' || !email || !usersByEmail(ctx.store.data.users).has(email)) throw googleError(403, 'invalidSharingRequest', 'Bad Request. User message: "Ownership can only be transferred to another user in the same organization as the current owner."');
  };
  const applyOwner = (t: Target, email: string) => {
    const previous = t.permissions.find((p) => p.role === 'owner');
    if (previous) previous.role = 'writer';
    setOwner(ctx.store.data, t.file!, email);
  };

  app.get<{ Params: Params; Querystring: Query }>('/drive/v3/files/:fileId/permissions', { config: { operation: 'drive.permissions.list' } }, (request) => {
    const data = ctx.store.data;
    const t = target(request, callerOf(data, request, DRIVE_READ));
    const list = { kind: 'drive#permissionList', permissions: t.permissions.map((p) => permissionResource(data, p)) };
    return select(list, request.query.fields, 'kind,nextPageToken,permissions(kind,id,type,emailAddress,domain,role,allowFileDiscovery,displayName,deleted,pendingOwner)');
  });

  app.post<{ Params: Params; Body: PermissionBody | undefined; Querystring: Query }>('/drive/v3/files/:fileId/permissions', { config: { operation: 'drive.permissions.create' } }, (request) => {
    const data = ctx.store.data;
    const who = callerOf(data, request, DRIVE_WRITE);
    const t = target(request, who);
    const body = request.body ?? {};
    if (typeof body !== 'object' || Array.isArray(body)) throw driveFail.invalid('Invalid request body.');
    if (body.type === undefined) throw driveFail.required('permission.type');
    if (body.role === undefined) throw driveFail.required('permission.role');
    if (!TYPES.includes(body.type as 'user')) throw driveFail.invalid(`Invalid value for permission.type: ${String(body.type)}`);
    const type = body.type as DrivePermission['type'];
    if ((type === 'user' || type === 'group') && (typeof body.emailAddress !== 'string' || !body.emailAddress.includes('@'))) throw driveFail.required('permission.emailAddress');
    if (type === 'domain' && (typeof body.domain !== 'string' || body.domain === '')) throw driveFail.required('permission.domain');
    if (body.allowFileDiscovery !== undefined && typeof body.allowFileDiscovery !== 'boolean') throw driveFail.invalid('Invalid value for permission.allowFileDiscovery.');
    const newRole = checkRole(t, body.role);
    if (!mayShare(t)) throw driveFail.cannotModify(t.id);
    const asked = typeof body.emailAddress === 'string' ? body.emailAddress.toLowerCase() : undefined;
    // A domain user is shared with under their primary address (an alias finds them) and their permission id is their user id.
    const member = type === 'user' && asked !== undefined ? userByAddress(data.users, asked) : undefined;
    const email = member?.primaryEmail ?? asked;
    if (newRole === 'owner') transfer(t, request.query, email, type);
    const seed = ctx.seed();
    const id = type === 'user' ? member?.id ?? googleId(seed, email!) : type === 'group' ? googleId(seed, `group:${email!.split('@')[0]}`)
      : type === 'domain' ? googleId(seed, `domain:${body.domain as string}`) : body.allowFileDiscovery === true ? 'anyone' : 'anyoneWithLink';
    const permission: DrivePermission = {
      id, type, role: newRole,
      ...(email !== undefined && (type === 'user' || type === 'group') && { emailAddress: email }),
      ...(type === 'domain' && { domain: body.domain as string }),
      ...((type === 'domain' || type === 'anyone') && { allowFileDiscovery: body.allowFileDiscovery === true || (type === 'domain' && body.allowFileDiscovery === undefined) }),
    };
    if (newRole === 'owner') applyOwner(t, email!);
    const existing = t.permissions.findIndex((p) => p.id === id);
    if (existing >= 0) t.permissions[existing] = permission;
    else t.permissions.push(permission);
    touched(t, who);
    request.dtuTarget = { type: 'permission', id, fileId: t.id };
    return select(permissionResource(data, permission), request.query.fields, PERMISSION_DEFAULT_FIELDS);
  });

  app.get<{ Params: Params; Querystring: Query }>('/drive/v3/files/:fileId/permissions/:permissionId', { config: { operation: 'drive.permissions.get' } }, (request) => {
    const data = ctx.store.data;
    const t = target(request, callerOf(data, request, DRIVE_READ));
    return select(permissionResource(data, found(t, request.params.permissionId!)), request.query.fields, PERMISSION_DEFAULT_FIELDS);
  });

  app.patch<{ Params: Params; Body: PermissionBody | undefined; Querystring: Query }>('/drive/v3/files/:fileId/permissions/:permissionId', { config: { operation: 'drive.permissions.update' } }, (request) => {
    const data = ctx.store.data;
    const who = callerOf(data, request, DRIVE_WRITE);
    const t = target(request, who);
    const body = request.body ?? {};
    if (typeof body !== 'object' || Array.isArray(body)) throw driveFail.invalid('Invalid request body.');
    if (body.type !== undefined || body.emailAddress !== undefined || body.domain !== undefined) throw googleError(403, 'fieldNotWritable', 'The resource body includes fields which are not directly writable.');
    const permission = found(t, request.params.permissionId!);
    const newRole = body.role === undefined ? permission.role : checkRole(t, body.role);
    if (!mayShare(t)) throw driveFail.cannotModify(t.id);
    if (permission.role === 'owner' && newRole !== 'owner') throw googleError(403, 'cannotRemoveOwner', 'The owner of a file cannot be removed.');
    if (newRole === 'owner' && permission.role !== 'owner') {
      transfer(t, request.query, permission.emailAddress, permission.type);
      applyOwner(t, permission.emailAddress!);
    }
    permission.role = newRole;
    touched(t, who);
    request.dtuTarget = { type: 'permission', id: permission.id, fileId: t.id };
    return select(permissionResource(data, permission), request.query.fields, PERMISSION_DEFAULT_FIELDS);
  });

  app.delete<{ Params: Params; Querystring: Query }>('/drive/v3/files/:fileId/permissions/:permissionId', { config: { operation: 'drive.permissions.delete' } }, (request, reply) => {
    const data = ctx.store.data;
    const who = callerOf(data, request, DRIVE_WRITE);
    const t = target(request, who);
    const permission = found(t, request.params.permissionId!);
    if (!mayShare(t)) throw driveFail.cannotModify(t.id);
    if (permission.role === 'owner') throw googleError(403, 'cannotRemoveOwner', 'The owner of a file cannot be removed.');
    if (t.file === null && permission.role === 'organizer' && t.permissions.filter((p) => p.role === 'organizer').length === 1) {
      throw googleError(403, 'cannotRemoveLastOrganizer', 'A shared drive must have at least one organizer.');
    }
    t.permissions.splice(t.permissions.indexOf(permission), 1);
    touched(t, who);
    request.dtuTarget = { type: 'permission', id: permission.id, fileId: t.id };
    return reply.code(204).send();
  });
}
