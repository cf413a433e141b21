// Evaluates formulas against a spreadsheet, recomputed on every read so dependants stay right.
// Functions: SUM AVERAGE COUNT COUNTA MIN MAX IF IFERROR AND OR NOT CONCATENATE CONCAT LEN UPPER LOWER
// ROUND ABS; operators + - * / ^ & % and comparisons; references across sheets and to named ranges.
// Errors are Sheets' (#DIV/0!, #REF!, #NAME?, #VALUE!, #ERROR! for a formula that does not parse).
import { generalNumber } from './format.js';
import { FormulaSyntaxError, parseFormula, type Expr } from './formula-parse.js';
import { blockOfGridRange, cellAt, sheetByTitle, type SheetTab, type Spreadsheet } from './model.js';

export interface FError { error: string }
export type FValue = number | string | boolean | null | FError;
interface RangeValue { range: { sheet: SheetTab; r0: number; c0: number; r1: number; c1: number } }
type Result = FValue | RangeValue;

export const isError = (v: unknown): v is FError => typeof v === 'object' && v !== null && 'error' in v;
const isRange = (v: Result): v is RangeValue => typeof v === 'object' && v !== null && 'range' in v;
const err = (error: string): FError => ({ error });

/** Sheets' ErrorValue for an error code: type and message as the API reports them. */
export function errorValue(e: FError): { type: string; message: string } {
  const types: Record<string, [string, string]> = {
    '#DIV/0!': ['DIVIDE_BY_ZERO', 'Function DIVIDE parameter 2 cannot be zero.'],
    '#REF!': ['REF', 'Reference does not exist.'],
    '#NAME?': ['NAME', 'Unknown function or range name.'],
    '#VALUE!': ['VALUE', 'A value cannot be converted to the type the function expects.'],
    '#N/A': ['N_A', 'Value not available.'],
    '#NUM!': ['NUM', 'The result is not a valid number.'],
    '#ERROR!': ['ERROR', 'Formula parse error.'],
  };
  const [type, message] = types[e.error] ?? ['ERROR', 'Error.'];
  return { type, message };
}

const parsedCache = new Map<string, Expr | null>();
function parsed(formula: string): Expr | null {
  let e = parsedCache.get(formula);
  if (e === undefined) {
    try { e = parseFormula(formula); } catch (error) { if (!(error instanceof FormulaSyntaxError)) throw error; e = null; }
    if (parsedCache.size > 10_000) parsedCache.clear();
    parsedCache.set(formula, e);
  }
  return e;
}

function toNumber(v: FValue): number | FError {
  if (isError(v)) return v;
  if (v === null || v === '') return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  const n = Number(v.trim());
  return v.trim() !== '' && Number.isFinite(n) ? n : err('#VALUE!');
}

function toText(v: FValue): string | FError {
  if (isError(v)) return v;
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return typeof v === 'number' ? generalNumber(v) : v;
}

function toBool(v: FValue): boolean | FError {
  if (isError(v)) return v;
  if (typeof v === 'string') { const u = v.toUpperCase(); return u === 'TRUE' ? true : u === 'FALSE' ? false : err('#VALUE!'); }
  return Boolean(v);
}

/** Sheets' ordering across types: numbers < text < booleans; text compares case-insensitively. */
function compare(a: FValue, b: FValue): number {
  const rank = (v: FValue) => (typeof v === 'boolean' ? 2 : typeof v === 'string' ? 1 : 0);
  const x = a === null ? (typeof b === 'string' ? '' : typeof b === 'boolean' ? false : 0) : a;
  const y = b === null ? (typeof a === 'string' ? '' : typeof a === 'boolean' ? false : 0) : b;
  if (rank(x as FValue) !== rank(y as FValue)) return rank(x as FValue) - rank(y as FValue);
  if (typeof x === 'string') { const p = x.toLowerCase(); const q = (y as string).toLowerCase(); return p < q ? -1 : p > q ? 1 : 0; }
  return Number(x) - Number(y);
}

export class Calculator {
  private memo = new Map<string, FValue>();
  private busy = new Set<string>();
  constructor(private readonly ss: Spreadsheet) {}

  /** The computed value of a cell (null when empty). */
  value(sheet: SheetTab, r: number, c: number): FValue {
    const cell = cellAt(sheet, r, c);
    if (!cell) return null;
    if (cell.f === undefined) return cell.v ?? null;
    const key = `${sheet.properties.sheetId}:${r}:${c}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    if (this.busy.has(key)) return err('#REF!'); // circular dependency
    this.busy.add(key);
    const expr = parsed(cell.f);
    const result = expr ? this.scalar(this.eval(expr, sheet)) : err('#ERROR!');
    this.busy.delete(key);
    this.memo.set(key, result);
    return result;
  }

  private scalar(v: Result): FValue {
    if (!isRange(v)) return v;
    const { sheet, r0, c0, r1, c1 } = v.range;
    // A one-cell range reads as its value; a bigger one in a scalar place is #VALUE! (no array formulas).
    return r1 - r0 === 1 && c1 - c0 === 1 ? this.value(sheet, r0, c0) : err('#VALUE!');
  }

  private values(v: Result): FValue[] {
    if (!isRange(v)) return [v];
    const { sheet, r0, c0, r1, c1 } = v.range;
    const out: FValue[] = [];
    const lastRow = Math.min(r1, sheet.rows.length);
    for (let r = r0; r < lastRow; r++) {
      const row = sheet.rows[r];
      if (!row) continue;
      for (let c = c0; c < Math.min(c1, row.length); c++) out.push(this.value(sheet, r, c));
    }
    return out;
  }

  private eval(e: Expr, here: SheetTab): Result {
    switch (e.k) {
      case 'num': case 'str': case 'bool': return e.v;
      case 'err': return err(e.v);
      case 'ref': {
        const sheet = e.sheet === undefined ? here : sheetByTitle(this.ss, e.sheet);
        if (!sheet) return err('#REF!');
        const g = sheet.properties.gridProperties;
        const b = e.bounds;
        const range = { sheet, r0: b.startRow ?? 0, c0: b.startCol ?? 0, r1: b.endRow ?? g.rowCount, c1: b.endCol ?? g.columnCount };
        if (range.r0 >= g.rowCount || range.c0 >= g.columnCount) return err('#REF!');
        return { range };
      }
      case 'name': {
        const named = this.ss.namedRanges.find((n) => n.name.toLowerCase() === e.name.toLowerCase());
        const block = named && blockOfGridRange(this.ss, named.range);
        return block ? { range: block } : err('#NAME?');
      }
      case 'unary': {
        const n = toNumber(this.scalar(this.eval(e.e, here)));
        if (isError(n)) return n;
        return e.op === '-' ? -n : e.op === '%' ? n / 100 : n;
      }
      case 'bin': return this.binary(e.op, this.scalar(this.eval(e.a, here)), this.scalar(this.eval(e.b, here)));
      case 'call': return this.call(e.fn, e.args, here);
    }
  }

  private binary(op: string, a: FValue, b: FValue): FValue {
    if (isError(a)) return a;
    if (isError(b)) return b;
    if (op === '&') { const x = toText(a); const y = toText(b); return isError(x) ? x : isError(y) ? y : x + y; }
    if (['=', '<>', '<', '<=', '>', '>='].includes(op)) {
      const c = compare(a, b);
      return op === '=' ? c === 0 : op === '<>' ? c !== 0 : op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
    }
    const x = toNumber(a);
    const y = toNumber(b);
    if (isError(x)) return x;
    if (isError(y)) return y;
    switch (op) {
      case '+': return x + y;
      case '-': return x - y;
      case '*': return x * y;
      case '/': return y === 0 ? err('#DIV/0!') : x / y;
      default: { const p = x ** y; return Number.isFinite(p) ? p : err('#NUM!'); }
    }
  }

  /** Numbers of the arguments: ranges contribute their numbers only, direct arguments are coerced. */
  private numbers(args: Expr[], here: SheetTab): number[] | FError {
    const out: number[] = [];
    for (const a of args) {
      const v = this.eval(a, here);
      if (isRange(v)) {
        for (const x of this.values(v)) { if (isError(x)) return x; if (typeof x === 'number') out.push(x); }
      } else {
        if (v === null) continue;
        const n = toNumber(v);
        if (isError(n)) return n;
        out.push(n);
      }
    }
    return out;
  }

  private call(fn: string, args: Expr[], here: SheetTab): FValue {
    const arg = (i: number) => (args[i] ? this.scalar(this.eval(args[i]!, here)) : null);
    const arity = (min: number, max: number) => args.length >= min && args.length <= max;
    switch (fn) {
      case 'SUM': case 'AVERAGE': case 'MIN': case 'MAX': case 'COUNT': {
        if (fn === 'COUNT') return args.flatMap((a) => this.values(this.eval(a, here))).filter((v) => typeof v === 'number').length;
        const ns = this.numbers(args, here);
        if (isError(ns)) return ns;
        if (fn === 'SUM') return ns.reduce((s, n) => s + n, 0);
        if (fn === 'AVERAGE') return ns.length === 0 ? err('#DIV/0!') : ns.reduce((s, n) => s + n, 0) / ns.length;
        if (ns.length === 0) return 0;
        return fn === 'MIN' ? Math.min(...ns) : Math.max(...ns);
      }
      case 'COUNTA': return args.flatMap((a) => this.values(this.eval(a, here))).filter((v) => v !== null && v !== '').length;
      case 'IF': {
        if (!arity(2, 3)) return err('#N/A');
        const cond = toBool(arg(0));
        if (isError(cond)) return cond;
        return cond ? arg(1) : args.length === 3 ? arg(2) : false;
      }
      case 'IFERROR': { if (!arity(1, 2)) return err('#N/A'); const v = arg(0); return isError(v) ? arg(1) ?? '' : v; }
      case 'AND': case 'OR': {
        if (args.length === 0) return err('#N/A');
        const bools: boolean[] = [];
        for (const v of args.flatMap((a) => this.values(this.eval(a, here)))) {
          if (v === null || typeof v === 'string') continue;
          const b = toBool(v);
          if (isError(b)) return b;
          bools.push(b);
        }
        if (bools.length === 0) return err('#VALUE!');
        return fn === 'AND' ? bools.every(Boolean) : bools.some(Boolean);
      }
      case 'NOT': { if (!arity(1, 1)) return err('#N/A'); const b = toBool(arg(0)); return isError(b) ? b : !b; }
      case 'CONCATENATE': case 'CONCAT': {
        if (fn === 'CONCAT' && !arity(2, 2)) return err('#N/A');
        let s = '';
        for (const v of args.flatMap((a) => this.values(this.eval(a, here)))) { const t = toText(v); if (isError(t)) return t; s += t; }
        return s;
      }
      case 'LEN': case 'UPPER': case 'LOWER': {
        if (!arity(1, 1)) return err('#N/A');
        const t = toText(arg(0));
        if (isError(t)) return t;
        return fn === 'LEN' ? t.length : fn === 'UPPER' ? t.toUpperCase() : t.toLowerCase();
      }
      case 'ROUND': {
        if (!arity(1, 2)) return err('#N/A');
        const n = toNumber(arg(0));
        const places = args.length > 1 ? toNumber(arg(1)) : 0;
        if (isError(n)) return n;
        if (isError(places)) return places;
        const f = 10 ** Math.trunc(places);
        return Math.sign(n) * Math.round(Math.abs(n) * f + 1e-9) / f;
      }
      case 'ABS': { if (!arity(1, 1)) return err('#N/A'); const n = toNumber(arg(0)); return isError(n) ? n : Math.abs(n); }
      default: return err('#NAME?');
    }
  }
}
