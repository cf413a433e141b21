// Web API plumbing: every method is GET/POST /api/<method>, arguments merged from the query string
// and a form-urlencoded or JSON body, token checked, scopes checked, X-Slack-Req-Id on the answer.
import { randomBytes } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../shared/kernel/twin-definition.js';
import { TwinError } from '../../shared/kernel/vendor-errors.js';
import { authenticate, requireScope, type Caller } from './auth.js';
import { slackError } from './errors.js';
import { deliverDue } from './scheduled.js';
import type { SlackData } from './store.js';

export type Args = Record<string, unknown>;
export type SlackContext = TwinContext<SlackData>;

export interface Call {
  args: Args;
  data: SlackData;
  caller: Caller;
  request: FastifyRequest;
  now: number;
}

export interface MethodOptions {
  /** Changes nothing: no persistence write after it. */
  readOnly?: boolean;
  /** Any one of these scopes allows the call; [] for none. */
  scopes: string[];
  /** Token kinds the method accepts (default both); others get not_allowed_token_type before any scope check. */
  tokenTypes?: ('bot' | 'user')[];
}

const scopeHeaders = new WeakMap<string[], string>();
/** A token's scopes as Slack's X-OAuth-Scopes header, computed once per scope list. */
function scopeHeader(scopes: string[]): string {
  let header = scopeHeaders.get(scopes);
  if (header === undefined) scopeHeaders.set(scopes, (header = scopes.join(',')));
  return header;
}

/** A field whose JSON text is already known (cached message JSON): jsonBody() splices it in as is. */
export class RawJson {
  constructor(readonly json: string) {}
}

/** A whole answer as JSON text, `"ok":true` first, as JSON.stringify would write `{ ok: true, ...fields }`. */
export class JsonBody {
  constructor(readonly text: string) {}
}

/** A body serialised field by field, so RawJson fields are not serialised again. */
export function jsonBody(fields: Record<string, unknown>): JsonBody {
  let text = '{"ok":true';
  for (const key in fields) {
    const value = fields[key];
    const json = value instanceof RawJson ? value.json : JSON.stringify(value);
    if (json !== undefined) text += `,${JSON.stringify(key)}:${json}`;
  }
  return new JsonBody(`${text}}`);
}

/** What Fastify sends with a serialised object; pre-serialised answers say the same. */
const JSON_TYPE = 'application/json; charset=utf-8';

/** Registers one Web API method; the handler returns the body without `ok: true` (or a JsonBody). */
export function slackMethod(app: FastifyInstance, ctx: SlackContext, name: string, options: MethodOptions, handler: (call: Call) => object) {
  const accepted = options.scopes.join(',');
  app.route({
    method: ['GET', 'POST'], url: `/api/${name}`, config: { operation: name, readOnly: options.readOnly ?? false },
    handler: (request, reply) => {
      const args = argsOf(request);
      const data = ctx.store.data;
      if (data.scheduled.length > 0 && deliverDue(ctx, data, ctx.clock.now())) ctx.store.changed();
      const caller = authenticate(data, request, args);
      // Slack names the token's scopes and the ones the method accepts (WebClient copies them into response_metadata).
      reply.header('x-oauth-scopes', scopeHeader(caller.scopes)).header('x-accepted-oauth-scopes', accepted);
      if (options.tokenTypes && !options.tokenTypes.includes(caller.type)) throw slackError('not_allowed_token_type');
      requireScope(caller, options.scopes);
      const body = handler({ args, data, caller, request, now: ctx.clock.now() });
      if (body instanceof JsonBody) {
        reply.type(JSON_TYPE);
        return body.text;
      }
      return { ok: true, ...body };
    },
  });
}

// Slack's request ids are 32 hex digits; a random per-process prefix and a counter are as unique and,
// unlike 16 fresh random bytes per request, cost nothing.
const REQUEST_ID_PREFIX = randomBytes(8).toString('hex');
let requestCounter = 0;
const nextRequestId = () => REQUEST_ID_PREFIX + (++requestCounter).toString(16).padStart(16, '0');

/** Largest multipart file or field: the kernel's body limit, so a huge part is the same 413 as a huge body. */
const PART_LIMIT = 10 * 1024 * 1024;

/** Registers the body parsers (form-urlencoded, multipart; JSON is Fastify's) and the request-id header for every /api route. */
export function webApiPlumbing(app: FastifyInstance) {
  // Multipart fields become plain string arguments, file parts Buffers (`keyValues`), so every
  // encoding reaches handlers as the same flat argument object.
  void app.register(multipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: PART_LIMIT, fieldSize: PART_LIMIT, fields: 1000, files: 10 } });
  // A multipart body the parser cannot read surfaces as a bare Error (a 500 by default): Slack calls
  // that invalid_form_data. Anything else goes on to the kernel's handler, which renders and journals it.
  app.setErrorHandler((error: Error & { statusCode?: number }, request) => {
    if (!(error instanceof TwinError) && request.isMultipart() && (error.statusCode === undefined || error.statusCode >= 500 || error.statusCode === 406)) throw slackError('invalid_form_data');
    throw error;
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.header('x-slack-req-id', nextRequestId());
    done();
  });
}

const isEmpty = (object: object) => {
  for (const _key in object) return false;
  return true;
};

/** Query string and body arguments as one object (body wins); no copy when only one of them has any. */
export function argsOf(request: FastifyRequest): Args {
  const body = request.body;
  const query = request.query as Args;
  const fromBody = body && typeof body === 'object' && !Array.isArray(body) ? (body as Args) : undefined;
  if (!fromBody) return { ...query };
  return isEmpty(query) ? fromBody : { ...query, ...fromBody };
}

const invalid = (message: string) => slackError('invalid_arguments', { response_metadata: { messages: [`[ERROR] ${message}`] } });

/** An optional string argument (numbers are accepted as their text, as form encoding would send them). */
export function optString(args: Args, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw invalid(`invalid type for field: ${name}, expected string`);
}

export function reqString(args: Args, name: string, error?: string): string {
  const value = optString(args, name);
  if (value === undefined) throw error ? slackError(error) : invalid(`missing required field: ${name}`);
  return value;
}

export function optBool(args: Args, name: string): boolean | undefined {
  const value = args[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (value === true || value === 'true' || value === '1' || value === 1) return true;
  if (value === false || value === 'false' || value === '0' || value === 0) return false;
  throw invalid(`invalid type for field: ${name}, expected boolean`);
}

export function optInt(args: Args, name: string): number | undefined {
  const value = args[name];
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw invalid(`invalid type for field: ${name}, expected integer`);
  return n;
}

/** A JSON-array argument (blocks, attachments) given as an array or as its JSON text. */
export function optJsonArray(args: Args, name: string): unknown[] | undefined {
  let value = args[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw slackError(`invalid_${name}`);
    }
  }
  if (!Array.isArray(value)) throw slackError(`invalid_${name}`);
  return value;
}
