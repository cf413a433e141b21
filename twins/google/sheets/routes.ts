// Sheets v4 spreadsheets.create / get / batchUpdate (operation = discovery method id). A spreadsheet is a
// Drive file (mimeType application/vnd.google-apps.spreadsheet): created in the caller's My Drive, read
// with reader access, changed with writer access (docs/workspace-file.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { applySelection, FieldsError, parseFields } from '../fields.js';
import { googleInvalidParameter } from '../errors.js';
import { SHEET, type GoogleData } from '../store.js';
import { contentChanged, createFile, invalidArgument, openFile, SHEETS_SCOPES, type Opened } from '../docs/workspace-file.js';
import { A1Error } from './a1.js';
import { updateCells } from './cells.js';
import { spreadsheetOf } from './content.js';
import { Calculator } from './formula.js';
import { CELL_LIMIT, CELL_LIMIT_MESSAGE, cellCount, newSheet, newSpreadsheet, resolveRange, type Block, type Spreadsheet } from './model.js';
import { flag, list } from './options.js';
import { gridBlock, gridSheet, RequestError, SHEET_REQUESTS, type BatchContext } from './requests.js';
import { spreadsheetResource } from './resource.js';

export const SHEETS_SERVICE = 'sheets.googleapis.com';

/** The response cut to `fields` when given (Sheets has no default field mask). */
export function partial(value: unknown, fields: string | undefined): unknown {
  if (fields === undefined || fields === '') return value;
  // Sheets and Docs document dotted paths (`sheets.properties.title`); the selector speaks slashes.
  try { return applySelection(value, parseFields(fields.replace(/\./g, '/'))); } catch (error) {
    if (error instanceof FieldsError) throw googleInvalidParameter('fields', `Invalid field selection ${fields}`);
    throw error;
  }
}

export function blocksOf(ss: Spreadsheet, ranges: string[]): Block[] {
  return ranges.map((r) => {
    if (typeof r !== 'string') throw invalidArgument(`Invalid value at 'ranges' (TYPE_STRING), ${JSON.stringify(r)}`);
    try { return resolveRange(ss, r); } catch (error) {
      if (error instanceof A1Error) throw invalidArgument(error.message);
      throw error;
    }
  });
}

export interface SheetsAccess extends Opened { ss: Spreadsheet }

export function openSpreadsheet(ctx: TwinContext<GoogleData>, request: FastifyRequest, id: string, write: boolean): SheetsAccess {
  const opened = openFile(ctx, request, id, SHEET, write, SHEETS_SCOPES, SHEETS_SERVICE);
  // Not stored here: each write stores the content (data.spreadsheets) once it succeeded, so a refused one leaves no trace.
  return { ...opened, ss: spreadsheetOf(ctx.store.data, opened.file) };
}

export function render(ctx: TwinContext<GoogleData>, a: SheetsAccess, blocks: Block[] | undefined, includeGridData: boolean) {
  return spreadsheetResource(a.ss, {
    id: a.file.id, title: a.file.name, url: `${ctx.publicUrl()}/spreadsheets/d/${a.file.id}/edit`, blocks, includeGridData, calc: new Calculator(a.ss),
  });
}

/** Applies batchUpdate requests to a copy; the copy replaces the original only when all succeeded. */
function applyRequests(a: SheetsAccess, requests: unknown): { ss: Spreadsheet; title: string; replies: Record<string, unknown>[] } {
  if (!Array.isArray(requests) || requests.length === 0) throw invalidArgument('Must specify at least one request.');
  const ss = structuredClone(a.ss);
  let title = a.file.name;
  const bc: BatchContext = { ss, get title() { return title; }, rename: (t) => { title = t; } };
  const replies = requests.map((req: unknown, i) => {
    const entries = req && typeof req === 'object' ? Object.entries(req as Record<string, unknown>) : [];
    if (entries.length !== 1) throw invalidArgument(`Invalid requests[${i}]: No request set.`);
    const [kind, body] = entries[0]!;
    const handler = SHEET_REQUESTS[kind];
    if (!handler) throw invalidArgument(`Invalid JSON payload received. Unknown name "${kind}" at 'requests[${i}]': Cannot find field.`);
    try {
      // A copy: later requests of the batch must not change an earlier reply.
      const reply = structuredClone(handler(bc, (body ?? {}) as Record<string, unknown>) ?? {});
      // Checked after each request, so that no later request walks an oversized grid.
      if (cellCount(ss) > CELL_LIMIT) throw invalidArgument(CELL_LIMIT_MESSAGE);
      return reply;
    } catch (error) {
      if (error instanceof RequestError) throw invalidArgument(`Invalid requests[${i}].${kind}: ${error.message}`);
      throw error;
    }
  });
  return { ss, title, replies };
}

interface CreateBody { properties?: Record<string, unknown>; sheets?: { properties?: Record<string, unknown>; data?: { startRow?: number; startColumn?: number; rowData?: unknown[] }[] }[] }

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Sheets' 400 for a sheet, its properties or a data block that is not an object (JSON null, a string…). */
function checkSheetShapes(sheets: unknown[]): void {
  const bad = (path: string, type: string, value: unknown) => invalidArgument(`Invalid value at '${path}' (type.googleapis.com/google.apps.sheets.v4.${type}), ${JSON.stringify(value)}`);
  sheets.forEach((s, i) => {
    if (!isRecord(s)) throw bad(`spreadsheet.sheets[${i}]`, 'Sheet', s);
    if (s.properties !== undefined && !isRecord(s.properties)) throw bad(`spreadsheet.sheets[${i}].properties`, 'SheetProperties', s.properties);
    if (s.data === undefined) return;
    if (!Array.isArray(s.data)) throw bad(`spreadsheet.sheets[${i}].data`, 'GridData', s.data);
    s.data.forEach((d, j) => { if (!isRecord(d)) throw bad(`spreadsheet.sheets[${i}].data[${j}]`, 'GridData', d); });
  });
}

function buildSpreadsheet(body: CreateBody, timeZone: string): Spreadsheet {
  const props = body.properties ?? {};
  const ss = newSpreadsheet(typeof props.title === 'string' ? props.title : 'Untitled spreadsheet', typeof props.timeZone === 'string' ? props.timeZone : timeZone);
  if (typeof props.locale === 'string') ss.properties.locale = props.locale;
  if (Array.isArray(body.sheets) && body.sheets.length > 0) {
    checkSheetShapes(body.sheets);
    ss.sheets = body.sheets.map((s, i) => {
      const p = s.properties ?? {};
      const grid = (p.gridProperties ?? {}) as Record<string, unknown>;
      for (const k of ['rowCount', 'columnCount', 'frozenRowCount', 'frozenColumnCount']) {
        if (grid[k] !== undefined && !(Number.isInteger(grid[k]) && (grid[k] as number) >= 0)) throw invalidArgument(`Invalid value at 'spreadsheet.sheets[${i}].properties.grid_properties.${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}' (TYPE_INT32), ${JSON.stringify(grid[k])}`);
      }
      const sheet = newSheet(Number.isInteger(p.sheetId) ? p.sheetId as number : i === 0 ? 0 : 1_000_000 + i, typeof p.title === 'string' ? p.title : `Sheet${i + 1}`, i, (grid.rowCount as number | undefined) ?? 1000, (grid.columnCount as number | undefined) ?? 26);
      if (grid.frozenRowCount) sheet.properties.gridProperties.frozenRowCount = grid.frozenRowCount as number;
      if (grid.frozenColumnCount) sheet.properties.gridProperties.frozenColumnCount = grid.frozenColumnCount as number;
      return sheet;
    });
    if (cellCount(ss) > CELL_LIMIT) throw invalidArgument(CELL_LIMIT_MESSAGE);
    const titles = new Set<string>();
    for (const s of ss.sheets) {
      if (titles.has(s.properties.title.toLowerCase())) throw invalidArgument(`A sheet with the name "${s.properties.title}" already exists. Please enter another name.`);
      titles.add(s.properties.title.toLowerCase());
    }
    body.sheets.forEach((s, i) => (s.data ?? []).forEach((d) => {
      const start = { sheetId: ss.sheets[i]!.properties.sheetId, rowIndex: d.startRow ?? 0, columnIndex: d.startColumn ?? 0 };
      try {
        updateCells(ss, { start, rows: d.rowData ?? [], fields: 'userEnteredValue,userEnteredFormat,note' }, gridSheet, gridBlock, (m) => { throw new RequestError(m); });
      } catch (error) {
        if (error instanceof RequestError) throw invalidArgument(error.message);
        throw error;
      }
    }));
  }
  return ss;
}

export function spreadsheetRoutes(app: FastifyInstance, ctx: TwinContext<GoogleData>): void {
  app.post<{ Body: CreateBody | undefined; Querystring: { fields?: string } }>('/v4/spreadsheets', { config: { operation: 'sheets.spreadsheets.create' } }, (request) => {
    const body = request.body ?? {};
    if (typeof body !== 'object' || Array.isArray(body)) throw invalidArgument('Invalid JSON payload received.');
    const person = ctx.org().people.find((p) => p.email === request.googleToken?.email);
    const ss = buildSpreadsheet(body, person?.timezone ?? 'America/New_York');
    const opened = createFile(ctx, request, SHEET, ss.properties.title, SHEETS_SCOPES, SHEETS_SERVICE);
    ctx.store.data.spreadsheets[opened.file.id] = ss;
    return partial(render(ctx, { ...opened, ss }, undefined, false), request.query.fields);
  });

  app.get<{ Params: { spreadsheetId: string }; Querystring: { ranges?: string | string[]; includeGridData?: string; fields?: string } }>(
    '/v4/spreadsheets/:spreadsheetId', { config: { operation: 'sheets.spreadsheets.get', readOnly: true } }, (request) => {
      const a = openSpreadsheet(ctx, request, request.params.spreadsheetId, false);
      const ranges = list(request.query.ranges);
      const blocks = ranges.length > 0 ? blocksOf(a.ss, ranges) : undefined;
      // Asking for cell fields through `fields` brings grid data, as Sheets does.
      const wantsData = flag(request.query.includeGridData) || /(^|[,(/.])data([/.(,)]|$)/.test(request.query.fields ?? '');
      return partial(render(ctx, a, blocks, wantsData), request.query.fields);
    });

  app.post<{ Params: { spreadsheetId: string }; Body: Record<string, unknown> | undefined; Querystring: { fields?: string } }>(
    '/v4/spreadsheets/:spreadsheetId(^[^/:]+)::batchUpdate', { config: { operation: 'sheets.spreadsheets.batchUpdate' } }, (request) => {
      const a = openSpreadsheet(ctx, request, request.params.spreadsheetId, true);
      const body = request.body ?? {};
      const { ss, title, replies } = applyRequests(a, body.requests);
      ctx.store.data.spreadsheets[a.file.id] = ss;
      a.file.name = title;
      contentChanged(ctx, a);
      const updated = { ...a, ss };
      const responseRanges = list(body.responseRanges as string[] | undefined);
      return partial({
        spreadsheetId: a.file.id, replies,
        ...(body.includeSpreadsheetInResponse === true && {
          updatedSpreadsheet: render(ctx, updated, responseRanges.length ? blocksOf(ss, responseRanges) : undefined, body.responseIncludeGridData === true),
        }),
      }, request.query.fields);
    });

  app.post<{ Params: { spreadsheetId: string }; Body: Record<string, unknown> | undefined; Querystring: { fields?: string } }>(
    '/v4/spreadsheets/:spreadsheetId(^[^/:]+)::getByDataFilter', { config: { operation: 'sheets.spreadsheets.getByDataFilter', readOnly: true } }, (request) => {
      const a = openSpreadsheet(ctx, request, request.params.spreadsheetId, false);
      const body = request.body ?? {};
      const filters = Array.isArray(body.dataFilters) ? body.dataFilters : [];
      const blocks = filters.length > 0 ? filters.map((f, i) => blockOfFilter(a.ss, f, i)) : undefined;
      return partial(render(ctx, a, blocks, body.includeGridData === true), request.query.fields);
    });
}

/** The block a DataFilter selects (a1Range or gridRange; developer metadata lookups are not kept). */
export function blockOfFilter(ss: Spreadsheet, filter: unknown, i: number): Block {
  const f = (filter ?? {}) as { a1Range?: unknown; gridRange?: unknown };
  if (typeof f.a1Range === 'string') return blocksOf(ss, [f.a1Range])[0]!;
  if (f.gridRange && typeof f.gridRange === 'object') {
    try { return gridBlock(ss, f.gridRange); } catch (error) {
      if (error instanceof RequestError) throw invalidArgument(`Invalid dataFilters[${i}]: ${error.message}`);
      throw error;
    }
  }
  throw invalidArgument(`Invalid dataFilters[${i}]: only a1Range and gridRange filters are supported.`);
}
