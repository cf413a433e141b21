// updateCells and repeatCell: CellData written through a field mask (userEnteredValue, userEnteredFormat
// and its sub-fields, note). A formulaValue is kept as a formula and computed on read, like any other.
import { normalizeFormula } from './formula-text.js';
import { setCell, cellAt, ensureGrid, type Cell, type CellValue, type GridRange, type SheetTab, type Spreadsheet } from './model.js';

type Req = Record<string, unknown>;
type Fail = (message: string) => never;
interface BlockLike { sheet: SheetTab; r0: number; c0: number; r1: number; c1: number }

const CELL_FIELDS = ['userEnteredValue', 'userEnteredFormat', 'note'];

function masks(fields: unknown, fail: Fail): string[] {
  if (typeof fields !== 'string' || fields === '') return fail("At least one field must be updated. Specify 'fields' or '*'.");
  if (fields === '*') return CELL_FIELDS;
  const out = fields.split(',').map((f) => f.trim());
  for (const f of out) if (!CELL_FIELDS.includes(f.split('.')[0]!)) fail(`Invalid field mask: ${f}`);
  return out;
}

function enteredValue(data: Req, fail: Fail): { v?: CellValue; f?: string } | null {
  const u = data.userEnteredValue as Req | undefined;
  if (!u) return null;
  if (typeof u.formulaValue === 'string') return { f: normalizeFormula(u.formulaValue) };
  const v = u.numberValue ?? u.stringValue ?? u.boolValue;
  if (v === undefined) return null;
  if (typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean') return fail('Invalid userEnteredValue.');
  return { v };
}

/** The cell after writing `data` through the mask onto `old`. */
function written(old: Cell | null, data: Req, fields: string[], fail: Fail): Cell | null {
  const cell: Cell = { ...old };
  for (const field of fields) {
    const [head, ...rest] = field.split('.');
    if (head === 'userEnteredValue') {
      delete cell.v; delete cell.f;
      Object.assign(cell, enteredValue(data, fail));
    } else if (head === 'note') {
      if (typeof data.note === 'string' && data.note !== '') cell.note = data.note; else delete cell.note;
    } else {
      const fmt = data.userEnteredFormat as Req | undefined;
      if (rest.length === 0) { if (fmt) cell.fmt = structuredClone(fmt); else delete cell.fmt; continue; }
      const value = rest.reduce<unknown>((o, k) => (o as Req | undefined)?.[k], fmt);
      const target: Req = (cell.fmt = { ...cell.fmt });
      let t = target;
      for (const k of rest.slice(0, -1)) t = (t[k] = { ...(t[k] as Req | undefined) }) as Req;
      if (value === undefined) delete t[rest[rest.length - 1]!]; else t[rest[rest.length - 1]!] = structuredClone(value);
    }
  }
  return cell.v === undefined && cell.f === undefined && !cell.fmt && cell.note === undefined ? null : cell;
}

export function updateCells(ss: Spreadsheet, req: Req, gridSheet: (ss: Spreadsheet, id: unknown) => SheetTab, gridBlock: (ss: Spreadsheet, r: unknown) => BlockLike, fail: Fail): void {
  const fields = masks(req.fields, fail);
  const rows = Array.isArray(req.rows) ? req.rows as Req[] : [];
  let block: BlockLike;
  if (req.range) block = gridBlock(ss, req.range);
  else if (req.start) {
    const s = req.start as GridRange & { rowIndex?: number; columnIndex?: number };
    const sheet = gridSheet(ss, s.sheetId);
    const r0 = s.rowIndex ?? 0;
    const c0 = s.columnIndex ?? 0;
    const width = Math.max(0, ...rows.map((r) => (Array.isArray(r?.values) ? r.values.length : 0)));
    const g = sheet.properties.gridProperties;
    if (r0 + rows.length > g.rowCount || c0 + width > g.columnCount) fail(`Range ('${sheet.properties.title}'!${r0 + 1}) exceeds grid limits. Max rows: ${g.rowCount}, max columns: ${g.columnCount}`);
    block = { sheet, r0, c0, r1: r0 + rows.length, c1: c0 + width };
  } else return fail('Either start or range must be set.');
  if (rows.length > block.r1 - block.r0) fail('Too many rows for the range.');
  // With a range, cells of the range not named by `rows` are cleared through the mask, as Sheets does.
  for (let r = block.r0; r < (req.range ? block.r1 : block.r0 + rows.length); r++) {
    const values = (rows[r - block.r0]?.values ?? []) as Req[];
    if (values.length > block.c1 - block.c0) fail('Too many values for the range.');
    const last = req.range ? block.c1 : block.c0 + values.length;
    for (let c = block.c0; c < last; c++) setCell(block.sheet, r, c, written(cellAt(block.sheet, r, c), values[c - block.c0] ?? {}, fields, fail));
  }
  ensureGrid(block.sheet, block.r1, block.c1);
}

export function repeatCell(block: BlockLike, req: Req, fail: Fail): void {
  const fields = masks(req.fields, fail);
  const data = (req.cell ?? {}) as Req;
  for (let r = block.r0; r < block.r1; r++) for (let c = block.c0; c < block.c1; c++) setCell(block.sheet, r, c, written(cellAt(block.sheet, r, c), data, fields, fail));
}
