// The operations behind /_dtu/*. A twin implements them over its own state (TwinRuntime); the
// universe's control plane implements them by fanning out to every twin (UniverseControl), reaching
// twins in the same process directly and twins in other processes over HTTP (HttpControlClient).
import type { ChaosRuleView } from '../chaos/rules.js';
import type { Org } from '../seeding/org.js';
import type { ClockState } from './clock.js';
import type { EventBodiesView } from './event-bodies.js';
import type { JournalEvent, JournalQuery } from './journal.js';
import type { TwinPerson } from './twin-definition.js';

export interface HealthReport {
  ok: boolean;
  seed: number;
  twins: Record<string, 'up' | 'down'>;
}

export interface Snapshot {
  version: 1;
  seed: number;
  twins: Record<string, unknown>;
}

export interface EventsPage {
  events: JournalEvent[];
  next: number;
}

export interface ControlBackend {
  health(): Promise<HealthReport>;
  credentials(): Promise<Record<string, unknown>>;
  org(): Promise<Org>;
  reset(seed?: number): Promise<{ seed: number }>;
  snapshot(): Promise<Snapshot>;
  /** Checks everything first; with dryRun nothing changes. */
  restore(snapshot: unknown, dryRun: boolean): Promise<{ seed: number }>;
  listChaos(): Promise<ChaosRuleView[]>;
  /** Raw rule bodies (checked by the backend); answers the whole list. */
  addChaos(rules: unknown[]): Promise<ChaosRuleView[]>;
  replaceChaos(rules: unknown[]): Promise<ChaosRuleView[]>;
  /** One rule by id (404 when unknown) or, without id, all. */
  removeChaos(id?: string): Promise<ChaosRuleView[]>;
  events(query: JournalQuery): Promise<EventsPage>;
  /** One event with, for the newest inbound calls, its request and response (headers and bodies); 404 when not kept. */
  eventDetail(seq: number): Promise<JournalEvent & Partial<EventBodiesView>>;
  getClock(): Promise<ClockState>;
  /** Freeze or unfreeze and/or set the time (epoch ms); answers the new state. */
  setClock(change: ClockChange): Promise<ClockState>;
  /** The people each twin holds, by twin (a twin answers for itself). */
  people(): Promise<Record<string, TwinPerson[]>>;
  /** Waits for work the twins started on their own (provisioning, deliveries) that is due now. */
  settle(): Promise<{ pending: number }>;
}

export interface ClockChange {
  now?: number;
  frozen?: boolean;
}

/** Moves the backend's clock forward by `ms` (a twin's, or every twin's in step). */
export async function advanceClock(backend: ControlBackend, ms: number): Promise<ClockState> {
  const { now } = await backend.getClock();
  return backend.setClock({ now: now + ms });
}

/** A control-plane failure with its HTTP status and a machine-readable code. */
export class ControlError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export const badRequest = (message: string) => new ControlError(400, 'invalid_request', message);
