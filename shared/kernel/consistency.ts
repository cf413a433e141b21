// GET /_dtu/consistency: per person, their presence and status in each twin, and where the twins
// drift from Okta, the universe's source of truth. Expected: someone active in Okta and assigned to
// a twin's app is active there; anyone else (not assigned, suspended, deactivated, not yet activated)
// is not active there (absent, suspended or deactivated are all fine). Without Okta in the report
// nothing is expected, so only the presence table is given.
import type { TwinName } from '../twin-names.js';
import type { TwinPerson } from './twin-definition.js';

export type Presence = TwinPerson['status'] | 'absent';

export interface Drift {
  twin: string;
  /** "status" (active where it should not be, or missing/inactive where it should be active) or "name". */
  field: 'status' | 'name';
  expected: string;
  actual: string;
  message: string;
}

export interface PersonReport {
  email: string;
  /** Per twin: the twin's id and status for the person, or "absent". */
  twins: Record<string, { id: string; status: TwinPerson['status']; name?: string } | 'absent'>;
  /** Okta's app assignments, by twin. */
  assigned?: TwinName[];
  drift: Drift[];
}

export interface ConsistencyReport {
  ok: boolean;
  twins: string[];
  /** How many people have drift. */
  drifting: number;
  people: PersonReport[];
}

export function consistencyReport(byTwin: Record<string, TwinPerson[]>, onlyDrift = false): ConsistencyReport {
  const twins = Object.keys(byTwin);
  const index = new Map<string, Map<string, TwinPerson>>();
  for (const twin of twins) index.set(twin, new Map(byTwin[twin].map((p) => [p.email.toLowerCase(), p])));
  // Okta's people first, in Okta's order; then anyone only other twins hold.
  const emails = new Set<string>();
  for (const twin of twins.includes('okta') ? ['okta', ...twins.filter((t) => t !== 'okta')] : twins) {
    for (const person of byTwin[twin]) emails.add(person.email.toLowerCase());
  }
  const okta = index.get('okta');
  const people: PersonReport[] = [];
  for (const email of emails) {
    const report: PersonReport = { email, twins: {}, drift: [] };
    for (const twin of twins) {
      const held = index.get(twin)!.get(email);
      report.twins[twin] = held ? { id: held.id, status: held.status, ...(held.name !== undefined && { name: held.name }) } : 'absent';
    }
    if (okta) {
      const source = okta.get(email);
      if (source?.apps) report.assigned = source.apps;
      for (const twin of twins) {
        if (twin === 'okta') continue;
        const held = index.get(twin)!.get(email);
        report.drift.push(...driftOf(twin, source, held));
      }
    }
    if (!onlyDrift || report.drift.length) people.push(report);
  }
  const drifting = onlyDrift ? people.length : people.filter((p) => p.drift.length).length;
  return { ok: drifting === 0, twins, drifting, people };
}

function driftOf(twin: string, source: TwinPerson | undefined, held: TwinPerson | undefined): Drift[] {
  const actual: Presence = held?.status ?? 'absent';
  if (!source) {
    return actual === 'active' ? [{ twin, field: 'status', expected: 'not active', actual, message: `active in ${twin} but unknown to okta` }] : [];
  }
  const shouldBeActive = source.status === 'active' && (source.apps ?? []).includes(twin as TwinName);
  if (shouldBeActive && actual !== 'active') {
    return [{ twin, field: 'status', expected: 'active', actual, message: `active in okta and assigned to the ${twin} app, but ${actual} in ${twin}` }];
  }
  if (!shouldBeActive && actual === 'active') {
    const why = source.status === 'active' ? `not assigned to the ${twin} app in okta` : `${source.status} in okta`;
    return [{ twin, field: 'status', expected: 'not active', actual, message: `active in ${twin} but ${why}` }];
  }
  if (held && actual === 'active' && source.name && held.name && source.name !== held.name) {
    return [{ twin, field: 'name', expected: source.name, actual: held.name, message: `named "${held.name}" in ${twin} but "${source.name}" in okta` }];
  }
  return [];
}
