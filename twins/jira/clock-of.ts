// The universe clock of a Jira state, for the few views that depend on "today" (a version's `overdue`)
// and are rendered deep inside issue views that take no context. Bound in stateLoaded, which runs
// whenever the state is (re)placed, so a state always answers by the clock of the twin holding it.
import type { JiraData } from './store.js';

const clocks = new WeakMap<JiraData, () => number>();

export function bindClock(data: JiraData, now: () => number): void {
  clocks.set(data, now);
}

/** Now by the state's twin clock (real time for a state no twin holds, e.g. in a unit test). */
export const nowOf = (data: JiraData): number => clocks.get(data)?.() ?? Date.now();

/** yyyy-MM-dd (UTC) of an instant. */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
