// The filter / search expression parser, without HTTP.
import { describe, expect, it } from 'vitest';
import { FilterError, parseExpression } from '../filter.js';

const alice = { id: '00ua', status: 'ACTIVE', lastUpdated: '2024-03-01T10:00:00.000Z', type: { id: 'oty1' }, profile: { login: 'alice@x.com', firstName: 'Alice', department: 'Engineering', level: 3 } };
const bob = { id: '00ub', status: 'SUSPENDED', lastUpdated: '2023-01-01T00:00:00.000Z', type: { id: 'oty1' }, profile: { login: 'bob@x.com', firstName: 'Bob', department: 'Sales', level: 1 } };
const run = (expr: string, mode: 'filter' | 'search' = 'search') => [alice, bob].filter(parseExpression(expr, mode)).map((u) => u.id);

describe('parseExpression', () => {
  it('matches status eq exactly and profile attributes case-insensitively', () => {
    expect(run('status eq "ACTIVE"', 'filter')).toEqual(['00ua']);
    expect(run('status eq "active"', 'filter')).toEqual([]);
    expect(run('profile.department eq "engineering"', 'filter')).toEqual(['00ua']);
  });

  it('compares dates with gt / lt', () => {
    expect(run('lastUpdated gt "2023-06-01T00:00:00.000Z"', 'filter')).toEqual(['00ua']);
    expect(run('lastUpdated lt "2023-06-01T00:00:00.000Z"', 'filter')).toEqual(['00ub']);
  });

  it('combines with and / or and parentheses, and binds and tighter than or', () => {
    expect(run('status eq "ACTIVE" or status eq "SUSPENDED"', 'filter')).toEqual(['00ua', '00ub']);
    expect(run('status eq "SUSPENDED" or status eq "ACTIVE" and profile.firstName eq "Bob"', 'filter')).toEqual(['00ub']);
    expect(run('(status eq "SUSPENDED" or status eq "ACTIVE") and profile.firstName sw "a"', 'filter')).toEqual(['00ua']);
    expect(run('id eq "00ub"', 'filter')).toEqual(['00ub']);
  });

  it('search allows co, ne, pr, numbers and not(...)', () => {
    expect(run('profile.login co "ice"')).toEqual(['00ua']);
    expect(run('profile.level gt 2')).toEqual(['00ua']);
    expect(run('status ne "ACTIVE"')).toEqual(['00ub']);
    expect(run('profile.department pr')).toEqual(['00ua', '00ub']);
    expect(run('not (status eq "ACTIVE")')).toEqual(['00ub']);
  });

  it('reaches into arrays of objects (System Log target.id)', () => {
    const event = { target: [{ id: 'u1', type: 'User' }, { id: 'g1', type: 'UserGroup' }] };
    expect(parseExpression('target.id eq "g1"')(event)).toBe(true);
    expect(parseExpression('target.id eq "g2"')(event)).toBe(false);
  });

  it('filter refuses what Okta filter does not support', () => {
    expect(() => parseExpression('profile.login co "a"', 'filter')).toThrow(FilterError);
    expect(() => parseExpression('status sw "A"', 'filter')).toThrow(FilterError);
    expect(() => parseExpression('credentials.provider eq "x"', 'filter')).toThrow(FilterError);
  });

  it.each(['', 'status', 'status eq', 'status eq ACTIVE', 'status zz "A"', '(status eq "A"', 'status eq "A" and', 'status eq "A")', 'status eq "unterminated', '"x" eq "y"'])(
    'throws FilterError on %j', (expr) => {
      expect(() => parseExpression(expr)).toThrow(FilterError);
    });
});
