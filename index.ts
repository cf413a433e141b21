// The embedded API: `import { startUniverse } from 'digital-twin-universe'`.
export { startUniverse, DEFAULT_SEED, type Universe, type UniverseOptions } from './shared/universe/start-universe.js';
export type { ChaosRule, ChaosRuleView } from './shared/chaos/rules.js';
export type { Snapshot, EventsPage } from './shared/kernel/control-backend.js';
export type { JournalEvent } from './shared/kernel/journal.js';
export type { Org, Person, Group } from './shared/seeding/org.js';
export { TWIN_NAMES, type TwinName } from './shared/twin-names.js';
