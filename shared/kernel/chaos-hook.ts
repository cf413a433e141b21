// Applies chaos before any handler runs: the X-DTU-Chaos header first, then the twin's rules,
// then (with --rate-limits realistic) the vendor's token buckets. Each effect is rendered by the
// twin's own VendorErrors, so an SDK sees exactly what the real service would send.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CHAOS_HEADER, parseChaosHeader } from '../chaos/chaos-header.js';
import { ChaosRuleError, DEFAULT_TIMEOUT_MS, type ChaosRule } from '../chaos/rules.js';
import type { ChaosMark } from './journal.js';
import type { TwinRuntime } from './twin-runtime.js';
import type { VendorResponse } from './vendor-errors.js';

export function sendVendor(reply: FastifyReply, response: VendorResponse): FastifyReply {
  reply.code(response.status);
  if (response.headers) reply.headers(response.headers);
  return reply.send(response.body);
}

/** Timers holding requests (latency, timeout); the server wakes them all when it closes. */
export class Holds {
  private pending = new Map<NodeJS.Timeout, () => void>();

  hold(ms: number, then: () => void): Promise<void> {
    return new Promise((resolve) => {
      const finish = () => { this.pending.delete(timer); then(); resolve(); };
      const timer = setTimeout(finish, ms);
      this.pending.set(timer, finish);
    });
  }

  wakeAll(): void {
    for (const [timer, finish] of this.pending) {
      clearTimeout(timer);
      finish();
    }
  }
}

export function requestPath(request: FastifyRequest): string {
  const q = request.url.indexOf('?');
  return q < 0 ? request.url : request.url.slice(0, q);
}

export function createChaosHooks(runtime: TwinRuntime<object>, holds: Holds) {
  const { errors, rateLimit } = runtime.definition;

  /** Requests answered (or dropped: status 0) by chaos never reach a handler, so they are journaled here. */
  const record = (request: FastifyRequest, status: number, mark: ChaosMark) => {
    runtime.journal.record({
      twin: runtime.name, direction: 'in', method: request.method, url: request.url,
      operation: request.routeOptions.config.operation ?? null, status, durationMs: 0,
      actor: { type: 'anonymous' }, testId: request.headers['x-dtu-test-id'] as string | undefined, chaos: mark,
    });
  };
  const answer = (request: FastifyRequest, reply: FastifyReply, mark: ChaosMark, response: VendorResponse) => {
    record(request, response.status, mark);
    sendVendor(reply, response);
  };

  /** Applies a fired rule: either answers (or drops) the request, or delays it and calls done. */
  const apply = (request: FastifyRequest, reply: FastifyReply, rule: ChaosRule, source: ChaosMark['source'], done: () => void) => {
    const mark: ChaosMark = { effect: rule.effect, source, ...(source === 'rule' && { rule: rule.id }) };
    request.dtuChaos = mark;
    switch (rule.effect) {
      case 'latency':
        mark.latencyMs = rule.latencyMs ?? 0;
        void holds.hold(mark.latencyMs, done);
        return;
      case 'rate_limit': {
        const retryAfterSec = rule.retryAfterSec ?? 1;
        mark.status = rule.status ?? 429;
        const resetAtSec = Math.ceil(runtime.clock.now() / 1000) + retryAfterSec;
        answer(request, reply, mark, errors.rateLimited({ retryAfterSec, status: rule.status, resetAtSec }));
        return;
      }
      case 'error':
        mark.status = rule.status ?? 500;
        answer(request, reply, mark, errors.serverError(mark.status, `Injected failure (DTU chaos, status ${mark.status})`));
        return;
      case 'timeout':
        mark.latencyMs = rule.latencyMs ?? DEFAULT_TIMEOUT_MS;
        reply.hijack();
        record(request, 0, mark);
        void holds.hold(mark.latencyMs, () => request.raw.socket?.destroy());
        return;
      case 'reset':
        reply.hijack();
        record(request, 0, mark);
        request.raw.socket?.destroy();
        return;
    }
  };

  /**
   * Callback-style onRequest hook: with no X-DTU-Chaos header and no rules (the common case) it returns
   * at once without touching the route's options. A hook that answers does not call done.
   */
  const chaosHook = function chaosHook(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) {
    const header = request.headers[CHAOS_HEADER];
    if (header === undefined && runtime.chaos.size === 0) return done();
    const config = request.routeOptions.config;
    if (config.dtuControl) return done();
    if (header !== undefined) {
      let rule: ChaosRule;
      try {
        rule = parseChaosHeader(String(header));
      } catch (error) {
        if (error instanceof ChaosRuleError) return answer(request, reply, { effect: 'invalid_header', source: 'header' }, errors.invalid(error.message));
        return done(error as Error);
      }
      return apply(request, reply, rule, 'header', done);
    }
    if (runtime.chaos.size) {
      const rule = runtime.chaos.decide({
        method: request.method, path: requestPath(request), operation: config.operation ?? null,
        testId: request.headers['x-dtu-test-id'] as string | undefined,
      });
      if (rule) return apply(request, reply, rule, 'rule', done);
    }
    done();
  };

  /**
   * preHandler hook for --rate-limits realistic, installed only then: it runs after body parsing and the
   * twin's auth, so a twin can class a request by its arguments (Slack: chat.postMessage per channel).
   * Allowed requests carry their bucket's state in request.dtuRateLimit for the vendor's headers.
   */
  const rateLimitHook = function rateLimitHook(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) {
    const limitClass = request.routeOptions.config.dtuControl ? null : rateLimit!(request);
    if (!limitClass) return done();
    const credential = String(request.headers.authorization ?? 'anonymous');
    const decision = runtime.limiter!.take(limitClass, credential, runtime.clock.now());
    if (!decision.allowed) return answer(request, reply, { effect: 'rate_limit', source: 'rate_limit', status: 429, rule: limitClass.name }, errors.rateLimited({ ...decision, limitClass }));
    request.dtuRateLimit = decision;
    done();
  };

  return { chaosHook, rateLimitHook: runtime.limiter && rateLimit ? rateLimitHook : null };
}
