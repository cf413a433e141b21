// The formula language's syntax: literals, cell and range references (`A1`, `$B$2`, `A1:B3`, `A:A`,
// `'Other sheet'!A1:A3`), names, function calls and operators with Sheets' precedence
// (comparison < & < + - < * / < ^ < unary minus < %). Pure; a syntax error throws FormulaSyntaxError.
import { parseCells, type A1Bounds } from './a1.js';

export type Expr =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'bool'; v: boolean }
  | { k: 'err'; v: string }
  | { k: 'ref'; sheet?: string; bounds: A1Bounds; single: boolean }
  | { k: 'name'; name: string }
  | { k: 'call'; fn: string; args: Expr[] }
  | { k: 'unary'; op: '-' | '+' | '%'; e: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr };

export class FormulaSyntaxError extends Error {}

type Tok = { t: 'num' | 'str' | 'word' | 'op' | 'err' | 'sheet'; v: string };

const ERRORS = ['#DIV/0!', '#REF!', '#NAME?', '#VALUE!', '#N/A', '#NUM!', '#ERROR!', '#NULL!'];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) { i++; continue; }
    if (ch === '"') {
      let s = '';
      for (i++; ; i++) {
        if (i >= src.length) throw new FormulaSyntaxError('unterminated string');
        if (src[i] === '"') { if (src[i + 1] === '"') { s += '"'; i++; continue; } i++; break; }
        s += src[i];
      }
      out.push({ t: 'str', v: s });
      continue;
    }
    if (ch === "'") {
      let s = '';
      for (i++; ; i++) {
        if (i >= src.length) throw new FormulaSyntaxError('unterminated sheet name');
        if (src[i] === "'") { if (src[i + 1] === "'") { s += "'"; i++; continue; } i++; break; }
        s += src[i];
      }
      if (src[i] !== '!') throw new FormulaSyntaxError('quoted name without !');
      i++;
      out.push({ t: 'sheet', v: s });
      continue;
    }
    if (ch === '#') {
      const e = ERRORS.find((x) => src.startsWith(x, i));
      if (!e) throw new FormulaSyntaxError('bad error literal');
      out.push({ t: 'err', v: e });
      i += e.length;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
    // A number directly followed by ':' is a row reference (1:3), handled as a word.
    if (num && !/^[A-Za-z_:$]/.test(src.slice(i + num[0].length))) { out.push({ t: 'num', v: num[0] }); i += num[0].length; continue; }
    const word = /^[A-Za-z0-9_$.]+(?::[A-Za-z0-9_$]+)?/.exec(src.slice(i));
    if (word) {
      if (src[i + word[0].length] === '!') { out.push({ t: 'sheet', v: word[0] }); i += word[0].length + 1; continue; }
      out.push({ t: 'word', v: word[0] });
      i += word[0].length;
      continue;
    }
    const op = ['<>', '<=', '>='].find((o) => src.startsWith(o, i)) ?? (/[-+*/^&=<>(),%;]/.test(ch) ? ch : null);
    if (!op) throw new FormulaSyntaxError(`unexpected ${ch}`);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  return out;
}

/** Parses a formula (with or without its leading '='). */
export function parseFormula(formula: string): Expr {
  const toks = tokenize(formula.startsWith('=') ? formula.slice(1) : formula);
  let pos = 0;
  const peek = () => toks[pos];
  const isOp = (v: string) => peek()?.t === 'op' && peek()!.v === v;
  const expect = (v: string) => { if (!isOp(v)) throw new FormulaSyntaxError(`expected ${v}`); pos++; };

  const levels: string[][] = [['=', '<>', '<', '<=', '>', '>='], ['&'], ['+', '-'], ['*', '/'], ['^']];
  const binary = (level: number): Expr => {
    if (level === levels.length) return unary();
    let left = binary(level + 1);
    while (peek()?.t === 'op' && levels[level]!.includes(peek()!.v)) {
      const op = toks[pos++]!.v;
      left = { k: 'bin', op, a: left, b: binary(level + 1) };
    }
    return left;
  };
  const unary = (): Expr => {
    if (isOp('-') || isOp('+')) { const op = toks[pos++]!.v as '-' | '+'; return { k: 'unary', op, e: unary() }; }
    let e = primary();
    while (isOp('%')) { pos++; e = { k: 'unary', op: '%', e }; }
    return e;
  };
  const reference = (sheet: string | undefined, text: string): Expr | null => {
    const bounds = parseCells(text);
    if (!bounds) return null;
    return { k: 'ref', ...(sheet !== undefined && { sheet }), bounds, single: !text.includes(':') };
  };
  const primary = (): Expr => {
    const tok = toks[pos++];
    if (!tok) throw new FormulaSyntaxError('unexpected end');
    switch (tok.t) {
      case 'num': return { k: 'num', v: Number(tok.v) };
      case 'str': return { k: 'str', v: tok.v };
      case 'err': return { k: 'err', v: tok.v };
      case 'sheet': {
        const next = toks[pos++];
        const ref = next?.t === 'word' || next?.t === 'num' ? reference(tok.v, next.v) : null;
        if (!ref) throw new FormulaSyntaxError('bad reference');
        return ref;
      }
      case 'op':
        if (tok.v !== '(') throw new FormulaSyntaxError(`unexpected ${tok.v}`);
        { const e = binary(0); expect(')'); return e; }
      case 'word': {
        if (isOp('(')) {
          pos++;
          const args: Expr[] = [];
          if (!isOp(')')) {
            for (;;) { args.push(binary(0)); if (isOp(',') || isOp(';')) { pos++; continue; } break; }
          }
          expect(')');
          return { k: 'call', fn: tok.v.toUpperCase(), args };
        }
        const upper = tok.v.toUpperCase();
        if (upper === 'TRUE' || upper === 'FALSE') return { k: 'bool', v: upper === 'TRUE' };
        return reference(undefined, tok.v) ?? { k: 'name', name: tok.v };
      }
    }
  };
  const expr = binary(0);
  if (pos !== toks.length) throw new FormulaSyntaxError('trailing input');
  return expr;
}
