// A1 notation as the Sheets API reads it (developers.google.com/sheets/api/guides/concepts#cell):
// `Sheet1!A1:B2`, quoted titles with '' escapes, open ranges (`A:A`, `1:1`, `A2:B`), a bare sheet title,
// unqualified ranges (first sheet), named ranges, and R1C1 (`R1C1:R2C3`). Pure; indexes are 0-based,
// ends exclusive, as in a GridRange. Anything else is "Unable to parse range: X".

/** A cell block on one sheet; an undefined bound is open (to the sheet's edge). */
export interface A1Bounds { startRow?: number; endRow?: number; startCol?: number; endCol?: number }
export interface ParsedA1 extends A1Bounds {
  /** The sheet title as written (unquoted), or undefined for "the first sheet". */
  sheet?: string;
  /** Set when the whole range is a name (a sheet title or a named range, resolved by the caller). */
  name?: string;
}

export class A1Error extends Error {
  constructor(readonly range: string) { super(`Unable to parse range: ${range}`); }
}

export function columnLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) { const m = (n - 1) % 26; out = String.fromCharCode(65 + m) + out; n = Math.floor((n - 1) / 26); }
  return out;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

// Sheets' grid maximum is 18,278 columns (ZZZ) and 10 million cells; references beyond are not ranges.
const MAX_COL = 18_278;
const MAX_ROW = 10_000_000;
const REF = /^\$?([A-Za-z]{1,3})?\$?(\d{1,8})?$/;
const R1C1 = /^[Rr](\d{1,8})[Cc](\d{1,5})$/;

interface Ref { col?: number; row?: number }

function parseRef(text: string): Ref | null {
  const m = REF.exec(text);
  if (!m || (!m[1] && !m[2])) return null;
  const ref: Ref = {};
  if (m[1]) { ref.col = columnIndex(m[1]); if (ref.col >= MAX_COL) return null; }
  if (m[2]) { ref.row = Number(m[2]) - 1; if (ref.row < 0 || ref.row >= MAX_ROW) return null; }
  return ref;
}

function parseR1C1(text: string): Ref | null {
  const m = R1C1.exec(text);
  if (!m) return null;
  const row = Number(m[1]) - 1;
  const col = Number(m[2]) - 1;
  return row >= 0 && col >= 0 ? { row, col } : null;
}

/** The cell part of a range (after any `Sheet!`), or null when it is not one. */
export function parseCells(text: string): A1Bounds | null {
  const parts = text.split(':');
  if (parts.length > 2 || parts.some((p) => p === '')) return null;
  const r1c1 = parts.map(parseR1C1);
  if (r1c1.every((r) => r !== null)) return bounds(r1c1[0]!, r1c1[1] ?? r1c1[0]!);
  const refs = parts.map(parseRef);
  if (refs.some((r) => r === null)) return null;
  const [a, b] = refs as [Ref, Ref | undefined];
  if (!b) return a.col !== undefined && a.row !== undefined ? bounds(a, a) : null;
  // A1:B2, A:B, 1:2, A1:B (rows open below), A:B2 is not accepted.
  const bothCells = a.col !== undefined && a.row !== undefined && b.col !== undefined && b.row !== undefined;
  const columns = a.row === undefined && b.row === undefined && a.col !== undefined && b.col !== undefined;
  const rows = a.col === undefined && b.col === undefined && a.row !== undefined && b.row !== undefined;
  const openRows = a.col !== undefined && a.row !== undefined && b.col !== undefined && b.row === undefined;
  const openCols = a.col !== undefined && a.row !== undefined && b.col === undefined && b.row !== undefined;
  if (!(bothCells || columns || rows || openRows || openCols)) return null;
  return bounds(a, b);
}

function bounds(a: Ref, b: Ref): A1Bounds {
  const out: A1Bounds = {};
  if (a.row !== undefined) {
    const hi = b.row ?? a.row;
    out.startRow = Math.min(a.row, hi);
    if (b.row !== undefined) out.endRow = Math.max(a.row, b.row) + 1;
  }
  if (a.col !== undefined || b.col !== undefined) {
    const lo = a.col ?? 0;
    const hi = b.col ?? lo;
    if (a.col !== undefined) out.startCol = Math.min(lo, hi);
    if (b.col !== undefined) out.endCol = Math.max(lo, hi) + 1;
  }
  return out;
}

/** Splits `range` into sheet title and cells; throws A1Error when it cannot be a range at all. */
export function parseA1(range: string): ParsedA1 {
  const text = range.trim();
  if (text === '') throw new A1Error(range);
  if (text.startsWith("'")) {
    let i = 1;
    let title = '';
    for (; i < text.length; i++) {
      if (text[i] === "'") {
        if (text[i + 1] === "'") { title += "'"; i++; continue; }
        break;
      }
      title += text[i];
    }
    if (i >= text.length || title === '') throw new A1Error(range);
    const rest = text.slice(i + 1);
    if (rest === '') return { sheet: title };
    if (!rest.startsWith('!')) throw new A1Error(range);
    const cells = parseCells(rest.slice(1));
    if (!cells) throw new A1Error(range);
    return { sheet: title, ...cells };
  }
  const bang = text.lastIndexOf('!');
  if (bang >= 0) {
    const title = text.slice(0, bang);
    const cells = parseCells(text.slice(bang + 1));
    if (!cells || title === '' || title.includes("'")) throw new A1Error(range);
    return { sheet: title, ...cells };
  }
  const cells = parseCells(text);
  if (cells) return cells;
  if (/[:']/.test(text)) throw new A1Error(range);
  return { name: text };
}

/** A sheet title as it appears in a range: quoted when it is not a plain word or looks like a cell. */
export function quoteTitle(title: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(title) && !parseRef(title) && !parseR1C1(title);
  return plain ? title : `'${title.replace(/'/g, "''")}'`;
}

/** `Sheet1!A1:B2` (or `Sheet1!A1` for one cell) for a closed block. */
export function formatA1(title: string, r0: number, c0: number, r1: number, c1: number): string {
  const start = `${columnLetters(c0)}${r0 + 1}`;
  const end = `${columnLetters(c1 - 1)}${r1}`;
  return `${quoteTitle(title)}!${start}${r1 - r0 === 1 && c1 - c0 === 1 ? '' : `:${end}`}`;
}
