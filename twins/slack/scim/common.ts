// What SCIM routes share: Slack's SCIM error shape {"Errors":{"description","code"}} with a real HTTP
// status, admin-token auth, the JSON body, `filter` (attr eq "value"), startIndex/count list pages.
import type { FastifyRequest } from 'fastify';
import { TwinError, type VendorErrors } from '../../../shared/kernel/vendor-errors.js';
import { slackErrors } from '../errors.js';
import { tokenOf } from '../auth.js';
import { userById, type SlackData, type SlackUser } from '../store.js';

export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** Throwable SCIM error, e.g. scimError(404, 'user_not_found'). */
export function scimError(code: number, description: string): TwinError {
  return new TwinError({ status: code, body: { Errors: { description, code } } }, description);
}

/** The caller: a valid, active user token carrying the `admin` scope (Slack's SCIM requirement). */
export function scimCaller(data: SlackData, request: FastifyRequest): SlackUser {
  const token = tokenOf(request, {});
  const held = token && Object.hasOwn(data.tokens, token) ? data.tokens[token] : undefined;
  const account = held ? userById(data, held.user) : undefined;
  if (!held || !account || account.deleted) throw scimError(401, 'invalid_authentication');
  request.dtuActor = { type: 'user', id: account.id, ...(account.profile.email && { email: account.profile.email }) };
  if (held.type !== 'user' || !held.scopes.includes('admin')) throw scimError(403, 'invalid_permissions');
  return account;
}

/** Marks a body that was not JSON, so the handler (not the kernel) answers in SCIM's shape. */
export const MALFORMED = Symbol('malformed SCIM body');

export function scimBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body as Record<string | symbol, unknown> | undefined;
  if (body && typeof body === 'object' && MALFORMED in body) throw scimError(400, 'invalid_json');
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw scimError(400, 'invalid_request_body');
  return body as Record<string, unknown>;
}

/** `filter=attr eq "value"` (the form Slack supports), attribute names case-insensitive. */
export function parseFilter(query: Record<string, unknown>, attributes: string[]): { attr: string; value: string } | null {
  const raw = query.filter;
  if (raw === undefined || raw === '') return null;
  if (typeof raw !== 'string') throw scimError(400, 'invalid_filter');
  const match = /^\s*([A-Za-z][\w.]*)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(raw);
  const attr = match && attributes.find((a) => a.toLowerCase() === match[1].toLowerCase());
  if (!match || !attr) throw scimError(400, 'invalid_filter');
  return { attr, value: match[2].replace(/\\(.)/g, '$1') };
}

/**
 * A page of the first `total` items, by startIndex (1-based, default 1) and count as Slack pages SCIM lists: 10 when not given, a larger
 * count than 1000 served as 1000 (api.slack.com/changelog/2019-06-have-scim-will-paginate).
 */
export function listPage<T>(items: T[], query: Record<string, unknown>, total = items.length) {
  const int = (name: string, fallback: number) => {
    const value = query[name];
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (typeof value !== 'string' || !Number.isInteger(n)) throw scimError(400, `invalid_${name}`);
    return n;
  };
  const startIndex = Math.max(1, int('startIndex', 1));
  const count = Math.min(Math.max(0, int('count', 10)), 1000);
  const slice = items.slice(startIndex - 1, Math.min(total, startIndex - 1 + count));
  return { slice, totalResults: total, itemsPerPage: slice.length, startIndex };
}

export const isoDate = (seconds: number) => new Date(seconds * 1000).toISOString();

/** What the kernel answers itself under /scim/ (unknown paths, unreadable bodies), in SCIM's form. */
export const slackScimErrors: VendorErrors = {
  unauthorized: () => scimError(401, 'invalid_authentication').response,
  forbidden: () => scimError(403, 'invalid_permissions').response,
  notFound: () => scimError(404, 'not_found').response,
  invalid: () => scimError(400, 'invalid_syntax').response,
  tooLarge: () => scimError(413, 'request_too_large').response,
  rateLimited: (info) => slackErrors.rateLimited(info),
  serverError: (status) => scimError(status, 'internal_error').response,
};
