// Turns a parsed JQL query into a predicate over stored issues, validating it the way Jira does
// (unknown fields, values, functions and unsupported operators are each reported, all at once).
// NOT is pushed down to the clauses (De Morgan), so negated clauses skip empty fields as Jira's do:
// `NOT assignee = x` and `assignee != x` both leave out unassigned issues.
import type { JiraIssue } from '../store.js';
import { DATE_FORMATS, DATE_FUNCTIONS, dateFunction, parseDate } from './dates.js';
import { JqlError } from './errors.js';
import { clauseField, type ClauseField, type JqlEnv } from './fields.js';
import { history, type Timeline } from './history.js';
import type { Clause, Operand, Operator, Predicate } from './parser.js';
import { textMatcher } from './text.js';

export type Test = (issue: JiraIssue) => boolean;

/** Index hints: the clause restricts results to these projects / issues / assignees (AND-ed at the top). */
export interface Hints { projectIds?: Set<string>; issueIds?: Set<string>; assignees?: Set<string> }

const NEGATIVE: Partial<Record<Operator, Operator>> = { '!=': '=', 'not in': 'in', '!~': '~', 'is not': 'is', 'was not': 'was', 'was not in': 'was in' };
const LIST_OPS = new Set<Operator>(['in', 'was in']);
const COMPARE = new Set<Operator>(['<', '>', '<=', '>=']);
const KNOWN_FUNCTIONS = new Set(['currentuser', 'membersof', 'watchedissues', 'votedissues', 'linkedissues', 'opensprints', 'closedsprints', 'futuresprints', 'releasedversions', 'unreleasedversions', ...DATE_FUNCTIONS]);
const OPERATORS_BY_KIND: Record<ClauseField['kind'], Operator[]> = {
  id: ['=', 'in', 'is'], key: ['=', 'in', 'is', '<', '>', '<=', '>='], text: ['~', 'is'], date: ['=', 'in', 'is', '<', '>', '<=', '>='], number: ['=', 'in', 'is', '<', '>', '<=', '>='],
};

const compareWith = (op: Operator, a: number, b: number) => (op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b);
const shown = (o: Operand): string => (o.kind === 'value' ? o.text : o.kind === 'list' ? `(${o.items.map(shown).join(', ')})` : o.kind === 'function' ? `${o.name}(${o.args.join(', ')})` : 'EMPTY');

export class Compiler {
  readonly errors: string[] = [];
  constructor(private readonly env: JqlEnv) {}

  private fail(message: string): Test {
    if (!this.errors.includes(message)) this.errors.push(message);
    return () => false;
  }

  compile(clause: Clause, negated = false): Test {
    if (clause.kind === 'not') return this.compile(clause.clause, !negated);
    if (clause.kind === 'and' || clause.kind === 'or') {
      const parts = clause.clauses.map((c) => this.compile(c, negated));
      const all = (clause.kind === 'and') !== negated;
      return all ? (i) => parts.every((p) => p(i)) : (i) => parts.some((p) => p(i));
    }
    return this.term(clause as Extract<Clause, { kind: 'term' }>, negated);
  }

  /** Projects, issues or assignees an AND-ed top level pins the results to (used to pick an index). */
  hints(clause: Clause | null): Hints {
    const out: Hints = {};
    const terms = !clause ? [] : clause.kind === 'and' ? clause.clauses : [clause];
    for (const t of terms) {
      if (t.kind !== 'term' || (t.operator !== '=' && t.operator !== 'in') || !t.operand) continue;
      const field = clauseField(t.field.name);
      const key = field?.id === 'project' ? 'projectIds' : field?.id === 'issuekey' ? 'issueIds' : field?.id === 'assignee' ? 'assignees' : null;
      if (!field || !key) continue;
      const probe = new Compiler(this.env);
      const { ids, empty } = probe.ids(field, t.field.name, t.operand);
      if (probe.errors.length) continue;
      if (key === 'assignees' && empty) ids.push('');
      if (empty && key !== 'assignees') continue;
      out[key] = new Set(ids);
    }
    return out;
  }

  private term(clause: Extract<Clause, { kind: 'term' }>, notContext: boolean): Test {
    const { field: ref, operand, predicates } = clause;
    const field = clauseField(ref.name);
    if (!field) return this.fail(`Field '${ref.name}' does not exist or you do not have permission to view it.`);
    const negative = clause.operator in NEGATIVE;
    const op = NEGATIVE[clause.operator] ?? clause.operator;
    const negate = negative !== notContext;
    if (op === 'was' || op === 'was in' || op === 'changed') return this.historyTerm(field, ref.name, op, operand, predicates, negate);
    if (!operand) return () => false;
    if (LIST_OPS.has(op) && operand.kind !== 'list' && operand.kind !== 'function') return this.fail(`Operator '${clause.operator}' does not support the non-list value '"${shown(operand)}"' for field '${ref.name}'.`);
    const allowed = OPERATORS_BY_KIND[field.kind].includes(op) || (COMPARE.has(op) && !!field.ordinal);
    if (!allowed) return this.fail(`The operator '${clause.operator}' is not supported by the '${ref.name}' field.`);
    if (op === 'is' && operand.kind !== 'empty') return this.fail(`The operator '${clause.operator}' only supports the use of EMPTY or NULL.`);
    if (!LIST_OPS.has(op) && operand.kind === 'list') return this.fail(`Operator '${clause.operator}' does not support the list value '${shown(operand)}' for field '${ref.name}'.`);

    const env = this.env;
    let hasEmpty = false;
    let positive: (values: (string | number)[], issue: JiraIssue) => boolean;
    if (field.kind === 'text') {
      if (operand.kind === 'empty') { hasEmpty = true; positive = () => false; }
      else if (operand.kind !== 'value') return this.fail(`Operator '${clause.operator}' does not support a function for field '${ref.name}'.`);
      else { const m = textMatcher(operand.text); positive = (values) => m(values as string[]); }
    } else if (field.kind === 'date' || field.kind === 'number') {
      const { values, empty } = field.kind === 'date' ? this.dates(operand, ref.name) : this.numbers(operand, ref.name);
      hasEmpty = empty;
      positive = COMPARE.has(op) ? (vs) => vs.some((v) => values.some((x) => compareWith(op, v as number, x))) : (vs) => vs.some((v) => values.includes(v as number));
    } else if (field.kind === 'key' && COMPARE.has(op)) {
      if (operand.kind !== 'value') return this.fail(`Operator '${clause.operator}' does not support a function for field '${ref.name}'.`);
      const m = /^([A-Za-z][A-Za-z0-9_]*)-(\d+)$/.exec(operand.text.trim());
      const target = m && env.data.issueKeys[`${m[1].toUpperCase()}-${m[2]}`];
      if (!m || !target) return this.fail(`An issue with key '${operand.text}' does not exist for field '${ref.name}'.`);
      const [project, n] = [m[1].toUpperCase(), Number(m[2])];
      positive = (_v, issue) => { const [p, k] = issue.key.split('-'); return p === project && compareWith(op, Number(k), n); };
    } else {
      const { ids, empty } = this.ids(field, ref.name, operand);
      hasEmpty = empty;
      if (COMPARE.has(op)) {
        const ords = ids.map((id) => field.ordinal!(id));
        positive = (vs) => vs.some((v) => ords.some((o) => compareWith(op, field.ordinal!(String(v)), o)));
      } else {
        const set = new Set(ids);
        positive = (vs) => vs.some((v) => set.has(String(v)));
      }
    }
    return (issue) => {
      const values = field.values(issue, env);
      const isEmpty = values.length === 0;
      const hit = !isEmpty && positive(values, issue);
      return negate ? !isEmpty && !hit : hit || (hasEmpty && isEmpty);
    };
  }

  /** The stored ids an operand stands for (values, lists, functions) and whether it includes EMPTY. */
  ids(field: ClauseField, name: string, operand: Operand): { ids: string[]; empty: boolean } {
    const ids: string[] = [];
    let empty = false;
    const visit = (o: Operand) => {
      if (o.kind === 'empty') { empty = true; return; }
      if (o.kind === 'list') { o.items.forEach(visit); return; }
      if (o.kind === 'function') { ids.push(...this.callFunction(field, name, o)); return; }
      const resolved = field.resolve?.(o.text, this.env);
      if (resolved === null) empty = true;
      else if (resolved === undefined) this.fail(field.kind === 'key' || field.id === 'parent' || field.id === 'customfield_10014' ? `An issue with key '${o.text}' does not exist for field '${name}'.` : `The value '${o.text}' does not exist for the field '${name}'.`);
      else ids.push(...resolved);
    };
    visit(operand);
    return { ids, empty };
  }

  private callFunction(field: ClauseField, name: string, o: Extract<Operand, { kind: 'function' }>): string[] {
    const fn = field.functions?.[o.name.toLowerCase()];
    if (fn) {
      try { return fn(o.args, this.env); } catch (e) { if (e instanceof JqlError) { e.list.forEach((m) => this.fail(m)); return []; } throw e; }
    }
    this.fail(KNOWN_FUNCTIONS.has(o.name.toLowerCase()) ? `A value provided by the function '${o.name}' is invalid for the field '${name}'.` : `Unable to find JQL function '${o.name}(${o.args.join(', ')})'.`);
    return [];
  }

  private dates(operand: Operand, name: string, predicate?: string): { values: number[]; empty: boolean } {
    const values: number[] = [];
    let empty = false;
    const visit = (o: Operand) => {
      if (o.kind === 'empty') { empty = true; return; }
      if (o.kind === 'list') { o.items.forEach(visit); return; }
      if (o.kind === 'function') {
        if (!DATE_FUNCTIONS.has(o.name.toLowerCase())) {
          this.fail(KNOWN_FUNCTIONS.has(o.name.toLowerCase())
            ? (predicate ? `A date for the predicate '${predicate}' provided by the function '${o.name}' is not valid.` : `A value provided by the function '${o.name}' is invalid for the field '${name}'.`)
            : `Unable to find JQL function '${o.name}(${o.args.join(', ')})'.`);
          return;
        }
        try { values.push(dateFunction(o.name, o.args, this.env.now)); } catch (e) { if (e instanceof JqlError) e.list.forEach((m) => this.fail(m)); else throw e; }
        return;
      }
      const ms = parseDate(o.text, this.env.now);
      if (ms === null) this.fail(predicate ? `Date value '${o.text}' for predicate '${predicate}' is invalid. ${DATE_FORMATS}` : `Date value '${o.text}' for field '${name}' is invalid. ${DATE_FORMATS}`);
      else values.push(ms);
    };
    visit(operand);
    return { values, empty };
  }

  private numbers(operand: Operand, name: string): { values: number[]; empty: boolean } {
    const values: number[] = [];
    let empty = false;
    const visit = (o: Operand) => {
      if (o.kind === 'empty') { empty = true; return; }
      if (o.kind === 'list') { o.items.forEach(visit); return; }
      if (o.kind === 'function') { this.fail(`A value provided by the function '${o.name}' is invalid for the field '${name}'.`); return; }
      if (!/^-?\d+(\.\d+)?$/.test(o.text.trim())) this.fail(`The value '${o.text}' does not exist for the field '${name}'.`);
      else values.push(Number(o.text));
    };
    visit(operand);
    return { values, empty };
  }

  /** WAS / WAS IN / CHANGED with their predicates, from the issue's changelog. */
  private historyTerm(field: ClauseField, name: string, op: Operator, operand: Operand | null, predicates: Predicate[], negate: boolean): Test {
    if (!field.history) return this.fail(`History searches are not supported for the '${name}' field.`);
    if (op === 'was' && operand?.kind === 'list') return this.fail(`Operator 'was' does not support the list value '${shown(operand)}' for field '${name}'.`);
    const wanted = operand ? this.ids(field, name, operand) : null;
    let after = -Infinity;
    let before = Infinity;
    let by: Set<string> | null = null;
    let from: { ids: Set<string>; empty: boolean } | null = null;
    let to: { ids: Set<string>; empty: boolean } | null = null;
    for (const p of predicates) {
      if (p.name === 'by') { by = new Set(this.ids(clauseField('assignee')!, 'by', p.operand).ids); continue; }
      if (p.name === 'from' || p.name === 'to') {
        if (op !== 'changed') { this.fail(`The ${op.toUpperCase()} operator does not support the use of the ${p.name} predicate.`); continue; }
        const r = this.ids(field, name, p.operand);
        (p.name === 'from' ? (from = { ids: new Set(r.ids), empty: r.empty }) : (to = { ids: new Set(r.ids), empty: r.empty }));
        continue;
      }
      const { values } = this.dates(p.operand, name, p.name);
      const count = p.operand.kind === 'list' ? p.operand.items.length : 1;
      if (p.name === 'during') {
        if (count !== 2) { this.fail('The DURING predicate must be supplied with exactly 2 date values.'); continue; }
        after = Math.max(after, Math.min(...values));
        before = Math.min(before, Math.max(...values));
      } else if (count !== 1) {
        this.fail(`The ${p.name.toUpperCase()} predicate must be supplied with only 1 date value.`);
      } else if (values.length) {
        const d = values[0];
        if (p.name === 'after') after = Math.max(after, d);
        else if (p.name === 'before') before = Math.min(before, d);
        else { const day = Date.UTC(new Date(d).getUTCFullYear(), new Date(d).getUTCMonth(), new Date(d).getUTCDate()); after = Math.max(after, day); before = Math.min(before, day + 86_400_000); }
      }
    }
    const env = this.env;
    const matchSet = (values: string[], want: { ids: Set<string> | string[]; empty: boolean }) => {
      const ids = want.ids instanceof Set ? want.ids : new Set(want.ids);
      return values.length ? values.some((v) => ids.has(v)) : want.empty;
    };
    const test = op === 'changed'
      ? (t: Timeline) => t.changes.some((c) => c.at > after && c.at < before && (!by || by.has(c.by)) && (!from || matchSet(c.from, from)) && (!to || matchSet(c.to, to)))
      : (t: Timeline) => t.segments.some((s) => s.end > after && s.start < before && (!by || by.has(s.by)) && matchSet(s.values, wanted!));
    return (issue) => {
      const hit = test(history(issue, field, env));
      return negate ? !hit : hit;
    };
  }
}
