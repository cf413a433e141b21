// Request parameter checks shared by the route families, each failing in Okta's words.
import { oktaFail } from '../errors.js';
import { FilterError, parseExpression, type Predicate } from '../filter.js';

/** A JSON object body; anything else (array, string, nothing) is Okta's E0000003. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw oktaFail.malformed();
  return body as Record<string, unknown>;
}

/** A single string query parameter, or undefined; repeated parameters are refused. */
export function stringParam(raw: unknown, name: string): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw oktaFail.validation(name, `${name}: must be given once`);
  return raw;
}

/** A boolean query flag ("true" / "false"). */
export function queryFlag(raw: unknown, name: string, fallback: boolean): boolean {
  const value = stringParam(raw, name);
  if (value === undefined || value === '') return fallback;
  if (value !== 'true' && value !== 'false') throw oktaFail.validation(name, `${name}: must be true or false`);
  return value === 'true';
}

/** A `filter` or `search` expression parameter, parsed; a bad one is Okta's E0000031. */
export function expressionParam(raw: unknown, mode: 'filter' | 'search'): Predicate | null {
  const source = stringParam(raw, mode);
  if (source === undefined) return null;
  try {
    return parseExpression(source, mode);
  } catch (error) {
    if (error instanceof FilterError) throw oktaFail.badSearch();
    throw error;
  }
}
