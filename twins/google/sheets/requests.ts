// spreadsheets.batchUpdate requests. Each one changes a working copy; the route swaps it in only when
// every request succeeded, so one bad request changes nothing (as Sheets applies a batch atomically).
// A handler returns its reply (or undefined for `{}`) and throws RequestError with Sheets' message.
import { randomInt } from 'node:crypto';
import { Calculator, isError } from './formula.js';
import { formatValue } from './format.js';
import { cellAt, ensureGrid, newSheet, setCell, sheetById, type Cell, type GridRange, type SheetTab, type Spreadsheet } from './model.js';
import { updateCells, repeatCell } from './cells.js';
import { shiftFormula } from './formula-text.js';

export class RequestError extends Error {}

type Req = Record<string, unknown>;
export interface BatchContext { ss: Spreadsheet; title: string; rename(title: string): void }

const fail = (message: string): never => { throw new RequestError(message); };
const obj = (v: unknown, what: string): Req => (v && typeof v === 'object' && !Array.isArray(v) ? v as Req : fail(`${what} is required.`));
const int = (v: unknown, what: string): number => (Number.isInteger(v) && (v as number) >= 0 ? v as number : fail(`${what} must be a non-negative integer.`));

export function gridSheet(ss: Spreadsheet, sheetId: unknown): SheetTab {
  return sheetById(ss, (sheetId ?? 0) as number) ?? fail(`No grid with id: ${String(sheetId ?? 0)}`);
}

/** A GridRange closed at the sheet's edge, checked against the grid. */
export function gridBlock(ss: Spreadsheet, range: unknown) {
  const r = obj(range, 'range') as GridRange;
  const sheet = gridSheet(ss, r.sheetId);
  const g = sheet.properties.gridProperties;
  const b = { sheet, r0: r.startRowIndex ?? 0, c0: r.startColumnIndex ?? 0, r1: r.endRowIndex ?? g.rowCount, c1: r.endColumnIndex ?? g.columnCount };
  if (b.r1 > g.rowCount || b.c1 > g.columnCount) fail(`Range ('${sheet.properties.title}'!${b.r0 + 1}) exceeds grid limits. Max rows: ${g.rowCount}, max columns: ${g.columnCount}`);
  if (b.r0 > b.r1 || b.c0 > b.c1) fail('Invalid range: start index must not exceed end index.');
  return b;
}

function uniqueTitle(ss: Spreadsheet, title: string, except?: SheetTab): void {
  if (ss.sheets.some((s) => s !== except && s.properties.title.toLowerCase() === title.toLowerCase())) fail(`A sheet with the name "${title}" already exists. Please enter another name.`);
}

function newSheetId(ss: Spreadsheet): number {
  for (;;) { const id = randomInt(1, 2_147_483_647); if (!sheetById(ss, id)) return id; }
}

function reindex(ss: Spreadsheet, moved?: SheetTab, to?: number): void {
  const order = [...ss.sheets].sort((a, b) => a.properties.index - b.properties.index).filter((s) => s !== moved);
  if (moved) order.splice(Math.min(to ?? order.length, order.length), 0, moved);
  order.forEach((s, i) => { s.properties.index = i; });
}

/** Sets `fields` (comma-separated paths, or '*') of `source` onto `target`; unknown paths are errors. */
export function applyMask(target: Req, source: Req, fields: unknown, allowed: string[]): void {
  if (typeof fields !== 'string' || fields === '') fail("At least one field must be updated. Specify 'fields' or '*'.");
  const paths = fields === '*' ? allowed.filter((p) => p.split('.').reduce<unknown>((o, k) => (o as Req | undefined)?.[k], source) !== undefined) : (fields as string).split(',').map((f) => f.trim());
  for (const path of paths) {
    if (!allowed.some((a) => a === path || a.startsWith(`${path}.`))) fail(`Invalid field mask: ${path}`);
    const keys = path.split('.');
    let t = target;
    let s: Req | undefined = source;
    for (const k of keys.slice(0, -1)) { t = (t[k] ??= {}) as Req; s = s?.[k] as Req | undefined; }
    const last = keys[keys.length - 1]!;
    if (s?.[last] === undefined) delete t[last];
    else t[last] = structuredClone(s[last]);
  }
}

const SHEET_FIELDS = ['title', 'index', 'hidden', 'rightToLeft', 'tabColor', 'tabColorStyle', 'gridProperties.rowCount', 'gridProperties.columnCount', 'gridProperties.frozenRowCount', 'gridProperties.frozenColumnCount', 'gridProperties.hideGridlines'];
const SPREADSHEET_FIELDS = ['title', 'locale', 'timeZone', 'autoRecalc', 'defaultFormat', 'iterativeCalculationSettings', 'spreadsheetTheme'];

function shiftRanges(ss: Spreadsheet, sheet: SheetTab, dim: 'ROWS' | 'COLUMNS', at: number, delta: number): void {
  const [s, e] = dim === 'ROWS' ? ['startRowIndex', 'endRowIndex'] as const : ['startColumnIndex', 'endColumnIndex'] as const;
  const shift = (r: GridRange) => {
    if ((r.sheetId ?? 0) !== sheet.properties.sheetId) return;
    if (r[s] !== undefined && r[s]! >= at) r[s] = Math.max(at, r[s]! + delta);
    if (r[e] !== undefined && r[e]! > at) r[e] = Math.max(at, r[e]! + delta);
  };
  ss.namedRanges.forEach((n) => shift(n.range));
  sheet.merges.forEach(shift);
  sheet.merges = sheet.merges.filter((m) => (m.endRowIndex ?? 1) > (m.startRowIndex ?? 0) && (m.endColumnIndex ?? 1) > (m.startColumnIndex ?? 0));
}

function dimension(ss: Spreadsheet, req: Req, kind: 'insert' | 'delete'): void {
  const range = obj(req.range, 'range');
  const sheet = gridSheet(ss, range.sheetId);
  const dim = range.dimension === 'COLUMNS' ? 'COLUMNS' : range.dimension === 'ROWS' ? 'ROWS' : fail('range.dimension must be ROWS or COLUMNS.');
  const start = int(range.startIndex, 'range.startIndex');
  const end = int(range.endIndex, 'range.endIndex');
  if (end <= start) fail('range.endIndex must be greater than range.startIndex.');
  const g = sheet.properties.gridProperties;
  const size = dim === 'ROWS' ? g.rowCount : g.columnCount;
  const count = end - start;
  if (kind === 'insert') {
    if (start > size) fail(`range.startIndex (${start}) must be less than or equal to the ${dim === 'ROWS' ? 'row' : 'column'} count (${size}).`);
    if (dim === 'ROWS') { if (start < sheet.rows.length) sheet.rows.splice(start, 0, ...new Array<null>(count).fill(null)); g.rowCount += count; } else {
      for (const row of sheet.rows) if (row && start < row.length) row.splice(start, 0, ...new Array<null>(count).fill(null));
      g.columnCount += count;
    }
    shiftRanges(ss, sheet, dim, start, count);
    shiftFormulas(ss, sheet, dim, start, count);
  } else {
    if (end > size) fail(`Invalid requests: range end index ${end} exceeds the ${dim === 'ROWS' ? 'row' : 'column'} count ${size}.`);
    if (count === size && ss.sheets.length >= 1) fail(`You can't delete all the ${dim === 'ROWS' ? 'rows' : 'columns'} on the sheet.`);
    if (dim === 'ROWS') { sheet.rows.splice(start, count); g.rowCount -= count; } else {
      for (const row of sheet.rows) if (row) row.splice(start, count);
      g.columnCount -= count;
    }
    shiftRanges(ss, sheet, dim, end, -count);
    shiftFormulas(ss, sheet, dim, start, -count);
  }
}

/** Rewrites every formula's references to `sheet` after rows or columns moved (formula-text.ts). */
function shiftFormulas(ss: Spreadsheet, sheet: SheetTab, dim: 'ROWS' | 'COLUMNS', at: number, count: number): void {
  for (const s of ss.sheets) for (const row of s.rows) for (const cell of row ?? []) {
    if (cell?.f !== undefined) cell.f = shiftFormula(cell.f, s.properties.title, sheet.properties.title, dim, at, count);
  }
}

function findReplace(ss: Spreadsheet, req: Req) {
  const find = typeof req.find === 'string' && req.find !== '' ? req.find : fail('find must not be empty.');
  const replacement = typeof req.replacement === 'string' ? req.replacement : '';
  const flags = req.matchCase === true ? 'g' : 'gi';
  let pattern: RegExp;
  try { pattern = new RegExp(req.searchByRegex === true ? find : find.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags); } catch { return fail(`Invalid regular expression: ${find}`); }
  const sheets = req.allSheets === true ? ss.sheets : req.range ? [gridBlock(ss, req.range).sheet] : [gridSheet(ss, req.sheetId)];
  const block = req.range ? gridBlock(ss, req.range) : null;
  const out = { valuesChanged: 0, formulasChanged: 0, rowsChanged: 0, sheetsChanged: 0, occurrencesChanged: 0 };
  const calc = new Calculator(ss);
  for (const sheet of sheets) {
    let sheetHit = false;
    sheet.rows.forEach((row, r) => {
      if (!row || (block && (r < block.r0 || r >= block.r1))) return;
      let rowHit = false;
      row.forEach((cell, c) => {
        if (!cell || (block && (c < block.c0 || c >= block.c1))) return;
        const isFormula = cell.f !== undefined;
        if (isFormula && req.includeFormulas !== true) return;
        const shown = isFormula ? cell.f! : (() => { const v = calc.value(sheet, r, c); return v === null || isError(v) ? '' : formatValue(v, cell.fmt?.numberFormat); })();
        const hits = shown.match(pattern)?.length ?? 0;
        if (hits === 0 || (req.matchEntireCell === true && shown.replace(pattern, '') !== '')) return;
        const next = shown.replace(pattern, replacement);
        if (isFormula) { cell.f = next; out.formulasChanged++; } else { cell.v = typeof cell.v === 'string' ? next : (Number.isFinite(Number(next)) && next.trim() !== '' ? Number(next) : next); out.valuesChanged++; }
        out.occurrencesChanged += hits;
        rowHit = sheetHit = true;
      });
      if (rowHit) out.rowsChanged++;
    });
    if (sheetHit) out.sheetsChanged++;
  }
  return out;
}

function sortRange(ss: Spreadsheet, req: Req): void {
  const b = gridBlock(ss, req.range);
  const specs = Array.isArray(req.sortSpecs) ? req.sortSpecs as Req[] : fail('sortSpecs is required.');
  const calc = new Calculator(ss);
  const last = Math.min(b.r1, b.sheet.rows.length);
  const rows: { cells: (Cell | null)[]; keys: unknown[] }[] = [];
  for (let r = b.r0; r < last; r++) {
    const cells = Array.from({ length: b.c1 - b.c0 }, (_, i) => cellAt(b.sheet, r, b.c0 + i));
    rows.push({ cells, keys: specs.map((s) => calc.value(b.sheet, r, (s.dimensionIndex as number) ?? 0)) });
  }
  const cmp = (x: unknown, y: unknown) => {
    const rank = (v: unknown) => (v === null ? 3 : typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2);
    if (rank(x) !== rank(y)) return rank(x) - rank(y);
    return typeof x === 'string' ? x.localeCompare(y as string) : Number(x) - Number(y);
  };
  rows.sort((a, b2) => {
    for (let i = 0; i < specs.length; i++) {
      const d = cmp(a.keys[i], b2.keys[i]);
      // Empty cells go last whatever the order, as Sheets sorts them.
      if (d !== 0) return a.keys[i] === null || b2.keys[i] === null ? d : specs[i]!.sortOrder === 'DESCENDING' ? -d : d;
    }
    return 0;
  });
  rows.forEach((row, i) => row.cells.forEach((cell, j) => setCell(b.sheet, b.r0 + i, b.c0 + j, cell)));
}

type Handler = (bc: BatchContext, req: Req) => Record<string, unknown> | undefined;

export const SHEET_REQUESTS: Record<string, Handler> = {
  addSheet: ({ ss }, req) => {
    const p = (req.properties ?? {}) as Req;
    let n = ss.sheets.length + 1;
    while (ss.sheets.some((s) => s.properties.title.toLowerCase() === `sheet${n}`)) n++;
    if (p.title !== undefined && typeof p.title !== 'string') fail('properties.title must be a string.');
    const title = typeof p.title === 'string' ? p.title : `Sheet${n}`;
    uniqueTitle(ss, title);
    const id = p.sheetId === undefined ? newSheetId(ss) : int(p.sheetId, 'properties.sheetId');
    if (sheetById(ss, id)) fail(`A sheet with the id ${id} already exists.`);
    const grid = (p.gridProperties ?? {}) as Req;
    const sheet = newSheet(id, title, ss.sheets.length, grid.rowCount === undefined ? 1000 : int(grid.rowCount, 'gridProperties.rowCount'), grid.columnCount === undefined ? 26 : int(grid.columnCount, 'gridProperties.columnCount'));
    applyMask(sheet.properties as unknown as Req, p, '*', SHEET_FIELDS.filter((f) => f !== 'index' && f !== 'title'));
    ss.sheets.push(sheet);
    reindex(ss, sheet, p.index === undefined ? undefined : int(p.index, 'properties.index'));
    return { addSheet: { properties: sheet.properties } };
  },
  deleteSheet: ({ ss }, req) => {
    const sheet = gridSheet(ss, req.sheetId);
    if (ss.sheets.length === 1) fail("You can't remove all the sheets in a document.");
    ss.sheets = ss.sheets.filter((s) => s !== sheet);
    ss.namedRanges = ss.namedRanges.filter((n) => (n.range.sheetId ?? 0) !== sheet.properties.sheetId);
    reindex(ss);
    return undefined;
  },
  duplicateSheet: ({ ss }, req) => {
    const source = gridSheet(ss, req.sourceSheetId);
    if (req.newSheetName !== undefined && typeof req.newSheetName !== 'string') fail('newSheetName must be a string.');
    let title = typeof req.newSheetName === 'string' ? req.newSheetName : `Copy of ${source.properties.title}`;
    if (req.newSheetName === undefined) for (let n = 2; ss.sheets.some((s) => s.properties.title === title); n++) title = `Copy ${n} of ${source.properties.title}`;
    uniqueTitle(ss, title);
    const copy = structuredClone(source);
    copy.properties.sheetId = req.newSheetId === undefined ? newSheetId(ss) : int(req.newSheetId, 'newSheetId');
    copy.properties.title = title;
    copy.merges.forEach((m) => { m.sheetId = copy.properties.sheetId; });
    ss.sheets.push(copy);
    reindex(ss, copy, req.insertSheetIndex === undefined ? undefined : int(req.insertSheetIndex, 'insertSheetIndex'));
    return { duplicateSheet: { properties: copy.properties } };
  },
  updateSheetProperties: ({ ss }, req) => {
    const p = obj(req.properties, 'properties');
    const sheet = gridSheet(ss, p.sheetId);
    const index = sheet.properties.index;
    applyMask(sheet.properties as unknown as Req, p, req.fields, SHEET_FIELDS);
    if (typeof sheet.properties.title !== 'string' || sheet.properties.title === '') fail('Sheet title must not be empty.');
    const g = sheet.properties.gridProperties as unknown as Req;
    for (const k of ['rowCount', 'columnCount', 'frozenRowCount', 'frozenColumnCount']) if (g[k] !== undefined) int(g[k], `gridProperties.${k}`);
    int(sheet.properties.index, 'index');
    uniqueTitle(ss, sheet.properties.title, sheet);
    if (sheet.properties.index !== index) reindex(ss, sheet, sheet.properties.index);
    return undefined;
  },
  updateSpreadsheetProperties: (bc, req) => {
    const p = obj(req.properties, 'properties');
    const target = { ...bc.ss.properties, title: bc.title } as Req;
    applyMask(target, p, req.fields, SPREADSHEET_FIELDS);
    if (typeof target.title !== 'string' || target.title === '') fail('Spreadsheet title must not be empty.');
    bc.rename(target.title as string);
    bc.ss.properties = target as typeof bc.ss.properties;
    return undefined;
  },
  insertDimension: ({ ss }, req) => { dimension(ss, req, 'insert'); return undefined; },
  deleteDimension: ({ ss }, req) => { dimension(ss, req, 'delete'); return undefined; },
  appendDimension: ({ ss }, req) => {
    const sheet = gridSheet(ss, req.sheetId);
    const length = int(req.length, 'length');
    if (length < 1) fail('length must be at least 1.');
    const g = sheet.properties.gridProperties;
    if (req.dimension === 'ROWS') ensureGrid(sheet, g.rowCount + length, g.columnCount);
    else if (req.dimension === 'COLUMNS') ensureGrid(sheet, g.rowCount, g.columnCount + length);
    else fail('dimension must be ROWS or COLUMNS.');
    return undefined;
  },
  updateCells: ({ ss }, req) => { updateCells(ss, req, gridSheet, gridBlock, fail); return undefined; },
  repeatCell: ({ ss }, req) => { repeatCell(gridBlock(ss, req.range), req, fail); return undefined; },
  mergeCells: ({ ss }, req) => {
    const b = gridBlock(ss, req.range);
    if (b.r1 - b.r0 < 1 || b.c1 - b.c0 < 1) fail('Must merge at least one cell.');
    const type = req.mergeType ?? 'MERGE_ALL';
    const add = (r0: number, r1: number, c0: number, c1: number) => {
      if (b.sheet.merges.some((m) => (m.startRowIndex ?? 0) < r1 && r0 < (m.endRowIndex ?? 0) && (m.startColumnIndex ?? 0) < c1 && c0 < (m.endColumnIndex ?? 0))) fail('You must select all cells in a merged region to merge or unmerge them.');
      b.sheet.merges.push({ sheetId: b.sheet.properties.sheetId, startRowIndex: r0, endRowIndex: r1, startColumnIndex: c0, endColumnIndex: c1 });
    };
    if (type === 'MERGE_ALL') add(b.r0, b.r1, b.c0, b.c1);
    else if (type === 'MERGE_ROWS') for (let r = b.r0; r < b.r1; r++) add(r, r + 1, b.c0, b.c1);
    else if (type === 'MERGE_COLUMNS') for (let c = b.c0; c < b.c1; c++) add(b.r0, b.r1, c, c + 1);
    else fail(`Invalid value at 'requests.merge_cells.merge_type' (type.googleapis.com/google.apps.sheets.v4.MergeType), "${String(type)}"`);
    return undefined;
  },
  unmergeCells: ({ ss }, req) => {
    const b = gridBlock(ss, req.range);
    b.sheet.merges = b.sheet.merges.filter((m) => !((m.startRowIndex ?? 0) >= b.r0 && (m.endRowIndex ?? 0) <= b.r1 && (m.startColumnIndex ?? 0) >= b.c0 && (m.endColumnIndex ?? 0) <= b.c1));
    return undefined;
  },
  addNamedRange: ({ ss }, req) => {
    const n = obj(req.namedRange, 'namedRange');
    const name = typeof n.name === 'string' && /^[A-Za-z_][A-Za-z0-9_.]*$/.test(n.name) ? n.name : fail(`Invalid named range name: ${String(n.name)}`);
    if (ss.namedRanges.some((x) => x.name.toLowerCase() === name.toLowerCase())) fail(`Named range with name "${name}" already exists.`);
    gridBlock(ss, n.range);
    const namedRangeId = typeof n.namedRangeId === 'string' ? n.namedRangeId : Math.random().toString(36).slice(2, 14);
    const named = { namedRangeId, name, range: structuredClone(n.range as GridRange) };
    ss.namedRanges.push(named);
    return { addNamedRange: { namedRange: named } };
  },
  deleteNamedRange: ({ ss }, req) => {
    const index = ss.namedRanges.findIndex((n) => n.namedRangeId === req.namedRangeId);
    if (index < 0) fail(`No named range with id ${String(req.namedRangeId)}`);
    ss.namedRanges.splice(index, 1);
    return undefined;
  },
  findReplace: ({ ss }, req) => ({ findReplace: findReplace(ss, req) }),
  sortRange: ({ ss }, req) => { sortRange(ss, req); return undefined; },
  autoResizeDimensions: ({ ss }, req) => {
    const d = obj(req.dimensions, 'dimensions');
    gridSheet(ss, d.sheetId);
    return undefined;
  },
};
