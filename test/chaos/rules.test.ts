// Chaos rule validation and the compact --chaos form.
import { describe, expect, it } from 'vitest';
import { parseCompactRules, parseRule } from '../../shared/chaos/rules.js';
import { parseChaosHeader } from '../../shared/chaos/chaos-header.js';

describe('parseRule', () => {
  it('fills defaults: the given twin, probability 1, empty match', () => {
    expect(parseRule({ effect: 'error' }, 'jira')).toEqual({ id: '', twin: 'jira', match: {}, effect: 'error', probability: 1 });
  });

  it('keeps every contract field and upper-cases the method', () => {
    const rule = parseRule({ id: 'r', twin: 'slack', match: { method: 'post', path: '/api/*', operation: 'chat.postMessage', testId: 't' }, effect: 'rate_limit', probability: 0.5, times: 2, status: 429, retryAfterSec: 3 }, '*');
    expect(rule).toEqual({ id: 'r', twin: 'slack', match: { method: 'POST', path: '/api/*', operation: 'chat.postMessage', testId: 't' }, effect: 'rate_limit', probability: 0.5, times: 2, status: 429, retryAfterSec: 3 });
  });

  it.each([
    [{ effect: 'explode' }, 'effect must be one of'],
    [{ effect: 'error', probability: 2 }, 'probability must be a number from 0 to 1'],
    [{ effect: 'error', probability: '0.5' }, 'probability must be a number from 0 to 1'],
    [{ effect: 'error', twin: 'salesforce' }, 'twin must be one of'],
    [{ effect: 'error', times: 0 }, 'times must be a positive integer'],
    [{ effect: 'error', status: 200 }, 'status must be an HTTP error status'],
    [{ effect: 'latency', latencyMs: -1 }, 'latencyMs must be an integer'],
    [{ effect: 'error', match: { url: '/x' } }, 'match has unknown field "url"'],
    [{ effect: 'error', colour: 'red' }, 'unknown field "colour"'],
    [[], 'must be an object'],
  ])('refuses %j with a clear message', (input, message) => {
    expect(() => parseRule(input, '*')).toThrow(message);
  });
});

describe('compact form', () => {
  it('parses twin:effect=value@probability xTimes ~operation', () => {
    expect(parseCompactRules('slack:rate_limit@0.1~chat.postMessage,okta:latency=300,jira:error=503x2,*:reset')).toEqual([
      { id: 'startup-1', twin: 'slack', match: { operation: 'chat.postMessage' }, effect: 'rate_limit', probability: 0.1 },
      { id: 'startup-2', twin: 'okta', match: {}, effect: 'latency', probability: 1, latencyMs: 300 },
      { id: 'startup-3', twin: 'jira', match: {}, effect: 'error', probability: 1, times: 2, status: 503 },
      { id: 'startup-4', twin: '*', match: {}, effect: 'reset', probability: 1 },
    ]);
  });

  it.each(['slack', 'slack:boom', 'mars:error', 'slack:error@2', 'slack:reset=5', 'slack:error=200'])('refuses "%s"', (spec) => {
    expect(() => parseCompactRules(spec)).toThrow();
  });
});

describe('X-DTU-Chaos header', () => {
  it.each([
    ['rate_limit', { effect: 'rate_limit' }],
    ['error=503', { effect: 'error', status: 503 }],
    ['latency=200', { effect: 'latency', latencyMs: 200 }],
    ['timeout', { effect: 'timeout' }],
    ['reset', { effect: 'reset' }],
  ])('%s', (value, expected) => {
    expect(parseChaosHeader(value)).toMatchObject(expected);
  });

  it.each(['explode', 'error=abc', 'error=200', 'latency=1=2'])('refuses "%s"', (value) => {
    expect(() => parseChaosHeader(value)).toThrow('X-DTU-Chaos');
  });
});
