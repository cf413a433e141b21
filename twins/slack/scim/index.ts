// SCIM v2 under /scim/v2 (Slack serves it at https://api.slack.com/scim/v2/): its own plugin, so its
// JSON bodies (application/json or application/scim+json) are parsed here and malformed ones are
// answered in SCIM's error shape rather than the Web API's.
import type { FastifyInstance } from 'fastify';
import type { SlackContext } from '../web-api.js';
import { MALFORMED } from './common.js';
import { scimConfigRoutes } from './config.js';
import { scimGroupRoutes } from './groups.js';
import { scimUserRoutes } from './users.js';

export function scimRoutes(app: FastifyInstance, ctx: SlackContext) {
  void app.register(async (scim) => {
    scim.removeContentTypeParser('application/json');
    scim.addContentTypeParser(['application/json', 'application/scim+json'], { parseAs: 'string' }, (_request, body, done) => {
      if (body === '') return done(null, undefined);
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(null, { [MALFORMED]: true });
      }
    });
    scimUserRoutes(scim, ctx);
    scimGroupRoutes(scim, ctx);
    scimConfigRoutes(scim, ctx);
  });
}
