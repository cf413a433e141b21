// A spreadsheet's content as the twin keeps it: sheets of sparse rows of cells holding what the user
// entered (a value or a formula, plus formats). Computed values are derived on read (formula.ts), so
// dependants never go stale. Plain JSON; the Drive file with the same id carries name and sharing.
import { A1Error, parseA1, type A1Bounds } from './a1.js';

export type CellValue = number | string | boolean;
export interface NumberFormat { type: string; pattern?: string }
export interface CellFormat { numberFormat?: NumberFormat; [key: string]: unknown }
export interface Cell {
  /** The entered value (absent for a formula cell). */
  v?: CellValue;
  /** The entered formula, with its leading '='. */
  f?: string;
  fmt?: CellFormat;
  note?: string;
}

export interface GridRange { sheetId?: number; startRowIndex?: number; endRowIndex?: number; startColumnIndex?: number; endColumnIndex?: number }
export interface SheetProperties {
  sheetId: number; title: string; index: number; sheetType: 'GRID';
  gridProperties: { rowCount: number; columnCount: number; frozenRowCount?: number; frozenColumnCount?: number; hideGridlines?: boolean };
  hidden?: boolean; rightToLeft?: boolean; tabColor?: unknown; tabColorStyle?: unknown;
}
export interface SheetTab {
  properties: SheetProperties;
  /** rows[r][c]; holes and nulls are empty cells. */
  rows: (Array<Cell | null> | null)[];
  merges: GridRange[];
  /** Pixel sizes set by autoResizeDimensions or updateDimensionProperties, by index. */
  rowSizes?: Record<string, number>;
  columnSizes?: Record<string, number>;
}
export interface NamedRange { namedRangeId: string; name: string; range: GridRange }
export interface SpreadsheetProperties { title: string; locale: string; autoRecalc: string; timeZone: string; [key: string]: unknown }
export interface Spreadsheet {
  properties: SpreadsheetProperties;
  sheets: SheetTab[];
  namedRanges: NamedRange[];
}

export const DEFAULT_ROWS = 1000;
export const DEFAULT_COLUMNS = 26;

export function newSheet(sheetId: number, title: string, index: number, rowCount = DEFAULT_ROWS, columnCount = DEFAULT_COLUMNS): SheetTab {
  return { properties: { sheetId, title, index, sheetType: 'GRID', gridProperties: { rowCount, columnCount } }, rows: [], merges: [] };
}

export function newSpreadsheet(title: string, timeZone: string): Spreadsheet {
  return { properties: { title, locale: 'en_US', autoRecalc: 'ON_CHANGE', timeZone }, sheets: [newSheet(0, 'Sheet1', 0)], namedRanges: [] };
}

export function cellAt(sheet: SheetTab, r: number, c: number): Cell | null {
  return sheet.rows[r]?.[c] ?? null;
}

export function setCell(sheet: SheetTab, r: number, c: number, cell: Cell | null): void {
  if (!cell) {
    const row = sheet.rows[r];
    if (row && c < row.length) row[c] = null;
    return;
  }
  while (sheet.rows.length <= r) sheet.rows.push(null);
  const row = sheet.rows[r] ?? (sheet.rows[r] = []);
  while (row.length < c) row.push(null);
  row[c] = cell;
}

export const isEmpty = (cell: Cell | null | undefined) => !cell || (cell.v === undefined && cell.f === undefined) || cell.v === '';

/** A resolved block: the sheet and closed bounds clipped to nothing (callers check the grid). */
export interface Block { sheet: SheetTab; r0: number; c0: number; r1: number; c1: number }

export function sheetByTitle(ss: Spreadsheet, title: string): SheetTab | undefined {
  const lower = title.toLowerCase();
  return ss.sheets.find((s) => s.properties.title.toLowerCase() === lower);
}

export function sheetById(ss: Spreadsheet, id: number | undefined): SheetTab | undefined {
  return ss.sheets.find((s) => s.properties.sheetId === (id ?? 0));
}

export function firstSheet(ss: Spreadsheet): SheetTab {
  return [...ss.sheets].sort((a, b) => a.properties.index - b.properties.index)[0]!;
}

function closed(sheet: SheetTab, b: A1Bounds): Block {
  const g = sheet.properties.gridProperties;
  return { sheet, r0: b.startRow ?? 0, c0: b.startCol ?? 0, r1: b.endRow ?? g.rowCount, c1: b.endCol ?? g.columnCount };
}

export function blockOfGridRange(ss: Spreadsheet, range: GridRange): Block | null {
  const sheet = sheetById(ss, range.sheetId);
  if (!sheet) return null;
  return closed(sheet, { startRow: range.startRowIndex, endRow: range.endRowIndex, startCol: range.startColumnIndex, endCol: range.endColumnIndex });
}

/**
 * The block an A1 range names on this spreadsheet, open ends closed at the grid's edge. Throws A1Error for
 * anything that is not a range of it (unknown sheet or name included), as Sheets answers "Unable to parse range".
 */
export function resolveRange(ss: Spreadsheet, range: string): Block {
  const parsed = parseA1(range);
  if (parsed.name !== undefined) {
    const sheet = sheetByTitle(ss, parsed.name);
    if (sheet) return closed(sheet, {});
    const named = ss.namedRanges.find((n) => n.name.toLowerCase() === parsed.name!.toLowerCase());
    const block = named && blockOfGridRange(ss, named.range);
    if (block) return block;
    throw new A1Error(range);
  }
  const sheet = parsed.sheet === undefined ? firstSheet(ss) : sheetByTitle(ss, parsed.sheet);
  if (!sheet) throw new A1Error(range);
  return closed(sheet, parsed);
}

/** Sheets' limit on the cells of a workbook (developers.google.com/sheets/api/guides/concepts). */
export const CELL_LIMIT = 10_000_000;
export const CELL_LIMIT_MESSAGE = `This action would increase the number of cells in the workbook above the limit of ${CELL_LIMIT} cells.`;
export const cellCount = (ss: Spreadsheet) => ss.sheets.reduce((n, s) => n + s.properties.gridProperties.rowCount * s.properties.gridProperties.columnCount, 0);

/** Grows the grid so that (r1, c1) fit (writes past the edge expand the sheet, as values.update/append do). */
export function ensureGrid(sheet: SheetTab, r1: number, c1: number): void {
  const g = sheet.properties.gridProperties;
  if (r1 > g.rowCount) g.rowCount = r1;
  if (c1 > g.columnCount) g.columnCount = c1;
}
