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
}

export interface JournalEvent extends JournalInput {
  seq: number;
  time: string;
}

interface StoredEvent extends JournalInput {
  seq: number;
  timeMs: number;
}

export interface JournalQuery {
  since?: number;
  limit?: number;
  twin?: string;
  testId?: string;
}

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

export class Journal {
  private buffer: (StoredEvent | undefined)[];
  private nextSeq = 1;
  private count = 0;
  private listeners = new Set<(event: JournalEvent) => void>();

  constructor(readonly capacity = 10_000, private readonly now: () => number = Date.now) {
    this.buffer = new Array(capacity);
  }

  record(input: JournalInput): number {
    const seq = this.nextSeq++;
    const event: StoredEvent = { ...input, seq, timeMs: this.now() };
    this.buffer[seq % this.capacity] = event;
    if (this.count < this.capacity) this.count++;
    if (this.listeners.size) for (const listener of this.listeners) listener(toPublic(event));
    return seq;
  }

  /** Appends an event that already has its own time (merging journals from other processes). */
  append(input: JournalInput, timeMs: number): void {
    const seq = this.nextSeq++;
    this.buffer[seq % this.capacity] = { ...input, seq, timeMs };
    if (this.count < this.capacity) this.count++;
  }

  /** Events with seq > since, oldest first; `next` is the last returned seq (or since when none). */
  list(query: JournalQuery = {}): { events: JournalEvent[]; next: number } {
    const since = Math.max(0, query.since ?? 0);
    const limit = Math.min(MAX_PAGE, Math.max(1, query.limit ?? DEFAULT_PAGE));
    const oldest = this.nextSeq - this.count;
    const events: JournalEvent[] = [];
    for (let seq = Math.max(since + 1, oldest); seq < this.nextSeq && events.length < limit; seq++) {
      const event = this.buffer[seq % this.capacity]!;
      if (query.twin && event.twin !== query.twin) continue;
      if (query.testId && event.testId !== query.testId) continue;
      events.push(toPublic(event));
    }
    return { events, next: events.length ? events[events.length - 1].seq : since };
  }

  onEvent(listener: (event: JournalEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.buffer = new Array(this.capacity);
    this.count = 0;
    this.nextSeq = 1;
  }
}

function toPublic(event: StoredEvent): JournalEvent {
  const { timeMs, ...rest } = event;
  return { ...rest, time: new Date(timeMs).toISOString() };
}
