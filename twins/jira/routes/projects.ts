// Project search (PageBean) and get, limited to the projects the caller may browse.
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { callerId } from '../auth.js';
import { jiraError } from '../errors.js';
import { canBrowse, type JiraData, projectsByIdOrKey } from '../store.js';
import { issueTypeView, projectView, userRef } from '../views.js';
import { componentView, versionView } from '../views-site.js';
import { dayOf } from '../clock-of.js';
import { ISSUE_TYPES } from '../workflow.js';
import { intParam, query, VERSIONS } from './params.js';

export function projectsRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  for (const v of VERSIONS) {
    app.get(`/rest/api/${v}/project/search`, { config: { operation: 'searchProjects' } }, (request) => {
      const q = query(request);
      const startAt = intParam(q, 'startAt', 0);
      const maxResults = intParam(q, 'maxResults', 50, 100);
      const needle = (q.query ?? '').toLowerCase();
      const keys = q.keys ? new Set(q.keys.split(',')) : null;
      const me = callerId(request);
      const data = ctx.store.data;
      const visible = data.projects.filter((p) => canBrowse(data, me, p) && (!keys || keys.has(p.key)) && (!needle || p.key.toLowerCase().includes(needle) || p.name.toLowerCase().includes(needle)));
      // `expand` adds what Jira adds: the lead and the description (other expansions are not modelled).
      const expand = new Set((q.expand ?? '').split(',').map((e) => e.trim()));
      const site = ctx.publicUrl();
      const values = visible.slice(startAt, startAt + maxResults).map((p) => ({
        ...projectView(site, v, p),
        ...(expand.has('lead') && { lead: userRef(data, site, v, p.leadAccountId) }),
        ...(expand.has('description') && { description: p.description }),
      }));
      const base = `${ctx.publicUrl()}/rest/api/${v}/project/search`;
      const isLast = startAt + values.length >= visible.length;
      return {
        self: `${base}?startAt=${startAt}&maxResults=${maxResults}`,
        ...(!isLast && { nextPage: `${base}?startAt=${startAt + maxResults}&maxResults=${maxResults}` }),
        maxResults, startAt, total: visible.length, isLast, values,
      };
    });

    app.get(`/rest/api/${v}/project/:projectIdOrKey`, { config: { operation: 'getProject' } }, (request) => {
      const { projectIdOrKey } = request.params as { projectIdOrKey: string };
      const data = ctx.store.data;
      const project = projectsByIdOrKey(data.projects).get(projectIdOrKey.toUpperCase()) ?? projectsByIdOrKey(data.projects).get(projectIdOrKey);
      if (!project || !canBrowse(data, callerId(request), project)) throw jiraError(404, `No project could be found with key '${projectIdOrKey}'.`);
      const base = ctx.publicUrl();
      return {
        ...projectView(base, v, project), description: project.description, lead: userRef(data, base, v, project.leadAccountId),
        components: Object.values(data.components).filter((c) => c.projectId === project.id).map((c) => componentView(data, base, v, c)),
        issueTypes: ISSUE_TYPES.map((t) => issueTypeView(base, v, t)), assigneeType: 'UNASSIGNED',
        versions: Object.values(data.versions).filter((x) => x.projectId === project.id).map((x) => versionView(base, v, x, dayOf(ctx.clock.now()))), roles: {},
      };
    });
  }
}
