// The control plane's /_dtu operations over every twin: in this process (their TwinRuntime) or in
// other processes (HttpControlClient) alike. Reset, snapshot restore and chaos changes check
// everything before changing anything, so a bad request leaves every twin as it was.
import { ChaosRuleError, parseRule, type ChaosRule, type ChaosRuleView } from '../chaos/rules.js';
import type { ClockState } from '../kernel/clock.js';
import { badRequest, ControlError, type ClockChange, type ControlBackend, type EventsPage, type HealthReport, type Snapshot } from '../kernel/control-backend.js';
import type { EventBodiesView } from '../kernel/event-bodies.js';
import { Journal, MAX_PAGE, type JournalEvent, type JournalQuery } from '../kernel/journal.js';
import { checkSeed } from '../kernel/twin-runtime.js';
import type { TwinPerson } from '../kernel/twin-definition.js';
import type { Org } from '../seeding/org.js';
import type { TwinName } from '../twin-names.js';

export class UniverseControl implements ControlBackend {
  /**
   * Evaluation order of rule ids as the control plane knows it (twins keep the rules themselves).
   * null until first captured from the twins, where startup rules already sit first.
   */
  private ruleOrder: string[] | null = null;
  private ruleCounter = 0;
  /** The merged journal of all twins, pulled on demand; `cursors` is the last seq taken from each twin. */
  private journal = new Journal(20_000);
  /** Counts journal restarts (every reset): a reader holding a cursor from before must start again from 0. */
  journalGeneration = 0;
  private cursors = new Map<string, number>();
  /** Pulls run one at a time so two readers never take the same entries twice. */
  private pulling: Promise<void> = Promise.resolve();

  /** `urls`: where each twin listens, for callers that reach its vendor API (the console's proxy). */
  constructor(private readonly twins: Map<TwinName, ControlBackend>, private currentSeed: number, private readonly urls: Partial<Record<TwinName, string>> = {}) {}

  /** A twin's base URL: where it listens, or the URL the control plane reaches it by; undefined when not running. */
  twinUrl(name: TwinName): string | undefined {
    const backend = this.twins.get(name) as (ControlBackend & { baseUrl?: string; publicUrl?: string }) | undefined;
    if (!backend) return undefined;
    return this.urls[name] ?? backend.baseUrl ?? backend.publicUrl;
  }

  private all<T>(fn: (twin: ControlBackend, name: TwinName) => Promise<T>): Promise<T[]> {
    return Promise.all([...this.twins].map(([name, twin]) => fn(twin, name)));
  }

  /**
   * Every twin up and on one seed. The twins' seed is the universe's (twins restored from --persist
   * keep theirs); twins that disagree make the universe unhealthy and are listed in `seeds`.
   */
  async health(): Promise<HealthReport & { seeds?: Record<string, number> }> {
    const reports = await this.all((twin) => twin.health());
    const twins = Object.assign({}, ...reports.map((r) => r.twins)) as Record<string, 'up' | 'down'>;
    const seeds: Record<string, number> = Object.fromEntries([...this.twins.keys()].map((name, i) => [name, reports[i].seed] as const).filter((_entry, i) => reports[i].ok));
    const distinct = new Set<number>(Object.values(seeds));
    if (distinct.size === 1) this.currentSeed = [...distinct][0];
    const agree = distinct.size <= 1;
    return { ok: agree && reports.every((r) => r.ok), seed: this.currentSeed, twins, ...(!agree && { seeds }) };
  }

  async credentials(): Promise<Record<string, unknown>> {
    return Object.assign({}, ...(await this.all((twin) => twin.credentials())));
  }

  /** Okta is the universe's identity source, so its view of the org is the universe's. */
  async org(): Promise<Org> {
    return (this.twins.get('okta') ?? [...this.twins.values()][0]).org();
  }

  async reset(seed?: number): Promise<{ seed: number }> {
    if (seed !== undefined) checkSeed(seed);
    await this.all((twin) => twin.reset(seed));
    if (seed !== undefined) this.currentSeed = seed;
    this.ruleOrder = null;
    this.journal.clear();
    this.journalGeneration++;
    this.cursors.clear();
    return { seed: this.currentSeed };
  }

  async snapshot(): Promise<Snapshot> {
    // Pushes in flight between twins land first, so no part is read halfway through one.
    await this.settle();
    const parts = await this.all((twin) => twin.snapshot());
    const seeds = new Set(parts.map((p) => p.seed));
    if (seeds.size > 1) throw new ControlError(409, 'seed_mismatch', `twins run different seeds (${[...seeds].join(', ')}); reset them to one seed first`);
    this.currentSeed = parts[0].seed;
    return { version: 1, seed: this.currentSeed, twins: Object.assign({}, ...parts.map((p) => p.twins)) };
  }

  async restore(snapshot: unknown, dryRun: boolean): Promise<{ seed: number }> {
    if (!snapshot || typeof snapshot !== 'object' || Array.isArray(snapshot)) throw badRequest('snapshot must be a JSON object');
    const { version, seed, twins } = snapshot as Partial<Snapshot>;
    if (version !== 1) throw badRequest(`snapshot version must be 1, got ${JSON.stringify(version)}`);
    checkSeed(seed);
    if (!twins || typeof twins !== 'object') throw badRequest('snapshot.twins must be an object');
    for (const name of Object.keys(twins)) if (!this.twins.has(name as TwinName)) throw badRequest(`snapshot.twins has unknown twin "${name}"`);
    await this.health(); // the twins' current seed decides whether this snapshot switches seed
    const included = [...this.twins.keys()].filter((name) => name in twins);
    // Switching seed changes everyone's credentials, so it needs every twin's data.
    const missing = [...this.twins.keys()].filter((name) => !(name in twins));
    if (seed !== this.currentSeed && missing.length) throw badRequest(`snapshot of seed ${seed} has no data for ${missing.join(', ')}`);
    const partFor = (name: TwinName) => ({ version: 1, seed, twins: { [name]: (twins as Record<string, unknown>)[name] } });
    await Promise.all(included.map((name) => this.twins.get(name)!.restore(partFor(name), true)));
    if (!dryRun) {
      await Promise.all(included.map((name) => this.twins.get(name)!.restore(partFor(name), false)));
      this.currentSeed = seed as number;
    }
    return { seed: seed as number };
  }

  async listChaos(): Promise<ChaosRuleView[]> {
    const lists = await this.all((twin) => twin.listChaos());
    const merged = new Map<string, ChaosRuleView & { rank: number }>();
    const names = [...this.twins.keys()];
    lists.forEach((rules, t) => rules.forEach((rule, position) => {
      const existing = merged.get(rule.id);
      if (existing) {
        existing.hits += rule.hits; // a "*" rule lives in every twin: add up its hits
        return;
      }
      const known = this.ruleOrder?.indexOf(rule.id) ?? -1;
      // Known rules keep the control plane's order; others (added on a twin's own port) follow, by twin.
      const rank = known >= 0 ? known : 1e6 + t * 1e4 + position;
      merged.set(rule.id, { ...rule, twin: rule.twin === '*' ? '*' : (names[t] as TwinName), rank });
    }));
    const ordered = [...merged.values()].sort((a, b) => a.rank - b.rank).map(({ rank: _rank, ...rule }) => rule);
    this.ruleOrder ??= ordered.map((rule) => rule.id);
    return ordered;
  }

  async addChaos(raw: unknown[]): Promise<ChaosRuleView[]> {
    const existing = new Set((await this.listChaos()).map((r) => r.id));
    const rules = this.prepare(raw, existing);
    for (const [name, twin] of this.twins) {
      const mine = rules.filter((r) => r.twin === '*' || r.twin === name);
      if (mine.length) await twin.addChaos(mine);
    }
    this.ruleOrder = [...(this.ruleOrder ?? []), ...rules.map((r) => r.id)];
    return this.listChaos();
  }

  async replaceChaos(raw: unknown[]): Promise<ChaosRuleView[]> {
    const rules = this.prepare(raw, new Set());
    await this.all((twin, name) => twin.replaceChaos(rules.filter((r) => r.twin === '*' || r.twin === name)));
    this.ruleOrder = rules.map((r) => r.id);
    return this.listChaos();
  }

  async removeChaos(id?: string): Promise<ChaosRuleView[]> {
    if (id === undefined) {
      await this.all((twin) => twin.removeChaos());
      this.ruleOrder = [];
      return [];
    }
    const lists = await this.all((twin) => twin.listChaos());
    const holders = [...this.twins.values()].filter((_twin, i) => lists[i].some((rule) => rule.id === id));
    if (!holders.length) throw new ControlError(404, 'not_found', `no chaos rule with id "${id}"`);
    await Promise.all(holders.map((twin) => twin.removeChaos(id)));
    this.ruleOrder = this.ruleOrder?.filter((known) => known !== id) ?? null;
    return this.listChaos();
  }

  async events(query: JournalQuery): Promise<EventsPage> {
    this.pulling = this.pulling.catch(() => {}).then(() => this.pullEvents());
    await this.pulling;
    return this.journal.list(query);
  }

  /** A merged event, with its request and response from its twin while the twin still keeps them. */
  async eventDetail(seq: number): Promise<JournalEvent & Partial<EventBodiesView>> {
    await this.events({ since: seq, limit: 1 }); // pull first: the event may have just happened
    const event = this.journal.get(seq);
    if (!event) throw new ControlError(404, 'not_found', `no event ${seq} in the universe's journal`);
    const twin = this.twins.get(event.twin as TwinName);
    if (!twin || event.sourceSeq === undefined) return event;
    try {
      const { seq: _twinSeq, time: _time, ...detail } = await twin.eventDetail(event.sourceSeq);
      return { ...detail, ...event };
    } catch (error) {
      if (error instanceof ControlError && error.status === 404) return event; // the twin no longer keeps it
      throw error;
    }
  }

  /** The universe's time is every twin's: the first twin's answers for all (setClock keeps them in step). */
  async getClock(): Promise<ClockState> {
    return [...this.twins.values()][0].getClock();
  }

  /** The same absolute instant goes to every twin, so twins in other processes agree on "now". */
  async setClock(change: ClockChange): Promise<ClockState> {
    const now = change.now ?? (await this.getClock()).now;
    const states = await this.all((twin) => twin.setClock({ now, ...(change.frozen !== undefined && { frozen: change.frozen }) }));
    return states[0];
  }

  async people(): Promise<Record<string, TwinPerson[]>> {
    return Object.assign({}, ...(await this.all((twin) => twin.people())));
  }

  /**
   * Settles every twin. Work in one twin starts work in another (Okta's push creates a Slack user,
   * whose team_join then goes out to the app), so it settles three rounds: enough for the longest
   * chain the twins have. `pending` counts tasks that wait for a later clock time.
   */
  async settle(): Promise<{ pending: number }> {
    let pending = 0;
    for (let round = 0; round < 3; round++) {
      const results = await this.all((twin) => twin.settle());
      pending = results.reduce((sum, r) => sum + r.pending, 0);
    }
    return { pending };
  }

  /** Takes every twin's new journal entries and appends them in time order under universe-wide seqs. */
  private async pullEvents(): Promise<void> {
    const fresh = await this.all(async (twin, name) => {
      const taken = [];
      for (;;) {
        const page = await twin.events({ since: this.cursors.get(name) ?? 0, limit: MAX_PAGE });
        taken.push(...page.events);
        this.cursors.set(name, page.next);
        if (page.events.length < MAX_PAGE) return taken;
      }
    });
    const merged = fresh.flat().map((event) => ({ event, timeMs: Date.parse(event.time) })).sort((a, b) => a.timeMs - b.timeMs);
    for (const { event, timeMs } of merged) {
      const { seq, time: _time, outcome: _outcome, ...input } = event;
      this.journal.append({ ...input, sourceSeq: seq }, timeMs);
    }
  }

  /** Checks rules and gives each an id; one bad rule refuses the whole batch. */
  private prepare(raw: unknown[], taken: Set<string>): ChaosRule[] {
    try {
      return raw.map((input, i) => {
        const rule = parseRule(input, '*', raw.length > 1 ? `rules[${i}]` : 'rule');
        if (rule.twin !== '*' && !this.twins.has(rule.twin)) throw new ChaosRuleError(`twin ${rule.twin} is not running in this universe`);
        if (!rule.id) do rule.id = `rule-${++this.ruleCounter}`; while (taken.has(rule.id));
        else if (taken.has(rule.id)) throw new ChaosRuleError(`chaos rule id "${rule.id}" is already in use`);
        taken.add(rule.id);
        return rule;
      });
    } catch (error) {
      if (error instanceof ChaosRuleError) throw badRequest(error.message);
      throw error;
    }
  }
}
