// Chaos rules as CONTRACT.md defines them: validation with clear messages, and the compact
// `twin:effect[=value][@probability][xTimes][~operation]` form used by --chaos / DTU_CHAOS.
import { TWIN_NAMES, type TwinName } from '../twin-names.js';

export const CHAOS_EFFECTS = ['rate_limit', 'error', 'latency', 'timeout', 'reset'] as const;
export type ChaosEffect = (typeof CHAOS_EFFECTS)[number];

export interface ChaosMatch {
  method?: string;
  path?: string;
  operation?: string;
  testId?: string;
}

export interface ChaosRule {
  id: string;
  twin: TwinName | '*';
  match: ChaosMatch;
  effect: ChaosEffect;
  probability: number;
  times?: number;
  status?: number;
  latencyMs?: number;
  retryAfterSec?: number;
}

export interface ChaosRuleView extends ChaosRule {
  hits: number;
}

export class ChaosRuleError extends Error {}

const RULE_FIELDS = new Set(['id', 'twin', 'match', 'effect', 'probability', 'times', 'status', 'latencyMs', 'retryAfterSec', 'hits']);
const MATCH_FIELDS = new Set(['method', 'path', 'operation', 'testId']);
export const DEFAULT_TIMEOUT_MS = 30_000;

function integerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Checks one rule and fills defaults. `defaultTwin` applies when the rule names none; `id` stays
 * empty when absent (the caller assigns one). `hits` is tolerated so a listed rule can be PUT back.
 */
export function parseRule(input: unknown, defaultTwin: TwinName | '*', where = 'rule'): ChaosRule {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new ChaosRuleError(`${where} must be an object`);
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) if (!RULE_FIELDS.has(key)) throw new ChaosRuleError(`${where} has unknown field "${key}"`);

  const twin = raw.twin ?? defaultTwin;
  if (twin !== '*' && !(TWIN_NAMES as readonly unknown[]).includes(twin)) {
    throw new ChaosRuleError(`${where}.twin must be one of ${TWIN_NAMES.join(', ')} or *, got ${JSON.stringify(twin)}`);
  }
  if (!(CHAOS_EFFECTS as readonly unknown[]).includes(raw.effect)) {
    throw new ChaosRuleError(`${where}.effect must be one of ${CHAOS_EFFECTS.join(', ')}, got ${JSON.stringify(raw.effect)}`);
  }
  if (raw.id !== undefined && (typeof raw.id !== 'string' || !raw.id || raw.id.length > 100)) {
    throw new ChaosRuleError(`${where}.id must be a non-empty string of at most 100 characters`);
  }
  const match: ChaosMatch = {};
  if (raw.match !== undefined) {
    if (!raw.match || typeof raw.match !== 'object' || Array.isArray(raw.match)) throw new ChaosRuleError(`${where}.match must be an object`);
    for (const [key, value] of Object.entries(raw.match)) {
      if (!MATCH_FIELDS.has(key)) throw new ChaosRuleError(`${where}.match has unknown field "${key}" (allowed: ${[...MATCH_FIELDS].join(', ')})`);
      if (typeof value !== 'string' || !value) throw new ChaosRuleError(`${where}.match.${key} must be a non-empty string`);
      match[key as keyof ChaosMatch] = key === 'method' ? value.toUpperCase() : value;
    }
  }
  const probability = raw.probability ?? 1;
  if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) {
    throw new ChaosRuleError(`${where}.probability must be a number from 0 to 1, got ${JSON.stringify(raw.probability)}`);
  }
  const rule: ChaosRule = { id: (raw.id as string | undefined) ?? '', twin: twin as TwinName | '*', match, effect: raw.effect as ChaosEffect, probability };
  if (raw.times !== undefined) {
    if (!integerIn(raw.times, 1, Number.MAX_SAFE_INTEGER)) throw new ChaosRuleError(`${where}.times must be a positive integer`);
    rule.times = raw.times;
  }
  if (raw.status !== undefined) {
    if (!integerIn(raw.status, 400, 599)) throw new ChaosRuleError(`${where}.status must be an HTTP error status from 400 to 599`);
    rule.status = raw.status;
  }
  if (raw.latencyMs !== undefined) {
    if (!integerIn(raw.latencyMs, 0, 600_000)) throw new ChaosRuleError(`${where}.latencyMs must be an integer from 0 to 600000`);
    rule.latencyMs = raw.latencyMs;
  }
  if (raw.retryAfterSec !== undefined) {
    if (!integerIn(raw.retryAfterSec, 0, 86_400)) throw new ChaosRuleError(`${where}.retryAfterSec must be an integer from 0 to 86400`);
    rule.retryAfterSec = raw.retryAfterSec;
  }
  return rule;
}

/** Sets the value of `=N` in a compact rule or the X-DTU-Chaos header on the field that effect uses. */
export function applyEffectValue(rule: ChaosRule, value: number | undefined): void {
  if (value === undefined) return;
  if (rule.effect === 'error') rule.status = value;
  else if (rule.effect === 'latency' || rule.effect === 'timeout') rule.latencyMs = value;
  else if (rule.effect === 'rate_limit') rule.retryAfterSec = value;
  else throw new ChaosRuleError(`effect ${rule.effect} takes no value`);
}

const COMPACT = /^([a-z*]+):([a-z_]+)(?:=(\d+))?(?:@(\d*\.?\d+))?(?:x(\d+))?(?:~(\S+))?$/;

/** Parses `slack:rate_limit@0.1~chat.postMessage,okta:latency=300` into rules with ids startup-1, startup-2, ... */
export function parseCompactRules(spec: string): ChaosRule[] {
  return spec.split(',').map((part) => part.trim()).filter(Boolean).map((part, i) => {
    const m = COMPACT.exec(part);
    if (!m) throw new ChaosRuleError(`chaos "${part}" is not of the form twin:effect[=value][@probability][xTimes][~operation]`);
    const [, twin, effect, value, probability, times, operation] = m;
    const where = `chaos "${part}"`;
    const rule = parseRule({
      id: `startup-${i + 1}`, twin, effect,
      ...(probability !== undefined && { probability: Number(probability) }),
      ...(times !== undefined && { times: Number(times) }),
      ...(operation !== undefined && { match: { operation } }),
    }, '*', where);
    applyEffectValue(rule, value === undefined ? undefined : Number(value));
    return parseRule(rule, '*', where);
  });
}
