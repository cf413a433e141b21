// Group rules: the stored rule, a subset of the Okta Expression Language (urn:okta:expression:1.0) for
// its condition, and how an ACTIVE rule assigns users — every matching user when it is activated, and
// each user created or updated later (developer.okta.com/docs/reference/okta-expression-language).
//
// Expressions: `user.<attr> == "X"`, `!=`, `&&` / `AND`, `||` / `OR`, `!`, parentheses, string literals in
// single or double quotes, `true`/`false`, and String.stringContains / String.startsWith /
// String.endsWith (user.<attr>, "X"). Comparisons are exact (case-sensitive), as in Okta EL.
import type { FastifyRequest } from 'fastify';
import type { TwinContext } from '../../shared/kernel/twin-definition.js';
import { addMember, memberSet, removeMember } from './assignments.js';
import { groupById, userById, type OktaData, type OktaUser } from './store.js';

export const EXPRESSION_TYPE = 'urn:okta:expression:1.0';

export interface GroupRule {
  type: 'group_rule';
  id: string;
  status: 'ACTIVE' | 'INACTIVE';
  name: string;
  created: string;
  lastUpdated: string;
  conditions: {
    people: { users: { exclude: string[] }; groups: { exclude: string[] } };
    expression: { value: string; type: typeof EXPRESSION_TYPE };
  };
  actions: { assignUserToGroups: { groupIds: string[] } };
}

export class ExpressionError extends Error {}

type Node = (user: OktaUser) => unknown;

const TOKEN = /\s*(?:(&&|\|\||==|!=|[()!,])|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([A-Za-z_][\w.]*))/y;
const FUNCTIONS: Record<string, (a: string, b: string) => boolean> = {
  'String.stringContains': (a, b) => a.includes(b),
  'String.startsWith': (a, b) => a.startsWith(b),
  'String.endsWith': (a, b) => a.endsWith(b),
};

function tokenize(source: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(source);
    if (!m) throw new ExpressionError(`Invalid expression near "${source.slice(at, at + 10)}"`);
    out.push(m[1] ?? m[2] ?? m[3]);
  }
  return out;
}

/** Parses a rule expression into a predicate over users; throws ExpressionError. */
export function parseRuleExpression(source: string): (user: OktaUser) => boolean {
  const tokens = tokenize(source);
  if (!tokens.length) throw new ExpressionError('The expression is empty');
  let pos = 0;
  const next = () => tokens[pos++];
  const expect = (t: string) => { if (next() !== t) throw new ExpressionError(`Expected ${t} in expression`); };

  const operand = (): Node => {
    const t = next();
    if (t === undefined) throw new ExpressionError('The expression ends too early');
    if (t === '(') { const inner = or(); expect(')'); return inner; }
    if (t === '!') { const inner = operand(); return (u) => !inner(u); }
    if (/^["']/.test(t)) { const text = t.slice(1, -1).replace(/\\(.)/g, '$1'); return () => text; }
    if (t === 'true' || t === 'false') return () => t === 'true';
    if (t in FUNCTIONS) {
      expect('(');
      const a = or();
      expect(',');
      const b = or();
      expect(')');
      const fn = FUNCTIONS[t];
      return (u) => { const x = a(u); const y = b(u); return typeof x === 'string' && typeof y === 'string' && fn(x, y); };
    }
    const attribute = /^user\.(\w+)$/.exec(t);
    if (!attribute) throw new ExpressionError(`Invalid property ${t} in expression ${source}`);
    return (u) => u.profile[attribute[1]] ?? null;
  };
  const comparison = (): Node => {
    const left = operand();
    const op = tokens[pos];
    if (op !== '==' && op !== '!=') return left;
    pos++;
    const right = operand();
    return op === '==' ? (u) => left(u) === right(u) : (u) => left(u) !== right(u);
  };
  const isAnd = (t: string | undefined) => t === '&&' || t?.toUpperCase() === 'AND';
  const isOr = (t: string | undefined) => t === '||' || t?.toUpperCase() === 'OR';
  const and = (): Node => {
    const parts = [comparison()];
    while (isAnd(tokens[pos])) { pos++; parts.push(comparison()); }
    return parts.length === 1 ? parts[0] : (u) => parts.every((p) => p(u) === true);
  };
  function or(): Node {
    const parts = [and()];
    while (isOr(tokens[pos])) { pos++; parts.push(and()); }
    return parts.length === 1 ? parts[0] : (u) => parts.some((p) => p(u) === true);
  }
  const root = or();
  if (pos < tokens.length) throw new ExpressionError(`Unexpected ${tokens[pos]} in expression`);
  return (user) => root(user) === true;
}

/** Memoized parse per expression text (rules are evaluated on every user write). */
const parsed = new Map<string, (user: OktaUser) => boolean>();
function predicateOf(rule: GroupRule): (user: OktaUser) => boolean {
  let predicate = parsed.get(rule.conditions.expression.value);
  if (!predicate) {
    predicate = parseRuleExpression(rule.conditions.expression.value);
    if (parsed.size > 500) parsed.clear();
    parsed.set(rule.conditions.expression.value, predicate);
  }
  return predicate;
}

export function ruleMatches(data: OktaData, rule: GroupRule, user: OktaUser): boolean {
  if (user.status === 'DEPROVISIONED' || rule.conditions.people.users.exclude.includes(user.id)) return false;
  if (rule.conditions.people.groups.exclude.some((g) => memberSet(data, g).has(user.id))) return false;
  return predicateOf(rule)(user);
}

/**
 * After a create or profile update: the user joins the groups of every ACTIVE rule it matches, and leaves
 * the groups a rule put it in when it no longer matches that rule (memberships made by hand stay).
 */
export function applyRulesToUser(ctx: TwinContext<OktaData>, request: FastifyRequest, user: OktaUser): void {
  const data = ctx.store.data;
  const active = data.groupRules.filter((r) => r.status === 'ACTIVE');
  const matching = active.filter((r) => ruleMatches(data, r, user));
  for (const rule of matching) assignByRule(ctx, request, rule, user);
  for (const rule of active) {
    if (matching.includes(rule) || !data.ruleAssignments[rule.id]?.[user.id]) continue;
    delete data.ruleAssignments[rule.id][user.id];
    // A group another matching rule also targets keeps the user.
    const kept = new Set(matching.flatMap((r) => r.actions.assignUserToGroups.groupIds));
    for (const groupId of rule.actions.assignUserToGroups.groupIds) {
      const group = groupById(data, groupId);
      if (group && !kept.has(groupId)) removeMember(ctx, request, group, user);
    }
  }
}

/** Runs one rule over every user (on activation). */
export function applyRule(ctx: TwinContext<OktaData>, request: FastifyRequest, rule: GroupRule): void {
  const data = ctx.store.data;
  for (const user of data.users) if (ruleMatches(data, rule, user)) assignByRule(ctx, request, rule, user);
}

/** Takes out of the rule's groups every user the rule put there (deleteGroupRule with removeUsers=true). */
export function removeRuleMembers(ctx: TwinContext<OktaData>, request: FastifyRequest, rule: GroupRule): void {
  const data = ctx.store.data;
  for (const userId of Object.keys(data.ruleAssignments[rule.id] ?? {})) {
    const user = userById(data, userId);
    for (const groupId of rule.actions.assignUserToGroups.groupIds) {
      const group = groupById(data, groupId);
      if (group && user) removeMember(ctx, request, group, user);
    }
  }
  delete data.ruleAssignments[rule.id];
}

function assignByRule(ctx: TwinContext<OktaData>, request: FastifyRequest, rule: GroupRule, user: OktaUser): void {
  const data = ctx.store.data;
  for (const groupId of rule.actions.assignUserToGroups.groupIds) {
    const group = groupById(data, groupId);
    // Only memberships the rule makes are the rule's: someone already in the group by hand stays theirs.
    if (group && addMember(ctx, request, group, user)) (data.ruleAssignments[rule.id] ??= {})[user.id] = true;
  }
}
