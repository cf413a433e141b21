// api.test, auth.test, team.info.
import type { FastifyInstance } from 'fastify';
import { slackError } from '../errors.js';
import { argsOf, optString, slackMethod, type SlackContext } from '../web-api.js';

export function authRoutes(app: FastifyInstance, ctx: SlackContext) {
  // api.test needs no token; `error` makes it fail with that code (https://api.slack.com/methods/api.test).
  app.route({
    method: ['GET', 'POST'], url: '/api/api.test', config: { operation: 'api.test', readOnly: true },
    handler: (request) => {
      const { token: _token, ...args } = argsOf(request);
      const error = optString(args, 'error');
      if (error) throw slackError(error, { args });
      return { ok: true, args };
    },
  });

  slackMethod(app, ctx, 'auth.test', { readOnly: true, scopes: [] }, ({ data, caller }) => ({
    url: `https://${data.team.domain}.slack.com/`, team: data.team.name, user: caller.account.name, team_id: data.team.id,
    user_id: caller.user, ...(caller.isBot && { bot_id: data.app.bot_id }), is_enterprise_install: false,
  }));

  slackMethod(app, ctx, 'team.info', { readOnly: true, scopes: ['team:read'] }, ({ data, args }) => {
    const team = optString(args, 'team');
    if (team && team !== data.team.id) throw slackError('team_not_found');
    const icon = (size: number) => `https://a.slack-edge.com/80588/img/avatars-teams/ava_0001-${size}.png`;
    return {
      team: {
        id: data.team.id, name: data.team.name, url: `https://${data.team.domain}.slack.com/`, domain: data.team.domain,
        email_domain: data.team.email_domain, is_verified: false, avatar_base_url: 'https://ca.slack-edge.com/', lob_sales_home_enabled: false,
        icon: { image_34: icon(34), image_44: icon(44), image_68: icon(68), image_88: icon(88), image_102: icon(102), image_132: icon(132), image_230: icon(230), image_default: true },
      },
    };
  });
}
