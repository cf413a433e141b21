// The issue data model's lists: fields (GET /field, /field/search), resolutions, labels (PageBean),
// an issue's changelog (PageBean, oldest first) and the issue picker's suggestions.
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { callerId } from '../auth.js';
import { jiraError } from '../errors.js';
import { fieldDetails, FIELDS } from '../fields.js';
import { compileJql, JqlError, runJql } from '../jql/index.js';
import { storeVersion } from '../jql/search-index.js';
import { RESOLUTIONS } from '../resolutions.js';
import { canBrowse, type JiraData, type JiraIssue, projectsByIdOrKey } from '../store.js';
import { historyView } from '../views-model.js';
import { ISSUE_TYPES } from '../workflow.js';
import { findIssue } from './issues.js';
import { intParam, query, VERSIONS } from './params.js';

/** Jira's PageBean: self and nextPage absolute, isLast, total. */
function pageBean<T>(url: string, all: T[], startAt: number, maxResults: number, extra = '') {
  const values = all.slice(startAt, startAt + maxResults);
  const isLast = startAt + values.length >= all.length;
  return {
    self: `${url}?${extra}startAt=${startAt}&maxResults=${maxResults}`,
    ...(!isLast && { nextPage: `${url}?${extra}startAt=${startAt + maxResults}&maxResults=${maxResults}` }),
    maxResults, startAt, total: all.length, isLast, values,
  };
}

const labelCache = new WeakMap<object, { version: number; labels: string[] }>();

export function modelRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  const base = () => ctx.publicUrl();
  for (const v of VERSIONS) {
    const p = `/rest/api/${v}`;

    app.get(`${p}/field`, { config: { operation: 'getFields' } }, () => FIELDS.map(fieldDetails));

    app.get(`${p}/field/search`, { config: { operation: 'getFieldsPaginated' } }, (request) => {
      const q = query(request);
      const types = q.type ? new Set(q.type.split(',')) : null;
      const ids = q.id ? new Set(q.id.split(',')) : null;
      const needle = (q.query ?? '').toLowerCase();
      const found = FIELDS.filter((f) => (!types || types.has(f.custom ? 'custom' : 'system')) && (!ids || ids.has(f.id)) && (!needle || f.name.toLowerCase().includes(needle) || f.id.toLowerCase().includes(needle)));
      return pageBean(`${base()}${p}/field/search`, found.map((f) => ({ ...fieldDetails(f), description: '' })), intParam(q, 'startAt', 0), intParam(q, 'maxResults', 50, 100));
    });

    const resolution = (r: (typeof RESOLUTIONS)[number]) => ({ self: `${base()}${p}/resolution/${r.id}`, id: r.id, description: r.description, name: r.name });
    app.get(`${p}/resolution`, { config: { operation: 'getResolutions' } }, () => RESOLUTIONS.map(resolution));
    app.get(`${p}/resolution/search`, { config: { operation: 'searchResolutions' } }, (request) => {
      const q = query(request);
      const ids = q.id ? new Set(q.id.split(',')) : null;
      const found = RESOLUTIONS.filter((r) => !ids || ids.has(r.id)).filter((r) => q.onlyDefault !== 'true' || r.isDefault);
      return pageBean(`${base()}${p}/resolution/search`, found.map((r) => ({ ...resolution(r), isDefault: r.isDefault })), intParam(q, 'startAt', 0), intParam(q, 'maxResults', 50, 100));
    });
    app.get(`${p}/resolution/:id`, { config: { operation: 'getResolution' } }, (request) => {
      const { id } = request.params as { id: string };
      const r = RESOLUTIONS.find((x) => x.id === id);
      if (!r) throw jiraError(404, `The resolution with ID '${id}' does not exist.`);
      return resolution(r);
    });

    // Every label in use on the site, sorted; recomputed only after the data changed.
    app.get(`${p}/label`, { config: { operation: 'getAllLabels' } }, (request) => {
      const q = query(request);
      const data = ctx.store.data;
      const version = storeVersion(ctx.store);
      let cached = labelCache.get(data);
      if (!cached || cached.version !== version) {
        const all = new Set<string>();
        for (const issue of Object.values(data.issues)) for (const l of issue.labels) all.add(l);
        labelCache.set(data, (cached = { version, labels: [...all].sort() }));
      }
      return pageBean(`${base()}${p}/label`, cached.labels, intParam(q, 'startAt', 0), intParam(q, 'maxResults', 1000, 1000));
    });

    app.get(`${p}/issue/:issueIdOrKey/changelog`, { config: { operation: 'getChangeLogs' } }, (request) => {
      const data = ctx.store.data;
      const issue = findIssue(data, (request.params as { issueIdOrKey: string }).issueIdOrKey, callerId(request));
      const q = query(request);
      const histories = (issue.changelog ?? []).map((h) => historyView(data, base(), v, h));
      return pageBean(`${base()}${p}/issue/${issue.key}/changelog`, histories, intParam(q, 'startAt', 0), intParam(q, 'maxResults', 100, 100));
    });

    app.post(`${p}/issue/:issueIdOrKey/changelog/list`, { config: { operation: 'getChangeLogsByIds', readOnly: true } }, (request) => {
      const data = ctx.store.data;
      const issue = findIssue(data, (request.params as { issueIdOrKey: string }).issueIdOrKey, callerId(request));
      const ids = (request.body as { changelogIds?: unknown } | undefined)?.changelogIds;
      if (!Array.isArray(ids) || !ids.length) throw jiraError(400, 'changelogIds must be a non-empty list of numbers.');
      const wanted = new Set(ids.map(String));
      const histories = (issue.changelog ?? []).filter((h) => wanted.has(h.id)).map((h) => historyView(data, base(), v, h));
      return { startAt: 0, maxResults: histories.length, total: histories.length, histories };
    });

    // Suggestions for a text box: the issues of currentJQL (or all visible) whose key or summary matches.
    app.get(`${p}/issue/picker`, { config: { operation: 'getIssuePickerResource' } }, (request) => {
      const q = query(request);
      const data = ctx.store.data;
      const me = callerId(request);
      const needle = (q.query ?? '').trim().toLowerCase();
      let pool: JiraIssue[];
      try {
        const compiled = compileJql(q.currentJQL ?? '', { data, accountId: me, now: ctx.clock.now() });
        pool = runJql(data, compiled, me, storeVersion(ctx.store));
      } catch (error) {
        if (!(error instanceof JqlError)) throw error;
        pool = [];
      }
      const project = q.currentProjectId ? projectsByIdOrKey(data.projects).get(q.currentProjectId) : undefined;
      const subtask = (i: JiraIssue) => ISSUE_TYPES.find((t) => t.id === i.issueTypeId)?.subtask;
      const words = needle.split(/\s+/).filter(Boolean);
      const matches = pool.filter((i) => i.key !== (q.currentIssueKey ?? '').toUpperCase()
        && (!project || (i.projectId === project.id && canBrowse(data, me, project)))
        && (q.showSubTasks !== 'false' || !subtask(i))
        && (!needle || i.key.toLowerCase().startsWith(needle) || words.every((w) => i.summary.toLowerCase().includes(w))));
      const shown = matches.slice(0, 50);
      const img = (i: JiraIssue) => `/images/icons/issuetypes/${ISSUE_TYPES.find((t) => t.id === i.issueTypeId)!.name.toLowerCase()}.svg`;
      const bold = (text: string) => (needle ? text.replace(new RegExp(`(${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`, 'ig'), '<b>$1</b>') : text);
      return {
        sections: [
          { label: 'History Search', sub: 'Showing 0 of 0 matching issues', id: 'hs', issues: [] },
          {
            label: 'Current Search', sub: `Showing ${shown.length} of ${matches.length} matching issues`, id: 'cs',
            issues: shown.map((i) => ({ id: Number(i.id), key: i.key, keyHtml: bold(i.key), img: img(i), summary: bold(i.summary), summaryText: i.summary })),
          },
        ],
      };
    });
  }
}
