// How Sheets turns what a user types into a value (USER_ENTERED), and a value into the text it shows
// (FORMATTED_VALUE): numbers, percentages, currency, booleans, dates and times as serial numbers
// (days since 1899-12-30) with a date format, a leading ' forcing text. en_US conventions.
import { normalizeFormula } from './formula-text.js';
import type { Cell, CellValue, NumberFormat } from './model.js';

const EPOCH = Date.UTC(1899, 11, 30);
const DAY = 86_400_000;

/** The "Automatic" format: integers as they are, otherwise 10 significant digits. */
export function generalNumber(n: number): string {
  if (!Number.isFinite(n)) return '#NUM!';
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const s = String(Number(n.toPrecision(10)));
  return s.replace('e+', 'E+').replace('e-', 'E-');
}

function serialOf(y: number, m: number, d: number, h = 0, mi = 0, s = 0): number | null {
  const t = Date.UTC(y, m - 1, d, h, mi, s);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return (t - EPOCH) / DAY;
}

const NUMBER = /^([+-])?(\$)?(\d{1,3}(?:,\d{3})+|\d+)?(\.\d+)?(?:[eE]([+-]?\d+))?(%)?$/;
const ISO_DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/;

/** What a USER_ENTERED string becomes: a number/boolean/date with its format, a formula, or text. */
export function parseUserEntered(text: string): Cell {
  if (text.startsWith("'")) return { v: text.slice(1) };
  if (text.startsWith('=') && text.length > 1) return { f: normalizeFormula(text) };
  const t = text.trim();
  const upper = t.toUpperCase();
  if (upper === 'TRUE' || upper === 'FALSE') return { v: upper === 'TRUE' };
  const m = NUMBER.exec(t);
  if (m && (m[3] !== undefined || m[4] !== undefined)) {
    let n = Number(`${m[3]?.replace(/,/g, '') ?? '0'}${m[4] ?? ''}${m[5] !== undefined ? `e${m[5]}` : ''}`);
    if (m[1] === '-') n = -n;
    if (m[6]) return { v: n / 100, fmt: { numberFormat: { type: 'PERCENT', pattern: m[4] ? '0.00%' : '0%' } } };
    if (m[2]) return { v: n, fmt: { numberFormat: { type: 'CURRENCY', pattern: '"$"#,##0.00' } } };
    return { v: n };
  }
  const iso = ISO_DATE.exec(t);
  const us = US_DATE.exec(t);
  if (iso || us) {
    const [y, mo, d] = iso ? [iso[1], iso[2], iso[3]] : [us![3], us![1], us![2]];
    const [h, mi, s] = (iso ?? us)!.slice(4, 7);
    const serial = serialOf(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
    if (serial !== null) {
      const timed = h !== undefined;
      const pattern = iso ? (timed ? 'yyyy-mm-dd h:mm:ss' : 'yyyy-mm-dd') : timed ? 'M/d/yyyy H:mm:ss' : 'M/d/yyyy';
      return { v: serial, fmt: { numberFormat: { type: timed ? 'DATE_TIME' : 'DATE', pattern } } };
    }
  }
  const time = TIME.exec(t);
  if (time) {
    let h = Number(time[1]);
    const ampm = time[4]?.toUpperCase();
    if (ampm === 'PM' && h < 12) h += 12;
    if (ampm === 'AM' && h === 12) h = 0;
    const mi = Number(time[2]);
    const s = Number(time[3] ?? 0);
    if (h < 24 && mi < 60 && s < 60) return { v: (h * 3600 + mi * 60 + s) / 86_400, fmt: { numberFormat: { type: 'TIME', pattern: 'h:mm:ss am/pm' } } };
  }
  return { v: text };
}

/** RAW input: strings stay strings (a leading '=' is not a formula), numbers and booleans as given. */
export function rawCell(value: CellValue): Cell {
  return { v: value };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function formatDate(serial: number, pattern: string): string {
  const d = new Date(EPOCH + Math.round(serial * DAY / 1000) * 1000);
  const hour = d.getUTCHours();
  const ampm = /am\/pm/i.test(pattern);
  // Tokens longest first; "mm" after an hour is minutes, as in Sheets' patterns.
  return pattern.replace(/yyyy|yy|MM|M|mm|m|dd|d|HH|H|hh|h|ss|s|am\/pm/gi, (tok, offset: number) => {
    const lower = tok.toLowerCase();
    const afterHour = /h[^dmy]*$/i.test(pattern.slice(0, offset));
    switch (lower) {
      case 'yyyy': return String(d.getUTCFullYear());
      case 'yy': return pad(d.getUTCFullYear() % 100);
      case 'mm': return afterHour ? pad(d.getUTCMinutes()) : pad(d.getUTCMonth() + 1);
      case 'm': return afterHour ? String(d.getUTCMinutes()) : String(d.getUTCMonth() + 1);
      case 'dd': return pad(d.getUTCDate());
      case 'd': return String(d.getUTCDate());
      case 'hh': return pad(ampm ? hour % 12 || 12 : hour);
      case 'h': return String(ampm ? hour % 12 || 12 : hour);
      case 'ss': return pad(d.getUTCSeconds());
      case 's': return String(d.getUTCSeconds());
      default: return hour < 12 ? 'AM' : 'PM';
    }
  });
}

function formatNumberPattern(n: number, pattern: string): string {
  const percent = pattern.includes('%');
  const value = percent ? n * 100 : n;
  const decimals = /\.(0+)/.exec(pattern)?.[1]?.length ?? 0;
  let body = Math.abs(value).toFixed(decimals);
  if (pattern.includes(',')) { const [int, frac] = body.split('.'); body = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : ''); }
  const prefix = /^"?\$"?/.test(pattern) ? '$' : '';
  return `${value < 0 ? '-' : ''}${prefix}${body}${percent ? '%' : ''}`;
}

export const isDateFormat = (f: NumberFormat | undefined) => f !== undefined && ['DATE', 'TIME', 'DATE_TIME'].includes(f.type);

/** The text Sheets shows for a computed value under the cell's number format. */
export function formatValue(value: CellValue, format: NumberFormat | undefined): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  if (!format || format.type === 'TEXT' || !format.pattern) return generalNumber(value);
  return isDateFormat(format) ? formatDate(value, format.pattern) : formatNumberPattern(value, format.pattern);
}
