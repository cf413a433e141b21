// Every path the Google twin serves, registered explicitly, plus what Google does on every request:
// bearer-token auth and its own malformed-JSON error.
//
//   POST   /token, GET|POST /tokeninfo, /oauth2/v3/tokeninfo      oauth2.token, oauth2.tokeninfo (oauth.ts)
//   GET    /drive/v3/about                                drive.about.get
//   GET    /drive/v3/files                                drive.files.list (files-list.ts)
//   POST   /drive/v3/files                                drive.files.create (metadata)
//   GET    /drive/v3/files/generateIds                    drive.files.generateIds
//   DELETE /drive/v3/files/trash                          drive.files.emptyTrash
//   GET    /drive/v3/files/:fileId                        drive.files.get (metadata, alt=media)
//   PATCH  /drive/v3/files/:fileId                        drive.files.update (metadata, addParents/removeParents)
//   DELETE /drive/v3/files/:fileId                        drive.files.delete
//   POST   /drive/v3/files/:fileId/copy                   drive.files.copy
//   GET    /drive/v3/files/:fileId/export                 drive.files.export
//   POST   /drive/v3/files/:fileId/watch                  drive.files.watch (changes.ts)
//   POST|PATCH|PUT /upload/drive/v3/files[/:fileId]       drive.files.create / update: media, multipart, resumable (uploads.ts)
//   GET|POST|GET|PATCH|DELETE /drive/v3/files/:fileId/permissions[/:permissionId]   drive.permissions.*
//   GET|PATCH|DELETE /drive/v3/files/:fileId/revisions[/:revisionId]   drive.revisions.list / get / update / delete
//   /drive/v3/files/:fileId/comments[/:commentId[/replies[/:replyId]]]   drive.comments.* / drive.replies.*
//   GET    /drive/v3/changes/startPageToken, GET /drive/v3/changes, POST /drive/v3/changes/watch   drive.changes.*
//   POST   /drive/v3/channels/stop                        drive.channels.stop
//   /drive/v3/drives[/:driveId[/hide|/unhide]]           drive.drives.list / create / get / update / delete / hide / unhide
//   /admin/directory/v1/users[/:userKey[/makeAdmin]]     directory.users.* (directory-users.ts)
//   /admin/directory/v1/groups[/:groupKey[/members[/:memberKey]|/hasMember/:memberKey]]   directory.groups.*, directory.members.*
//   POST   /v1/documents, GET /v1/documents/:id, POST /v1/documents/:id:batchUpdate   docs.documents.* (docs/routes.ts)
//   POST   /v4/spreadsheets, GET /v4/spreadsheets/:id, POST :batchUpdate, :getByDataFilter   sheets.spreadsheets.* (sheets/routes.ts)
//   /v4/spreadsheets/:id/values/:range[:append|:clear], values:batchGet|batchUpdate|batchClear|batchGetByDataFilter   sheets.spreadsheets.values.*
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { acceptJsonBodies } from '../../../shared/kernel/json-body.js';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { bearerAuth } from '../auth.js';
import { googleError } from '../errors.js';
import type { GoogleData } from '../store.js';
import { aboutRoutes } from './about.js';
import { changesRoutes } from './changes.js';
import { commentsRoutes } from './comments.js';
import { docsRoutes } from '../docs/routes.js';
import { spreadsheetRoutes } from '../sheets/routes.js';
import { valuesRoutes } from '../sheets/values-routes.js';
import { directoryGroupRoutes } from './directory-groups.js';
import { directoryUserRoutes } from './directory-users.js';
import { drivesRoutes } from './drives.js';
import { filesRoutes } from './files.js';
import { oauthRoutes } from './oauth.js';
import { permissionsRoutes } from './permissions.js';
import { revisionsRoutes } from './revisions.js';
import { uploadRoutes } from './uploads.js';

export function googleRoutes(app: FastifyInstance, ctx: TwinContext<GoogleData>): void {
  app.addHook('onRequest', bearerAuth(ctx));
  app.addHook('onRequest', firstOfRepeatedParams);
  acceptJsonBodies(app, () => googleError(400, 'parseError', 'Parse Error'));
  oauthRoutes(app, ctx);
  aboutRoutes(app, ctx);
  filesRoutes(app, ctx);
  uploadRoutes(app, ctx);
  permissionsRoutes(app, ctx);
  revisionsRoutes(app, ctx);
  commentsRoutes(app, ctx);
  changesRoutes(app, ctx);
  drivesRoutes(app, ctx);
  directoryUserRoutes(app, ctx);
  directoryGroupRoutes(app, ctx);
  docsRoutes(app, ctx);
  spreadsheetRoutes(app, ctx);
  valuesRoutes(app, ctx);
}

/** Query parameters the twin reads as lists (Sheets `ranges`); every other one is read once. */
const REPEATED_PARAMS = new Set(['ranges']);

/** Google reads a singular parameter sent twice (`fields`, `q`, `pageSize`, `domain`…) as its first value. */
function firstOfRepeatedParams(request: FastifyRequest, _reply: FastifyReply, done: () => void): void {
  const query = request.query as Record<string, unknown>;
  for (const name in query) if (Array.isArray(query[name]) && !REPEATED_PARAMS.has(name)) query[name] = (query[name] as unknown[])[0];
  done();
}
