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
}

/**
 * Parses and validates `jql` for `env.accountId` at `env.now`. Throws JqlError carrying Jira's
 * messages (syntax errors prefixed "Error in the JQL Query:"); never throws anything else for bad input.
 */
export function compileJql(jql: string, env: JqlEnv): CompiledJql {
  const query = parseJql(jql);
  const compiler = new Compiler(env);
  const test = query.where ? compiler.compile(query.where) : () => true;
  const keys = compileOrder(query.orderBy, env, compiler.errors);
  if (compiler.errors.length) throw new JqlError(compiler.errors);
  return { jql, query, bounded: query.where !== null, hints: compiler.hints(query.where), matches: test, sort: (issues) => sortIssues(issues, keys) };
}

/** The issues `compiled` finds that `accountId` may browse, in order. */
export function runJql(data: JiraData, compiled: CompiledJql, accountId: string, version: number): JiraIssue[] {
  const projects = projectsByIdOrKey(data.projects);
  const browsable = new Set(data.projects.filter((p) => canBrowse(data, accountId, p)).map((p) => p.id));
  const found: JiraIssue[] = [];
  for (const issue of candidates(data, compiled.hints, version)) {
    if (browsable.has(issue.projectId) && projects.has(issue.projectId) && compiled.matches(issue)) found.push(issue);
  }
  return compiled.sort(found);
}
