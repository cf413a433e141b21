// Query-string helpers shared by the Drive routes: `fields` partial responses and page tokens.
import { googleInvalidParameter } from '../errors.js';
import { applySelection, FieldsError, parseFields, type Selection } from '../fields.js';

/** `value` cut to `fields` when given, else to `defaults` (Drive's default fields). */
export function select(value: unknown, fields: string | undefined, defaults: string): unknown {
  try {
    return applySelection(value, parseFields(fields ?? defaults));
  } catch (error) {
    if (error instanceof FieldsError) throw googleInvalidParameter('fields', `Invalid field selection ${fields}`);
    throw error;
  }
}

/**
 * The top-level fields selected for the items under `listKey` (or for the resource itself when listKey is
 * null), or null when everything is (or may be) wanted: lets renderers skip costly parts. A bad selector
 * gives null here; select() reports it.
 */
export function wantedFields(fields: string | undefined, defaults: string, listKey: string | null): Set<string> | null {
  let sel: Selection;
  try {
    sel = parseFields(fields ?? defaults);
  } catch {
    return null;
  }
  const inner = listKey === null ? sel : sel === '*' ? '*' : sel.get(listKey);
  if (inner === undefined) return new Set();
  if (inner === '*' || inner.has('*')) return null;
  return new Set(inner.keys());
}

/** `after`: the id of the page's last file, where the next page may resume (files-list.ts). */
export function encodePageToken(offset: number, q: string, after?: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q, ...(after !== undefined && { a: after }) })).toString('base64url');
}

export function decodePageToken(token: string | undefined, q: string): { offset: number; after?: string } {
  if (!token) return { offset: 0 };
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; q?: unknown; a?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.q === q) {
      return { offset: parsed.o, ...(typeof parsed.a === 'string' && { after: parsed.a }) };
    }
  } catch { /* fall through */ }
  throw googleInvalidParameter('pageToken');
}

export function intParam(value: string | undefined, name: string, def: number, min: number, max: number): number {
  if (value === undefined || value === '') return def;
  const n = Number(value);
  if (!Number.isInteger(n)) throw googleInvalidParameter(name);
  if (n < min || n > max) throw googleInvalidParameter(name, `Invalid value '${value}'. Values must be within the range: [${min}, ${max}]`);
  return n;
}

export function boolParam(value: string | undefined): boolean {
  return value === 'true';
}
