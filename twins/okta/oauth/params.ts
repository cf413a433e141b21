// Request parameters as the OAuth endpoints take them: a form body (application/x-www-form-urlencoded)
// or a query string, each parameter given at most once (RFC 6749 §3.1: parameters must not repeat).
import type { FastifyRequest } from 'fastify';
import type { TwinError } from '../../../shared/kernel/vendor-errors.js';
import { oauthFail } from './errors.js';

export type Params = Record<string, string | undefined>;

/** The request body as a form; anything else is Okta's invalid_request. */
export function formBody(request: FastifyRequest): Record<string, string> {
  const body = request.body;
  if (!body || typeof body !== 'object' || Array.isArray(body) || !String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    throw oauthFail.invalidRequest('The request body must be application/x-www-form-urlencoded.');
  }
  return body as Record<string, string>;
}

/** The query string's parameters; a repeated one is refused with `repeated(name)`. */
export function queryParams(request: FastifyRequest, repeated: (name: string) => TwinError): Params {
  const query = request.query as Record<string, string | string[] | undefined>;
  for (const [name, value] of Object.entries(query)) if (Array.isArray(value)) throw repeated(name);
  return query as Params;
}

export const scopeList = (scope: string | undefined) => (scope ?? '').split(' ').filter(Boolean);
