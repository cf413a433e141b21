// Sheets content for Drive's files.export: text/csv (the first sheet) and text/tab-separated-values,
// with formatted values as Sheets exports them. Signature kept stable for routes/files.ts.
import { Calculator } from './formula.js';
import { firstSheet, type Spreadsheet } from './model.js';
import { readBlock } from './values.js';

export const SPREADSHEET_EXPORTS = ['text/csv', 'text/tab-separated-values'];

const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The export of `spreadsheet` as `mimeType`, or null for a type this twin does not export. */
export function exportSpreadsheet(spreadsheet: Spreadsheet, mimeType: string): string | null {
  if (!SPREADSHEET_EXPORTS.includes(mimeType)) return null;
  const sheet = firstSheet(spreadsheet);
  const g = sheet.properties.gridProperties;
  const rows = readBlock(spreadsheet, { sheet, r0: 0, c0: 0, r1: g.rowCount, c1: g.columnCount },
    { valueRender: 'FORMATTED_VALUE', dateRender: 'FORMATTED_STRING', major: 'ROWS' }, new Calculator(spreadsheet)) ?? [];
  // Every line as wide as the widest, as Sheets' CSV export pads short rows.
  const width = Math.max(0, ...rows.map((r) => r.length));
  const tsv = mimeType === 'text/tab-separated-values';
  return rows.map((r) => Array.from({ length: width }, (_, i) => String(r[i] ?? ''))
    .map((v) => (tsv ? v.replace(/[\t\r\n]/g, ' ') : csvField(v))).join(tsv ? '\t' : ',')).join('\r\n');
}
