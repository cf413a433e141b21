// POST /jql/parse: a query's structure (Jira's ParsedJqlQuery) or its errors, by validation mode:
// strict (errors only), warn (errors, and the structure when the syntax is fine), none (syntax only).
import { JqlError } from './errors.js';
import { compileJql, type JqlEnv } from './index.js';
import { type Clause, type Operand, parseJql, type Query } from './parser.js';

function operand(o: Operand): Record<string, unknown> {
  if (o.kind === 'empty') return { keyword: 'empty' };
  if (o.kind === 'value') return { value: o.text, encodedValue: /^[\w.-]+$/.test(o.text) ? o.text : JSON.stringify(o.text) };
  if (o.kind === 'function') return { function: o.name, arguments: o.args, encodedOperand: `${o.name}(${o.args.join(', ')})` };
  return { values: o.items.map(operand), encodedOperand: `(${o.items.map((i) => (i.kind === 'value' ? i.text : '…')).join(', ')})` };
}

function clause(c: Clause): Record<string, unknown> {
  if (c.kind === 'and' || c.kind === 'or') return { clauses: c.clauses.map(clause), operator: c.kind };
  if (c.kind === 'not') return { clauses: [clause(c.clause)], operator: 'not' };
  const field = { name: c.field.name, encodedName: /^\w+$/.test(c.field.name) ? c.field.name : JSON.stringify(c.field.name) };
  if (c.operator === 'changed') return { field, operator: 'changed', predicates: c.predicates.map((p) => ({ operator: p.name, operand: operand(p.operand) })) };
  return { field, operator: c.operator, operand: c.operand ? operand(c.operand) : undefined, ...(c.predicates.length && { predicates: c.predicates.map((p) => ({ operator: p.name, operand: operand(p.operand) })) }) };
}

const structure = (q: Query) => ({
  ...(q.where && { where: clause(q.where) }),
  ...(q.orderBy.length && { orderBy: { fields: q.orderBy.map((k) => ({ field: { name: k.field.name, encodedName: k.field.name }, ...(k.direction && { direction: k.direction }) })) } }),
});

export function jqlStructure(jql: string, validation: 'strict' | 'warn' | 'none', env: JqlEnv) {
  let parsed: Query;
  try { parsed = parseJql(jql); } catch (e) { if (e instanceof JqlError) return { query: jql, errors: e.list }; throw e; }
  if (validation === 'none') return { query: jql, structure: structure(parsed) };
  try {
    compileJql(jql, env);
    return { query: jql, structure: structure(parsed) };
  } catch (e) {
    if (!(e instanceof JqlError)) throw e;
    return validation === 'warn' ? { query: jql, structure: structure(parsed), errors: e.list } : { query: jql, errors: e.list };
  }
}
