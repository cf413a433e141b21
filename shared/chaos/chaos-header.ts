// The per-request override: `X-DTU-Chaos: rate_limit | error=503 | latency=200 | timeout | reset`.
import { applyEffectValue, CHAOS_EFFECTS, ChaosRuleError, type ChaosEffect, type ChaosRule } from './rules.js';

export const CHAOS_HEADER = 'x-dtu-chaos';

export function parseChaosHeader(value: string): ChaosRule {
  const [effect, rawValue, extra] = value.trim().split('=');
  if (!(CHAOS_EFFECTS as readonly string[]).includes(effect) || extra !== undefined) {
    throw new ChaosRuleError(`X-DTU-Chaos must be one of ${CHAOS_EFFECTS.join(', ')} with an optional =number, got "${value}"`);
  }
  const rule: ChaosRule = { id: 'header', twin: '*', match: {}, effect: effect as ChaosEffect, probability: 1 };
  if (rawValue !== undefined) {
    if (!/^\d+$/.test(rawValue)) throw new ChaosRuleError(`X-DTU-Chaos value must be a whole number, got "${rawValue}"`);
    applyEffectValue(rule, Number(rawValue));
  }
  if (rule.status !== undefined && (rule.status < 400 || rule.status > 599)) throw new ChaosRuleError('X-DTU-Chaos error status must be from 400 to 599');
  return rule;
}
