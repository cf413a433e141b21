// System Log: GET /api/v1/logs with since / until / filter / q / limit / after / sortOrder.
// Without `until` it is a polling request: Okta always answers a rel="next" link then, even on an
// empty page, so a client can keep polling (the SDK's collection would therefore never end).
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { oktaError, oktaFail } from '../errors.js';
import { FilterError, parseExpression } from '../filter.js';
import { pageLimit, setPageLinks } from '../pagination.js';
import type { LogEvent, OktaData } from '../store.js';
import { stringParam } from './params.js';

const WEEK_MS = 7 * 24 * 3600 * 1000;

function instant(raw: unknown, name: string): number | undefined {
  const value = stringParam(raw, name);
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw oktaError(400, 'E0000030', 'Bad request. Invalid date. Dates must be of the form yyyy-MM-ddTHH:mm:ss.SSSZZ, e.g. 2013-01-01T12:00:00.000-07:00.');
  return ms;
}

const words = (e: LogEvent) => [e.eventType, e.displayMessage, e.actor.alternateId, e.actor.displayName, ...e.target.flatMap((t) => [t.alternateId, t.displayName, t.id])].join(' ').toLowerCase();

export function logsRoutes(app: FastifyInstance, ctx: TwinContext<OktaData>): void {
  app.get('/api/v1/logs', { config: { operation: 'listLogEvents' } }, (request, reply) => {
    const logs = ctx.store.data.logs;
    const query = request.query as Record<string, unknown>;
    const limit = pageLimit(query.limit, 1000, 100);
    const until = instant(query.until, 'until');
    const since = instant(query.since, 'since') ?? ctx.clock.now() - WEEK_MS;
    const order = stringParam(query.sortOrder, 'sortOrder') ?? 'ASCENDING';
    if (order !== 'ASCENDING' && order !== 'DESCENDING') throw oktaFail.validation('sortOrder', 'sortOrder: must be ASCENDING or DESCENDING');
    const terms = (stringParam(query.q, 'q') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const filterSource = stringParam(query.filter, 'filter');
    let filter: ((e: object) => boolean) | null = null;
    try {
      filter = filterSource === undefined ? null : parseExpression(filterSource, 'search');
    } catch (error) {
      if (error instanceof FilterError) throw oktaFail.badSearch();
      throw error;
    }
    const after = stringParam(query.after, 'after');
    const keep = (e: LogEvent) => {
      const at = Date.parse(e.published);
      return at >= since && (until === undefined || at < until) && (!filter || filter(e)) && terms.every((t) => words(e).includes(t));
    };
    const ordered = order === 'ASCENDING' ? logs : [...logs].reverse();
    const start = after ? ordered.findIndex((e) => e.uuid === after) + 1 : 0;
    const page: LogEvent[] = [];
    let more = false;
    for (let i = start; i < ordered.length; i++) {
      if (!keep(ordered[i])) continue;
      if (page.length === limit) { more = true; break; }
      page.push(ordered[i]);
    }
    const polling = until === undefined && order === 'ASCENDING';
    const cursor = page.at(-1)?.uuid ?? after ?? null;
    setPageLinks(request, reply, ctx.publicUrl(), more || polling ? cursor ?? '' : null);
    return page;
  });
}
