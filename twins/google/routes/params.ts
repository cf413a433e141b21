// Query-string helpers shared by the Drive routes: `fields` partial responses and page tokens.
import { googleInvalidParameter } from '../errors.js';
import { applySelection, FieldsError, parseFields } from '../fields.js';

/** `value` cut to `fields` when given, else to `defaults` (Drive's default fields). */
export function select(value: unknown, fields: string | undefined, defaults: string): unknown {
  try {
    return applySelection(value, parseFields(fields ?? defaults));
  } catch (error) {
    if (error instanceof FieldsError) throw googleInvalidParameter('fields', `Invalid field selection ${fields}`);
    throw error;
  }
}

export function encodePageToken(offset: number, q: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q })).toString('base64url');
}

export function decodePageToken(token: string | undefined, q: string): number {
  if (!token) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; q?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.q === q) return parsed.o;
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
