// Twin control route for Jira Cloud for Slack (not a Jira API: no auth, no chaos, not journaled, DTU's
// error shape): PUT /_dtu/jira/slack-integration {"channel":"C…|#name","projects"?:["KEY"],
// "events"?:["issue_created","issue_transitioned"]} connects a channel; GET shows it; DELETE removes it.
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import type { JiraData } from '../store.js';
import { parseSlackIntegration } from './config.js';

const MALFORMED = Symbol('malformed JSON');
const PATH = '/_dtu/jira/slack-integration';

export function slackIntegrationRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  // Its own child so a body that is not JSON is answered in DTU's shape, not Jira's.
  app.register(async (control) => {
    control.removeAllContentTypeParsers();
    control.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, body === '' ? undefined : JSON.parse(body as string));
      } catch {
        done(null, { [MALFORMED]: true });
      }
    });
    const invalid = (message: string) => ({ ok: false, error: 'invalid_request', message });

    control.get(PATH, { config: { dtuControl: true } }, () => ({ ok: true, integration: ctx.store.data.integrations.slack }));

    control.put(PATH, { config: { dtuControl: true } }, (request, reply) => {
      const body = request.body as Record<string | symbol, unknown> | undefined;
      if (body && typeof body === 'object' && MALFORMED in body) return reply.code(400).send(invalid('the body is not valid JSON'));
      if (!ctx.peers.url('slack')) return reply.code(400).send(invalid('no slack twin configured (start the universe with the Slack twin, or give this twin --peers slack=URL)'));
      const data = ctx.store.data;
      const integration = parseSlackIntegration(body, new Set(data.projects.map((p) => p.key)));
      if (typeof integration === 'string') return reply.code(400).send(invalid(integration));
      data.integrations = { ...data.integrations, slack: integration };
      ctx.store.changed();
      return { ok: true, integration };
    });

    control.delete(PATH, { config: { dtuControl: true } }, () => {
      const data = ctx.store.data;
      data.integrations = { ...data.integrations, slack: null };
      ctx.store.changed();
      return { ok: true, integration: null };
    });
  });
}
