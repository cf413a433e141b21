// Atlassian's user-provisioning (SCIM 2.0) API on the Jira twin, as an identity provider (Okta's
// Atlassian Cloud app) drives it. Real base: https://api.atlassian.com/scim/directory/{directoryId};
// here {jira twin}/scim/directory/{directoryId}. Bearer directory API key (credentials `jira.scim`).
//
//   GET    /scim/directory/:directoryId/Users?filter=&startIndex=&count=   scim.Users.list
//   GET    /scim/directory/:directoryId/Users/:userId                      scim.Users.get
//   POST   /scim/directory/:directoryId/Users                              scim.Users.create
//   PUT    /scim/directory/:directoryId/Users/:userId                      scim.Users.replace
//   PATCH  /scim/directory/:directoryId/Users/:userId                      scim.Users.patch
//   DELETE /scim/directory/:directoryId/Users/:userId                      scim.Users.delete
//   GET    /scim/directory/:directoryId/Groups?filter=&startIndex=&count=  scim.Groups.list
//   GET    /scim/directory/:directoryId/Groups/:groupId                    scim.Groups.get
//   POST   /scim/directory/:directoryId/Groups                             scim.Groups.create
//   PUT    /scim/directory/:directoryId/Groups/:groupId                    scim.Groups.replace
//   PATCH  /scim/directory/:directoryId/Groups/:groupId                    scim.Groups.patch
//   DELETE /scim/directory/:directoryId/Groups/:groupId                    scim.Groups.delete
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import type { JiraData } from '../store.js';
import { scimPlumbing } from './common.js';
import { scimGroupsRoutes } from './groups.js';
import { scimUsersRoutes } from './users.js';

/** An encapsulated child: its own body parser, auth hook and content type apply to these routes only. */
export function scimRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  app.register(async (scim) => {
    scimPlumbing(scim, ctx);
    const base = '/scim/directory/:directoryId';
    scimUsersRoutes(scim, ctx, base);
    scimGroupsRoutes(scim, ctx, base);
  });
}
