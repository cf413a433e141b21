// Dates in JQL: absolute ('yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd'),
// relative periods ('-7d', '-1w 2d', '4h', '+30m') and the date functions now(), startOfDay/Week/
// Month/Year(±n unit) and endOfDay/Week/Month/Year(). Times are UTC (Jira uses the caller's zone).
import { JqlError } from './errors.js';

const UNIT_MS: Record<string, number> = { w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000 };
export const DATE_FORMATS = "Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.";

/** Milliseconds for a date value, or null when it is not one of Jira's formats. */
export function parseDate(text: string, now: number): number | null {
  const t = text.trim();
  const abs = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(t);
  if (abs) {
    const [, y, mo, d, h = '0', mi = '0'] = abs;
    const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi);
    const back = new Date(ms);
    if (back.getUTCMonth() !== +mo - 1 || back.getUTCDate() !== +d || +h > 23) return null;
    return ms;
  }
  const period = /^([+-])?\s*((?:\d+\s*[wdhm]\s*)+)$/.exec(t);
  if (period) {
    let total = 0;
    for (const [, n, unit] of period[2].matchAll(/(\d+)\s*([wdhm])/g)) total += Number(n) * UNIT_MS[unit];
    return now + (period[1] === '-' ? -total : total);
  }
  return null;
}

type Boundary = 'Day' | 'Week' | 'Month' | 'Year';
const calendarUnits: Record<string, 'y' | 'M' | 'w' | 'd' | 'h' | 'm'> = { y: 'y', M: 'M', w: 'w', d: 'd', h: 'h', m: 'm' };

function startOf(ms: number, unit: Boundary): Date {
  const d = new Date(ms);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (unit === 'Day') return new Date(day);
  // Weeks start on Sunday, as in Jira's default locale.
  if (unit === 'Week') return new Date(day - d.getUTCDay() * 86_400_000);
  if (unit === 'Month') return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  return new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
}

function add(date: Date, n: number, unit: string): Date {
  const d = new Date(date.getTime());
  if (unit === 'y') d.setUTCFullYear(d.getUTCFullYear() + n);
  else if (unit === 'M') d.setUTCMonth(d.getUTCMonth() + n);
  else d.setTime(d.getTime() + n * UNIT_MS[unit]);
  return d;
}

const BOUNDARY_UNIT: Record<Boundary, string> = { Day: 'd', Week: 'w', Month: 'M', Year: 'y' };
export const DATE_FUNCTIONS = new Set(['now', ...['start', 'end'].flatMap((s) => ['Day', 'Week', 'Month', 'Year'].map((u) => `${s}Of${u}`.toLowerCase()))]);

/** The value of a date function, e.g. startOfMonth("-1M"); throws Jira's messages for bad arguments. */
export function dateFunction(name: string, args: string[], now: number): number {
  const lower = name.toLowerCase();
  if (lower === 'now') {
    if (args.length) throw new JqlError(`Function 'now' expected '0' arguments but received '${args.length}'.`);
    return now;
  }
  const [, edge, unitName] = /^(start|end)of(day|week|month|year)$/.exec(lower)!;
  const unit = (unitName[0].toUpperCase() + unitName.slice(1)) as Boundary;
  const display = `${edge}Of${unit}`;
  if (args.length > 1) throw new JqlError(`Function '${display}' expected between '0' and '1' arguments but received '${args.length}'.`);
  let date = startOf(now, unit);
  if (args.length) {
    const m = /^([+-]?)(\d+)([yMwdhm])?$/.exec(args[0].trim());
    if (!m) throw new JqlError(`Duration for function '${display}' should have the format (+/-)n(yMwdm), e.g -1M for 1 month earlier.`);
    const n = Number(m[2]) * (m[1] === '-' ? -1 : 1);
    date = add(date, n, calendarUnits[m[3] ?? ''] ?? BOUNDARY_UNIT[unit]);
  }
  // End of a period is its last millisecond.
  if (edge === 'end') date = new Date(add(date, 1, BOUNDARY_UNIT[unit]).getTime() - 1);
  return date.getTime();
}
