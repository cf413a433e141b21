// Drive's `q` search language (developers.google.com/drive/api/guides/ref-search-terms), parsed into
// a small AST and evaluated against a plain view of a file. Pure: no store, no Fastify.
//
//   expr    := or
//   or      := and ('or' and)*
//   and     := unary ('and' unary)*
//   unary   := 'not' unary | '(' expr ')' | term
//   term    := field op value | value 'in' field | 'sharedWithMe' | props 'has' '{' key '=' v 'and' value '=' v '}'
// Supported: name = != contains; mimeType = != contains; fullText contains; trashed / starred / sharedWithMe = !=
// true|false; 'x' in parents|owners|writers|readers; createdTime / modifiedTime = != < <= > >= (RFC 3339);
// visibility = !=; properties / appProperties has { key='k' and value='v' }.

export interface FileView {
  name: string;
  mimeType: string;
  trashed: boolean;
  starred: boolean;
  sharedWithMe: boolean;
  parents: string[];
  owners: string[];
  writers: string[];
  readers: string[];
  createdTime: string;
  modifiedTime: string;
  fullText: string;
  properties: Record<string, string>;
  appProperties: Record<string, string>;
  /** anyoneCanFind, anyoneWithLink, domainCanFind, domainWithLink or limited. */
  visibility: string;
}

export type QueryNode =
  | { kind: 'and' | 'or'; left: QueryNode; right: QueryNode }
  | { kind: 'not'; operand: QueryNode }
  | { kind: 'compare'; field: 'name' | 'mimeType' | 'fullText' | 'createdTime' | 'modifiedTime' | 'visibility'; op: string; value: string }
  | { kind: 'has'; field: 'properties' | 'appProperties'; key: string; value: string }
  | { kind: 'bool'; field: 'trashed' | 'starred' | 'sharedWithMe'; op: '=' | '!='; value: boolean }
  | { kind: 'in'; field: 'parents' | 'owners' | 'writers' | 'readers'; value: string };

export class QueryError extends Error {}

type Token = { type: 'string'; value: string } | { type: 'word'; value: string } | { type: 'op'; value: string } | { type: 'paren'; value: '(' | ')' | '{' | '}' };

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(' || c === ')' || c === '{' || c === '}') { out.push({ type: 'paren', value: c }); i++; continue; }
    if (c === "'" || c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= q.length) throw new QueryError('unterminated string');
        const ch = q[i]!;
        if (ch === '\\' && i + 1 < q.length) { value += q[i + 1]; i += 2; continue; }
        if (ch === c) { i++; break; }
        value += ch;
        i++;
      }
      out.push({ type: 'string', value });
      continue;
    }
    const op = /^(!=|<=|>=|=|<|>)/.exec(q.slice(i));
    if (op) { out.push({ type: 'op', value: op[1]! }); i += op[1]!.length; continue; }
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(q.slice(i));
    if (word) { out.push({ type: 'word', value: word[0] }); i += word[0].length; continue; }
    throw new QueryError(`unexpected character ${c}`);
  }
  return out;
}

const STRING_FIELDS = new Set(['name', 'mimeType', 'fullText', 'createdTime', 'modifiedTime', 'visibility']);
const VISIBILITIES = ['anyoneCanFind', 'anyoneWithLink', 'domainCanFind', 'domainWithLink', 'limited'];
const BOOL_FIELDS = new Set(['trashed', 'starred', 'sharedWithMe']);
const IN_FIELDS = new Set(['parents', 'owners', 'writers', 'readers']);
const OPS_FOR: Record<string, string[]> = {
  name: ['=', '!=', 'contains'], mimeType: ['=', '!=', 'contains'], fullText: ['contains'],
  createdTime: ['=', '!=', '<', '<=', '>', '>='], modifiedTime: ['=', '!=', '<', '<=', '>', '>='], visibility: ['=', '!='],
};

export function parseQuery(q: string): QueryNode {
  const tokens = tokenize(q);
  if (tokens.length === 0) throw new QueryError('empty query');
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (t: Token | undefined, w: string) => t?.type === 'word' && t.value.toLowerCase() === w;
  const next = () => {
    const t = tokens[pos++];
    if (!t) throw new QueryError('unexpected end of query');
    return t;
  };
  const parseOr = (): QueryNode => {
    let left = parseAnd();
    while (isWord(peek(), 'or')) { pos++; left = { kind: 'or', left, right: parseAnd() }; }
    return left;
  };
  const parseAnd = (): QueryNode => {
    let left = parseUnary();
    while (isWord(peek(), 'and')) { pos++; left = { kind: 'and', left, right: parseUnary() }; }
    return left;
  };
  const parseUnary = (): QueryNode => {
    const t = peek();
    if (isWord(t, 'not')) { pos++; return { kind: 'not', operand: parseUnary() }; }
    if (t?.type === 'paren' && t.value === '(') {
      pos++;
      const inner = parseOr();
      const close = next();
      if (close.type !== 'paren' || close.value !== ')') throw new QueryError('expected )');
      return inner;
    }
    return parseTerm();
  };
  const parseTerm = (): QueryNode => {
    const first = next();
    if (first.type === 'string') {
      if (!isWord(next(), 'in')) throw new QueryError('expected in');
      const field = next();
      if (field.type !== 'word' || !IN_FIELDS.has(field.value)) throw new QueryError('expected parents, owners, writers or readers');
      return { kind: 'in', field: field.value as 'parents', value: first.value };
    }
    if (first.type !== 'word') throw new QueryError('expected a field');
    const field = first.value;
    if (field === 'properties' || field === 'appProperties') return parseHas(field);
    if (BOOL_FIELDS.has(field)) {
      const op = peek();
      if (field === 'sharedWithMe' && (op?.type !== 'op')) return { kind: 'bool', field: 'sharedWithMe', op: '=', value: true };
      const o = next();
      if (o.type !== 'op' || (o.value !== '=' && o.value !== '!=')) throw new QueryError(`bad operator for ${field}`);
      const v = next();
      if (v.type !== 'word' || !['true', 'false'].includes(v.value.toLowerCase())) throw new QueryError(`${field} takes true or false`);
      return { kind: 'bool', field: field as 'trashed', op: o.value, value: v.value.toLowerCase() === 'true' };
    }
    if (!STRING_FIELDS.has(field)) throw new QueryError(`unknown field ${field}`);
    const o = next();
    const op = o.type === 'op' ? o.value : o.type === 'word' ? o.value.toLowerCase() : '';
    if (!OPS_FOR[field]!.includes(op)) throw new QueryError(`bad operator for ${field}`);
    const v = next();
    if (v.type !== 'string') throw new QueryError('expected a quoted value');
    if ((field === 'createdTime' || field === 'modifiedTime') && Number.isNaN(Date.parse(v.value))) throw new QueryError('bad date');
    if (field === 'visibility' && !VISIBILITIES.includes(v.value)) throw new QueryError('bad visibility');
    return { kind: 'compare', field: field as 'name', op, value: v.value };
  };
  // properties has { key='department' and value='sales' }
  const parseHas = (field: 'properties' | 'appProperties'): QueryNode => {
    const expect = (check: (t: Token) => boolean, what: string) => { const t = next(); if (!check(t)) throw new QueryError(`expected ${what}`); return t; };
    expect((t) => t.type === 'word' && t.value.toLowerCase() === 'has', 'has');
    expect((t) => t.type === 'paren' && t.value === '{', '{');
    const pair = (name: string) => {
      expect((t) => t.type === 'word' && t.value === name, name);
      expect((t) => t.type === 'op' && t.value === '=', '=');
      return expect((t) => t.type === 'string', 'a quoted value').value;
    };
    const key = pair('key');
    expect((t) => t.type === 'word' && t.value.toLowerCase() === 'and', 'and');
    const value = pair('value');
    expect((t) => t.type === 'paren' && t.value === '}', '}');
    return { kind: 'has', field, key, value };
  };
  const node = parseOr();
  if (pos !== tokens.length) throw new QueryError('unexpected trailing input');
  return node;
}

export function evaluate(node: QueryNode, file: FileView): boolean {
  switch (node.kind) {
    case 'and': return evaluate(node.left, file) && evaluate(node.right, file);
    case 'or': return evaluate(node.left, file) || evaluate(node.right, file);
    case 'not': return !evaluate(node.operand, file);
    case 'bool': return (file[node.field] === node.value) === (node.op === '=');
    case 'in': return file[node.field].includes(node.value);
    case 'has': return Object.hasOwn(file[node.field], node.key) && file[node.field][node.key] === node.value;
    case 'compare': {
      if (node.field === 'createdTime' || node.field === 'modifiedTime') {
        const a = Date.parse(file[node.field]);
        const b = Date.parse(node.value);
        switch (node.op) {
          case '=': return a === b;
          case '!=': return a !== b;
          case '<': return a < b;
          case '<=': return a <= b;
          case '>': return a > b;
          default: return a >= b;
        }
      }
      const actual = file[node.field];
      if (node.op === 'contains') {
        // Drive's name contains is a prefix match on words; fullText/mimeType contains is a substring match.
        // ("name contains 'Hello'" finds "HelloWorld", 'World' does not; each word of the name is a start).
        if (node.field === 'name') return nameStarts(actual.toLowerCase(), node.value.toLowerCase());
        return actual.toLowerCase().includes(node.value.toLowerCase());
      }
      return node.op === '=' ? actual === node.value : actual !== node.value;
    }
  }
}

function nameStarts(name: string, prefix: string): boolean {
  if (name.startsWith(prefix)) return true;
  for (let i = 1; i < name.length; i++) {
    if (/[^\p{L}\p{N}]/u.test(name[i - 1]!) && name.startsWith(prefix, i)) return true;
  }
  return false;
}
