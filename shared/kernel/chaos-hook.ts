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

export function createChaosHook(runtime: TwinRuntime<object>, holds: Holds) {
  const { errors, rateLimit } = runtime.definition;

  /** timeout and reset never answer: journal them here, since onResponse will not run. */
  const recordUnanswered = (request: FastifyRequest, mark: ChaosMark) => {
    runtime.journal.record({
      twin: runtime.name, direction: 'in', method: request.method, url: request.url,
      operation: request.routeOptions.config.operation ?? null, status: 0, durationMs: 0,
      actor: { type: 'anonymous' }, testId: request.headers['x-dtu-test-id'] as string | undefined, chaos: mark,
    });
  };

  const apply = async (request: FastifyRequest, reply: FastifyReply, rule: ChaosRule, source: ChaosMark['source']) => {
    const mark: ChaosMark = { effect: rule.effect, source, ...(source === 'rule' && { rule: rule.id }) };
    request.dtuChaos = mark;
    switch (rule.effect) {
      case 'latency':
        mark.latencyMs = rule.latencyMs ?? 0;
        await holds.hold(mark.latencyMs, () => {});
        return undefined;
      case 'rate_limit': {
        const retryAfterSec = rule.retryAfterSec ?? 1;
        mark.status = rule.status ?? 429;
        const resetAtSec = Math.ceil(runtime.clock.now() / 1000) + retryAfterSec;
        return sendVendor(reply, errors.rateLimited({ retryAfterSec, status: rule.status, resetAtSec }));
      }
      case 'error':
        mark.status = rule.status ?? 500;
        return sendVendor(reply, errors.serverError(mark.status, `Injected failure (DTU chaos, status ${mark.status})`));
      case 'timeout':
        mark.latencyMs = rule.latencyMs ?? DEFAULT_TIMEOUT_MS;
        reply.hijack();
        recordUnanswered(request, mark);
        await holds.hold(mark.latencyMs, () => request.raw.socket?.destroy());
        return reply;
      case 'reset':
        reply.hijack();
        recordUnanswered(request, mark);
        request.raw.socket?.destroy();
        return reply;
    }
  };

  return async function chaosHook(request: FastifyRequest, reply: FastifyReply) {
    const config = request.routeOptions.config;
    if (config.dtuControl) return;
    const header = request.headers[CHAOS_HEADER];
    if (header !== undefined) {
      let rule: ChaosRule;
      try {
        rule = parseChaosHeader(String(header));
      } catch (error) {
        if (error instanceof ChaosRuleError) return sendVendor(reply, errors.invalid(error.message));
        throw error;
      }
      return apply(request, reply, rule, 'header');
    }
    if (runtime.chaos.size) {
      const rule = runtime.chaos.decide({
        method: request.method, path: requestPath(request), operation: config.operation ?? null,
        testId: request.headers['x-dtu-test-id'] as string | undefined,
      });
      if (rule) return apply(request, reply, rule, 'rule');
    }
    if (runtime.limiter && rateLimit) {
      const limitClass = rateLimit(request);
      if (!limitClass) return;
      const credential = String(request.headers.authorization ?? 'anonymous');
      const decision = runtime.limiter.take(limitClass, credential, runtime.clock.now());
      if (!decision.allowed) {
        request.dtuChaos = { effect: 'rate_limit', source: 'rate_limit', status: 429, rule: limitClass.name };
        return sendVendor(reply, errors.rateLimited(decision));
      }
    }
  };
}
