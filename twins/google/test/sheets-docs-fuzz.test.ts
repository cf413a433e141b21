// Malformed input to every Docs and Sheets write (wrong types, missing parts, impossible indexes, huge
// grids) and odd read parameters: always a Google-shaped 4xx, never a 5xx, and nothing half-applied.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { googleUniverse, raw } from './helpers.js';
let u: Universe;
beforeAll(async () => { u = await googleUniverse({ seed: 3, users: 4 }); });
afterAll(() => u.close());
const junk: unknown[] = [null, 1, 'x', [], {}, { requests: null }, { requests: [null] }, { requests: [{}] }, { requests: [{ insertText: null }] }, { requests: [{ insertText: { text: 5, location: { index: 'a' } } }] },
  { requests: [{ insertText: { text: 'a', location: { index: 1.5 } } }] }, { requests: [{ deleteContentRange: { range: { startIndex: 'x' } } }] }, { requests: [{ updateTextStyle: { range: { startIndex: 1, endIndex: 2 }, textStyle: 'x', fields: 5 } }] },
  { requests: [{ createParagraphBullets: { range: {} } }] }, { requests: [{ insertTable: { rows: 'a' } }] }, { requests: [{ replaceAllText: { containsText: 5 } }] }, { requests: [{ createNamedRange: { name: 'x', range: null } }] },
  { requests: [{ replaceNamedRangeContent: {} }] }, { requests: [{ updateParagraphStyle: { range: { startIndex: 1, endIndex: 2 }, paragraphStyle: null, fields: '*' } }] }, { writeControl: 'x', requests: [{ insertText: { text: 'a', endOfSegmentLocation: {} } }] },
  { requests: [{ addSheet: null }] }, { requests: [{ addSheet: { properties: { title: 5 } } }] }, { requests: [{ addSheet: { properties: { gridProperties: { rowCount: 'x' } } } }] }, { requests: [{ updateCells: { rows: 'x', fields: '*', start: {} } }] },
  { requests: [{ updateCells: { rows: [{ values: 'x' }], fields: '*', start: {} } }] }, { requests: [{ repeatCell: { range: { sheetId: 0, startRowIndex: -1 }, fields: '*' } }] }, { requests: [{ sortRange: { range: { sheetId: 0 }, sortSpecs: [null] } }] },
  { requests: [{ findReplace: { find: '(', searchByRegex: true, allSheets: true } }] }, { requests: [{ insertDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 5000, endIndex: 5001 } } }] },
  { requests: [{ updateSheetProperties: { properties: { sheetId: 0, title: 7 }, fields: 'title' } }] }, { requests: [{ updateSheetProperties: { properties: { sheetId: 0, index: 'x' }, fields: 'index' } }] },
  { requests: [{ updateSpreadsheetProperties: { properties: null, fields: 'title' } }] }, { requests: [{ mergeCells: { range: null } }] }, { requests: [{ addNamedRange: { namedRange: { name: 'ok', range: 'x' } } }] },
  { requests: [{ duplicateSheet: { sourceSheetId: 0, newSheetName: 5 } }] }, { requests: [{ appendDimension: { sheetId: 0, dimension: 'ROWS', length: 1e9 } }] },
  { valueInputOption: 'RAW', data: 'x' }, { valueInputOption: 'RAW', data: [null] }, { valueInputOption: 'RAW', data: [{ range: 'A1', values: 'x' }] }, { valueInputOption: 'RAW', data: [{ range: 'A1', values: [[{}]] }] },
  { ranges: 'A1' }, { ranges: [5] }, { dataFilters: [null] }, { dataFilters: 'x' }, { values: [[1, [2]]] }, { values: 5 }, { values: [['=SUM(', '=1/0', "='x'!A1"]] }, { majorDimension: 'X', values: [[1]] },
];
it('answers bad Docs and Sheets input with a 4xx and changes nothing', async () => {
  const doc = (await raw(u, '/v1/documents', { method: 'POST', body: { title: 'f' } })).body.documentId;
  const ss = (await raw(u, '/v4/spreadsheets', { method: 'POST', body: {} })).body.spreadsheetId;
  const paths: [string, string][] = [['POST', `/v1/documents/${doc}:batchUpdate`], ['POST', '/v1/documents'], ['POST', '/v4/spreadsheets'], ['POST', `/v4/spreadsheets/${ss}:batchUpdate`], ['POST', `/v4/spreadsheets/${ss}/values:batchUpdate`],
    ['POST', `/v4/spreadsheets/${ss}/values:batchClear`], ['POST', `/v4/spreadsheets/${ss}/values:batchGetByDataFilter`], ['PUT', `/v4/spreadsheets/${ss}/values/A1?valueInputOption=USER_ENTERED`], ['POST', `/v4/spreadsheets/${ss}/values/A1:append?valueInputOption=RAW`],
    ['POST', `/v4/spreadsheets/${ss}:getByDataFilter`]];
  const snapshot = async () => JSON.stringify(await Promise.all([`/v1/documents/${doc}`, `/v4/spreadsheets/${ss}`, `/v4/spreadsheets/${ss}/values:batchGet?valueRenderOption=FORMULA&ranges=Sheet1`].map(async (p) => (await raw(u, p)).body)));
  const bad: string[] = [];
  let state = await snapshot();
  for (const [method, path] of paths) for (const body of junk) {
    const r = await raw(u, path, { method, rawBody: JSON.stringify(body) });
    const shaped = typeof r.body?.error?.message === 'string' && r.body.error.code === r.status;
    if (r.status >= 500 || (r.status >= 400 && !shaped)) bad.push(`${method} ${path} ${JSON.stringify(body)} → ${r.status} ${JSON.stringify(r.body)}`);
    // A refused request leaves the document and the spreadsheet as they were.
    const now = await snapshot();
    if (r.status >= 400 && now !== state) bad.push(`${method} ${path} ${JSON.stringify(body)} → ${r.status} but changed state`);
    state = now;
  }
  for (const q of ['/values/A1?valueRenderOption=x', '/values/%27?x', '/values/Sheet1!A1:B2?majorDimension=COLUMNS&fields=values', '/values:batchGet?ranges=', '?ranges=A1&fields=sheets(data(rowData))', '?fields=(((', '/values/A1?fields=((']) {
    const r = await raw(u, `/v4/spreadsheets/${ss}${q}`);
    if (r.status >= 500) bad.push(`GET ${q} → ${r.status}`);
  }
  expect(bad).toEqual([]);
}, 60_000);
