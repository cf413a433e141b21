// Sheets v4 through googleapis (rootUrl at the twin): spreadsheets.create / get / batchUpdate and
// spreadsheets.values.*, with Drive sharing deciding who may read and write.
import { google, type sheets_v4 } from 'googleapis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { drive, googleUniverse, raw, tokenOf } from './helpers.js';

let universe: Universe;
let api: sheets_v4.Sheets;
beforeAll(async () => { universe = await googleUniverse({ seed: 11, users: 8 }); api = sheets(universe.credentials.google.accessToken); });
afterAll(() => universe.close());

function sheets(token: string): sheets_v4.Sheets {
  const auth = new google.auth.OAuth2();
  auth.setCredentials({ access_token: token });
  return google.sheets({ version: 'v4', auth, rootUrl: universe.credentials.google.rootUrl, retry: false } as never);
}

async function newSpreadsheet(title = 'Test', client = api): Promise<string> {
  const { data } = await client.spreadsheets.create({ requestBody: { properties: { title } } });
  return data.spreadsheetId!;
}

const failure = async (p: Promise<unknown>) => {
  try { await p; } catch (error) { const e = error as { status?: number; response?: { data: { error: { code: number; message: string; status: string } } } }; return { httpStatus: e.status, ...e.response!.data.error }; }
  throw new Error('expected a failure');
};

describe('sheets.spreadsheets.create / get', () => {
  it('creates a spreadsheet with Sheets defaults, owned by the caller as a Drive file', async () => {
    const { data } = await api.spreadsheets.create({ requestBody: { properties: { title: 'Q3 report' } } });
    expect(data.spreadsheetId).toMatch(/^1[A-Za-z0-9_-]{43}$/);
    expect(data.properties).toMatchObject({ title: 'Q3 report', locale: 'en_US', autoRecalc: 'ON_CHANGE' });
    expect(data.sheets).toEqual([{ properties: { sheetId: 0, title: 'Sheet1', index: 0, sheetType: 'GRID', gridProperties: { rowCount: 1000, columnCount: 26 } } }]);
    expect(data.spreadsheetUrl).toContain(`/spreadsheets/d/${data.spreadsheetId}/edit`);
    const file = await drive(universe).files.get({ fileId: data.spreadsheetId!, fields: 'name,mimeType,ownedByMe' });
    expect(file.data).toEqual({ name: 'Q3 report', mimeType: 'application/vnd.google-apps.spreadsheet', ownedByMe: true });
  });

  it('creates the sheets and data given, and get honours ranges, includeGridData and fields', async () => {
    const { data } = await api.spreadsheets.create({ requestBody: {
      properties: { title: 'Two tabs' },
      sheets: [{ properties: { title: 'Data', gridProperties: { rowCount: 10, columnCount: 4 } }, data: [{ rowData: [{ values: [{ userEnteredValue: { numberValue: 2 } }, { userEnteredValue: { formulaValue: '=A1*10' } }] }] }] }, { properties: { title: 'Notes' } }],
    } });
    const id = data.spreadsheetId!;
    const partial = await api.spreadsheets.get({ spreadsheetId: id, fields: 'sheets.properties(title,index)' });
    expect(partial.data).toEqual({ sheets: [{ properties: { title: 'Data', index: 0 } }, { properties: { title: 'Notes', index: 1 } }] });
    const grid = await api.spreadsheets.get({ spreadsheetId: id, ranges: ['Data!A1:B1'], includeGridData: true });
    expect(grid.data.sheets).toHaveLength(1);
    const cells = grid.data.sheets![0]!.data![0]!.rowData![0]!.values!;
    expect(cells[0]).toMatchObject({ userEnteredValue: { numberValue: 2 }, effectiveValue: { numberValue: 2 }, formattedValue: '2' });
    expect(cells[1]).toMatchObject({ userEnteredValue: { formulaValue: '=A1*10' }, effectiveValue: { numberValue: 20 }, formattedValue: '20' });
    const viaFields = await api.spreadsheets.get({ spreadsheetId: id, ranges: ['Data!B1'], fields: 'sheets.data.rowData.values.formattedValue' });
    expect(viaFields.data).toEqual({ sheets: [{ data: [{ rowData: [{ values: [{ formattedValue: '20' }] }] }] }] });
    expect(await failure(api.spreadsheets.get({ spreadsheetId: id, ranges: ['Nope!A1'] }))).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: 'Unable to parse range: Nope!A1' });
  });

  it('answers 404 NOT_FOUND for an unknown id and 403 PERMISSION_DENIED for a file the caller cannot see', async () => {
    expect(await failure(api.spreadsheets.get({ spreadsheetId: '1nope' }))).toMatchObject({ code: 404, status: 'NOT_FOUND', message: 'Requested entity was not found.' });
    // A new spreadsheet is private to its owner until shared.
    const [owner, stranger] = [universe.org.people[0]!, universe.org.people[1]!];
    const id = await newSpreadsheet('private', sheets(tokenOf(universe, owner.email)));
    const err = await failure(sheets(tokenOf(universe, stranger.email)).spreadsheets.values.get({ spreadsheetId: id, range: 'A1' }));
    expect(err).toMatchObject({ code: 403, status: 'PERMISSION_DENIED', message: 'The caller does not have permission' });
    // Shared read-only: reading works, writing is still refused.
    await drive(universe, tokenOf(universe, owner.email)).permissions.create({ fileId: id, requestBody: { type: 'user', role: 'reader', emailAddress: stranger.email } });
    const reader = sheets(tokenOf(universe, stranger.email));
    expect((await reader.spreadsheets.values.get({ spreadsheetId: id, range: 'A1' })).data.range).toBe('Sheet1!A1');
    const write = await failure(reader.spreadsheets.values.update({ spreadsheetId: id, range: 'A1', valueInputOption: 'RAW', requestBody: { values: [[1]] } }));
    expect(write).toMatchObject({ code: 403, status: 'PERMISSION_DENIED' });
  });

  it('refuses a token without a Sheets or Drive scope that covers the method', async () => {
    const id = await newSpreadsheet();
    const readonly = sheets(universe.credentials.google.readonlyAccessToken);
    expect((await readonly.spreadsheets.get({ spreadsheetId: id })).data.spreadsheetId).toBe(id);
    const err = await failure(readonly.spreadsheets.values.update({ spreadsheetId: id, range: 'A1', valueInputOption: 'RAW', requestBody: { values: [[1]] } }));
    expect(err).toMatchObject({ code: 403, status: 'PERMISSION_DENIED', message: 'Request had insufficient authentication scopes.' });
  });
});

describe('sheets.spreadsheets.values', () => {
  it('writes USER_ENTERED and RAW values and reads them with every render option', async () => {
    const id = await newSpreadsheet();
    const up = await api.spreadsheets.values.update({ spreadsheetId: id, range: 'Sheet1!A1:D4', valueInputOption: 'USER_ENTERED', requestBody: { values: [
      ['Item', 'Amount', 'When', 'Paid'], ['a', '1,200', '2025-01-15', 'TRUE'], ['b', '12.5%', '1/31/2025', 'false'], ['Total', '=SUM(B2:B3)', "'=not a formula", ''],
    ] } });
    expect(up.data).toEqual({ spreadsheetId: id, updatedRange: 'Sheet1!A1:D4', updatedRows: 4, updatedColumns: 4, updatedCells: 16 });
    const get = (o: sheets_v4.Params$Resource$Spreadsheets$Values$Get) => api.spreadsheets.values.get({ spreadsheetId: id, range: 'A1:D4', ...o }).then((r) => r.data);
    expect((await get({})).values).toEqual([['Item', 'Amount', 'When', 'Paid'], ['a', '1200', '2025-01-15', 'TRUE'], ['b', '12.50%', '1/31/2025', 'FALSE'], ['Total', '1200.125', '=not a formula']]);
    expect((await get({ valueRenderOption: 'UNFORMATTED_VALUE' })).values).toEqual([['Item', 'Amount', 'When', 'Paid'], ['a', 1200, 45672, true], ['b', 0.125, 45688, false], ['Total', 1200.125, '=not a formula']]);
    expect((await get({ valueRenderOption: 'UNFORMATTED_VALUE', dateTimeRenderOption: 'FORMATTED_STRING' })).values![1]).toEqual(['a', 1200, '2025-01-15', true]);
    expect((await get({ valueRenderOption: 'FORMULA' })).values![3]).toEqual(['Total', '=SUM(B2:B3)', '=not a formula']);
    expect(await get({ majorDimension: 'COLUMNS', range: 'A1:B2' })).toEqual({ range: 'Sheet1!A1:B2', majorDimension: 'COLUMNS', values: [['Item', 'a'], ['Amount', '1200']] });
    await api.spreadsheets.values.update({ spreadsheetId: id, range: 'E1', valueInputOption: 'RAW', requestBody: { values: [['=1+1', 5, true]] } });
    expect((await get({ range: 'E1:G1', valueRenderOption: 'UNFORMATTED_VALUE' })).values).toEqual([['=1+1', 5, true]]);
  });

  it('recomputes formulas on read after their inputs change, across sheets', async () => {
    const id = await newSpreadsheet();
    await api.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [{ addSheet: { properties: { title: 'Other sheet' } } }] } });
    await api.spreadsheets.values.batchUpdate({ spreadsheetId: id, requestBody: { valueInputOption: 'USER_ENTERED', data: [
      { range: "'Other sheet'!A1:A3", values: [['1'], ['2'], ['3']] }, { range: 'Sheet1!A1', values: [["=SUM('Other sheet'!A1:A3)*2"]] },
    ] } });
    const read = async () => (await api.spreadsheets.values.get({ spreadsheetId: id, range: 'A1' })).data.values;
    expect(await read()).toEqual([['12']]);
    await api.spreadsheets.values.update({ spreadsheetId: id, range: "'Other sheet'!A2", valueInputOption: 'RAW', requestBody: { values: [[10]] } });
    expect(await read()).toEqual([['28']]);
    await api.spreadsheets.values.update({ spreadsheetId: id, range: "'Other sheet'!A3", valueInputOption: 'USER_ENTERED', requestBody: { values: [['=1/0']] } });
    expect(await read()).toEqual([['#DIV/0!']]);
  });

  it('trims trailing empty rows and cells, keeps empty rows in between, and omits values when all empty', async () => {
    const id = await newSpreadsheet();
    await api.spreadsheets.values.update({ spreadsheetId: id, range: 'B2', valueInputOption: 'RAW', requestBody: { values: [['x', '', ''], [], ['y']] } });
    expect((await api.spreadsheets.values.get({ spreadsheetId: id, range: 'A1:E10' })).data).toEqual({ range: 'Sheet1!A1:E10', majorDimension: 'ROWS', values: [[], ['', 'x'], [], ['', 'y']] });
    expect((await api.spreadsheets.values.get({ spreadsheetId: id, range: 'F1:G2' })).data).toEqual({ range: 'Sheet1!F1:G2', majorDimension: 'ROWS' });
    // null skips a cell, '' clears it.
    await api.spreadsheets.values.update({ spreadsheetId: id, range: 'B2:C2', valueInputOption: 'RAW', requestBody: { values: [[null, 'z']] } });
    expect((await api.spreadsheets.values.get({ spreadsheetId: id, range: 'B2:C2' })).data.values).toEqual([['x', 'z']]);
  });

  it('appends after the table it finds, with OVERWRITE and INSERT_ROWS', async () => {
    const id = await newSpreadsheet();
    await api.spreadsheets.values.update({ spreadsheetId: id, range: 'A1', valueInputOption: 'RAW', requestBody: { values: [['h1', 'h2'], [1, 2], [3, 4]] } });
    await api.spreadsheets.values.update({ spreadsheetId: id, range: 'A6', valueInputOption: 'RAW', requestBody: { values: [['below']] } });
    const first = await api.spreadsheets.values.append({ spreadsheetId: id, range: 'Sheet1!A1:B1', valueInputOption: 'USER_ENTERED', requestBody: { values: [['5', '6']] } });
    expect(first.data).toEqual({ spreadsheetId: id, tableRange: 'Sheet1!A1:B3', updates: { spreadsheetId: id, updatedRange: 'Sheet1!A4:B4', updatedRows: 1, updatedColumns: 2, updatedCells: 2 } });
    const second = await api.spreadsheets.values.append({ spreadsheetId: id, range: 'A1', valueInputOption: 'RAW', insertDataOption: 'INSERT_ROWS', includeValuesInResponse: true, requestBody: { values: [[7, 8]] } });
    expect(second.data.tableRange).toBe('Sheet1!A1:B4');
    expect(second.data.updates).toMatchObject({ updatedRange: 'Sheet1!A5:B5', updatedData: { range: 'Sheet1!A5:B5', values: [['7', '8']] } });
    // INSERT_ROWS pushed the row below down by one; the grid grew with it.
    expect((await api.spreadsheets.values.get({ spreadsheetId: id, range: 'A7' })).data.values).toEqual([['below']]);
    expect((await api.spreadsheets.get({ spreadsheetId: id })).data.sheets![0]!.properties!.gridProperties!.rowCount).toBe(1001);
    const empty = await newSpreadsheet();
    const onEmpty = await api.spreadsheets.values.append({ spreadsheetId: empty, range: 'C3', valueInputOption: 'RAW', requestBody: { values: [['first']] } });
    expect(onEmpty.data.tableRange).toBeUndefined();
    expect(onEmpty.data.updates!.updatedRange).toBe('Sheet1!C3');
  });

  it('clears, batch-gets, batch-clears and reads by data filter', async () => {
    const id = await newSpreadsheet();
    await api.spreadsheets.values.update({ spreadsheetId: id, range: 'A1:C2', valueInputOption: 'RAW', requestBody: { values: [[1, 2, 3], [4, 5, 6]] } });
    expect((await api.spreadsheets.values.clear({ spreadsheetId: id, range: 'C:C' })).data).toEqual({ spreadsheetId: id, clearedRange: 'Sheet1!C1:C1000' });
    const batch = await api.spreadsheets.values.batchGet({ spreadsheetId: id, ranges: ['A1:A2', 'B2', 'C1'], valueRenderOption: 'UNFORMATTED_VALUE' });
    expect(batch.data.valueRanges!.map((v) => v.values ?? null)).toEqual([[[1], [4]], [[5]], null]);
    const byFilter = await api.spreadsheets.values.batchGetByDataFilter({ spreadsheetId: id, requestBody: { dataFilters: [{ a1Range: 'A2:B2' }, { gridRange: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 1, endColumnIndex: 2 } }] } });
    expect(byFilter.data.valueRanges!.map((v) => [v.valueRange!.range, v.valueRange!.values])).toEqual([['Sheet1!A2:B2', [['4', '5']]], ['Sheet1!B1', [['2']]]]);
    expect((await api.spreadsheets.values.batchClear({ spreadsheetId: id, requestBody: { ranges: ['A1', 'B1:B2'] } })).data.clearedRanges).toEqual(['Sheet1!A1', 'Sheet1!B1:B2']);
    expect((await api.spreadsheets.values.get({ spreadsheetId: id, range: 'A1:B2' })).data.values).toEqual([[], ['4']]);
  });

  it('answers Sheets errors for bad ranges, options and oversized writes, and a failed batch changes nothing', async () => {
    const id = await newSpreadsheet();
    expect(await failure(api.spreadsheets.values.get({ spreadsheetId: id, range: 'Nope!A1' }))).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: 'Unable to parse range: Nope!A1' });
    expect(await failure(api.spreadsheets.values.get({ spreadsheetId: id, range: 'A1', valueRenderOption: 'PRETTY' as never }))).toMatchObject({ code: 400, message: expect.stringContaining("Invalid value at 'value_render_option'") });
    expect(await failure(api.spreadsheets.values.update({ spreadsheetId: id, range: 'A1', requestBody: { values: [[1]] } }))).toMatchObject({ code: 400, message: 'Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED' });
    expect(await failure(api.spreadsheets.values.update({ spreadsheetId: id, range: 'A1:B1', valueInputOption: 'RAW', requestBody: { values: [[1, 2, 3]] } })))
      .toMatchObject({ code: 400, message: 'Requested writing within range [A1:B1], but tried writing to column [C]' });
    expect(await failure(api.spreadsheets.values.get({ spreadsheetId: id, range: 'A1001' }))).toMatchObject({ code: 400, message: 'Range (A1001) exceeds grid limits. Max rows: 1000, max columns: 26' });
    const err = await failure(api.spreadsheets.values.batchUpdate({ spreadsheetId: id, requestBody: { valueInputOption: 'RAW', data: [{ range: 'A1', values: [[1]] }, { range: 'Bad!A1', values: [[2]] }] } }));
    expect(err).toMatchObject({ code: 400, message: 'Unable to parse range: Bad!A1' });
    expect((await api.spreadsheets.values.get({ spreadsheetId: id, range: 'A1' })).data.values).toBeUndefined();
  });
});

describe('sheets.spreadsheets.batchUpdate', () => {
  it('adds, duplicates, renames and deletes sheets with a reply per request', async () => {
    const id = await newSpreadsheet();
    const { data } = await api.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [
      { addSheet: { properties: { title: 'Data', sheetId: 42 } } },
      { updateSheetProperties: { properties: { sheetId: 42, title: 'Renamed', gridProperties: { frozenRowCount: 1 } }, fields: 'title,gridProperties.frozenRowCount' } },
      { duplicateSheet: { sourceSheetId: 42, insertSheetIndex: 0 } },
      { updateSpreadsheetProperties: { properties: { title: 'New name' }, fields: 'title' } },
      { deleteSheet: { sheetId: 0 } },
    ] } });
    expect(data.replies![0]).toEqual({ addSheet: { properties: { sheetId: 42, title: 'Data', index: 1, sheetType: 'GRID', gridProperties: { rowCount: 1000, columnCount: 26 } } } });
    expect(data.replies![1]).toEqual({});
    expect(data.replies![2]!.duplicateSheet!.properties).toMatchObject({ title: 'Copy of Renamed', index: 0 });
    expect(data.replies!.slice(3)).toEqual([{}, {}]);
    const got = await api.spreadsheets.get({ spreadsheetId: id });
    expect(got.data.properties!.title).toBe('New name');
    expect(got.data.sheets!.map((s) => [s.properties!.title, s.properties!.index, s.properties!.gridProperties!.frozenRowCount])).toEqual([['Copy of Renamed', 0, 1], ['Renamed', 1, 1]]);
    expect((await drive(universe).files.get({ fileId: id })).data.name).toBe('New name');
  });

  it('inserts and deletes dimensions, moving values and named ranges with them', async () => {
    const id = await newSpreadsheet();
    await api.spreadsheets.values.update({ spreadsheetId: id, range: 'A1:A3', valueInputOption: 'RAW', requestBody: { values: [['a'], ['b'], ['c']] } });
    await api.spreadsheets.values.update({ spreadsheetId: id, range: 'C10', valueInputOption: 'USER_ENTERED', requestBody: { values: [['=counta(a1:a3)']] } });
    await api.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [
      { addNamedRange: { namedRange: { name: 'Cee', range: { sheetId: 0, startRowIndex: 2, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: 1 } } } },
      { insertDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 1, endIndex: 3 } } },
      { deleteDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 0, endIndex: 1 } } },
      { insertDimension: { range: { sheetId: 0, dimension: 'COLUMNS', startIndex: 0, endIndex: 1 } } },
      { appendDimension: { sheetId: 0, dimension: 'ROWS', length: 10 } },
    ] } });
    expect((await api.spreadsheets.values.get({ spreadsheetId: id, range: 'A1:B4' })).data.values).toEqual([[], [], ['', 'b'], ['', 'c']]);
    expect((await api.spreadsheets.values.get({ spreadsheetId: id, range: 'Cee' })).data).toMatchObject({ range: 'Sheet1!B4', values: [['c']] });
    // The formula moved with its row and column, and its references with the rows and columns they name.
    expect((await api.spreadsheets.values.get({ spreadsheetId: id, range: 'D11', valueRenderOption: 'FORMULA' })).data.values).toEqual([['=COUNTA(B1:B4)']]);
    expect((await api.spreadsheets.values.get({ spreadsheetId: id, range: 'D11' })).data.values).toEqual([['2']]);
    const props = (await api.spreadsheets.get({ spreadsheetId: id })).data.sheets![0]!.properties!.gridProperties;
    expect(props).toEqual({ rowCount: 1011, columnCount: 27 });
  });

  it('updates cells through field masks, repeats a cell, merges, finds and replaces, sorts', async () => {
    const id = await newSpreadsheet();
    await api.spreadsheets.values.update({ spreadsheetId: id, range: 'A1:B4', valueInputOption: 'RAW', requestBody: { values: [['name', 'n'], ['cat', 3], ['ant', 1], ['bee', 2]] } });
    const { data } = await api.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [
      { sortRange: { range: { sheetId: 0, startRowIndex: 1, endRowIndex: 4, startColumnIndex: 0, endColumnIndex: 2 }, sortSpecs: [{ dimensionIndex: 1, sortOrder: 'DESCENDING' }] } },
      { updateCells: { start: { sheetId: 0, rowIndex: 0, columnIndex: 2 }, rows: [{ values: [{ userEnteredValue: { formulaValue: '=SUM(B2:B4)' } }] }], fields: 'userEnteredValue' } },
      { repeatCell: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 2 }, cell: { userEnteredFormat: { textFormat: { bold: true } } }, fields: 'userEnteredFormat.textFormat.bold' } },
      { mergeCells: { range: { sheetId: 0, startRowIndex: 5, endRowIndex: 6, startColumnIndex: 0, endColumnIndex: 3 }, mergeType: 'MERGE_ALL' } },
      { findReplace: { find: 'a', replacement: 'A', allSheets: true, matchCase: true } },
      { autoResizeDimensions: { dimensions: { sheetId: 0, dimension: 'COLUMNS', startIndex: 0, endIndex: 2 } } },
    ] } });
    expect(data.replies![4]).toEqual({ findReplace: { valuesChanged: 3, rowsChanged: 3, sheetsChanged: 1, occurrencesChanged: 3, formulasChanged: 0 } });
    expect((await api.spreadsheets.values.get({ spreadsheetId: id, range: 'A1:C4' })).data.values).toEqual([['nAme', 'n', '6'], ['cAt', '3'], ['bee', '2'], ['Ant', '1']]);
    const got = await api.spreadsheets.get({ spreadsheetId: id, ranges: ['A1'], includeGridData: true });
    expect(got.data.sheets![0]!.merges).toEqual([{ sheetId: 0, startRowIndex: 5, endRowIndex: 6, startColumnIndex: 0, endColumnIndex: 3 }]);
    expect(got.data.sheets![0]!.data![0]!.rowData![0]!.values![0]!.userEnteredFormat).toEqual({ textFormat: { bold: true } });
  });

  it('applies a batch atomically: one bad request, nothing changed', async () => {
    const id = await newSpreadsheet();
    const err = await failure(api.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [
      { addSheet: { properties: { title: 'Kept?' } } }, { deleteSheet: { sheetId: 999 } },
    ] } }));
    expect(err).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: 'Invalid requests[1].deleteSheet: No grid with id: 999' });
    expect((await api.spreadsheets.get({ spreadsheetId: id })).data.sheets!.map((s) => s.properties!.title)).toEqual(['Sheet1']);
    const dup = await failure(api.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [{ addSheet: { properties: { title: 'sheet1' } } }] } }));
    expect(dup.message).toBe('Invalid requests[0].addSheet: A sheet with the name "sheet1" already exists. Please enter another name.');
    const last = await failure(api.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [{ deleteSheet: { sheetId: 0 } }] } }));
    expect(last.message).toBe("Invalid requests[0].deleteSheet: You can't remove all the sheets in a document.");
  });
});

describe('seeded spreadsheets', () => {
  it('have a header row, data and a SUM total that matches the data', async () => {
    const person = universe.org.people[0]!;
    const files = await drive(universe, tokenOf(universe, person.email)).files.list({ q: `mimeType = 'application/vnd.google-apps.spreadsheet' and '${person.email}' in owners`, fields: 'files(id)' });
    const id = files.data.files![0]!.id!;
    const client = sheets(tokenOf(universe, person.email));
    const { data } = await client.spreadsheets.values.get({ spreadsheetId: id, range: 'Sheet1', valueRenderOption: 'UNFORMATTED_VALUE' });
    const rows = data.values!;
    expect(rows[0]).toEqual(['Item', 'Category', 'Quarter', 'Amount', 'Approved']);
    const amounts = rows.slice(1, -1).map((r) => r[3] as number);
    expect(amounts.length).toBeGreaterThan(3);
    expect(rows.at(-1)).toEqual(['Total', '', '', amounts.reduce((a, b) => a + b, 0)]);
    const formula = await client.spreadsheets.values.get({ spreadsheetId: id, range: `D${rows.length}`, valueRenderOption: 'FORMULA' });
    expect(formula.data.values).toEqual([[`=SUM(D2:D${rows.length - 1})`]]);
    expect((await raw(universe, `/v4/spreadsheets/${id}/values/A1`, { token: tokenOf(universe, person.email) })).status).toBe(200);
  });
});
