// spreadsheets.values semantics over the model: reading a block as Sheets renders it (value, date and
// dimension options, trailing empties trimmed), writing a block (RAW / USER_ENTERED, null skips a cell),
// clearing, and append's table detection. Pure over a Spreadsheet; routes own I/O and errors.
import { columnLetters, formatA1 } from './a1.js';
import { formatValue, isDateFormat, parseUserEntered, rawCell } from './format.js';
import { Calculator, isError, type FValue } from './formula.js';
import { CELL_LIMIT, CELL_LIMIT_MESSAGE, cellAt, ensureGrid, isEmpty, setCell, type Block, type Cell, type CellValue, type Spreadsheet } from './model.js';

export type ValueRender = 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE' | 'FORMULA';
export type DateRender = 'SERIAL_NUMBER' | 'FORMATTED_STRING';
export type Major = 'ROWS' | 'COLUMNS';
export interface ReadOptions { valueRender: ValueRender; dateRender: DateRender; major: Major }

/** The A1 text of a block, as Sheets echoes it in `range` fields. */
export function blockA1(b: Block): string {
  return formatA1(b.sheet.properties.title, b.r0, b.c0, b.r1, b.c1);
}

export class ValueError extends Error {}

function renderOne(calc: Calculator, b: Block, r: number, c: number, cell: Cell, o: ReadOptions): CellValue | null {
  if (o.valueRender === 'FORMULA' && cell.f !== undefined) return cell.f;
  const v: FValue = calc.value(b.sheet, r, c);
  if (v === null) return null;
  if (isError(v)) return v.error;
  const fmt = cell.fmt?.numberFormat;
  if (o.valueRender === 'FORMATTED_VALUE') return formatValue(v, fmt);
  if (typeof v === 'number' && isDateFormat(fmt) && o.dateRender === 'FORMATTED_STRING') return formatValue(v, fmt);
  return v;
}

/** The block's values as a ValueRange's `values` (undefined when empty), trailing empties trimmed. */
export function readBlock(ss: Spreadsheet, b: Block, o: ReadOptions, calc = new Calculator(ss)): CellValue[][] | undefined {
  const g = b.sheet.properties.gridProperties;
  const r1 = Math.min(b.r1, g.rowCount, b.sheet.rows.length);
  const grid: (CellValue | '')[][] = [];
  for (let r = b.r0; r < r1; r++) {
    const row = b.sheet.rows[r];
    const out: (CellValue | '')[] = [];
    if (row) {
      const c1 = Math.min(b.c1, row.length);
      for (let c = b.c0; c < c1; c++) {
        const cell = row[c];
        const v = cell ? renderOne(calc, b, r, c, cell, o) : null;
        out.push(v ?? '');
      }
    }
    grid.push(out);
  }
  const lines = o.major === 'ROWS' ? grid : transpose(grid);
  for (const line of lines) while (line.length > 0 && line[line.length - 1] === '') line.pop();
  while (lines.length > 0 && lines[lines.length - 1]!.length === 0) lines.pop();
  return lines.length === 0 ? undefined : lines;
}

function transpose(grid: (CellValue | '')[][]): (CellValue | '')[][] {
  const width = Math.max(0, ...grid.map((r) => r.length));
  const out: (CellValue | '')[][] = [];
  for (let c = 0; c < width; c++) out.push(grid.map((r) => r[c] ?? ''));
  return out;
}

/** One entered value as a cell: null skips, '' clears, otherwise RAW or USER_ENTERED parsing; formats kept. */
function entered(value: unknown, userEntered: boolean, previous: Cell | null): Cell | null | 'skip' {
  if (value === null || value === undefined) return 'skip';
  if (value === '') return null;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw new ValueError('Invalid values: a value must be a string, number or boolean.');
  const cell = userEntered && typeof value === 'string' ? parseUserEntered(value) : rawCell(value);
  const keptFormat = previous?.fmt && !cell.fmt ? { fmt: previous.fmt } : {};
  return { ...keptFormat, ...cell, ...(previous?.note !== undefined && { note: previous.note }) };
}

export interface WriteResult { updatedRange: string; updatedRows: number; updatedColumns: number; updatedCells: number; block: Block }

/**
 * Writes `values` at the block's top-left. Values past the block's end are Sheets' "tried writing to row/column"
 * 400 (ValueError); past the grid the sheet grows. Returns what values.update answers.
 */
export function writeBlock(b: Block, values: unknown, major: Major, userEntered: boolean, requested: string): WriteResult {
  if (!Array.isArray(values) || values.some((row) => !Array.isArray(row))) throw new ValueError('Invalid values: values must be a list of lists.');
  const lines = values as unknown[][];
  const rows = major === 'ROWS' ? lines.length : Math.max(0, ...lines.map((l) => l.length));
  const cols = major === 'ROWS' ? Math.max(0, ...lines.map((l) => l.length)) : lines.length;
  // A one-cell range is only an anchor: the values spread from it. A wider range bounds them.
  const anchor = b.r1 - b.r0 === 1 && b.c1 - b.c0 === 1;
  if (!anchor && rows > b.r1 - b.r0) throw new ValueError(`Requested writing within range [${requested}], but tried writing to row [${b.r1 + 1}]`);
  if (!anchor && cols > b.c1 - b.c0) throw new ValueError(`Requested writing within range [${requested}], but tried writing to column [${columnLetters(b.c1)}]`);
  const g = b.sheet.properties.gridProperties;
  if (Math.max(g.rowCount, b.r0 + rows) * Math.max(g.columnCount, b.c0 + cols) > CELL_LIMIT) throw new ValueError(CELL_LIMIT_MESSAGE);
  const writes: [number, number, Cell | null][] = [];
  lines.forEach((line, i) => line.forEach((value, j) => {
    const [r, c] = major === 'ROWS' ? [b.r0 + i, b.c0 + j] : [b.r0 + j, b.c0 + i];
    const cell = entered(value, userEntered, cellAt(b.sheet, r, c));
    if (cell !== 'skip') writes.push([r, c, cell]);
  }));
  if (rows > 0 && cols > 0) ensureGrid(b.sheet, b.r0 + rows, b.c0 + cols);
  for (const [r, c, cell] of writes) setCell(b.sheet, r, c, cell);
  const written: Block = { sheet: b.sheet, r0: b.r0, c0: b.c0, r1: b.r0 + Math.max(rows, 1), c1: b.c0 + Math.max(cols, 1) };
  return { updatedRange: blockA1(written), updatedRows: rows, updatedColumns: cols, updatedCells: writes.length, block: written };
}

/** Empties the values of a block (formats stay, as values.clear leaves them). */
export function clearBlock(b: Block): void {
  const r1 = Math.min(b.r1, b.sheet.rows.length);
  for (let r = b.r0; r < r1; r++) {
    const row = b.sheet.rows[r];
    if (!row) continue;
    for (let c = b.c0; c < Math.min(b.c1, row.length); c++) {
      const cell = row[c];
      if (!cell) continue;
      row[c] = cell.fmt || cell.note !== undefined ? { ...(cell.fmt && { fmt: cell.fmt }), ...(cell.note !== undefined && { note: cell.note }) } : null;
    }
  }
}

/**
 * The "table" append writes after: the first row inside the range with data in the range's columns, then
 * down (past the range) while rows have data there, and right while the next column has data in those
 * rows. Null when the range holds no data.
 */
export function findTable(b: Block): Block | null {
  const rows = b.sheet.rows;
  const hasData = (r: number, c0: number, c1: number) => {
    const row = rows[r];
    if (!row) return false;
    for (let c = c0; c < Math.min(c1, row.length); c++) if (!isEmpty(row[c])) return true;
    return false;
  };
  const last = Math.min(b.r1, rows.length);
  let start = b.r0;
  while (start < last && !hasData(start, b.c0, b.c1)) start++;
  if (start >= last) return null;
  let end = start;
  while (end < rows.length && hasData(end, b.c0, b.c1)) end++;
  let c0 = Infinity;
  let c1 = -Infinity;
  for (let r = start; r < end; r++) {
    const row = rows[r]!;
    for (let c = b.c0; c < Math.min(b.c1, row.length); c++) if (!isEmpty(row[c])) { c0 = Math.min(c0, c); c1 = Math.max(c1, c + 1); }
  }
  const columnHasData = (c: number) => { for (let r = start; r < end; r++) if (!isEmpty(rows[r]?.[c])) return true; return false; };
  while (columnHasData(c1)) c1++;
  return { sheet: b.sheet, r0: start, c0, r1: end, c1 };
}

/** Inserts `count` empty rows before row `at` (INSERT_ROWS), growing the grid. */
export function insertRows(b: Block, at: number, count: number): void {
  const rows = b.sheet.rows;
  if (at < rows.length) rows.splice(at, 0, ...new Array<null>(count).fill(null));
  b.sheet.properties.gridProperties.rowCount += count;
}
