// JQL for the Jira twin: `compileJql` parses and validates a query for a caller and returns a matcher
// (used by search, the issue picker and webhook filters) with its ordering; `runJql` executes one
// against the site through the search index (project, key and assignee clauses pick a candidate list
// instead of scanning every issue). Users only ever see issues of projects they can browse.
import { canBrowse, type JiraData, type JiraIssue, projectsByIdOrKey } from '../store.js';
import { Compiler, type Hints } from './evaluate.js';
import { JqlError } from './errors.js';
import type { JqlEnv } from './fields.js';
import { compileOrder, sortIssues } from './order.js';
import { parseJql, type Query } from './parser.js';
import { candidates } from './search-index.js';

export { JqlError, jqlHttpError } from './errors.js';
export type { JqlEnv } from './fields.js';

export interface CompiledJql {
  jql: string;
  query: Query;
  /** Whether the query restricts anything (Jira refuses unbounded queries on enhanced search). */
  bounded: boolean;
  hints: Hints;
  /** The WHERE clause only (no permission check): true for every issue when there is none. */
  matches(issue: JiraIssue): boolean;
  /** Sorts in place order by ORDER BY (or the default order). */
  sort(issues: JiraIssue[]): JiraIssue[];
  /** What identifies the results while the data is unchanged; null when they depend on the clock (relative dates, now()). */
  cacheKey: string | null;
}

/**
 * Parses and validates `jql` for `env.accountId` at `env.now`. Throws JqlError carrying Jira's
 * messages (syntax errors prefixed "Error in the JQL Query:"); never throws anything else for bad input.
 */
export function compileJql(jql: string, env: JqlEnv): CompiledJql {
  const query = parseJql(jql);
  // Reading `now` (relative dates, date functions) makes the results depend on the clock: not cacheable.
  let readsClock = false;
  const watched: JqlEnv = Object.defineProperty({ ...env }, 'now', { get: () => { readsClock = true; return env.now; } });
  const compiler = new Compiler(watched);
  const test = query.where ? compiler.compile(query.where) : () => true;
  const keys = compileOrder(query.orderBy, watched, compiler.errors);
  if (compiler.errors.length) throw new JqlError(compiler.errors);
  return {
    jql, query, bounded: query.where !== null, hints: compiler.hints(query.where), matches: test, sort: (issues) => sortIssues(issues, keys),
    cacheKey: readsClock ? null : `${env.accountId}\n${jql}`,
  };
}

/**
 * The last results per site, so that paging through a query (nextPageToken) costs O(page) after its
 * first page instead of matching and sorting everything again; emptied whenever the data changes.
 */
const RESULTS_KEPT = 16;
const results = new WeakMap<JiraData, { version: number; byKey: Map<string, JiraIssue[]> }>();

/** The issues `compiled` finds that `accountId` may browse, in order (callers must not change the list). */
export function runJql(data: JiraData, compiled: CompiledJql, accountId: string, version: number): JiraIssue[] {
  const key = compiled.cacheKey === null || compiled.hints.issueIds ? null : `${accountId}\n${compiled.cacheKey}`;
  let cache = results.get(data);
  if (!cache || cache.version !== version) results.set(data, (cache = { version, byKey: new Map() }));
  const cached = key === null ? undefined : cache.byKey.get(key);
  if (cached) return cached;
  const found = findAll(data, compiled, accountId, version);
  if (key !== null) {
    if (cache.byKey.size >= RESULTS_KEPT) cache.byKey.delete(cache.byKey.keys().next().value!);
    cache.byKey.set(key, found);
  }
  return found;
}

function findAll(data: JiraData, compiled: CompiledJql, accountId: string, version: number): JiraIssue[] {
  const projects = projectsByIdOrKey(data.projects);
  const browsable = new Set(data.projects.filter((p) => canBrowse(data, accountId, p)).map((p) => p.id));
  const found: JiraIssue[] = [];
  for (const issue of candidates(data, compiled.hints, version)) {
    if (browsable.has(issue.projectId) && projects.has(issue.projectId) && compiled.matches(issue)) found.push(issue);
  }
  return compiled.sort(found);
}
