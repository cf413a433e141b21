// The bounded journal behind /_dtu/events: what a twin received (direction "in") and what it sent
// (direction "out": webhooks, event deliveries, provisioning calls, each attempt of each retry).
// A ring buffer with contiguous sequence numbers, so reading from a cursor is O(page).

export interface Actor {
  type: 'user' | 'bot' | 'app' | 'service_account' | 'anonymous';
  id?: string;
  email?: string;
}

export interface ChaosMark {
  rule?: string;
  effect: string;
  status?: number;
  latencyMs?: number;
  source: 'rule' | 'header' | 'rate_limit';
}

export interface JournalInput {
  twin: string;
  direction: 'in' | 'out';
  method: string;
  url: string;
  operation: string | null;
  status: number;
  durationMs: number;
  actor: Actor;
  testId?: string;
  chaos?: ChaosMark;
  /** What the request changed or the delivery was about, e.g. {type:"channel", id:"C123"}. */
  target?: Record<string, unknown>;
  /** Outbound deliveries: 1 for the first try, 2.. for retries. */
  attempt?: number;
  error?: string;
  /** In the control plane's merged journal: the event's seq in its twin's own journal. */
  sourceSeq?: number;
}

export interface JournalEvent extends JournalInput {
  seq: number;
  time: string;
  /**
   * "failure" when the call got no answer (status 0), an error status, or a vendor error inside a
   * 200 (Slack's ok:false, recorded as `error`); "success" otherwise. Injected chaos shows in `chaos`.
   */
  outcome: 'success' | 'failure';
}

export interface JournalQuery {
  since?: number;
  limit?: number;
  twin?: string;
  testId?: string;
}

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

/** Rarely-set fields, kept together so the common request stores nothing for them. */
type Extra = Pick<JournalInput, 'chaos' | 'target' | 'attempt' | 'error' | 'sourceSeq'>;

/**
 * Stored as columns (typed arrays for numbers, one array per field) rather than one object per event:
 * recording runs on every request, and thousands of retained small objects cost the GC far more than
 * a few slots in arrays that already exist.
 */
export class Journal {
  private nextSeq = 1;
  private count = 0;
  private timeMs: Float64Array;
  private status: Int16Array;
  private durationMs: Float32Array;
  private twin: string[];
  private direction: ('in' | 'out')[];
  private method: string[];
  private url: string[];
  private operation: (string | null)[];
  private actor: Actor[];
  private testId: (string | undefined)[];
  private extra: (Extra | undefined)[];

  constructor(readonly capacity = 10_000, private readonly now: () => number = Date.now) {
    this.timeMs = new Float64Array(capacity);
    this.status = new Int16Array(capacity);
    this.durationMs = new Float32Array(capacity);
    this.twin = new Array(capacity).fill('');
    this.direction = new Array(capacity).fill('in');
    this.method = new Array(capacity).fill('');
    this.url = new Array(capacity).fill('');
    this.operation = new Array(capacity).fill(null);
    this.actor = new Array(capacity).fill(null);
    this.testId = new Array(capacity).fill(undefined);
    this.extra = new Array(capacity).fill(undefined);
  }

  record(input: JournalInput): number {
    const { chaos, target, attempt, error } = input;
    const extra = chaos || target || attempt || error ? { chaos, target, attempt, error } : undefined;
    return this.put(this.now(), input.twin, input.direction, input.method, input.url, input.operation, input.status, input.durationMs, input.actor, input.testId, extra);
  }

  /**
   * The per-request form of record(): the same fields as arguments, so a request allocates nothing
   * unless it carries a chaos mark or a target.
   */
  recordInbound(twin: string, method: string, url: string, operation: string | null, status: number, durationMs: number,
    actor: Actor, testId: string | undefined, chaos: ChaosMark | null, target: Record<string, unknown> | null, error?: string): number {
    const extra = chaos || target || error ? { chaos: chaos ?? undefined, target: target ?? undefined, error } : undefined;
    return this.put(this.now(), twin, 'in', method, url, operation, status, durationMs, actor, testId, extra);
  }

  /** Appends an event that already has its own time (merging journals from other processes). */
  append(input: JournalInput, timeMs: number): void {
    const { chaos, target, attempt, error, sourceSeq } = input;
    const extra = chaos || target || attempt || error || sourceSeq ? { chaos, target, attempt, error, sourceSeq } : undefined;
    this.put(timeMs, input.twin, input.direction, input.method, input.url, input.operation, input.status, input.durationMs, input.actor, input.testId, extra);
  }

  /** Events with seq > since, oldest first; `next` is the last returned seq (or since when none). */
  list(query: JournalQuery = {}): { events: JournalEvent[]; next: number } {
    const since = Math.max(0, query.since ?? 0);
    const limit = Math.min(MAX_PAGE, Math.max(1, query.limit ?? DEFAULT_PAGE));
    const oldest = this.nextSeq - this.count;
    const events: JournalEvent[] = [];
    for (let seq = Math.max(since + 1, oldest); seq < this.nextSeq && events.length < limit; seq++) {
      const slot = seq % this.capacity;
      if (query.twin && this.twin[slot] !== query.twin) continue;
      if (query.testId && this.testId[slot] !== query.testId) continue;
      events.push(this.read(seq));
    }
    return { events, next: events.length ? events[events.length - 1].seq : since };
  }

  /** One retained event by seq, or undefined when it is unknown or no longer kept. */
  get(seq: number): JournalEvent | undefined {
    return seq >= this.nextSeq - this.count && seq < this.nextSeq && seq >= 1 ? this.read(seq) : undefined;
  }

  clear(): void {
    this.count = 0;
    this.nextSeq = 1;
    // Drop references so cleared events can be collected.
    this.url.fill('');
    this.actor.fill(null as unknown as Actor);
    this.extra.fill(undefined);
  }

  private put(timeMs: number, twin: string, direction: 'in' | 'out', method: string, url: string, operation: string | null,
    status: number, durationMs: number, actor: Actor, testId: string | undefined, extra: Extra | undefined): number {
    const seq = this.nextSeq++;
    const slot = seq % this.capacity;
    this.timeMs[slot] = timeMs;
    this.status[slot] = status;
    this.durationMs[slot] = durationMs;
    this.twin[slot] = twin;
    this.direction[slot] = direction;
    this.method[slot] = method;
    this.url[slot] = url;
    this.operation[slot] = operation;
    this.actor[slot] = actor;
    this.testId[slot] = testId;
    this.extra[slot] = extra;
    if (this.count < this.capacity) this.count++;
    return seq;
  }

  /** The public form of one stored event; fields that were not set are left out. */
  private read(seq: number): JournalEvent {
    const slot = seq % this.capacity;
    const event: JournalEvent = {
      seq, time: new Date(this.timeMs[slot]).toISOString(), twin: this.twin[slot], direction: this.direction[slot],
      method: this.method[slot], url: this.url[slot], operation: this.operation[slot], status: this.status[slot],
      durationMs: Math.round(this.durationMs[slot] * 100) / 100, actor: this.actor[slot], outcome: 'success',
    };
    if (this.testId[slot] !== undefined) event.testId = this.testId[slot];
    const extra = this.extra[slot];
    if (extra) for (const [key, value] of Object.entries(extra)) if (value !== undefined) (event as unknown as Record<string, unknown>)[key] = value;
    if (event.status === 0 || event.status >= 400 || event.error !== undefined) event.outcome = 'failure';
    return event;
  }
}
