// What a twin sends: webhooks, event deliveries, provisioning calls. Every attempt, its answer and
// its retries land in the journal with direction "out", since users check what the twin sent.
import type { Actor, Journal } from './journal.js';

export interface OutboundRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The event or call type, e.g. "event_callback" or "jira:issue_created". */
  operation: string;
  actor?: Actor;
  target?: Record<string, unknown>;
  timeoutMs?: number;
}

export interface OutboundResult {
  /** The receiver's status, 0 when it gave none (refused, timed out). */
  status: number;
  body: string;
  headers: Headers | null;
  error?: string;
  attempt: number;
}

export interface RetryPolicy {
  /** Wait before each retry; its length is the number of retries. */
  delaysMs: number[];
  /** Which answers to retry; default: no answer, 429 and 5xx. */
  retryOn?: (result: OutboundResult) => boolean;
  /** Lets the request change per attempt (Slack's X-Slack-Retry-Num). */
  prepare?: (request: OutboundRequest, attempt: number) => OutboundRequest;
}

const SYSTEM_ACTOR: Actor = { type: 'app' };
const defaultRetryOn = (r: OutboundResult) => r.status === 0 || r.status === 429 || r.status >= 500;

export class Outbound {
  private closed = false;
  /** Pending retry waits; close() ends them at once. */
  private waits = new Map<NodeJS.Timeout, () => void>();

  constructor(private readonly twin: string, private readonly journal: Journal) {}

  /** One attempt, journaled. Never throws: a network failure is status 0 with `error`. */
  async send(request: OutboundRequest, attempt = 1): Promise<OutboundResult> {
    const started = performance.now();
    let result: OutboundResult;
    try {
      const response = await fetch(request.url, {
        method: request.method ?? 'POST',
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(request.timeoutMs ?? 10_000),
        redirect: 'manual',
      });
      result = { status: response.status, body: await response.text(), headers: response.headers, attempt };
    } catch (error) {
      result = { status: 0, body: '', headers: null, error: (error as Error).message, attempt };
    }
    this.journal.record({
      twin: this.twin, direction: 'out', method: request.method ?? 'POST', url: request.url, operation: request.operation,
      status: result.status, durationMs: Math.round((performance.now() - started) * 100) / 100, actor: request.actor ?? SYSTEM_ACTOR,
      attempt, ...(request.target && { target: request.target }), ...(result.error && { error: result.error }),
    });
    return result;
  }

  /** Sends, retrying per the policy; resolves with the last attempt's result. Stops retrying once closed. */
  async deliver(request: OutboundRequest, policy: RetryPolicy): Promise<OutboundResult> {
    const retryOn = policy.retryOn ?? defaultRetryOn;
    let attempt = 1;
    let result = await this.send(policy.prepare ? policy.prepare(request, attempt) : request, attempt);
    while (retryOn(result) && attempt <= policy.delaysMs.length && !this.closed) {
      await this.sleep(policy.delaysMs[attempt - 1]);
      if (this.closed) break;
      attempt++;
      result = await this.send(policy.prepare ? policy.prepare(request, attempt) : request, attempt);
    }
    return result;
  }

  close(): void {
    this.closed = true;
    for (const [timer, wake] of this.waits) {
      clearTimeout(timer);
      wake();
    }
    this.waits.clear();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.waits.delete(timer); resolve(); }, ms);
      this.waits.set(timer, resolve);
    });
  }
}
