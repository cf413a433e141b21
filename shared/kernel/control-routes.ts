// The /_dtu/* routes of CONTRACT.md over any ControlBackend: a twin's own state or the whole universe.
// Errors here are DTU's own: {"ok":false,"error":code,"message":...}, never a vendor shape.
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { TWIN_NAMES } from '../twin-names.js';
import { parseDurationMs, type ClockState } from './clock.js';
import { advanceClock, badRequest, ControlError, type ClockChange, type ControlBackend } from './control-backend.js';
import { consistencyReport } from './consistency.js';
import { acceptJsonBodies } from './json-body.js';
import type { JournalQuery } from './journal.js';

const CONTROL_CONFIG = { dtuControl: true } as const;

function sendControlError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ ok: false, error: code, message });
}

function optionalInteger(query: Record<string, string | undefined>, name: string): number | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw badRequest(`${name} must be a non-negative integer, got "${raw}"`);
  return Number(raw);
}

function rulesOf(body: unknown, requireList: boolean): unknown[] {
  if (body && typeof body === 'object' && !Array.isArray(body) && 'rules' in body) {
    const rules = (body as { rules: unknown }).rules;
    if (!Array.isArray(rules)) throw badRequest('"rules" must be a list of rule objects');
    return rules;
  }
  if (requireList) throw badRequest('body must be {"rules":[...]}');
  if (body === undefined || body === null) throw badRequest('body must be a chaos rule or {"rules":[...]}');
  return [body];
}

const clockView = ({ now, frozen }: ClockState) => ({ now: new Date(now).toISOString(), epochMs: now, frozen });

/** PUT /_dtu/clock body: {"frozen"?: boolean, "now"?: ISO 8601 string or epoch ms}. */
function clockChangeOf(body: unknown): ClockChange {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('body must be {"frozen"?: true|false, "now"?: "2026-01-01T09:00:00Z" | epoch ms}');
  const { frozen, now, ...extra } = body as Record<string, unknown>;
  if (Object.keys(extra).length) throw badRequest(`unknown clock field(s): ${Object.keys(extra).join(', ')}`);
  if (frozen !== undefined && typeof frozen !== 'boolean') throw badRequest('"frozen" must be true or false');
  const at = typeof now === 'string' ? Date.parse(now) : now;
  if (now !== undefined && (typeof at !== 'number' || !Number.isFinite(at))) throw badRequest(`"now" must be an ISO 8601 date-time or epoch milliseconds, got ${JSON.stringify(now)}`);
  return { ...(frozen !== undefined && { frozen }), ...(at !== undefined && { now: at as number }) };
}

/** Registers health, credentials, org, reset, snapshot, chaos, events and clock; mount it with prefix "/_dtu". */
export async function controlRoutes(app: FastifyInstance, opts: { backend: ControlBackend }) {
  const { backend } = opts;
  const config = CONTROL_CONFIG;

  acceptJsonBodies(app, (parseMessage) => badRequest(`body is not valid JSON: ${parseMessage}`));

  app.setErrorHandler((error: FastifyError | ControlError, _request, reply) => {
    if (error instanceof ControlError) return sendControlError(reply, error.status, error.code, error.message);
    const status = (error as FastifyError).statusCode ?? 500;
    if (status >= 500) app.log.error(error);
    return sendControlError(reply, status, status === 413 ? 'payload_too_large' : status >= 500 ? 'internal_error' : 'invalid_request', error.message);
  });
  app.setNotFoundHandler((request, reply) => sendControlError(reply, 404, 'not_found', `no control route ${request.method} ${request.url.split('?')[0]}`));

  app.get('/health', { config }, async (_request, reply) => {
    const report = await backend.health();
    return reply.code(report.ok ? 200 : 503).send(report);
  });
  app.get('/credentials', { config }, () => backend.credentials());
  app.get('/org', { config }, () => backend.org());

  app.post('/reset', { config }, async (request) => {
    const body = (request.body ?? {}) as { seed?: unknown };
    if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('body must be {} or {"seed":N}');
    const { seed } = await backend.reset(body.seed === undefined ? undefined : (body.seed as number));
    return { ok: true, seed };
  });

  app.get('/snapshot', { config }, () => backend.snapshot());
  app.put('/snapshot', { config }, async (request) => {
    const dryRun = ['1', 'true'].includes(String((request.query as Record<string, string>).dryRun));
    const { seed } = await backend.restore(request.body, dryRun);
    return { ok: true, seed, dryRun };
  });

  app.get('/chaos', { config }, async () => ({ rules: await backend.listChaos() }));
  app.post('/chaos', { config }, async (request) => ({ rules: await backend.addChaos(rulesOf(request.body, false)) }));
  app.put('/chaos', { config }, async (request) => ({ rules: await backend.replaceChaos(rulesOf(request.body, true)) }));
  app.delete('/chaos', { config }, async () => ({ rules: await backend.removeChaos() }));
  app.delete('/chaos/:id', { config }, async (request) => ({ rules: await backend.removeChaos((request.params as { id: string }).id) }));

  app.get('/clock', { config }, async () => clockView(await backend.getClock()));
  app.put('/clock', { config }, async (request) => clockView(await backend.setClock(clockChangeOf(request.body))));
  app.post('/clock/advance', { config }, async (request) => {
    const by = parseDurationMs((request.body as { by?: unknown } | undefined)?.by);
    if (by === null) throw badRequest('body must be {"by": duration}: milliseconds, or a string such as "90s", "1h30m", "2d"');
    return clockView(await advanceClock(backend, by));
  });

  app.get('/events/:seq', { config }, async (request) => {
    const { seq } = request.params as { seq: string };
    if (!/^\d+$/.test(seq)) throw badRequest(`event seq must be a positive integer, got "${seq}"`);
    return backend.eventDetail(Number(seq));
  });

  app.get('/people', { config }, async () => ({ twins: await backend.people() }));
  app.get('/consistency', { config }, async (request) => {
    const { drift } = request.query as Record<string, string | undefined>;
    return consistencyReport(await backend.people(), drift === 'true' || drift === '1');
  });
  app.post('/settle', { config }, async () => ({ ok: true, ...(await backend.settle()) }));

  app.get('/events', { config }, async (request) => {
    const query = request.query as Record<string, string | undefined>;
    if (query.twin && !(TWIN_NAMES as readonly string[]).includes(query.twin)) {
      throw badRequest(`twin must be one of ${TWIN_NAMES.join(', ')}, got "${query.twin}"`);
    }
    const journalQuery: JournalQuery = {
      since: optionalInteger(query, 'since'),
      limit: optionalInteger(query, 'limit'),
      twin: query.twin || undefined,
      testId: query.testId || undefined,
    };
    if (journalQuery.limit !== undefined && (journalQuery.limit < 1 || journalQuery.limit > 1000)) throw badRequest('limit must be from 1 to 1000');
    return backend.events(journalQuery);
  });
}
