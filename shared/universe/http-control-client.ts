// A twin in another process (a container), reached through its own /_dtu routes.
import type { ChaosRuleView } from '../chaos/rules.js';
import type { ClockState } from '../kernel/clock.js';
import { ControlError, type ClockChange, type ControlBackend, type EventsPage, type HealthReport, type Snapshot } from '../kernel/control-backend.js';
import type { EventBodiesView } from '../kernel/event-bodies.js';
import type { JournalEvent, JournalQuery } from '../kernel/journal.js';
import type { TwinPerson } from '../kernel/twin-definition.js';
import type { Org } from '../seeding/org.js';

export class HttpControlClient implements ControlBackend {
  constructor(readonly name: string, readonly baseUrl: string, private readonly timeoutMs = 10_000) {}

  private async call<T>(method: string, path: string, body?: unknown, timeoutMs = this.timeoutMs): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/_dtu${path}`, {
        method,
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new ControlError(502, 'twin_unreachable', `the ${this.name} twin at ${this.baseUrl} did not answer: ${(error as Error).message}`);
    }
    const payload = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
    if (!response.ok && !(path === '/health' && response.status === 503)) {
      throw new ControlError(response.status, payload.error ?? 'twin_error', payload.message ?? `${this.name} twin answered ${response.status}`);
    }
    return payload as T;
  }

  async health(): Promise<HealthReport> {
    try {
      return await this.call<HealthReport>('GET', '/health', undefined, 2_000);
    } catch {
      return { ok: false, seed: -1, twins: { [this.name]: 'down' } };
    }
  }

  credentials = () => this.call<Record<string, unknown>>('GET', '/credentials');
  org = () => this.call<Org>('GET', '/org');
  reset = (seed?: number) => this.call<{ seed: number }>('POST', '/reset', seed === undefined ? {} : { seed });
  snapshot = () => this.call<Snapshot>('GET', '/snapshot');
  restore = (snapshot: unknown, dryRun: boolean) => this.call<{ seed: number }>('PUT', `/snapshot${dryRun ? '?dryRun=true' : ''}`, snapshot);

  listChaos = async () => (await this.call<{ rules: ChaosRuleView[] }>('GET', '/chaos')).rules;
  addChaos = async (rules: unknown[]) => (await this.call<{ rules: ChaosRuleView[] }>('POST', '/chaos', { rules })).rules;
  replaceChaos = async (rules: unknown[]) => (await this.call<{ rules: ChaosRuleView[] }>('PUT', '/chaos', { rules })).rules;
  removeChaos = async (id?: string) =>
    (await this.call<{ rules: ChaosRuleView[] }>('DELETE', id === undefined ? '/chaos' : `/chaos/${encodeURIComponent(id)}`)).rules;

  getClock = async () => clockStateOf(await this.call<ClockWire>('GET', '/clock'));
  setClock = async (change: ClockChange) => clockStateOf(await this.call<ClockWire>('PUT', '/clock', change));

  eventDetail = (seq: number) => this.call<JournalEvent & Partial<EventBodiesView>>('GET', `/events/${seq}`);
  people = async () => (await this.call<{ twins: Record<string, TwinPerson[]> }>('GET', '/people')).twins;
  settle = () => this.call<{ pending: number }>('POST', '/settle', {}, 60_000);

  events(query: JournalQuery): Promise<EventsPage> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    return this.call<EventsPage>('GET', `/events?${params}`);
  }
}

interface ClockWire {
  epochMs: number;
  frozen: boolean;
}

const clockStateOf = (wire: ClockWire): ClockState => ({ now: wire.epochMs, frozen: wire.frozen });
