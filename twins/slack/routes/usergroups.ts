// usergroups.list, usergroups.users.list (read-only for now), and emoji.list.
import type { FastifyInstance } from 'fastify';
import { slackError } from '../errors.js';
import { optBool, reqString, slackMethod, type SlackContext } from '../web-api.js';

export function usergroupsRoutes(app: FastifyInstance, ctx: SlackContext) {
  slackMethod(app, ctx, 'usergroups.list', { readOnly: true, scopes: ['usergroups:read'] }, ({ data, args }) => {
    const includeUsers = optBool(args, 'include_users') ?? false;
    const includeCount = optBool(args, 'include_count') ?? false;
    const includeDisabled = optBool(args, 'include_disabled') ?? false;
    const usergroups = data.usergroups.filter((g) => includeDisabled || g.date_delete === 0).map(({ users, user_count, ...group }) => ({
      ...group, ...(includeUsers && { users }), ...(includeCount && { user_count }),
    }));
    return { usergroups };
  });

  slackMethod(app, ctx, 'usergroups.users.list', { readOnly: true, scopes: ['usergroups:read'] }, ({ data, args }) => {
    const id = reqString(args, 'usergroup', 'no_such_subteam');
    const group = data.usergroups.find((g) => g.id === id);
    if (!group) throw slackError('no_such_subteam');
    if (group.date_delete !== 0 && !(optBool(args, 'include_disabled') ?? false)) throw slackError('no_such_subteam');
    return { users: group.users };
  });

  // The workspace's custom emoji (Slack's standard set is not listed by emoji.list either).
  slackMethod(app, ctx, 'emoji.list', { readOnly: true, scopes: ['emoji:read'] }, ({ data }) => ({
    emoji: {
      dtu: `https://emoji.slack-edge.com/${data.team.id}/dtu/5a1f0c0e2b9d7a41.png`,
      shipit: 'alias:squirrel',
      'party-parrot': `https://emoji.slack-edge.com/${data.team.id}/party-parrot/0c8e2a7f6d1b3e95.gif`,
    },
    cache_ts: '1736154000.000000',
  }));
}
