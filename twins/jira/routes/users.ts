// serverInfo, myself, user get and user search.
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { callerId } from '../auth.js';
import { jiraError } from '../errors.js';
import { groupsOf, jiraTime, type JiraData, usersById } from '../store.js';
import { userView } from '../views.js';
import { intParam, query, VERSIONS } from './params.js';

export function usersRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  for (const v of VERSIONS) {
    app.get(`/rest/api/${v}/serverInfo`, { config: { operation: 'getServerInfo' } }, () => ({
      baseUrl: ctx.publicUrl(), version: '1001.0.0-SNAPSHOT', versionNumbers: [1001, 0, 0], deploymentType: 'Cloud',
      buildNumber: 100296, buildDate: '2026-01-01T00:00:00.000+0000', serverTime: jiraTime(ctx.clock.now()), scmInfo: 'dtu', serverTitle: ctx.org().name,
    }));

    app.get(`/rest/api/${v}/myself`, { config: { operation: 'getCurrentUser' } }, (request) => {
      const data = ctx.store.data;
      const me = usersById(data.users).get(callerId(request))!;
      const groups = groupsOf(data.groups).get(me.accountId) ?? [];
      return { ...userView(ctx.publicUrl(), v, me), groups: { size: groups.length, items: [] }, applicationRoles: { size: 1, items: [] }, expand: 'groups,applicationRoles' };
    });

    app.get(`/rest/api/${v}/user`, { config: { operation: 'getUser' } }, (request) => {
      const { accountId } = query(request);
      if (!accountId) throw jiraError(400, 'The accountId query parameter needs to be provided.');
      const user = usersById(ctx.store.data.users).get(accountId);
      if (!user) throw jiraError(404, `Specified user does not exist or you do not have required permissions`);
      return userView(ctx.publicUrl(), v, user);
    });

    // Matches the start of the display name's words or of the email; stops after one page.
    app.get(`/rest/api/${v}/user/search`, { config: { operation: 'findUsers' } }, (request) => {
      const q = query(request);
      const startAt = intParam(q, 'startAt', 0);
      const maxResults = intParam(q, 'maxResults', 50, 1000);
      const needle = (q.query ?? q.accountId ?? '').toLowerCase();
      if (!needle) throw jiraError(400, 'One of the query parameters query or accountId must be specified.');
      const out = [];
      let skipped = 0;
      for (const u of ctx.store.data.users) {
        if (out.length >= maxResults) break;
        const hit = u.accountId.toLowerCase() === needle || u.emailAddress.toLowerCase().startsWith(needle) || u.displayName.toLowerCase().split(/\s+/).some((w) => w.startsWith(needle)) || u.displayName.toLowerCase().startsWith(needle);
        if (!hit) continue;
        if (skipped++ < startAt) continue;
        out.push(userView(ctx.publicUrl(), v, u));
      }
      return out;
    });
  }
}
