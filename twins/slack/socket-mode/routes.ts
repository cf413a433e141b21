// apps.connections.open and the WebSocket link it hands out (ws://<twin>/link/?ticket=…&app_id=…).
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tokens } from '../../../shared/seeding/people-ids.js';
import { slackError } from '../errors.js';
import type { EventHub } from '../events/hub.js';
import { linkBase } from './sessions.js';

/** The app-level token (credentials.slack.appToken); it holds connections:write. */
export const appTokenOf = (seed: number, appId: string) => tokens.slackApp(seed, appId);

/**
 * apps.connections.open takes only the app-level token, and only in the Authorization header
 * (docs.slack.dev/reference/methods/apps.connections.open); bot and user tokens are refused with
 * not_allowed_token_type.
 */
function checkAppToken(hub: EventHub, request: FastifyRequest): void {
  const data = hub.ctx.store.data;
  const header = request.headers.authorization;
  const token = header && /^bearer /i.test(header) ? header.slice(7).trim() : '';
  if (!token) throw slackError('not_authed');
  if (Object.hasOwn(data.tokens, token)) throw slackError('not_allowed_token_type');
  if (token !== appTokenOf(hub.ctx.seed(), data.app.id)) throw slackError('invalid_auth');
  request.dtuActor = { type: 'app', id: data.app.id };
}

export function socketModeRoutes(app: FastifyInstance, hub: EventHub) {
  const { ctx } = hub;
  app.route({
    method: ['GET', 'POST'], url: '/api/apps.connections.open', config: { operation: 'apps.connections.open', readOnly: true },
    handler: (request) => {
      checkAppToken(hub, request);
      const appId = ctx.store.data.app.id;
      return { ok: true, url: `${linkBase(ctx.publicUrl())}/link/?ticket=${hub.sockets.issueTicket()}&app_id=${appId}` };
    },
  });

  // The plugin must be loaded before the route is declared, hence its own child context. Its own
  // preClose would wait for every client to finish the close handshake; the hub cuts them instead.
  void app.register(async (scope) => {
    await scope.register(websocket, { options: { maxPayload: 1024 * 1024 }, preClose: (done) => { hub.close(); done(); } });
    scope.route({
      method: 'GET', url: '/link/', config: { operation: 'socket_mode.connect', readOnly: true },
      // A valid ticket is checked before the upgrade: a used or unknown one gets an HTTP 401, no socket.
      preHandler: (request, reply, done) => {
        if (!request.ws) return done();
        const { ticket } = request.query as { ticket?: string };
        if (ticket && hub.sockets.redeem(ticket)) return done();
        ctx.journal.recordInbound(ctx.name, 'GET', request.url, 'socket_mode.connect', 401, reply.elapsedTime, { type: 'anonymous' }, undefined, null, null);
        void reply.code(401).send({ ok: false, error: 'invalid_ticket' });
      },
      wsHandler: (socket, request) => {
        ctx.journal.recordInbound(ctx.name, 'GET', request.url, 'socket_mode.connect', 101, 0, { type: 'app', id: ctx.store.data.app.id }, request.headers['x-dtu-test-id'] as string | undefined, null, null);
        hub.sockets.open(socket);
      },
      // Without an upgrade there is nothing to serve.
      handler: (_request, reply) => reply.code(426).header('upgrade', 'websocket').send({ ok: false, error: 'upgrade_required' }),
    });
  });
}
