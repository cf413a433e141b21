// Rule evaluation: order, first match wins, times, seeded probability, test ids, hits.
import { describe, expect, it } from 'vitest';
import { ChaosEngine, type ChaosRequest } from '../../shared/chaos/engine.js';
import { parseRule } from '../../shared/chaos/rules.js';

const req = (over: Partial<ChaosRequest> = {}): ChaosRequest => ({ method: 'POST', path: '/api/chat.postMessage', operation: 'chat.postMessage', testId: undefined, ...over });
const rule = (raw: object) => parseRule(raw, 'slack');

describe('ChaosEngine', () => {
  it('matches on method, path glob, operation and test id; the first firing rule wins', () => {
    const engine = new ChaosEngine('slack', 1);
    engine.add([
      rule({ id: 'other-op', match: { operation: 'conversations.list' }, effect: 'error' }),
      rule({ id: 'get-only', match: { method: 'GET' }, effect: 'error' }),
      rule({ id: 'test-a', match: { testId: 'a' }, effect: 'latency' }),
      rule({ id: 'glob', match: { path: '/api/chat.*' }, effect: 'rate_limit' }),
      rule({ id: 'catch-all', effect: 'reset' }),
    ]);
    expect(engine.decide(req())?.id).toBe('glob');
    expect(engine.decide(req({ testId: 'a' }))?.id).toBe('test-a');
    expect(engine.decide(req({ operation: 'conversations.list', path: '/api/conversations.list' }))?.id).toBe('other-op');
    expect(engine.decide(req({ path: '/api/users.list', operation: 'users.list' }))?.id).toBe('catch-all');
    expect(engine.list().map((r) => [r.id, r.hits])).toEqual([['other-op', 1], ['get-only', 0], ['test-a', 1], ['glob', 1], ['catch-all', 1]]);
  });

  it('stops firing a rule after `times` and lets later rules match', () => {
    const engine = new ChaosEngine('slack', 1);
    engine.add([rule({ id: 'twice', effect: 'error', times: 2 })]);
    expect([1, 2, 3].map(() => engine.decide(req())?.id ?? null)).toEqual(['twice', 'twice', null]);
    expect(engine.list()[0].hits).toBe(2);
  });

  it('draws probability from a PRNG seeded by seed and position: the same pattern on every reset', () => {
    const pattern = (engine: ChaosEngine) => Array.from({ length: 40 }, () => (engine.decide(req()) ? 1 : 0)).join('');
    const startup = [rule({ id: 'p', effect: 'error', probability: 0.3 })];
    const engine = new ChaosEngine('slack', 123, startup);
    const first = pattern(engine);
    expect(first).toMatch(/1/);
    expect(first).toMatch(/0/);
    engine.reset(123);
    expect(pattern(engine)).toBe(first);
    expect(pattern(new ChaosEngine('slack', 123, startup))).toBe(first);
    expect(pattern(new ChaosEngine('slack', 124, startup))).not.toBe(first);
    const fired = first.split('').filter((c) => c === '1').length;
    expect(engine.list()[0].hits).toBe(fired);
  });

  it('with probability and times, only draws that fire count towards times', () => {
    const engine = new ChaosEngine('slack', 5);
    engine.add([rule({ effect: 'error', probability: 0.5, times: 3 })]);
    const fired = Array.from({ length: 100 }, () => engine.decide(req())).filter(Boolean).length;
    expect(fired).toBe(3);
  });

  it('reset restores startup rules only and zeroes hits', () => {
    const engine = new ChaosEngine('slack', 1, [rule({ id: 'startup-1', effect: 'latency', twin: '*' }), parseRule({ effect: 'error', twin: 'jira' }, '*')]);
    expect(engine.list().map((r) => r.id)).toEqual(['startup-1']);
    engine.add([rule({ id: 'later', effect: 'error' })]);
    engine.decide(req());
    engine.reset(1);
    expect(engine.list()).toEqual([expect.objectContaining({ id: 'startup-1', hits: 0 })]);
  });

  it('assigns ids, refuses duplicates, removes by id, and re-evaluates after changes', () => {
    const engine = new ChaosEngine('slack', 1);
    engine.add([rule({ effect: 'error', match: { operation: 'x' } })]);
    const [first] = engine.list();
    expect(first.id).toMatch(/^slack-rule-\d+$/);
    expect(() => engine.add([rule({ id: first.id, effect: 'error' })])).toThrow('already in use');
    expect(engine.decide(req())).toBeNull();
    engine.add([rule({ id: 'all', effect: 'error' })]);
    expect(engine.decide(req())?.id).toBe('all');
    expect(engine.remove('all')).toBe(true);
    expect(engine.remove('all')).toBe(false);
    expect(engine.decide(req())).toBeNull();
  });

  it('refuses a rule meant for another twin', () => {
    expect(() => new ChaosEngine('slack', 1).add([parseRule({ effect: 'error', twin: 'okta' }, '*')])).toThrow('okta');
  });
});
