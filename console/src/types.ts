// Shapes of the control plane's answers the shell's views read (README "Control plane").
import type { TwinName } from './api';

export interface Health {
  ok: boolean;
  seed: number;
  twins: Record<string, 'up' | 'down'>;
}

export interface ClockView {
  now: string;
  epochMs: number;
  frozen: boolean;
}

export interface ChaosRule {
  id: string;
  twin: TwinName | '*';
  match?: { method?: string; path?: string; operation?: string; testId?: string };
  effect: 'rate_limit' | 'error' | 'latency' | 'timeout' | 'reset';
  probability?: number;
  times?: number;
  status?: number;
  latencyMs?: number;
  retryAfterSec?: number;
  hits: number;
}

export interface OrgPerson {
  email: string;
  name: string;
  title: string;
  department: string;
  manager: string | null;
  location: string;
  timezone: string;
  status: 'active' | 'suspended' | 'deactivated';
  admin: boolean;
  employeeNumber: string;
  startDate: string;
  avatarUrl: string;
}

export interface Org {
  name: string;
  domain: string;
  people: OrgPerson[];
}

export type Presence = { id: string; status: 'active' | 'pending' | 'suspended' | 'deactivated'; name?: string } | 'absent';

export interface PersonReport {
  email: string;
  twins: Record<string, Presence>;
  assigned?: TwinName[];
  drift: { twin: string; field: string; expected: string; actual: string; message: string }[];
}

export interface ConsistencyReport {
  ok: boolean;
  twins: string[];
  drifting: number;
  people: PersonReport[];
}

/** "rate_limit x1 ~auth.test" — a rule in one line. */
export function describeRule(rule: ChaosRule): string {
  const parts: string[] = [rule.effect];
  if (rule.status !== undefined) parts.push(`status ${rule.status}`);
  if (rule.latencyMs !== undefined) parts.push(`${rule.latencyMs} ms`);
  if (rule.retryAfterSec !== undefined) parts.push(`retry after ${rule.retryAfterSec}s`);
  if (rule.probability !== undefined && rule.probability !== 1) parts.push(`p=${rule.probability}`);
  if (rule.times !== undefined) parts.push(`×${rule.times}`);
  return parts.join(' · ');
}

export function describeMatch(rule: ChaosRule): string {
  const m = rule.match ?? {};
  const parts = [m.method, m.operation, m.path, m.testId && `test ${m.testId}`].filter(Boolean);
  return parts.length ? parts.join(' ') : 'every request';
}

/** "09:01:02.345" in the browser's time zone. */
export function timeOf(iso: string): string {
  const date = new Date(iso);
  return `${date.toLocaleTimeString('en-GB', { hour12: false })}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}
