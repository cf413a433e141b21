// The Slack twin's own control routes (CONTRACT.md): the app's event subscription and its Socket Mode
// connections. Like every /_dtu route: no chaos, no journal (the handshake itself is journaled as an
// outbound delivery), DTU's own error shape {"ok":false,"error","message"}.
import type { FastifyError, FastifyInstance } from 'fastify';
import { badRequest, ControlError } from '../../../shared/kernel/control-backend.js';
import { acceptJsonBodies } from '../../../shared/kernel/json-body.js';
import { DISCONNECT_REASONS, type DisconnectReason } from '../socket-mode/sessions.js';
import type { SlackEventSubscription } from '../store.js';
import type { EventHub } from './hub.js';
import { verifyRequestUrl } from './http-delivery.js';
import { requestedSubscription, subscriptionOf } from './subscription.js';

const config = { dtuControl: true } as const;

export function eventControlRoutes(app: FastifyInstance, hub: EventHub) {
  const { ctx } = hub;
  const view = (s: SlackEventSubscription) => ({ ok: true, ...s, socketMode: { connections: hub.sockets.connected } });

  void app.register(async (scope) => {
    acceptJsonBodies(scope, (message) => badRequest(`body is not valid JSON: ${message}`));
    scope.setErrorHandler((error: FastifyError | ControlError, request, reply) => {
      if (error instanceof ControlError) return reply.code(error.status).send({ ok: false, error: error.code, message: error.message });
      // The Web API's multipart parser reaches these routes too; a form it cannot read is a bad request, not a crash.
      const unreadableForm = request.isMultipart() && (error.statusCode === undefined || error.statusCode >= 500);
      const status = unreadableForm ? 400 : error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
      return reply.code(status).send({ ok: false, error: status === 500 ? 'internal_error' : 'invalid_request', message: error.message });
    });

    scope.get('/_dtu/slack/event-subscription', { config }, () => view(subscriptionOf(ctx.store.data)));

    // Slack accepts a Request URL only after it answered the url_verification challenge; nothing is stored otherwise.
    scope.put('/_dtu/slack/event-subscription', { config }, async (request, reply) => {
      let wanted: SlackEventSubscription;
      try {
        wanted = requestedSubscription(request.body);
      } catch (error) {
        throw badRequest((error as Error).message);
      }
      if (wanted.requestUrl) {
        const { ok, status } = await verifyRequestUrl(ctx, wanted.requestUrl, wanted.timeoutMs);
        if (!ok) {
          return reply.code(400).send({
            ok: false, error: 'url_verification_failed',
            message: status === 0 ? `no answer from ${wanted.requestUrl}` : `${wanted.requestUrl} answered HTTP ${status} without echoing the challenge`,
          });
        }
      }
      ctx.store.data.eventSubscription = wanted;
      ctx.store.changed();
      return view(wanted);
    });

    scope.delete('/_dtu/slack/event-subscription', { config }, () => {
      const removed = { ...subscriptionOf(ctx.store.data), requestUrl: null, events: [] };
      ctx.store.data.eventSubscription = removed;
      ctx.store.changed();
      return view(removed);
    });

    scope.get('/_dtu/slack/socket-mode', { config }, () => ({ ok: true, ...hub.sockets.status() }));

    // Slack's disconnect message to every connected socket; the SocketModeClient reconnects by calling apps.connections.open.
    scope.post('/_dtu/slack/socket-mode/disconnect', { config }, (request) => {
      const body = (request.body ?? {}) as { reason?: unknown };
      const reason = body.reason ?? 'refresh_requested';
      if (typeof body !== 'object' || !DISCONNECT_REASONS.includes(reason as DisconnectReason)) {
        throw badRequest(`reason must be one of ${DISCONNECT_REASONS.join(', ')}`);
      }
      return { ok: true, reason, sockets: hub.sockets.disconnect(reason as DisconnectReason) };
    });
  });
}
