// One twin's live state and the /_dtu operations over it: seed and org, store, chaos rules,
// journal, clock, rate-limit buckets and optional persistence. Independent of HTTP, so the
// universe can drive in-process twins directly.
import { ChaosEngine } from '../chaos/engine.js';
import { RateLimiter } from '../chaos/rate-limits.js';
import { ChaosRuleError, parseRule, type ChaosRule, type ChaosRuleView } from '../chaos/rules.js';
import { FixtureError, type OrgSource } from '../seeding/fixtures.js';
import type { Org } from '../seeding/org.js';
import { prefetchRsaKeyPairs } from '../seeding/rsa-keys.js';
import { TwinPersistence } from '../state/persist.js';
import { checkSameShape, Store } from '../state/store.js';
import { Clock, type ClockState } from './clock.js';
import { badRequest, ControlError, type ClockChange, type ControlBackend, type EventsPage, type HealthReport, type Snapshot } from './control-backend.js';
import { EventBodies, type EventBodiesView } from './event-bodies.js';
import { Journal, type JournalEvent, type JournalQuery } from './journal.js';
import { Outbound } from './outbound.js';
import { Peers } from './peers.js';
import type { TwinContext, TwinDefinition, TwinPerson } from './twin-definition.js';

export interface TwinRuntimeOptions {
  seed: number;
  orgSource: OrgSource;
  /** Rules from --chaos / DTU_CHAOS; the ones for this twin (or *) come back on every reset. */
  startupChaos?: ChaosRule[];
  rateLimits?: 'off' | 'realistic';
  persistDir?: string;
  journalCapacity?: number;
  /** Where the other twins listen; the universe fills it in once they all do. */
  peers?: Peers;
}

export function checkSeed(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw badRequest(`seed must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

export class TwinRuntime<D extends object> implements ControlBackend {
  readonly store: Store<D>;
  readonly clock: Clock;
  readonly journal: Journal;
  /** Bodies of the newest inbound calls, by journal seq (event-bodies.ts). */
  readonly bodies = new EventBodies();
  readonly outbound: Outbound;
  readonly chaos: ChaosEngine;
  readonly limiter: RateLimiter | null;
  readonly persistence: TwinPersistence | null;
  readonly peers: Peers;
  /** Set by the server once it listens. */
  publicUrl = '';
  private currentSeed: number;
  private currentOrg: Org;
  private readonly config: Record<string, unknown> | undefined;

  constructor(readonly definition: TwinDefinition<D>, private readonly options: TwinRuntimeOptions) {
    const name = definition.name;
    this.clock = new Clock((error) => console.error(`[dtu ${name}] a clock timer failed:`, error));
    this.journal = new Journal(options.journalCapacity, () => this.clock.now());
    this.outbound = new Outbound(name, this.journal);
    this.peers = options.peers ?? new Peers();
    this.limiter = options.rateLimits === 'realistic' ? new RateLimiter() : null;
    this.persistence = options.persistDir
      ? new TwinPersistence(options.persistDir, name, () => ({ version: 1, twin: name, seed: this.currentSeed, savedAt: new Date().toISOString(), data: this.store.data }))
      : null;
    const saved = this.persistence?.load() ?? null;
    this.currentSeed = saved?.seed ?? options.seed;
    this.currentOrg = options.orgSource.get(this.currentSeed);
    this.config = this.checkedConfig();
    const seeded = definition.seedState(this.seedContext());
    if (saved) {
      const problem = this.checkState(seeded, saved.data);
      if (problem) throw new Error(`${this.persistence!.file}: saved ${name} state ${problem}`);
    }
    this.store = new Store<D>(saved ? (saved.data as D) : seeded);
    this.chaos = new ChaosEngine(name, this.currentSeed, options.startupChaos);
    if (this.persistence) {
      this.store.onChange(() => void this.persistence!.save().catch(() => {}));
      if (!saved) void this.persistence.save();
    }
    definition.stateLoaded?.(this.context());
  }

  get name() {
    return this.definition.name;
  }

  get seed(): number {
    return this.currentSeed;
  }

  context(): TwinContext<D> {
    return {
      name: this.name, store: this.store, journal: this.journal, clock: this.clock, errors: this.definition.errors,
      outbound: this.outbound, seed: () => this.currentSeed, org: () => this.currentOrg, publicUrl: () => this.publicUrl,
      peers: this.peers,
    };
  }

  /** After a handler changed state; resolves once the change is on disk (immediately without --persist). */
  markChanged(): Promise<void> | null {
    this.store.changed();
    return this.persistence ? this.persistence.save() : null;
  }

  async health(): Promise<HealthReport> {
    return { ok: true, seed: this.currentSeed, twins: { [this.name]: 'up' } };
  }

  async credentials(): Promise<Record<string, unknown>> {
    return { [this.name]: this.definition.credentials({ org: this.currentOrg, seed: this.currentSeed, publicUrl: this.publicUrl }) };
  }

  async org(): Promise<Org> {
    return this.currentOrg;
  }

  async reset(seed?: number): Promise<{ seed: number }> {
    if (seed !== undefined) {
      await prefetchRsaKeyPairs(checkSeed(seed), this.definition.derivedKeys ?? []);
      this.switchSeed(seed);
    }
    this.store.replace(this.definition.seedState(this.seedContext()));
    this.chaos.reset(this.currentSeed);
    this.journal.clear();
    this.bodies.clear();
    this.clock.reset();
    this.limiter?.clear();
    this.definition.stateLoaded?.(this.context());
    await this.persistence?.save();
    return { seed: this.currentSeed };
  }

  async snapshot(): Promise<Snapshot> {
    return { version: 1, seed: this.currentSeed, twins: { [this.name]: this.store.export() } };
  }

  async restore(snapshot: unknown, dryRun: boolean): Promise<{ seed: number }> {
    const { seed, data } = this.checkSnapshot(snapshot);
    if (dryRun) return { seed };
    if (seed !== this.currentSeed) this.switchSeed(seed);
    this.store.replace(JSON.parse(JSON.stringify(data)) as D);
    this.clock.cancelTimers();
    this.definition.stateLoaded?.(this.context());
    await this.persistence?.save();
    return { seed };
  }

  async listChaos(): Promise<ChaosRuleView[]> {
    return this.chaos.list();
  }

  async addChaos(rules: unknown[]): Promise<ChaosRuleView[]> {
    return this.changeChaos(() => this.chaos.add(this.parseRules(rules)));
  }

  async replaceChaos(rules: unknown[]): Promise<ChaosRuleView[]> {
    return this.changeChaos(() => this.chaos.replace(this.parseRules(rules)));
  }

  async removeChaos(id?: string): Promise<ChaosRuleView[]> {
    if (id === undefined) this.chaos.replace([]);
    else if (!this.chaos.remove(id)) throw new ControlError(404, 'not_found', `no chaos rule with id "${id}"`);
    return this.chaos.list();
  }

  async events(query: JournalQuery): Promise<EventsPage> {
    return this.journal.list(query);
  }

  async eventDetail(seq: number): Promise<JournalEvent & Partial<EventBodiesView>> {
    const event = this.journal.get(seq);
    if (!event) throw new ControlError(404, 'not_found', `no event ${seq} in the ${this.name} journal (it keeps the newest ${this.journal.capacity})`);
    return { ...event, ...this.bodies.view(seq) };
  }

  async getClock(): Promise<ClockState> {
    return this.clock.state();
  }

  async setClock(change: ClockChange): Promise<ClockState> {
    return this.clock.set(change);
  }

  async people(): Promise<Record<string, TwinPerson[]>> {
    return { [this.name]: this.definition.people?.(this.context()) ?? [] };
  }

  async settle(): Promise<{ pending: number }> {
    return (await this.definition.settle?.(this.context())) ?? { pending: 0 };
  }

  close(): void {
    this.clock.cancelTimers();
    this.outbound.close();
  }

  private seedContext() {
    return { org: this.currentOrg, seed: this.currentSeed, ...(this.config && { config: this.config }) };
  }

  /** The fixture's `twins.<name>` section, refused at start when the twin finds it wrong. */
  private checkedConfig(): Record<string, unknown> | undefined {
    const { definition } = this.options.orgSource;
    const config = definition.twins?.[this.name];
    const problem = config && this.definition.checkConfig?.(config);
    if (problem) throw new FixtureError(`${definition.source}: twins.${this.name} ${problem}`);
    return config;
  }

  private switchSeed(seed: number): void {
    this.currentSeed = seed;
    this.currentOrg = this.options.orgSource.get(seed);
  }

  private parseRules(rules: unknown[]): ChaosRule[] {
    return rules.map((rule, i) => parseRule(rule, this.name, rules.length > 1 ? `rules[${i}]` : 'rule'));
  }

  private changeChaos(change: () => void): ChaosRuleView[] {
    try {
      change();
    } catch (error) {
      if (error instanceof ChaosRuleError) throw badRequest(error.message);
      throw error;
    }
    return this.chaos.list();
  }

  private checkState(reference: object, data: unknown): string | null {
    return checkSameShape(reference, data) ?? this.definition.validateState?.(data) ?? null;
  }

  private checkSnapshot(snapshot: unknown): { seed: number; data: unknown } {
    if (!snapshot || typeof snapshot !== 'object') throw badRequest('snapshot must be a JSON object');
    const { version, seed, twins } = snapshot as Partial<Snapshot>;
    if (version !== 1) throw badRequest(`snapshot version must be 1, got ${JSON.stringify(version)}`);
    checkSeed(seed);
    if (!twins || typeof twins !== 'object') throw badRequest('snapshot.twins must be an object');
    if (!(this.name in twins)) throw badRequest(`snapshot has no data for the ${this.name} twin`);
    const data = (twins as Record<string, unknown>)[this.name];
    const problem = this.checkState(this.store.data, data);
    if (problem) throw badRequest(`snapshot.twins.${this.name} ${problem}`);
    return { seed: seed as number, data };
  }
}
