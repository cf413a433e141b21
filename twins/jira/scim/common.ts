// What the SCIM routes share: RFC 7644 error bodies (Atlassian's user-provisioning API answers in that
// form), the directory API key check, SCIM JSON bodies, `filter=attr eq "value"` and startIndex/count
// list pages.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TwinError, type VendorErrors } from '../../../shared/kernel/vendor-errors.js';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import type { JiraData } from '../store.js';
import { memoLast } from '../../../shared/kernel/memo.js';
import { scimApiKey, scimDirectoryId } from './directory.js';

/** The directory's id and API key for a seed, derived once per seed rather than per request. */
export const directoryIdOf = memoLast(scimDirectoryId);
const apiKeyOf = memoLast(scimApiKey);

/** `{twin}/scim/directory/{directoryId}`: the directory base URL an identity provider is configured with. */
export const directoryUrl = (ctx: TwinContext<JiraData>) => `${ctx.publicUrl()}/scim/directory/${directoryIdOf(ctx.seed())}`;

export const SCIM_CONTENT_TYPE = 'application/scim+json;charset=UTF-8';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export type ScimType = 'invalidFilter' | 'tooMany' | 'uniqueness' | 'mutability' | 'invalidSyntax' | 'invalidPath' | 'noTarget' | 'invalidValue';

/** Throwable SCIM error: `{schemas: [Error], status: "404", detail, scimType?}` (status as a string, RFC 7644 §3.12). */
export function scimError(status: number, detail: string, scimType?: ScimType): TwinError {
  const body = { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType && { scimType }), detail };
  return new TwinError({ status, headers: { 'content-type': SCIM_CONTENT_TYPE }, body }, detail);
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route checks its own credentials (SCIM API key) or needs none (browser pages): the Jira auth hook skips it. */
    jiraOwnAuth?: boolean;
  }
}

/**
 * SCIM's plumbing for the routes registered in `scim` (an encapsulated child): the directory API key
 * as a bearer token (401 otherwise), the directory id of this organization (404 otherwise), JSON and
 * SCIM JSON bodies with SCIM's own 400 for a body that does not parse, and SCIM's content type.
 */
export function scimPlumbing(scim: FastifyInstance, ctx: TwinContext<JiraData>): void {
  scim.addHook('onRequest', async (request) => {
    const header = request.headers.authorization ?? '';
    const key = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    if (!key || key !== apiKeyOf(ctx.seed())) throw scimError(401, key ? 'The API key is not valid for this directory.' : 'Missing or malformed Authorization header: expected "Bearer <API key>".');
    request.dtuActor = { type: 'service_account', id: `scim-directory:${directoryIdOf(ctx.seed())}` };
    const { directoryId } = request.params as { directoryId?: string };
    if (directoryId !== directoryIdOf(ctx.seed())) throw scimError(404, `Directory ${directoryId} was not found.`);
  });
  scim.removeAllContentTypeParsers();
  scim.addContentTypeParser(['application/json', 'application/scim+json'], { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      done(scimError(400, `The request body is not valid JSON: ${(error as Error).message}`, 'invalidSyntax'), undefined);
    }
  });
  scim.addHook('onSend', async (_request, reply, payload) => {
    if (typeof payload === 'string' && String(reply.getHeader('content-type') ?? '').startsWith('application/json')) reply.header('content-type', SCIM_CONTENT_TYPE);
    return payload;
  });
}

/** The body as an object, or SCIM's 400. */
export function scimBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw scimError(400, 'The request body must be a JSON object.', 'invalidSyntax');
  return body as Record<string, unknown>;
}

/** `filter=attr eq "value"`, the only form Atlassian's directory supports; attribute names case-insensitive. */
export function parseFilter(raw: unknown, attributes: string[]): { attr: string; value: string } | null {
  if (raw === undefined || raw === '') return null;
  const match = typeof raw === 'string' ? /^\s*([A-Za-z][\w.]*)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(raw) : null;
  if (!match) throw scimError(400, `Unsupported filter ${JSON.stringify(raw)}: only 'attribute eq "value"' is supported.`, 'invalidFilter');
  const attr = attributes.find((a) => a.toLowerCase() === match[1].toLowerCase());
  if (!attr) throw scimError(400, `Filtering on '${match[1]}' is not supported (supported: ${attributes.join(', ')}).`, 'invalidFilter');
  return { attr, value: match[2].replace(/\\(.)/g, '$1') };
}

/** A 1-based page (startIndex default 1, count default and at most 100) as a ListResponse. */
export function listResponse<T>(items: T[], query: Record<string, unknown>, view: (item: T) => unknown) {
  const int = (name: string, fallback: number) => {
    const value = query[name];
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (typeof value !== 'string' || !Number.isInteger(n)) throw scimError(400, `${name} must be an integer.`, 'invalidValue');
    return n;
  };
  const startIndex = Math.max(1, int('startIndex', 1));
  const count = Math.min(Math.max(0, int('count', 100)), 100);
  const slice = items.slice(startIndex - 1, startIndex - 1 + count);
  return { schemas: [LIST_SCHEMA], totalResults: items.length, startIndex, itemsPerPage: slice.length, Resources: slice.map(view) };
}

/** A non-empty string or undefined; anything else is SCIM's 400 naming the attribute. */
export function optText(value: unknown, attribute: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw scimError(400, `Attribute '${attribute}' must be a string.`, 'invalidValue');
  return value;
}

/** The PATCH request's Operations list, each `{op, path?, value?}` with op lower-cased. */
export function patchOperations(body: Record<string, unknown>): { op: 'add' | 'replace' | 'remove'; path?: string; value?: unknown }[] {
  const operations = body.Operations ?? body.operations;
  if (!Array.isArray(operations) || !operations.length) throw scimError(400, 'A PATCH request needs a non-empty "Operations" list.', 'invalidSyntax');
  return operations.map((raw, i) => {
    if (!raw || typeof raw !== 'object') throw scimError(400, `Operations[${i}] must be an object.`, 'invalidSyntax');
    const { op, path, value } = raw as Record<string, unknown>;
    const name = typeof op === 'string' ? op.toLowerCase() : '';
    if (name !== 'add' && name !== 'replace' && name !== 'remove') throw scimError(400, `Operations[${i}].op must be add, replace or remove.`, 'invalidSyntax');
    if (path !== undefined && typeof path !== 'string') throw scimError(400, `Operations[${i}].path must be a string.`, 'invalidPath');
    return { op: name, ...(path !== undefined && { path: path as string }), ...(value !== undefined && { value }) };
  });
}

export const scimTime = (ms: number) => new Date(ms).toISOString();

/** What the kernel answers itself under /scim/ (unknown paths, unreadable bodies), in SCIM's form. */
export const atlassianScimErrors: VendorErrors = {
  unauthorized: (message) => scimError(401, message).response,
  forbidden: (message) => scimError(403, message).response,
  notFound: (message) => scimError(404, message).response,
  invalid: (message) => scimError(400, message, 'invalidSyntax').response,
  tooLarge: (message) => scimError(413, message).response,
  rateLimited: ({ retryAfterSec }) => ({ ...scimError(429, 'Too many requests').response, headers: { 'content-type': SCIM_CONTENT_TYPE, 'retry-after': String(retryAfterSec) } }),
  serverError: (status, message) => scimError(status, message).response,
};
