// Query and body options of the values methods, checked as Sheets checks enums:
// 400 "Invalid value at 'value_render_option' (type.googleapis.com/google.apps.sheets.v4.ValueRenderOption), \"X\"".
import { invalidArgument } from '../docs/workspace-file.js';
import type { DateRender, Major, ReadOptions, ValueRender } from './values.js';

function oneOf<T extends string>(value: unknown, allowed: readonly T[], def: T, field: string, type: string): T {
  if (value === undefined || value === '') return def;
  if (allowed.includes(value as T)) return value as T;
  throw invalidArgument(`Invalid value at '${field}' (type.googleapis.com/google.apps.sheets.v4.${type}), "${String(value)}"`);
}

export function readOptions(q: Record<string, unknown>, prefix = ''): ReadOptions {
  return {
    valueRender: oneOf<ValueRender>(q.valueRenderOption, ['FORMATTED_VALUE', 'UNFORMATTED_VALUE', 'FORMULA'], 'FORMATTED_VALUE', `${prefix}value_render_option`, 'ValueRenderOption'),
    dateRender: oneOf<DateRender>(q.dateTimeRenderOption, ['SERIAL_NUMBER', 'FORMATTED_STRING'], 'SERIAL_NUMBER', `${prefix}date_time_render_option`, 'DateTimeRenderOption'),
    major: majorDimension(q.majorDimension, `${prefix}major_dimension`),
  };
}

export function majorDimension(value: unknown, field = 'major_dimension'): Major {
  if (value === 'DIMENSION_UNSPECIFIED') return 'ROWS';
  return oneOf<Major>(value, ['ROWS', 'COLUMNS'], 'ROWS', field, 'Dimension');
}

/** valueInputOption is required on writes: USER_ENTERED parses like typing, RAW stores as given. */
export function userEntered(value: unknown): boolean {
  if (value === undefined || value === '' || value === 'INPUT_VALUE_OPTION_UNSPECIFIED') throw invalidArgument('Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED');
  return oneOf(value, ['RAW', 'USER_ENTERED'], 'RAW', 'value_input_option', 'ValueInputOption') === 'USER_ENTERED';
}

export function insertDataOption(value: unknown): 'OVERWRITE' | 'INSERT_ROWS' {
  return oneOf(value, ['OVERWRITE', 'INSERT_ROWS'], 'OVERWRITE', 'insert_data_option', 'InsertDataOption');
}

/** A query parameter that may repeat (`ranges=a&ranges=b`). */
export const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export const flag = (v: unknown) => v === true || v === 'true';
