// Every path the Okta twin serves, registered explicitly, plus what Okta does on every response:
// SSWS auth, X-Rate-Limit-* and X-Okta-Request-Id headers, and its own malformed-JSON error.
//
//   GET    /api/v1/users                                  listUsers
//   POST   /api/v1/users                                  createUser
//   GET    /api/v1/users/:id                              getUser (id or login)
//   POST   /api/v1/users/:id                              updateUser (partial)
//   PUT    /api/v1/users/:id                              replaceUser (full)
//   DELETE /api/v1/users/:id                              deleteUser (deactivates first)
//   GET    /api/v1/users/:id/groups                       listUserGroups
//   POST   /api/v1/users/:id/lifecycle/{activate,reactivate,deactivate,suspend,unsuspend,unlock,reset_password,expire_password}
//   GET    /api/v1/groups                                 listGroups
//   POST   /api/v1/groups                                 addGroup
//   GET    /api/v1/groups/:groupId                        getGroup
//   PUT    /api/v1/groups/:groupId                        replaceGroup
//   DELETE /api/v1/groups/:groupId                        deleteGroup
//   GET    /api/v1/groups/:groupId/users                  listGroupUsers
//   PUT    /api/v1/groups/:groupId/users/:userId          assignUserToGroup
//   DELETE /api/v1/groups/:groupId/users/:userId          unassignUserFromGroup
//   GET    /api/v1/logs                                   listLogEvents
//   GET    /api/v1/users/:id/appLinks                     listAppLinks
//   GET    /api/v1/groups/:groupId/apps                   listAssignedApplicationsForGroup
//   GET|POST /api/v1/apps, GET|PUT|DELETE /api/v1/apps/:appId, POST …/lifecycle/{activate,deactivate}   apps.ts
//   GET|POST /api/v1/apps/:appId/users, GET|POST|DELETE …/users/:userId                                app-assignments.ts
//   GET /api/v1/apps/:appId/groups, GET|PUT|DELETE …/groups/:groupId                                    app-assignments.ts
//   GET|POST /api/v1/groups/rules, GET|PUT|DELETE …/rules/:groupRuleId, POST …/lifecycle/{activate,deactivate}   group-rules.ts
//   GET|POST /api/v1/eventHooks, GET|PUT|DELETE …/:eventHookId, POST …/lifecycle/{activate,deactivate,verify}   event-hooks.ts
//   GET|POST /api/v1/apps/:appId/group-push/mappings, GET|PATCH|DELETE …/:mappingId; /_dtu/okta/provisioning   ../provisioning/routes.ts
//   /.well-known/*, /oauth2/*, /login/*, POST /api/v1/authn   OIDC / OAuth 2.0: see ../oauth/index.ts
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { acceptJsonBodies } from '../../../shared/kernel/json-body.js';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { sswsAuth } from '../auth.js';
import { OKTA_DEFAULT_LIMIT, oktaFail } from '../errors.js';
import { oauthRoutes } from '../oauth/index.js';
import { oktaRateLimit } from '../rate-limits.js';
import type { OktaData } from '../store.js';
import { appAssignmentRoutes } from './app-assignments.js';
import { appsRoutes } from './apps.js';
import { eventHooksRoutes } from './event-hooks.js';
import { groupRulesRoutes } from './group-rules.js';
import { groupsRoutes } from './groups.js';
import { provisioningRoutes } from '../provisioning/routes.js';
import { logsRoutes } from './logs.js';
import { userLifecycleRoutes } from './user-lifecycle.js';
import { usersRoutes } from './users.js';

export function oktaRoutes(app: FastifyInstance, ctx: TwinContext<OktaData>): void {
  app.addHook('onRequest', sswsAuth(ctx));
  // Okta sends its rate-limit state and a request id on every response, errors included; a 429
  // already carries its own X-Rate-Limit-* values.
  // Under --rate-limits realistic the kernel's bucket state is on the request; otherwise the bucket is
  // untouched (limit − 1 remaining, full again within the minute).
  app.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('x-rate-limit-limit')) {
      const bucket = request.dtuRateLimit;
      const limit = bucket?.limit ?? oktaRateLimit(request)?.limit ?? OKTA_DEFAULT_LIMIT;
      reply.header('x-rate-limit-limit', String(limit));
      reply.header('x-rate-limit-remaining', String(bucket?.remaining ?? limit - 1));
      reply.header('x-rate-limit-reset', String(bucket?.resetAtSec ?? Math.ceil(ctx.clock.now() / 1000) + 60));
    }
    if (!reply.hasHeader('x-okta-request-id')) reply.header('x-okta-request-id', randomBytes(15).toString('base64url'));
    return payload;
  });
  // Okta answers a body that is not JSON with E0000003; the SDK posts lifecycle calls with an empty body.
  acceptJsonBodies(app, () => oktaFail.malformed());

  usersRoutes(app, ctx);
  userLifecycleRoutes(app, ctx);
  groupsRoutes(app, ctx);
  logsRoutes(app, ctx);
  appsRoutes(app, ctx);
  appAssignmentRoutes(app, ctx);
  groupRulesRoutes(app, ctx);
  eventHooksRoutes(app, ctx);
  provisioningRoutes(app, ctx);
  app.register(async (oauth) => oauthRoutes(oauth, ctx));
}
