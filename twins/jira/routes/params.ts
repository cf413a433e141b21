// Query and body helpers shared by the route families: paging numbers, the API version of a route,
// and Jira's per-field validation errors.
import type { FastifyRequest } from 'fastify';
import { jiraError } from '../errors.js';
import type { ApiVersion } from '../views.js';

/** Both REST versions serve the same operations; v2 speaks plain text where v3 speaks ADF. */
export const VERSIONS: ApiVersion[] = ['2', '3'];

export type Query = Record<string, string | undefined>;
/** The query with a repeated parameter read as its first value, as Jira's JAX-RS resources read one (routes that take a list read request.query). */
export const query = (request: FastifyRequest): Query => {
  const raw = request.query as Record<string, string | string[] | undefined>;
  if (!Object.values(raw).some(Array.isArray)) return raw as Query;
  return Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value]));
};

/** A non-negative integer query parameter; Jira answers garbage with a 400 naming the parameter. */
export function intParam(q: Query, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = q[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) throw jiraError(400, `The '${name}' parameter must be a number.`);
  return Math.min(Math.max(Number(raw), 0), max);
}

/** A JSON object body, or Jira's 400 for anything else. */
export function objectBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw jiraError(400, 'Can not deserialize the request body: expected a JSON object.');
  return body as Record<string, unknown>;
}

/** Throws Jira's 400 {"errorMessages":[],"errors":{field: message}} when any field failed. */
export function failFields(errors: Record<string, string>): void {
  if (Object.keys(errors).length) throw jiraError(400, '', errors);
}
