// Every path the Google twin serves, registered explicitly, plus what Google does on every request:
// bearer-token auth and its own malformed-JSON error.
//
//   GET    /drive/v3/about                                drive.about.get
//   GET    /drive/v3/files                                drive.files.list
//   POST   /drive/v3/files                                drive.files.create (metadata only)
//   GET    /drive/v3/files/:fileId                        drive.files.get (metadata)
//   PATCH  /drive/v3/files/:fileId                        drive.files.update (metadata, addParents/removeParents)
//   DELETE /drive/v3/files/:fileId                        drive.files.delete
//   GET    /drive/v3/files/:fileId/permissions            drive.permissions.list
//   POST   /drive/v3/files/:fileId/permissions            drive.permissions.create
//   GET    /drive/v3/files/:fileId/permissions/:permissionId   drive.permissions.get
//   DELETE /drive/v3/files/:fileId/permissions/:permissionId   drive.permissions.delete
import type { FastifyInstance } from 'fastify';
import { acceptJsonBodies } from '../../../shared/kernel/json-body.js';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { bearerAuth } from '../auth.js';
import { googleError } from '../errors.js';
import type { GoogleData } from '../store.js';
import { aboutRoutes } from './about.js';
import { filesRoutes } from './files.js';
import { permissionsRoutes } from './permissions.js';

export function googleRoutes(app: FastifyInstance, ctx: TwinContext<GoogleData>): void {
  app.addHook('onRequest', bearerAuth(ctx));
  acceptJsonBodies(app, () => googleError(400, 'parseError', 'Parse Error'));
  aboutRoutes(app, ctx);
  filesRoutes(app, ctx);
  permissionsRoutes(app, ctx);
}
