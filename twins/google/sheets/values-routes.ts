// Sheets v4 spreadsheets.values.*: get / update / append / clear and their batch forms, over A1 ranges
// (a1.ts) with Sheets' render and input options (options.ts). Batch writes apply to a copy first, so a bad
// range in the batch changes nothing.
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import type { GoogleData } from '../store.js';
import { cachedJson } from '../docs/read-cache.js';
import { contentChanged, invalidArgument, openFile, SHEETS_SCOPES } from '../docs/workspace-file.js';
import { SHEET } from '../store.js';
import { spreadsheetOf } from './content.js';
import { Calculator } from './formula.js';
import type { Block, Spreadsheet } from './model.js';
import { flag, insertDataOption, list, majorDimension, readOptions, userEntered } from './options.js';
import { blockOfFilter, blocksOf, openSpreadsheet, partial, SHEETS_SERVICE } from './routes.js';
import { blockA1, clearBlock, findTable, insertRows, readBlock, ValueError, writeBlock, type ReadOptions, type WriteResult } from './values.js';

type Q = Record<string, string | undefined>;
interface ValueRangeBody { range?: unknown; majorDimension?: unknown; values?: unknown }

/** The block clipped to the grid; starting past it is Sheets' "exceeds grid limits". */
function readable(b: Block, requested: string): Block {
  const g = b.sheet.properties.gridProperties;
  if (b.r0 >= g.rowCount || b.c0 >= g.columnCount) throw invalidArgument(`Range (${requested}) exceeds grid limits. Max rows: ${g.rowCount}, max columns: ${g.columnCount}`);
  return { ...b, r1: Math.min(b.r1, g.rowCount), c1: Math.min(b.c1, g.columnCount) };
}

function valueRange(ss: Spreadsheet, b: Block, o: ReadOptions, calc: Calculator) {
  const values = readBlock(ss, b, o, calc);
  return { range: blockA1(b), majorDimension: o.major, ...(values && { values }) };
}

function write(b: Block, body: ValueRangeBody, input: boolean, requested: string): WriteResult {
  try {
    return writeBlock(b, body.values ?? [], majorDimension(body.majorDimension), input, requested);
  } catch (error) {
    if (error instanceof ValueError) throw invalidArgument(error.message);
    throw error;
  }
}

function updateResponse(id: string, ss: Spreadsheet, w: WriteResult, q: Q) {
  return {
    spreadsheetId: id, updatedRange: w.updatedRange, updatedRows: w.updatedRows, updatedColumns: w.updatedColumns, updatedCells: w.updatedCells,
    ...(flag(q.includeValuesInResponse) && {
      updatedData: valueRange(ss, w.block, readOptions({ valueRenderOption: q.responseValueRenderOption, dateTimeRenderOption: q.responseDateTimeRenderOption }), new Calculator(ss)),
    }),
  };
}

const body = (b: unknown): Record<string, unknown> => (b && typeof b === 'object' && !Array.isArray(b) ? b as Record<string, unknown> : {});

export function valuesRoutes(app: FastifyInstance, ctx: TwinContext<GoogleData>): void {
  const P = '/v4/spreadsheets/:spreadsheetId/values';
  type Params = { spreadsheetId: string; range: string };

  app.get<{ Params: Params; Querystring: Q }>(`${P}/:range`, { config: { operation: 'sheets.spreadsheets.values.get', readOnly: true } }, (request, reply) => {
    const { file } = openFile(ctx, request, request.params.spreadsheetId, SHEET, false, SHEETS_SCOPES, SHEETS_SERVICE);
    const q = request.query;
    const o = readOptions(q);
    const json = cachedJson(file, `values.get|${request.params.range}|${o.valueRender}|${o.dateRender}|${o.major}|${q.fields ?? ''}`, () => {
      const ss = spreadsheetOf(ctx.store.data, file);
      const b = readable(blocksOf(ss, [request.params.range])[0]!, request.params.range);
      return partial(valueRange(ss, b, o, new Calculator(ss)), q.fields);
    });
    return reply.type('application/json; charset=utf-8').send(json);
  });

  app.get<{ Params: Params; Querystring: Q & { ranges?: string | string[] } }>(`${P}::batchGet`, { config: { operation: 'sheets.spreadsheets.values.batchGet', readOnly: true } }, (request) => {
    const a = openSpreadsheet(ctx, request, request.params.spreadsheetId, false);
    const o = readOptions(request.query);
    const ranges = list(request.query.ranges);
    const calc = new Calculator(a.ss);
    const blocks = blocksOf(a.ss, ranges).map((b, i) => readable(b, ranges[i]!));
    return partial({ spreadsheetId: a.file.id, ...(blocks.length > 0 && { valueRanges: blocks.map((b) => valueRange(a.ss, b, o, calc)) }) }, request.query.fields);
  });

  app.post<{ Params: Params; Body: unknown; Querystring: Q }>(`${P}::batchGetByDataFilter`, { config: { operation: 'sheets.spreadsheets.values.batchGetByDataFilter', readOnly: true } }, (request) => {
    const a = openSpreadsheet(ctx, request, request.params.spreadsheetId, false);
    const b = body(request.body);
    const o = readOptions(b, 'data_filter.');
    const filters = Array.isArray(b.dataFilters) ? b.dataFilters : [];
    const calc = new Calculator(a.ss);
    const valueRanges = filters.map((f, i) => ({ valueRange: valueRange(a.ss, readable(blockOfFilter(a.ss, f, i), `dataFilters[${i}]`), o, calc), dataFilters: [f] }));
    return partial({ spreadsheetId: a.file.id, ...(valueRanges.length > 0 && { valueRanges }) }, request.query.fields);
  });

  app.put<{ Params: Params; Body: unknown; Querystring: Q }>(`${P}/:range`, { config: { operation: 'sheets.spreadsheets.values.update' } }, (request) => {
    const a = openSpreadsheet(ctx, request, request.params.spreadsheetId, true);
    const input = userEntered(request.query.valueInputOption);
    const b = body(request.body) as ValueRangeBody;
    const range = request.params.range;
    // Worked on a copy, so that a value refused halfway leaves the stored content as it was.
    const ss = structuredClone(a.ss);
    const block = blocksOf(ss, [range])[0]!;
    if (typeof b.range === 'string' && blockA1(blocksOf(ss, [b.range])[0]!) !== blockA1(block)) {
      throw invalidArgument(`Requested writing within range [${range}], but the ValueRange's range is [${b.range}].`);
    }
    const w = write(block, b, input, range);
    ctx.store.data.spreadsheets[a.file.id] = ss;
    contentChanged(ctx, a);
    return partial(updateResponse(a.file.id, ss, w, request.query), request.query.fields);
  });

  app.post<{ Params: Params; Body: unknown; Querystring: Q }>(`${P}/:range(^.+)::append`, { config: { operation: 'sheets.spreadsheets.values.append' } }, (request) => {
    const a = openSpreadsheet(ctx, request, request.params.spreadsheetId, true);
    const input = userEntered(request.query.valueInputOption);
    const mode = insertDataOption(request.query.insertDataOption);
    const b = body(request.body) as ValueRangeBody;
    const range = request.params.range;
    // Worked on a copy, so that a failed append (bad values after rows were inserted) leaves nothing behind.
    const ss = structuredClone(a.ss);
    const searched = blocksOf(ss, [range])[0]!;
    const table = findTable(searched);
    const lines = Array.isArray(b.values) ? b.values as unknown[][] : [];
    const major = majorDimension(b.majorDimension);
    const width = Math.max(0, ...lines.map((l) => (Array.isArray(l) ? l.length : 0)));
    const [rows, cols] = major === 'ROWS' ? [lines.length, width] : [width, lines.length];
    const r0 = table ? table.r1 : searched.r0;
    const c0 = table ? table.c0 : searched.c0;
    const target: Block = { sheet: searched.sheet, r0, c0, r1: r0 + Math.max(rows, 1), c1: c0 + Math.max(cols, 1) };
    if (mode === 'INSERT_ROWS' && rows > 0) insertRows(target, r0, rows);
    const w = write(target, b, input, blockA1(target));
    ctx.store.data.spreadsheets[a.file.id] = ss;
    contentChanged(ctx, a);
    return partial({ spreadsheetId: a.file.id, ...(table && { tableRange: blockA1(table) }), updates: updateResponse(a.file.id, ss, w, request.query) }, request.query.fields);
  });

  app.post<{ Params: Params; Querystring: Q }>(`${P}/:range(^.+)::clear`, { config: { operation: 'sheets.spreadsheets.values.clear' } }, (request) => {
    const a = openSpreadsheet(ctx, request, request.params.spreadsheetId, true);
    const b = readable(blocksOf(a.ss, [request.params.range])[0]!, request.params.range);
    clearBlock(b);
    ctx.store.data.spreadsheets[a.file.id] = a.ss;
    contentChanged(ctx, a);
    return partial({ spreadsheetId: a.file.id, clearedRange: blockA1(b) }, request.query.fields);
  });

  app.post<{ Params: Params; Body: unknown; Querystring: Q }>(`${P}::batchUpdate`, { config: { operation: 'sheets.spreadsheets.values.batchUpdate' } }, (request) => {
    const a = openSpreadsheet(ctx, request, request.params.spreadsheetId, true);
    const b = body(request.body);
    const input = userEntered(b.valueInputOption);
    const data = Array.isArray(b.data) ? b.data as ValueRangeBody[] : [];
    const ss = structuredClone(a.ss);
    const results = data.map((d, i) => {
      if (typeof d?.range !== 'string') throw invalidArgument(`Invalid data[${i}]: range is required.`);
      return write(blocksOf(ss, [d.range])[0]!, d, input, d.range);
    });
    ctx.store.data.spreadsheets[a.file.id] = ss;
    contentChanged(ctx, a);
    const q: Q = { includeValuesInResponse: String(b.includeValuesInResponse === true), responseValueRenderOption: b.responseValueRenderOption as string | undefined, responseDateTimeRenderOption: b.responseDateTimeRenderOption as string | undefined };
    const sum = (k: 'updatedRows' | 'updatedColumns' | 'updatedCells') => results.reduce((s, r) => s + r[k], 0);
    return partial({
      spreadsheetId: a.file.id, totalUpdatedRows: sum('updatedRows'), totalUpdatedColumns: sum('updatedColumns'), totalUpdatedCells: sum('updatedCells'),
      totalUpdatedSheets: new Set(results.map((r) => r.block.sheet.properties.sheetId)).size,
      ...(results.length > 0 && { responses: results.map((w) => updateResponse(a.file.id, ss, w, q)) }),
    }, request.query.fields);
  });

  app.post<{ Params: Params; Body: unknown; Querystring: Q }>(`${P}::batchClear`, { config: { operation: 'sheets.spreadsheets.values.batchClear' } }, (request) => {
    const a = openSpreadsheet(ctx, request, request.params.spreadsheetId, true);
    const ranges = list(body(request.body).ranges as string[] | undefined);
    const blocks = blocksOf(a.ss, ranges).map((b, i) => readable(b, ranges[i]!));
    blocks.forEach(clearBlock);
    ctx.store.data.spreadsheets[a.file.id] = a.ss;
    contentChanged(ctx, a);
    return partial({ spreadsheetId: a.file.id, ...(blocks.length > 0 && { clearedRanges: blocks.map(blockA1) }) }, request.query.fields);
  });
}
