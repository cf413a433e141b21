// JQL's grammar as Jira parses it: clauses joined by AND/OR (also && and ||), NOT (or !), parentheses,
// `field operator operand`, the history operators WAS and CHANGED with their predicates, and ORDER BY.
// Syntax errors carry Jira's own wording and position.
import { JqlError } from './errors.js';
import { type Token, tokenize } from './lexer.js';

export interface FieldRef {
  /** As written (quoted names keep their spaces); `cf[N]` becomes customfield_N. */
  name: string;
  line: number;
  character: number;
}

export type Operand =
  | { kind: 'value'; text: string; quoted: boolean }
  | { kind: 'list'; items: Operand[] }
  | { kind: 'function'; name: string; args: string[] }
  | { kind: 'empty' };

export type PredicateName = 'after' | 'before' | 'on' | 'during' | 'by' | 'from' | 'to';
export interface Predicate { name: PredicateName; operand: Operand }

export type Operator = '=' | '!=' | '<' | '>' | '<=' | '>=' | '~' | '!~' | 'in' | 'not in' | 'is' | 'is not' | 'was' | 'was not' | 'was in' | 'was not in' | 'changed';

export type Clause =
  | { kind: 'and'; clauses: Clause[] }
  | { kind: 'or'; clauses: Clause[] }
  | { kind: 'not'; clause: Clause }
  | { kind: 'term'; field: FieldRef; operator: Operator; operand: Operand | null; predicates: Predicate[] };

export interface SortKey { field: FieldRef; direction: 'asc' | 'desc' | null }
export interface Query { where: Clause | null; orderBy: SortKey[] }

const OPERATOR_LIST = "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.";
const PREDICATES = new Set(['after', 'before', 'on', 'during', 'by', 'from', 'to']);
/** Unquoted words that cannot be values. */
const NOT_VALUES = new Set(['and', 'or', 'not', 'in', 'is', 'order', 'was', 'changed']);
/** Jira's reserved words: unquoted, they are an error wherever they appear (JqlStringSupportImpl). */
const RESERVED_WORDS = new Set(('abort access add alias all alter any as audit avg begin between boolean break byte catch char character check checkpoint collate collation column commit connect continue count create current date decimal declare decrement default defaults define delete delimiter difference distinct divide do double drop else encoding end equals escape exclusive exec execute exists explain false fetch file field first float for function go goto grant greater group having identified if immediate increment index initial inner inout input insert int integer intersect intersection into isempty isnull join last left less like limit lock long max min minus mode modify modulo more multiply next noaudit notin nowait number object of option outer output power previous prior privileges public raise raw remainder rename resource return returns revoke right row rowid rownum rows select session set share size sqrt start strict string subtract sum synonym table then trans transaction trigger true uid union unique update user validate values view when whenever where while with').split(' '));
/** Deep nesting is refused before it can exhaust the stack. */
const MAX_DEPTH = 100;

const fail = (message: string): never => { throw new JqlError(`Error in the JQL Query: ${message}`); };
const where = (t: Token) => `(line ${t.line}, character ${t.character})`;

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private cur(): Token { return this.tokens[this.i]; }
  private next(): Token { return this.tokens[this.i++]; }
  private isWord(t: Token, ...words: string[]) { return t.kind === 'word' && words.includes(t.text.toLowerCase()); }
  private got(t: Token) { return `'${t.text}'. ${where(t)}`; }

  query(): Query {
    let clause: Clause | null = null;
    if (!(this.isWord(this.cur(), 'order') && this.isWord(this.tokens[this.i + 1] ?? this.cur(), 'by')) && this.cur().kind !== 'eof') clause = this.or();
    const orderBy: SortKey[] = [];
    if (this.isWord(this.cur(), 'order')) {
      this.next();
      if (this.cur().kind === 'eof') fail("Expecting 'by' before the end of the query.");
      if (!this.isWord(this.cur(), 'by')) fail(`Expecting 'by' but got ${this.got(this.cur())}`);
      this.next();
      for (;;) {
        if (this.cur().kind === 'eof') fail('Expecting a field name at the end of the query.');
        if (this.isWord(this.cur(), 'asc', 'desc')) fail(`Expecting a field name but got '${this.cur().text}'. You must surround '${this.cur().text}' in quotation marks to use it as a field name. ${where(this.cur())}`);
        const field = this.field();
        let direction: SortKey['direction'] = null;
        if (this.isWord(this.cur(), 'asc', 'desc')) direction = this.next().text.toLowerCase() as 'asc' | 'desc';
        orderBy.push({ field, direction });
        if (this.cur().kind === 'eof') break;
        if (this.cur().kind === ',') { this.next(); continue; }
        if (direction) fail(`Expecting ',' but got ${this.got(this.cur())}`);
        fail(`Expecting either 'ASC' or 'DESC' but got ${this.got(this.cur())}`);
      }
    } else if (this.cur().kind !== 'eof') {
      fail(`Expecting either 'OR' or 'AND' but got ${this.got(this.cur())}`);
    }
    return { where: clause, orderBy };
  }

  private or(): Clause {
    const clauses = [this.and()];
    while (this.isWord(this.cur(), 'or') || (this.cur().kind === 'op' && (this.cur().text === '||' || this.cur().text === '|'))) { this.next(); clauses.push(this.and()); }
    return clauses.length === 1 ? clauses[0] : { kind: 'or', clauses };
  }

  private and(): Clause {
    const clauses = [this.not()];
    while (this.isWord(this.cur(), 'and') || (this.cur().kind === 'op' && (this.cur().text === '&&' || this.cur().text === '&'))) { this.next(); clauses.push(this.not()); }
    return clauses.length === 1 ? clauses[0] : { kind: 'and', clauses };
  }

  private not(): Clause {
    if (++this.depth > MAX_DEPTH) fail('The query is too complex: it nests too deeply.');
    try {
      if (this.isWord(this.cur(), 'not') || (this.cur().kind === 'op' && this.cur().text === '!')) { this.next(); return { kind: 'not', clause: this.not() }; }
      if (this.cur().kind === '(') {
        this.next();
        const inner = this.or();
        if (this.cur().kind === 'eof') fail("Expecting ')' before the end of the query.");
        if (this.cur().kind !== ')') fail(`Expecting ')' but got ${this.got(this.cur())}`);
        this.next();
        return inner;
      }
      return this.term();
    } finally {
      this.depth--;
    }
  }

  private field(): FieldRef {
    const t = this.cur();
    if (t.kind === 'eof') fail('Expecting a field name at the end of the query.');
    if (t.kind === '[') fail(`Expecting a field name but got '['. Did you mean 'cf['? ${where(t)}`);
    if (t.kind !== 'word' && t.kind !== 'string') fail(`Expecting a field name but got '${t.text}'. You must surround '${t.text}' in quotation marks to use it as a field name. ${where(t)}`);
    if (t.kind === 'string' && !t.text) fail(`A field name cannot be empty. ${where(t)}`);
    if (t.kind === 'word' && RESERVED_WORDS.has(t.text.toLowerCase())) fail(`'${t.text}' is a reserved JQL word. You must surround it in quotation marks to use it in a query. ${where(t)}`);
    this.next();
    if (t.kind === 'word' && t.text.toLowerCase() === 'cf') {
      if (this.cur().kind === 'eof') fail("Expecting '[' before the end of the query.");
      if (this.cur().kind !== '[') fail(`Expecting '[' but got ${this.got(this.cur())}`);
      this.next();
      const id = this.cur();
      if (id.kind === 'eof') fail('Expecting a custom field id (a positive number) before the end of the query.');
      if (id.kind !== 'word' || !/^\d+$/.test(id.text)) fail(`Expecting a custom field id (a positive number) but got ${this.got(id)}`);
      this.next();
      if (this.cur().kind === 'eof') fail("Expecting ']' before the end of the query.");
      if (this.cur().kind !== ']') fail(`Expecting ']' but got ${this.got(this.cur())}`);
      this.next();
      return { name: `customfield_${id.text}`, line: t.line, character: t.character };
    }
    return { name: t.text, line: t.line, character: t.character };
  }

  private operator(): Operator {
    const t = this.cur();
    if (t.kind === 'eof') fail(`Expecting operator before the end of the query. ${OPERATOR_LIST}`);
    if (t.kind === 'op' && ['=', '!=', '<', '>', '<=', '>=', '~', '!~'].includes(t.text)) { this.next(); return t.text as Operator; }
    const word = t.kind === 'word' ? t.text.toLowerCase() : '';
    if (word === 'in' || word === 'changed') { this.next(); return word; }
    if (word === 'not') {
      this.next();
      if (!this.isWord(this.cur(), 'in')) fail(`Expecting 'IN' but got ${this.cur().kind === 'eof' ? "'EOF'." : this.got(this.cur())}`);
      this.next();
      return 'not in';
    }
    if (word === 'is') {
      this.next();
      if (this.isWord(this.cur(), 'not')) { this.next(); return 'is not'; }
      if (this.cur().kind === 'op' && this.cur().text === '!') fail(`Expecting 'NOT' but got ${this.got(this.cur())}`);
      return 'is';
    }
    if (word === 'was') {
      this.next();
      let op = 'was';
      if (this.isWord(this.cur(), 'not')) { this.next(); op += ' not'; }
      if (this.isWord(this.cur(), 'in')) { this.next(); op += ' in'; }
      return op as Operator;
    }
    return fail(`Expecting operator but got '${t.text}'. ${OPERATOR_LIST} ${where(t)}`);
  }

  private term(): Clause {
    const field = this.field();
    const operator = this.operator();
    const operand = operator === 'changed' ? null : this.operand();
    const predicates: Predicate[] = [];
    if (operator.startsWith('was') || operator === 'changed') {
      while (this.cur().kind === 'word' && PREDICATES.has(this.cur().text.toLowerCase())) {
        const name = this.next().text.toLowerCase() as PredicateName;
        predicates.push({ name, operand: this.operand() });
      }
    }
    return { kind: 'term', field, operator, operand, predicates };
  }

  private operand(): Operand {
    const t = this.cur();
    if (t.kind === 'eof') fail('Expecting either a value, list or function before the end of the query.');
    if (t.kind === '(') {
      this.next();
      const items = [this.operand()];
      while (this.cur().kind === ',') { this.next(); items.push(this.operand()); }
      if (this.cur().kind === 'eof') fail("Expecting ')' before the end of the query.");
      if (this.cur().kind !== ')') fail(`Expecting ')' but got ${this.got(this.cur())}`);
      this.next();
      return { kind: 'list', items };
    }
    const badWord = t.kind === 'word' && NOT_VALUES.has(t.text.toLowerCase());
    if ((t.kind !== 'word' && t.kind !== 'string') || badWord) {
      fail(`Expecting either a value, list or function but got '${t.text}'. You must surround '${t.text}' in quotation marks to use it as a value. ${where(t)}`);
    }
    this.next();
    if (this.cur().kind === '(') return this.functionCall(t);
    if (t.kind === 'word' && RESERVED_WORDS.has(t.text.toLowerCase())) fail(`'${t.text}' is a reserved JQL word. You must surround it in quotation marks to use it in a query. ${where(t)}`);
    if (t.kind === 'word' && (t.text.toLowerCase() === 'empty' || t.text.toLowerCase() === 'null')) return { kind: 'empty' };
    return { kind: 'value', text: t.text, quoted: t.kind === 'string' };
  }

  private functionCall(name: Token): Operand {
    if (!name.text) fail(`A function name cannot be empty. ${where(name)}`);
    this.next();
    const args: string[] = [];
    if (this.cur().kind === ')') { this.next(); return { kind: 'function', name: name.text, args }; }
    for (;;) {
      const a = this.cur();
      if (a.kind === 'eof') fail(args.length ? 'Expecting a function argument at the end of the query.' : "Expecting ')' before the end of the query.");
      if (a.kind === ')' && args.length) fail(`Function argument must be specified. ${where(a)}`);
      if (a.kind === ',' && !args.length) fail(`Expecting ')' but got ${this.got(a)}`);
      if (a.kind !== 'word' && a.kind !== 'string') fail(`Expecting a function argument but got '${a.text}'. You must surround '${a.text}' in quotation marks to use it as an argument. ${where(a)}`);
      this.next();
      args.push(a.text);
      if (this.cur().kind === ')') { this.next(); return { kind: 'function', name: name.text, args }; }
      if (this.cur().kind === 'eof') fail("Expecting ')' before the end of the query.");
      if (this.cur().kind !== ',') fail(`Expecting ')' or ',' but got ${this.got(this.cur())}`);
      this.next();
    }
  }
}

/** Parses a JQL string; throws JqlError with Jira's message on a syntax error. */
export function parseJql(jql: string): Query {
  return new Parser(tokenize(jql)).query();
}
