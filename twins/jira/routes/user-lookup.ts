// Users by many accountIds (PageBean) and the users assignable to a project's or an issue's issues
// (active users who can browse that project).
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { callerId } from '../auth.js';
import { jiraError } from '../errors.js';
import { canBrowse, type JiraData, projectsByIdOrKey, usersById } from '../store.js';
import { userView } from '../views.js';
import { pageBean } from './groups.js';
import { findIssue } from './issues.js';
import { intParam, query, VERSIONS } from './params.js';

const matches = (needle: string, u: { accountId: string; emailAddress: string; displayName: string }) =>
  !needle || u.accountId.toLowerCase() === needle || u.emailAddress.toLowerCase().startsWith(needle) || u.displayName.toLowerCase().split(/\s+/).some((w) => w.startsWith(needle)) || u.displayName.toLowerCase().startsWith(needle);

export function userLookupRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  for (const v of VERSIONS) {
    const api = `/rest/api/${v}`;

    app.get(`${api}/user/bulk`, { config: { operation: 'bulkGetUsers' } }, (request) => {
      const raw = (request.query as Record<string, string | string[] | undefined>).accountId;
      const ids = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      if (!ids.length) throw jiraError(400, 'You must specify at least one accountId.');
      const users = usersById(ctx.store.data.users);
      const found = ids.flatMap((id) => users.get(id) ?? []);
      const page = pageBean(`${ctx.publicUrl()}${api}/user/bulk`, request, found, 10, 200);
      return { ...page, values: page.values.map((u) => userView(ctx.publicUrl(), v, u)) };
    });

    app.get(`${api}/user/assignable/search`, { config: { operation: 'findAssignableUsers' } }, (request) => {
      const q = query(request);
      const data = ctx.store.data;
      const startAt = intParam(q, 'startAt', 0);
      const maxResults = intParam(q, 'maxResults', 50, 1000);
      let project;
      if (q.issueKey || q.issueId) project = projectsByIdOrKey(data.projects).get(findIssue(data, (q.issueKey ?? q.issueId)!, callerId(request)).projectId);
      else if (q.project) {
        project = projectsByIdOrKey(data.projects).get(q.project.toUpperCase()) ?? projectsByIdOrKey(data.projects).get(q.project);
        if (!project || !canBrowse(data, callerId(request), project)) throw jiraError(404, `No project could be found with key '${q.project}'.`);
      } else throw jiraError(400, 'Either project, issueKey or issueId must be specified.');
      const needle = (q.query ?? q.accountId ?? '').toLowerCase();
      const out = [];
      let skipped = 0;
      for (const u of data.users) {
        if (out.length >= maxResults) break;
        if (!u.active || !matches(needle, u) || !canBrowse(data, u.accountId, project!)) continue;
        if (skipped++ < startAt) continue;
        out.push(userView(ctx.publicUrl(), v, u));
      }
      return out;
    });
  }
}
