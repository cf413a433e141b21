// The Spreadsheet resource as spreadsheets.get renders it: properties (the title is the Drive file's name),
// sheets with their properties and merges, named ranges, and with includeGridData the cells of the
// requested ranges as GridData (userEnteredValue, effectiveValue, formattedValue, formats).
import { errorValue, isError, type Calculator } from './formula.js';
import { formatValue } from './format.js';
import { type Block, type Cell, type CellValue, type SheetTab, type Spreadsheet } from './model.js';

export const DEFAULT_FORMAT = {
  backgroundColor: { red: 1, green: 1, blue: 1 }, padding: { top: 2, right: 3, bottom: 2, left: 3 },
  verticalAlignment: 'BOTTOM', wrapStrategy: 'OVERFLOW_CELL',
  textFormat: { foregroundColor: {}, fontFamily: 'arial,sans,sans-serif', fontSize: 10, bold: false, italic: false, strikethrough: false, underline: false, foregroundColorStyle: { rgbColor: {} } },
  backgroundColorStyle: { rgbColor: { red: 1, green: 1, blue: 1 } },
};

function extended(v: CellValue): Record<string, unknown> {
  return typeof v === 'number' ? { numberValue: v } : typeof v === 'boolean' ? { boolValue: v } : { stringValue: v };
}

function cellData(calc: Calculator, sheet: SheetTab, r: number, c: number, cell: Cell): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (cell.f !== undefined) out.userEnteredValue = { formulaValue: cell.f };
  else if (cell.v !== undefined && cell.v !== '') out.userEnteredValue = extended(cell.v);
  const v = calc.value(sheet, r, c);
  if (v !== null && v !== '') {
    out.effectiveValue = isError(v) ? { errorValue: errorValue(v) } : extended(v);
    out.formattedValue = isError(v) ? v.error : formatValue(v, cell.fmt?.numberFormat);
  }
  if (cell.fmt) out.userEnteredFormat = cell.fmt;
  if (out.effectiveValue) out.effectiveFormat = { ...DEFAULT_FORMAT, ...cell.fmt };
  if (cell.note !== undefined) out.note = cell.note;
  return out;
}

function gridData(calc: Calculator, b: Block): Record<string, unknown> {
  const rowData: { values?: Record<string, unknown>[] }[] = [];
  const lastRow = Math.min(b.r1, b.sheet.rows.length);
  for (let r = b.r0; r < lastRow; r++) {
    const row = b.sheet.rows[r];
    const values: Record<string, unknown>[] = [];
    if (row) for (let c = b.c0; c < Math.min(b.c1, row.length); c++) values.push(row[c] ? cellData(calc, b.sheet, r, c, row[c]!) : {});
    while (values.length > 0 && Object.keys(values[values.length - 1]!).length === 0) values.pop();
    rowData.push(values.length > 0 ? { values } : {});
  }
  while (rowData.length > 0 && !rowData[rowData.length - 1]!.values) rowData.pop();
  const size = (sizes: Record<string, number> | undefined, i: number, def: number) => ({ pixelSize: sizes?.[i] ?? def });
  return {
    ...(b.r0 > 0 && { startRow: b.r0 }), ...(b.c0 > 0 && { startColumn: b.c0 }),
    ...(rowData.length > 0 && { rowData }),
    rowMetadata: Array.from({ length: b.r1 - b.r0 }, (_, i) => size(b.sheet.rowSizes, b.r0 + i, 21)),
    columnMetadata: Array.from({ length: b.c1 - b.c0 }, (_, i) => size(b.sheet.columnSizes, b.c0 + i, 100)),
  };
}

export interface ResourceOptions { title: string; url: string; id: string; blocks?: Block[]; includeGridData: boolean; calc: Calculator }

export function spreadsheetResource(ss: Spreadsheet, o: ResourceOptions): Record<string, unknown> {
  const sheets = [...ss.sheets].sort((a, b) => a.properties.index - b.properties.index);
  const shown = o.blocks ? sheets.filter((s) => o.blocks!.some((b) => b.sheet === s)) : sheets;
  return {
    spreadsheetId: o.id,
    properties: { ...ss.properties, title: o.title, defaultFormat: DEFAULT_FORMAT },
    sheets: shown.map((s) => {
      const blocks = o.includeGridData ? (o.blocks?.filter((b) => b.sheet === s) ?? [wholeSheet(s)]) : [];
      return {
        properties: s.properties,
        ...(s.merges.length > 0 && { merges: s.merges }),
        ...(blocks.length > 0 && { data: blocks.map((b) => gridData(o.calc, b)) }),
      };
    }),
    ...(ss.namedRanges.length > 0 && { namedRanges: ss.namedRanges }),
    spreadsheetUrl: o.url,
  };
}

function wholeSheet(sheet: SheetTab): Block {
  const g = sheet.properties.gridProperties;
  return { sheet, r0: 0, c0: 0, r1: g.rowCount, c1: g.columnCount };
}

