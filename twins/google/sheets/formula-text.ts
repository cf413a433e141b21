// Formula text as Sheets keeps it: function names and cell references upper-cased when entered
// (`=sum(a1:b2)` reads back `=SUM(A1:B2)`), and references rewritten when rows or columns are inserted
// or deleted before them (`=SUM(D2:D9)` becomes `=SUM(D3:D10)` after a row goes in above; a reference
// whose cells are all deleted becomes #REF!). Strings and quoted sheet names are left alone.
import { columnIndex, columnLetters, parseCells } from './a1.js';

type Piece = { text: string; kind: 'raw' | 'word'; sheet?: string };

/** Splits formula text into words (names, references) and everything else, noting a word's `Sheet!` prefix. */
function pieces(formula: string): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  let raw = '';
  let pendingSheet: string | undefined;
  const flush = () => { if (raw) out.push({ text: raw, kind: 'raw' }); raw = ''; };
  while (i < formula.length) {
    const ch = formula[i]!;
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      for (; j < formula.length; j++) { if (formula[j] === ch) { if (formula[j + 1] === ch) { j++; continue; } break; } }
      const quoted = formula.slice(i, j + 1);
      raw += quoted;
      if (ch === "'" && formula[j + 1] === '!') { pendingSheet = quoted.slice(1, -1).replace(/''/g, "'"); raw += '!'; j++; }
      i = j + 1;
      continue;
    }
    const word = /^[A-Za-z0-9_$.]+(?::[A-Za-z0-9_$]+)?/.exec(formula.slice(i));
    if (word && !/[A-Za-z0-9_$.]/.test(formula[i - 1] ?? '')) {
      if (formula[i + word[0].length] === '!') { raw += `${word[0]}!`; pendingSheet = word[0]; i += word[0].length + 1; continue; }
      flush();
      out.push({ text: word[0], kind: 'word', ...(pendingSheet !== undefined && { sheet: pendingSheet }) });
      pendingSheet = undefined;
      i += word[0].length;
      continue;
    }
    raw += ch;
    i++;
  }
  flush();
  return out;
}

const isReference = (word: string) => /[A-Za-z$]/.test(word[0]!) || word.includes(':') ? parseCells(word) !== null : false;

/** Upper-cases function names, TRUE/FALSE and references, as Sheets stores an entered formula. */
export function normalizeFormula(formula: string): string {
  const ps = pieces(formula);
  return ps.map((p, k) => {
    if (p.kind === 'raw') return p.text;
    const next = ps[k + 1];
    const isCall = next?.kind === 'raw' && next.text.trimStart().startsWith('(');
    const upper = p.text.toUpperCase();
    return isCall || upper === 'TRUE' || upper === 'FALSE' || isReference(p.text) ? upper : p.text;
  }).join('');
}

/**
 * Shifts references to `sheet` (by title; unqualified references belong to `home`) for `count` rows or
 * columns inserted (count > 0) or deleted (count < 0) at index `at`.
 */
export function shiftFormula(formula: string, home: string, sheet: string, dim: 'ROWS' | 'COLUMNS', at: number, count: number): string {
  return pieces(formula).map((p) => {
    if (p.kind === 'raw' || (p.sheet ?? home).toLowerCase() !== sheet.toLowerCase() || !isReference(p.text)) return p.text;
    const parts = p.text.split(':').map((part) => /^(\$?)([A-Za-z]{0,3})(\$?)(\d*)$/.exec(part)!);
    const coords = parts.map((m) => (dim === 'ROWS' ? (m[4] ? Number(m[4]) - 1 : null) : (m[2] ? columnIndex(m[2]) : null)));
    const moved = coords.map((c, k) => {
      if (c === null) return null;
      if (count > 0) return c >= at ? c + count : c;
      const end = at - count;
      // A range's end inside the deleted block pulls back to just before it; its start moves to the block's place.
      if (c < at) return c;
      if (c >= end) return c + count;
      return k === 0 && coords.length > 1 ? at : k === 1 ? at - 1 : -1;
    });
    if (moved.some((c) => c !== null && c < 0) || (moved.length === 2 && moved[0] !== null && moved[1] !== null && moved[1]! < moved[0]!)) return '#REF!';
    return parts.map((m, k) => {
      const c = moved[k];
      if (c === null || c === undefined) return m[0];
      return dim === 'ROWS' ? `${m[1]}${m[2]}${m[3]}${c + 1}` : `${m[1]}${columnLetters(c)}${m[3]}${m[4]}`;
    }).join(':');
  }).join('');
}
