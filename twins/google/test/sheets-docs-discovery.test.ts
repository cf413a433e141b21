// Docs v1 and Sheets v4 responses against Google's discovery documents (skipped without ../shared/api-docs):
// every property the twin sends is one the schema names, with its type and enum values; every route
// journals the discovery method id of its HTTP method and path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { hasVendorDocs, vendorDoc } from '../../../test/helpers/vendor-docs.js';
import { googleUniverse, raw } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await googleUniverse({ seed: 13, users: 6 }); });
afterAll(() => universe.close());

interface Schema { type?: string; enum?: string[]; $ref?: string; properties?: Record<string, Schema>; items?: Schema; additionalProperties?: Schema }
interface Discovery { schemas: Record<string, Schema>; resources: Record<string, { methods?: Record<string, { id: string; httpMethod: string; path: string }>; resources?: Discovery['resources'] }> }

function problems(doc: Discovery, value: unknown, schema: Schema, path = '$'): string[] {
  if (schema.$ref) return problems(doc, value, doc.schemas[schema.$ref]!, path);
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return [`${path}: expected string`];
      return schema.enum && !schema.enum.includes(value) ? [`${path}: ${value} is not one of the enum`] : [];
    case 'boolean': return typeof value === 'boolean' ? [] : [`${path}: expected boolean`];
    case 'integer': case 'number': return typeof value === 'number' ? [] : [`${path}: expected number`];
    case 'array': return Array.isArray(value) ? value.flatMap((v, i) => problems(doc, v, schema.items!, `${path}[${i}]`)) : [`${path}: expected array`];
    case 'object':
      if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected object`];
      return Object.entries(value).flatMap(([k, v]) => {
        const child = schema.properties?.[k] ?? schema.additionalProperties;
        return child ? problems(doc, v, child, `${path}.${k}`) : [`${path}.${k}: not in the schema`];
      });
    default: return [];
  }
}

const methods = (d: Discovery) => {
  const out: { id: string; httpMethod: string; path: string }[] = [];
  const walk = (r: Discovery['resources']) => { for (const x of Object.values(r)) { out.push(...Object.values(x.methods ?? {})); walk(x.resources ?? {}); } };
  walk(d.resources);
  return out;
};

describe.skipIf(!hasVendorDocs)('Docs v1 discovery document', () => {
  const doc = () => vendorDoc('google/docs.v1.json') as Discovery;

  it('Document and BatchUpdateDocumentResponse fit their schemas, with tables, lists and named ranges', async () => {
    const s = doc().schemas;
    const created = await raw(universe, '/v1/documents', { method: 'POST', body: { title: 'Schema' } });
    expect(problems(doc(), created.body, s.Document!)).toEqual([]);
    const id = created.body.documentId;
    const update = await raw(universe, `/v1/documents/${id}:batchUpdate`, { method: 'POST', body: { requests: [
      { insertText: { location: { index: 1 }, text: 'Heading\none\ntwo\n' } },
      { updateParagraphStyle: { range: { startIndex: 1, endIndex: 2 }, paragraphStyle: { namedStyleType: 'HEADING_2' }, fields: 'namedStyleType' } },
      { createParagraphBullets: { range: { startIndex: 9, endIndex: 16 }, bulletPreset: 'BULLET_DISC_CIRCLE_SQUARE' } },
      { insertTable: { rows: 1, columns: 2, endOfSegmentLocation: {} } },
      { insertPageBreak: { endOfSegmentLocation: {} } },
      { updateTextStyle: { range: { startIndex: 1, endIndex: 4 }, textStyle: { bold: true, fontSize: { magnitude: 14, unit: 'PT' } }, fields: 'bold,fontSize' } },
      { createNamedRange: { name: 'head', range: { startIndex: 1, endIndex: 8 } } },
      { replaceAllText: { containsText: { text: 'one' }, replaceText: '1' } },
    ] } });
    expect(update.status).toBe(200);
    expect(problems(doc(), update.body, s.BatchUpdateDocumentResponse!)).toEqual([]);
    for (const query of ['', '?includeTabsContent=true', '?suggestionsViewMode=PREVIEW_WITHOUT_SUGGESTIONS']) {
      const got = await raw(universe, `/v1/documents/${id}${query}`);
      expect(problems(doc(), got.body, s.Document!)).toEqual([]);
    }
  });

  it('every Docs route names the discovery method id of its HTTP method and path', async () => {
    const table: [string, string, string][] = [['POST', 'v1/documents', 'v1/documents'], ['GET', 'v1/documents/{documentId}', 'v1/documents/x'], ['POST', 'v1/documents/{documentId}:batchUpdate', 'v1/documents/x:batchUpdate']];
    for (const [method, path, url] of table) {
      const spec = methods(doc()).find((m) => m.httpMethod === method && m.path === path)!;
      expect(spec, path).toBeDefined();
      await raw(universe, `/${url}`, { method, token: universe.credentials.google.readonlyAccessToken, ...(method === 'POST' && { body: {} }) });
      const { events } = await universe.events({ twin: 'google' });
      expect(events.at(-1)?.operation, path).toBe(spec.id);
    }
  });
});

describe.skipIf(!hasVendorDocs)('Sheets v4 discovery document', () => {
  const doc = () => vendorDoc('google/sheets.v4.json') as Discovery;

  it('Spreadsheet, ValueRange and every values response fit their schemas', async () => {
    const s = doc().schemas;
    const check = (body: unknown, schema: string) => expect(problems(doc(), body, s[schema]!), schema).toEqual([]);
    const created = await raw(universe, '/v4/spreadsheets', { method: 'POST', body: { properties: { title: 'Schema' } } });
    check(created.body, 'Spreadsheet');
    const id = created.body.spreadsheetId;
    const v = `/v4/spreadsheets/${id}/values`;
    check((await raw(universe, `${v}/A1:C3?valueInputOption=USER_ENTERED&includeValuesInResponse=true`, { method: 'PUT', body: { values: [['a', '1', '2025-01-02'], ['=1/0', 'TRUE', '=SUM(B1:B1)']] } })).body, 'UpdateValuesResponse');
    check((await raw(universe, `${v}/A1:append?valueInputOption=RAW&includeValuesInResponse=true`, { method: 'POST', body: { values: [[1, 2]] } })).body, 'AppendValuesResponse');
    check((await raw(universe, `${v}/A1:C3`)).body, 'ValueRange');
    check((await raw(universe, `${v}:batchGet?ranges=A1&ranges=B2:C3`)).body, 'BatchGetValuesResponse');
    check((await raw(universe, `${v}:batchUpdate`, { method: 'POST', body: { valueInputOption: 'RAW', data: [{ range: 'D1', values: [[1]] }], includeValuesInResponse: true } })).body, 'BatchUpdateValuesResponse');
    check((await raw(universe, `${v}:batchGetByDataFilter`, { method: 'POST', body: { dataFilters: [{ a1Range: 'A1:B2' }] } })).body, 'BatchGetValuesByDataFilterResponse');
    check((await raw(universe, `${v}/D1:clear`, { method: 'POST', body: {} })).body, 'ClearValuesResponse');
    check((await raw(universe, `${v}:batchClear`, { method: 'POST', body: { ranges: ['D1'] } })).body, 'BatchClearValuesResponse');
    const batch = await raw(universe, `/v4/spreadsheets/${id}:batchUpdate`, { method: 'POST', body: { includeSpreadsheetInResponse: true, responseIncludeGridData: true, requests: [
      { addSheet: { properties: { title: 'Two' } } }, { addNamedRange: { namedRange: { name: 'n', range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1 } } } },
      { mergeCells: { range: { sheetId: 0, startRowIndex: 5, endRowIndex: 6, startColumnIndex: 0, endColumnIndex: 2 } } },
      { findReplace: { find: 'a', replacement: 'b', allSheets: true } }, { duplicateSheet: { sourceSheetId: 0 } },
    ] } });
    check(batch.body, 'BatchUpdateSpreadsheetResponse');
    check((await raw(universe, `/v4/spreadsheets/${id}?includeGridData=true`)).body, 'Spreadsheet');
  });

  it('every Sheets route names the discovery method id of its HTTP method and path', async () => {
    const table: [string, string, string][] = [
      ['POST', 'v4/spreadsheets', 'v4/spreadsheets'], ['GET', 'v4/spreadsheets/{spreadsheetId}', 'v4/spreadsheets/x'],
      ['POST', 'v4/spreadsheets/{spreadsheetId}:batchUpdate', 'v4/spreadsheets/x:batchUpdate'], ['POST', 'v4/spreadsheets/{spreadsheetId}:getByDataFilter', 'v4/spreadsheets/x:getByDataFilter'],
      ['GET', 'v4/spreadsheets/{spreadsheetId}/values/{range}', 'v4/spreadsheets/x/values/A1'], ['PUT', 'v4/spreadsheets/{spreadsheetId}/values/{range}', 'v4/spreadsheets/x/values/A1'],
      ['POST', 'v4/spreadsheets/{spreadsheetId}/values/{range}:append', 'v4/spreadsheets/x/values/A1:B2:append'], ['POST', 'v4/spreadsheets/{spreadsheetId}/values/{range}:clear', 'v4/spreadsheets/x/values/A1:clear'],
      ['GET', 'v4/spreadsheets/{spreadsheetId}/values:batchGet', 'v4/spreadsheets/x/values:batchGet'], ['POST', 'v4/spreadsheets/{spreadsheetId}/values:batchUpdate', 'v4/spreadsheets/x/values:batchUpdate'],
      ['POST', 'v4/spreadsheets/{spreadsheetId}/values:batchClear', 'v4/spreadsheets/x/values:batchClear'], ['POST', 'v4/spreadsheets/{spreadsheetId}/values:batchGetByDataFilter', 'v4/spreadsheets/x/values:batchGetByDataFilter'],
    ];
    for (const [method, path, url] of table) {
      const spec = methods(doc()).find((m) => m.httpMethod === method && m.path === path)!;
      expect(spec, path).toBeDefined();
      const res = await raw(universe, `/${url}`, { method, ...(method !== 'GET' && { body: {} }) });
      expect(res.status, path).toBeLessThan(500);
      const { events } = await universe.events({ twin: 'google' });
      expect(events.at(-1)?.operation, path).toBe(spec.id);
    }
  });
});
