// Okta's filter and search expression language (SCIM-like): `status eq "ACTIVE" and
// (profile.department eq "Engineering" or lastUpdated gt "2024-01-01T00:00:00.000Z")`.
// A pure parser → predicate; a malformed expression throws FilterError, which routes turn into E0000031.
// `filter` allows only what Okta's filter does (eq on status/id/type.id/profile.*, sw on profile.*,
// gt/ge/lt/le/eq on the date attributes); `search` allows every operator on any attribute.

export class FilterError extends Error {}

export type Mode = 'filter' | 'search';
type Op = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'sw' | 'co' | 'ew' | 'pr';
type Value = string | number | boolean | null;
export type Predicate = (item: object) => boolean;

const OPS = new Set<Op>(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'sw', 'co', 'ew', 'pr']);
const DATES = new Set(['created', 'lastUpdated', 'activated', 'statusChanged', 'lastLogin', 'passwordChanged', 'lastMembershipUpdated']);

type Token = { kind: 'word'; text: string } | { kind: 'string'; text: string } | { kind: 'paren'; text: '(' | ')' };

function tokenize(source: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(' || c === ')') { out.push({ kind: 'paren', text: c }); i++; continue; }
    if (c === '"') {
      let text = '';
      i++;
      while (i < source.length && source[i] !== '"') {
        if (source[i] === '\\' && i + 1 < source.length) i++;
        text += source[i++];
      }
      if (source[i] !== '"') throw new FilterError('unterminated string');
      i++;
      out.push({ kind: 'string', text });
      continue;
    }
    const start = i;
    while (i < source.length && !/[\s()"]/.test(source[i])) i++;
    out.push({ kind: 'word', text: source.slice(start, i) });
  }
  return out;
}

/** The attribute at a dotted path (split once per expression); through arrays (System Log `target.id`) it collects every element's value. */
const attributeValue = (item: object, keys: string[]): unknown => keys.reduce<unknown>((node, key) => {
  if (Array.isArray(node)) return node.map((element) => (element && typeof element === 'object' ? (element as Record<string, unknown>)[key] : undefined));
  return node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
}, item);

function compare(actual: unknown, expected: Value, dates: boolean): number | null {
  if (actual === undefined || actual === null || expected === null) return null;
  if (dates) {
    const a = Date.parse(String(actual));
    const b = Date.parse(String(expected));
    return Number.isNaN(a) || Number.isNaN(b) ? null : a - b;
  }
  if (typeof actual === 'number' && typeof expected === 'number') return actual - expected;
  const a = String(actual).toLowerCase();
  const b = String(expected).toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}

function condition(attribute: string, op: Op, value: Value): Predicate {
  const dates = DATES.has(attribute);
  // Okta compares profile strings case-insensitively; status, ids and enums exactly.
  const exact = !attribute.startsWith('profile.');
  const keys = attribute.split('.');
  // The common case, a profile string equal to a string, without per-item allocation.
  if (op === 'eq' && !dates && !exact && typeof value === 'string' && keys.length === 2) {
    const wanted = value.toLowerCase();
    return (item) => {
      const v = (item as { profile?: Record<string, unknown> }).profile?.[keys[1]];
      return typeof v === 'string' ? v.length === wanted.length && v.toLowerCase() === wanted : false;
    };
  }
  if (op === 'eq' && !dates && exact && typeof value === 'string' && keys.length === 1) {
    const key = keys[0];
    return (item) => {
      const v = (item as Record<string, unknown>)[key];
      return v === value || (Array.isArray(v) && v.includes(value));
    };
  }
  return (item) => {
    const actual = attributeValue(item, keys);
    const values = Array.isArray(actual) ? actual : [actual];
    return values.some((v) => {
      if (op === 'pr') return v !== undefined && v !== null && v !== '';
      if (op === 'eq' || op === 'ne') {
        const equal = v === null || v === undefined ? value === null
          : dates ? compare(v, value, true) === 0
          : exact || typeof v !== 'string' || typeof value !== 'string' ? v === value : v.toLowerCase() === value.toLowerCase();
        return op === 'eq' ? equal : !equal;
      }
      if (op === 'sw' || op === 'co' || op === 'ew') {
        if (typeof v !== 'string' || typeof value !== 'string') return false;
        const a = v.toLowerCase();
        const b = value.toLowerCase();
        return op === 'sw' ? a.startsWith(b) : op === 'ew' ? a.endsWith(b) : a.includes(b);
      }
      const order = compare(v, value, dates);
      if (order === null) return false;
      return op === 'gt' ? order > 0 : op === 'ge' ? order >= 0 : op === 'lt' ? order < 0 : order <= 0;
    });
  };
}

function allowedInFilter(attribute: string, op: Op): boolean {
  if (DATES.has(attribute)) return ['eq', 'gt', 'ge', 'lt', 'le'].includes(op);
  if (attribute === 'status' || attribute === 'id' || attribute === 'type.id' || attribute === 'type') return op === 'eq';
  if (attribute.startsWith('profile.')) return op === 'eq' || op === 'sw';
  return false;
}

/** Parses an expression into a predicate over API objects (users or groups). Throws FilterError. */
export function parseExpression(source: string, mode: Mode = 'search'): Predicate {
  const tokens = tokenize(source);
  if (tokens.length === 0) throw new FilterError('empty expression');
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (t: Token | undefined, word: string) => t?.kind === 'word' && t.text.toLowerCase() === word;

  const primary = (): Predicate => {
    const t = tokens[pos++];
    if (!t) throw new FilterError('unexpected end of expression');
    if (t.kind === 'paren' && t.text === '(') {
      const inner = or();
      const close = tokens[pos++];
      if (close?.kind !== 'paren' || close.text !== ')') throw new FilterError('missing )');
      return inner;
    }
    if (isWord(t, 'not') && peek()?.kind === 'paren') {
      const inner = primary();
      return (item) => !inner(item);
    }
    if (t.kind !== 'word' || !/^[A-Za-z_][\w.]*$/.test(t.text)) throw new FilterError(`expected an attribute, got ${t.text}`);
    const attribute = t.text;
    const opToken = tokens[pos++];
    const op = opToken?.kind === 'word' ? opToken.text.toLowerCase() as Op : undefined;
    if (!op || !OPS.has(op)) throw new FilterError(`unknown operator after ${attribute}`);
    if (mode === 'filter' && !allowedInFilter(attribute, op)) throw new FilterError(`${attribute} ${op} is not supported in filter`);
    if (op === 'pr') return condition(attribute, op, null);
    const v = tokens[pos++];
    if (!v || v.kind === 'paren') throw new FilterError(`missing value after ${attribute} ${op}`);
    let value: Value;
    if (v.kind === 'string') value = v.text;
    else if (v.text === 'true' || v.text === 'false') value = v.text === 'true';
    else if (v.text === 'null') value = null;
    else if (/^-?\d+(\.\d+)?$/.test(v.text)) value = Number(v.text);
    else throw new FilterError(`bad value ${v.text}`);
    return condition(attribute, op, value);
  };
  const and = (): Predicate => {
    const parts = [primary()];
    while (isWord(peek(), 'and')) { pos++; parts.push(primary()); }
    return parts.length === 1 ? parts[0] : (item) => parts.every((p) => p(item));
  };
  const or = (): Predicate => {
    const parts = [and()];
    while (isWord(peek(), 'or')) { pos++; parts.push(and()); }
    return parts.length === 1 ? parts[0] : (item) => parts.some((p) => p(item));
  };

  const predicate = or();
  if (pos < tokens.length) throw new FilterError(`unexpected ${tokens[pos].text}`);
  return predicate;
}
