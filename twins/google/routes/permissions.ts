// drive.permissions.list / get / create / delete: who a file is shared with. Listing needs access to the file;
// sharing needs writer or better; role owner needs transferOwnership=true and a user in the domain.
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { googleId } from '../../../shared/seeding/people-ids.js';
import { DRIVE_READ, DRIVE_WRITE, requireScope } from '../auth.js';
import { callerFor, canWrite, permissionResource, usersByEmail } from '../drive.js';
import { driveFail, googleError } from '../errors.js';
import type { DrivePermission, GoogleData, Role } from '../store.js';
import { visibleFile } from './files.js';
import { boolParam, select } from './params.js';

const ROLES: Role[] = ['owner', 'organizer', 'fileOrganizer', 'writer', 'commenter', 'reader'];
const TYPES = ['user', 'group', 'domain', 'anyone'] as const;
const PERMISSION_DEFAULT_FIELDS = 'kind,id,type,role';

interface PermissionBody { type?: unknown; role?: unknown; emailAddress?: unknown; domain?: unknown; allowFileDiscovery?: unknown }

export function permissionsRoutes(app: FastifyInstance, ctx: TwinContext<GoogleData>): void {
  app.get<{ Params: { fileId: string }; Querystring: { fields?: string } }>('/drive/v3/files/:fileId/permissions', { config: { operation: 'drive.permissions.list' } }, (request) => {
    const data = ctx.store.data;
    const who = callerFor(data, requireScope(request, DRIVE_READ).email);
    const { file } = visibleFile(data, request.params.fileId, who);
    const list = { kind: 'drive#permissionList', permissions: file.permissions.map((p) => permissionResource(data, p)) };
    return select(list, request.query.fields, 'kind,nextPageToken,permissions(kind,id,type,emailAddress,domain,role,allowFileDiscovery,displayName,deleted,pendingOwner)');
  });

  app.post<{ Params: { fileId: string }; Body: PermissionBody | undefined; Querystring: { fields?: string; transferOwnership?: string; sendNotificationEmail?: string } }>(
    '/drive/v3/files/:fileId/permissions', { config: { operation: 'drive.permissions.create' } }, (request) => {
      const data = ctx.store.data;
      const who = callerFor(data, requireScope(request, DRIVE_WRITE).email);
      const { file, role } = visibleFile(data, request.params.fileId, who);
      const body = request.body ?? {};
      if (typeof body !== 'object' || Array.isArray(body)) throw driveFail.invalid('Invalid request body.');
      if (body.type === undefined) throw driveFail.required('permission.type');
      if (body.role === undefined) throw driveFail.required('permission.role');
      if (!TYPES.includes(body.type as 'user')) throw driveFail.invalid(`Invalid value for permission.type: ${String(body.type)}`);
      if (!ROLES.includes(body.role as Role)) throw driveFail.invalid(`Invalid value for permission.role: ${String(body.role)}`);
      const type = body.type as DrivePermission['type'];
      const newRole = body.role as Role;
      if ((type === 'user' || type === 'group') && (typeof body.emailAddress !== 'string' || !body.emailAddress.includes('@'))) throw driveFail.required('permission.emailAddress');
      if (type === 'domain' && (typeof body.domain !== 'string' || body.domain === '')) throw driveFail.required('permission.domain');
      if (body.allowFileDiscovery !== undefined && typeof body.allowFileDiscovery !== 'boolean') throw driveFail.invalid('Invalid value for permission.allowFileDiscovery.');
      if (!canWrite(role)) throw driveFail.cannotModify(file.id);
      const transfer = boolParam(request.query.transferOwnership);
      if (newRole === 'owner') {
        if (!transfer) throw googleError(403, 'forbidden', "The transferOwnership parameter must be enabled when the permission role is 'owner'.");
        if (role !== 'owner') throw driveFail.cannotModify(file.id);
        if (type !== 'user' || !usersByEmail(data.users).has(body.emailAddress as string)) throw googleError(403, 'invalidSharingRequest', 'Bad Request. User message: "Ownership can only be transferred to another user in the same organization as the current owner."');
      }
      if (newRole === 'organizer' || newRole === 'fileOrganizer') throw driveFail.invalid('The provided role is only applicable to shared drives.');
      const email = typeof body.emailAddress === 'string' ? body.emailAddress.toLowerCase() : undefined;
      const seed = ctx.seed();
      const id = type === 'user' ? googleId(seed, email!) : type === 'group' ? googleId(seed, `group:${email!.split('@')[0]}`)
        : type === 'domain' ? googleId(seed, `domain:${body.domain as string}`) : 'anyoneWithLink';
      const permission: DrivePermission = {
        id, type, role: newRole,
        ...(email !== undefined && (type === 'user' || type === 'group') && { emailAddress: email }),
        ...(type === 'domain' && { domain: body.domain as string }),
        ...((type === 'domain' || type === 'anyone') && { allowFileDiscovery: body.allowFileDiscovery === true || (type === 'domain' && body.allowFileDiscovery === undefined) }),
      };
      if (newRole === 'owner') {
        // The old owner stays on as a writer.
        const previous = file.permissions.find((p) => p.role === 'owner');
        if (previous) previous.role = 'writer';
        file.owner = email!;
      }
      const existing = file.permissions.findIndex((p) => p.id === id);
      if (existing >= 0) file.permissions[existing] = permission;
      else file.permissions.push(permission);
      file.modifiedTime = new Date(ctx.clock.now()).toISOString();
      request.dtuTarget = { type: 'permission', id, fileId: file.id };
      return select(permissionResource(data, permission), request.query.fields, PERMISSION_DEFAULT_FIELDS);
    });

  app.get<{ Params: { fileId: string; permissionId: string }; Querystring: { fields?: string } }>('/drive/v3/files/:fileId/permissions/:permissionId', { config: { operation: 'drive.permissions.get' } }, (request) => {
    const data = ctx.store.data;
    const who = callerFor(data, requireScope(request, DRIVE_READ).email);
    const { file } = visibleFile(data, request.params.fileId, who);
    const permission = file.permissions.find((p) => p.id === request.params.permissionId);
    if (!permission) throw driveFail.permissionNotFound(request.params.permissionId);
    return select(permissionResource(data, permission), request.query.fields, PERMISSION_DEFAULT_FIELDS);
  });

  app.delete<{ Params: { fileId: string; permissionId: string } }>('/drive/v3/files/:fileId/permissions/:permissionId', { config: { operation: 'drive.permissions.delete' } }, (request, reply) => {
    const data = ctx.store.data;
    const who = callerFor(data, requireScope(request, DRIVE_WRITE).email);
    const { file, role } = visibleFile(data, request.params.fileId, who);
    const index = file.permissions.findIndex((p) => p.id === request.params.permissionId);
    if (index < 0) throw driveFail.permissionNotFound(request.params.permissionId);
    if (!canWrite(role)) throw driveFail.cannotModify(file.id);
    if (file.permissions[index]!.role === 'owner') throw googleError(403, 'cannotRemoveOwner', 'The owner of a file cannot be removed.');
    file.permissions.splice(index, 1);
    request.dtuTarget = { type: 'permission', id: request.params.permissionId, fileId: file.id };
    return reply.code(204).send();
  });
}
