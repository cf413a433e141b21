// The site-wide scheme as Jira lists it: issue types, priorities and statuses.
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import type { JiraData } from '../store.js';
import { issueTypeView, statusView } from '../views.js';
import { DEFAULT_PRIORITY, ISSUE_TYPES, PRIORITIES, STATUSES } from '../workflow.js';
import { VERSIONS } from './params.js';

export function metadataRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  for (const v of VERSIONS) {
    app.get(`/rest/api/${v}/issuetype`, { config: { operation: 'getIssueAllTypes' } }, () => ISSUE_TYPES.map((t) => issueTypeView(ctx.publicUrl(), v, t)));
    app.get(`/rest/api/${v}/priority`, { config: { operation: 'getPriorities' } }, () => PRIORITIES.map((p) => ({
      self: `${ctx.publicUrl()}/rest/api/${v}/priority/${p.id}`, statusColor: p.statusColor, description: `${p.name} priority.`,
      iconUrl: `${ctx.publicUrl()}/images/icons/priorities/${p.name.toLowerCase()}.svg`, name: p.name, id: p.id, isDefault: p.id === DEFAULT_PRIORITY,
    })));
    app.get(`/rest/api/${v}/status`, { config: { operation: 'getStatuses' } }, () => STATUSES.map((s) => ({ ...statusView(ctx.publicUrl(), v, s.id), untranslatedName: s.name })));
  }
}
