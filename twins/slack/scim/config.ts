// SCIM discovery: GET /ServiceProviderConfig and /ResourceTypes, what identity providers read before
// provisioning. Fields as in Slack's samples; values say what this twin supports.
import type { FastifyInstance } from 'fastify';
import type { SlackContext } from '../web-api.js';
import { LIST_SCHEMA, scimCaller } from './common.js';

export function scimConfigRoutes(app: FastifyInstance, ctx: SlackContext) {
  app.get('/scim/v2/ServiceProviderConfig', { config: { operation: 'scim.ServiceProviderConfig.get', readOnly: true } }, (request) => {
    scimCaller(ctx.store.data, request);
    return {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      authenticationSchemes: [{ type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'A Slack user token with the admin scope', specUrl: 'https://docs.slack.dev/admins/scim-api', primary: true }],
      patch: { supported: true }, bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 }, filter: { supported: true, maxResults: 1000 },
      changePassword: { supported: false }, sort: { supported: false }, etag: { supported: false }, xmlDataFormat: { supported: false },
    };
  });

  app.get('/scim/v2/ResourceTypes', { config: { operation: 'scim.ResourceTypes.list', readOnly: true } }, (request) => {
    scimCaller(ctx.store.data, request);
    const base = ctx.publicUrl();
    const type = (id: string, description: string, schemaExtensions: { schema: string; required: boolean }[]) => ({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'], id, name: id, endpoint: `/${id}s`, description,
      schema: `urn:ietf:params:scim:schemas:core:2.0:${id}`, meta: { location: `${base}/scim/v2/ResourceTypes/${id}`, resourceType: 'ResourceType' }, schemaExtensions,
    });
    const Resources = [
      type('User', 'A workspace member', [{ schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false }]),
      type('Group', 'A user group', []),
    ];
    // Slack's answer has no paging fields (samples/scim/v2/ResourceTypes.json).
    return { schemas: [LIST_SCHEMA], Resources };
  });
}
