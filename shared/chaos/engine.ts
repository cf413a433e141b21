// One twin's chaos rules, evaluated once per request before any handler. Ordered, first firing rule
// wins. Static conditions (method, path, operation) are resolved once per distinct request shape and
// cached, so dozens of idle rules cost one Map lookup per request.
import { hash32, mulberry32, type Random } from '../seeding/prng.js';
import type { TwinName } from '../twin-names.js';
import { ChaosRuleError, type ChaosRule, type ChaosRuleView } from './rules.js';

export interface ChaosRequest {
  method: string;
  path: string;
  operation: string | null;
  testId: string | undefined;
}

interface RuleState {
  rule: ChaosRule;
  hits: number;
  random: Random;
  pathPattern: RegExp | null;
}

const MAX_CACHED_SHAPES = 5_000;

function globToRegExp(glob: string): RegExp {
  const body = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`);
}

export class ChaosEngine {
  private states: RuleState[] = [];
  private candidates = new Map<string, RuleState[]>();
  private startupRules: ChaosRule[];
  private idCounter = 0;

  constructor(readonly twin: TwinName, private seed: number, startupRules: ChaosRule[] = []) {
    this.startupRules = startupRules.filter((rule) => rule.twin === twin || rule.twin === '*');
    this.replace(this.startupRules);
  }

  get size(): number {
    return this.states.length;
  }

  list(): ChaosRuleView[] {
    return this.states.map((s) => ({ ...s.rule, hits: s.hits }));
  }

  /** Appends rules (ids assigned where empty); refuses the whole batch on a duplicate id. */
  add(rules: ChaosRule[]): void {
    const prepared = this.withIds(rules, new Set(this.states.map((s) => s.rule.id)));
    const start = this.states.length;
    this.states.push(...prepared.map((rule, i) => this.newState(rule, start + i)));
    this.candidates.clear();
  }

  replace(rules: ChaosRule[]): void {
    this.states = this.withIds(rules, new Set()).map((rule, i) => this.newState(rule, i));
    this.candidates.clear();
  }

  remove(id: string): boolean {
    const index = this.states.findIndex((s) => s.rule.id === id);
    if (index < 0) return false;
    this.states.splice(index, 1);
    this.candidates.clear();
    return true;
  }

  /** Back to the startup rules with fresh hit counts and PRNGs (POST /_dtu/reset). */
  reset(seed: number): void {
    this.seed = seed;
    this.replace(this.startupRules);
  }

  /** The rule that fires for this request, if any; counts the hit. */
  decide(request: ChaosRequest): ChaosRule | null {
    if (this.states.length === 0) return null;
    const key = `${request.method} ${request.path} ${request.operation ?? ''}`;
    let candidates = this.candidates.get(key);
    if (!candidates) {
      candidates = this.states.filter((s) => this.staticMatch(s, request));
      if (this.candidates.size >= MAX_CACHED_SHAPES) this.candidates.clear();
      this.candidates.set(key, candidates);
    }
    for (const state of candidates) {
      const { rule } = state;
      if (rule.match.testId !== undefined && rule.match.testId !== request.testId) continue;
      if (rule.times !== undefined && state.hits >= rule.times) continue;
      if (rule.probability < 1 && !(state.random() < rule.probability)) continue;
      state.hits++;
      return rule;
    }
    return null;
  }

  private staticMatch(state: RuleState, request: ChaosRequest): boolean {
    const { match } = state.rule;
    if (match.method !== undefined && match.method !== request.method) return false;
    if (match.operation !== undefined && match.operation !== request.operation) return false;
    if (state.pathPattern && !state.pathPattern.test(request.path)) return false;
    return true;
  }

  /** The PRNG of a rule is seeded by the universe seed and the rule's position, so runs reproduce. */
  private newState(rule: ChaosRule, position: number): RuleState {
    const { path } = rule.match;
    return { rule, hits: 0, random: mulberry32(hash32(`${this.seed}:${position}`)), pathPattern: path === undefined ? null : globToRegExp(path) };
  }

  private withIds(rules: ChaosRule[], taken: Set<string>): ChaosRule[] {
    return rules.map((rule) => {
      if (rule.twin !== '*' && rule.twin !== this.twin) throw new ChaosRuleError(`rule for twin ${rule.twin} sent to the ${this.twin} twin`);
      let id = rule.id;
      while (!id || (taken.has(id) && !rule.id)) id = `${this.twin}-rule-${++this.idCounter}`;
      if (taken.has(id)) throw new ChaosRuleError(`chaos rule id "${id}" is already in use`);
      taken.add(id);
      return { ...rule, id };
    });
  }
}
