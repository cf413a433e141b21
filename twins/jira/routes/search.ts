// Issue search as Jira Cloud has it today: the enhanced search (GET/POST /search/jql, nextPageToken,
// no total; fields default to `id`), /search/approximate-count, /search/id, /jql/match and /jql/parse.
// The retired GET/POST /search answer 410 with Jira's migration note, unless the twin's classicSearch
// setting is on (DTU_JIRA_CLASSIC_SEARCH=1 or PUT /_dtu/jira/settings {"classicSearch":true}): then they
// search classically (startAt, maxResults, total) for older clients.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { TwinError } from '../../../shared/kernel/vendor-errors.js';
import { callerId } from '../auth.js';
import { jiraError, jiraResponse } from '../errors.js';
import { namesOf, schemaOf } from '../fields.js';
import { compileJql, type CompiledJql, JqlError, jqlHttpError, runJql } from '../jql/index.js';
import { storeVersion } from '../jql/search-index.js';
import { jqlStructure } from '../jql/structure.js';
import type { JiraData, JiraIssue } from '../store.js';
import { type ApiVersion, issueView } from '../views.js';
import { expandIssue, expandList } from '../views-model.js';
import { query, VERSIONS } from './params.js';

const UNBOUNDED = 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';
const REMOVED = 'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046';
const INVALID_TOKEN = 'The nextPageToken is invalid or has expired.';

type Params = Record<string, unknown>;

/** A list parameter: comma-separated, repeated, or a JSON array. */
function list(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const parts = (Array.isArray(raw) ? raw : [raw]).flatMap((x) => String(x).split(','));
  return parts.map((x) => x.trim()).filter(Boolean);
}

/** A non-negative integer (query string or JSON), Jira's 400 otherwise. */
function count(raw: unknown, name: string, fallback: number): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : /^-?\d+$/.test(String(raw)) ? Number(raw) : NaN;
  if (!Number.isInteger(n)) throw jiraError(400, `The '${name}' parameter must be a number.`);
  return Math.max(n, 0);
}

const params = (request: FastifyRequest): Params => (request.method === 'GET' ? (request.query as Params) : ((request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? request.body : (() => { throw jiraError(400, 'Can not deserialize the request body: expected a JSON object.'); })()) as Params));

/** Page tokens are opaque to clients: the offset, bound to the query that made it. */
const digest = (jql: string) => createHash('sha1').update(jql).digest('base64url').slice(0, 12);
const makeToken = (jql: string, offset: number) => Buffer.from(`${offset}:${digest(jql)}`).toString('base64url');
function readToken(token: unknown, jql: string): number {
  if (token === undefined || token === null || token === '') return 0;
  const [offset, hash] = Buffer.from(String(token), 'base64url').toString().split(':');
  if (!/^\d+$/.test(offset ?? '') || hash !== digest(jql)) throw jiraError(400, INVALID_TOKEN);
  return Number(offset);
}

export function searchRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  let classicSearch = /^(1|true|yes|on)$/i.test(process.env.DTU_JIRA_CLASSIC_SEARCH ?? '');

  const compile = (jql: string, request: FastifyRequest): CompiledJql => {
    try {
      return compileJql(jql, { data: ctx.store.data, accountId: callerId(request), now: ctx.clock.now() });
    } catch (error) {
      if (error instanceof JqlError) throw jqlHttpError(error);
      throw error;
    }
  };
  const bounded = (jql: unknown, request: FastifyRequest): CompiledJql => {
    const compiled = compile(typeof jql === 'string' ? jql : '', request);
    if (!compiled.bounded) throw jiraError(400, UNBOUNDED);
    return compiled;
  };
  const find = (compiled: CompiledJql, request: FastifyRequest) => runJql(ctx.store.data, compiled, callerId(request), storeVersion(ctx.store));

  /** Issues as search returns them: `fields`, per-issue expansions, names/schema collected for the response. */
  const render = (v: ApiVersion, issues: JiraIssue[], fields: string[], p: Params, request: FastifyRequest) => {
    // Only exclusions ("-description") mean every navigable field but those.
    if (fields.length && fields.every((f) => f.startsWith('-'))) fields = ['*navigable', ...fields];
    const data = ctx.store.data;
    const expand = expandList(p.expand);
    const seen = new Set<string>();
    const properties = list(p.properties);
    const idOnly = fields.length === 1 && fields[0] === 'id' && !expand.size && !properties?.length;
    const rendered = issues.map((issue) => {
      if (idOnly) return { id: issue.id };
      const view = issueView(data, ctx.publicUrl(), v, issue, fields.filter((f) => f !== 'id'), callerId(request));
      const out = expandIssue(data, ctx.publicUrl(), v, issue, { ...view, fields: fields.length === 1 && fields[0] === 'id' ? {} : view.fields }, expand, seen);
      return properties?.length ? { ...out, properties: {} } : out;
    });
    return { issues: rendered, ...(expand.has('names') && { names: namesOf(seen) }), ...(expand.has('schema') && { schema: schemaOf(seen) }) };
  };

  for (const v of VERSIONS) {
    const base = `/rest/api/${v}`;

    const enhanced = (request: FastifyRequest) => {
      const p = params(request);
      const jql = typeof p.jql === 'string' ? p.jql : '';
      const compiled = bounded(jql, request);
      const fields = list(p.fields) ?? ['id'];
      const idsOnly = fields.every((f) => f === 'id' || f === 'key');
      const maxResults = Math.max(1, Math.min(count(p.maxResults, 'maxResults', 50), idsOnly ? 5000 : 100));
      const offset = readToken(p.nextPageToken, jql);
      const found = find(compiled, request);
      const page = found.slice(offset, offset + maxResults);
      const isLast = offset + page.length >= found.length;
      return { ...render(v, page, fields, p, request), ...(!isLast && { nextPageToken: makeToken(jql, offset + page.length) }), isLast };
    };
    app.get(`${base}/search/jql`, { config: { operation: 'searchAndReconsileIssuesUsingJql' } }, enhanced);
    app.post(`${base}/search/jql`, { config: { operation: 'searchAndReconsileIssuesUsingJqlPost', readOnly: true } }, enhanced);

    app.post(`${base}/search/approximate-count`, { config: { operation: 'countIssues', readOnly: true } }, (request) => {
      const p = params(request);
      return { count: find(bounded(p.jql, request), request).length };
    });

    app.post(`${base}/search/id`, { config: { operation: 'searchForIssuesIds', readOnly: true } }, (request) => {
      const p = params(request);
      const jql = typeof p.jql === 'string' ? p.jql : '';
      const compiled = bounded(jql, request);
      const maxResults = Math.max(1, Math.min(count(p.maxResults, 'maxResults', 1000), 5000));
      const offset = readToken(p.nextPageToken, jql);
      const found = find(compiled, request);
      const page = found.slice(offset, offset + maxResults);
      return { issueIds: page.map((i) => Number(i.id)), ...(offset + page.length < found.length && { nextPageToken: makeToken(jql, offset + page.length) }) };
    });

    // The retired search: 410 with Jira's migration note, or the classic PageBean when switched on.
    const classic = (request: FastifyRequest) => {
      if (!classicSearch) throw new TwinError(jiraResponse(410, [REMOVED]));
      const p = params(request);
      const compiled = compile(typeof p.jql === 'string' ? p.jql : '', request);
      const startAt = count(p.startAt, 'startAt', 0);
      const maxResults = Math.min(count(p.maxResults, 'maxResults', 50), 100);
      const found = find(compiled, request);
      const page = found.slice(startAt, startAt + maxResults);
      return { expand: 'schema,names', startAt, maxResults, total: found.length, ...render(v, page, list(p.fields) ?? ['*navigable'], p, request) };
    };
    app.get(`${base}/search`, { config: { operation: 'searchForIssuesUsingJql' } }, classic);
    app.post(`${base}/search`, { config: { operation: 'searchForIssuesUsingJqlPost', readOnly: true } }, classic);

    app.post(`${base}/jql/match`, { config: { operation: 'matchIssues', readOnly: true } }, (request) => {
      const p = params(request);
      if (!Array.isArray(p.jqls) || !Array.isArray(p.issueIds)) throw jiraError(400, 'jqls and issueIds must be lists.');
      const data = ctx.store.data;
      const issues = p.issueIds.map((id) => data.issues[String(id)]).filter((i): i is JiraIssue => !!i);
      return {
        matches: p.jqls.map((jql) => {
          try {
            const compiled = compile(String(jql), request);
            const visible = new Set(runJql(data, { ...compiled, hints: { issueIds: new Set(issues.map((i) => i.id)) } }, callerId(request), storeVersion(ctx.store)).map((i) => i.id));
            return { matchedIssues: issues.filter((i) => visible.has(i.id)).map((i) => Number(i.id)), errors: [] };
          } catch (error) {
            if (error instanceof TwinError) return { matchedIssues: [], errors: (error.response.body as { errorMessages: string[] }).errorMessages };
            throw error;
          }
        }),
      };
    });

    app.post(`${base}/jql/parse`, { config: { operation: 'parseJqlQueries', readOnly: true } }, (request) => {
      const p = params(request);
      const validation = query(request).validation ?? 'strict';
      if (!['strict', 'warn', 'none'].includes(validation)) throw jiraError(400, `Invalid validation mode '${validation}'.`);
      if (!Array.isArray(p.queries) || p.queries.some((q) => typeof q !== 'string')) throw jiraError(400, 'queries must be a list of strings.');
      return { queries: (p.queries as string[]).map((q) => jqlStructure(q, validation as 'strict' | 'warn' | 'none', { data: ctx.store.data, accountId: callerId(request), now: ctx.clock.now() })) };
    });
  }

  // Twin control: the classic-search switch (not a Jira API; no auth, no chaos, DTU's error shape).
  app.get('/_dtu/jira/settings', { config: { dtuControl: true } }, () => ({ ok: true, classicSearch }));
  app.put('/_dtu/jira/settings', { config: { dtuControl: true } }, (request, reply) => {
    const body = request.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).some((k) => k !== 'classicSearch') || typeof body.classicSearch !== 'boolean') {
      return reply.code(400).send({ ok: false, error: 'invalid_request', message: 'Expected {"classicSearch": true|false}.' });
    }
    classicSearch = body.classicSearch;
    return { ok: true, classicSearch };
  });
}
