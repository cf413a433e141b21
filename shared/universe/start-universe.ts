// The embedded API: the whole universe in this process, e.g. in a test suite's setup.
// CONTRACT.md: startUniverse({seed, fixture, port: 0, chaos, rateLimits}) →
// {urls, credentials, org, chaos: {add, list, clear}, reset(), snapshot(), restore(), events(), clock, close()}.
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { parseCompactRules, parseRule, type ChaosRule, type ChaosRuleView } from '../chaos/rules.js';
import { parseDurationMs, type ClockState } from '../kernel/clock.js';
import { advanceClock, type ControlBackend, type EventsPage, type Snapshot } from '../kernel/control-backend.js';
import type { JournalQuery } from '../kernel/journal.js';
import { Peers } from '../kernel/peers.js';
import { PortInUseError, startTwin, type LogLevel, type RunningTwin } from '../kernel/twin-server.js';
import { loadOrgDefinition, OrgSource } from '../seeding/fixtures.js';
import type { ProgressListener } from '../seeding/generate-org.js';
import type { Org } from '../seeding/org.js';
import { DEFAULT_PORT_BASE, TWIN_NAMES, twinPort, type TwinName } from '../twin-names.js';
import { TWINS } from '../../twins/index.js';
import { publicUrlFor } from '../kernel/public-url.js';
import { buildControlPlane } from './control-plane.js';
import { UniverseControl } from './universe-control.js';

export const DEFAULT_SEED = 42;

export interface UniverseOptions {
  seed?: number;
  /** Fixture name in fixtures/ or a file path; default: a generated 40-person company. */
  fixture?: string;
  /** Head count of a generated org. */
  users?: number;
  /** Port base: control plane on it, twins on the next four. 0 picks free ports for all. Default 4100. */
  port?: number;
  host?: string;
  /** Startup chaos rules, in compact form or as rule objects; they come back on every reset. */
  chaos?: string | unknown[];
  rateLimits?: 'off' | 'realistic';
  /** Directory for --persist. */
  persist?: string;
  /** e.g. "http://localhost:{port}": the base twins put into URLs they hand out. */
  publicUrlTemplate?: string;
  logLevel?: LogLevel;
  /** Run only these twins (default: all four). */
  twins?: TwinName[];
  /** Serve the web console on the control plane at `/` (default true). */
  console?: boolean;
  onSeedProgress?: ProgressListener;
}

export interface Universe {
  urls: { control: string } & Partial<Record<TwinName, string>>;
  /** Current credentials document (changes when a reset or restore switches seed). */
  readonly credentials: Record<string, any>;
  readonly org: Org;
  readonly seed: number;
  chaos: {
    add(rule: unknown | unknown[]): Promise<ChaosRuleView[]>;
    list(): Promise<ChaosRuleView[]>;
    /** Without id: remove all rules. */
    clear(id?: string): Promise<ChaosRuleView[]>;
  };
  reset(seed?: number): Promise<void>;
  snapshot(): Promise<Snapshot>;
  restore(snapshot: Snapshot): Promise<void>;
  events(query?: JournalQuery): Promise<EventsPage>;
  /** The universe clock every twin stamps and schedules by (/_dtu/clock). */
  clock: {
    get(): Promise<ClockState>;
    /** Freeze/unfreeze and/or jump to an instant (Date, ISO string or epoch ms). */
    set(change: { now?: Date | string | number; frozen?: boolean }): Promise<ClockState>;
    /** Forward by milliseconds or a duration string such as "90s", "1h30m", "2d". */
    advance(by: number | string): Promise<ClockState>;
  };
  close(): Promise<void>;
  /** The control plane's operations, for anything the shortcuts above do not cover. */
  control: UniverseControl;
  twins: Map<TwinName, RunningTwin>;
}

export function parseStartupChaos(chaos: string | unknown[] | undefined): ChaosRule[] {
  if (!chaos) return [];
  if (typeof chaos === 'string') return parseCompactRules(chaos);
  return chaos.map((raw, i) => {
    const rule = parseRule(raw, '*', `chaos[${i}]`);
    return { ...rule, id: rule.id || `startup-${i + 1}` };
  });
}

export async function startUniverse(options: UniverseOptions = {}): Promise<Universe> {
  const host = options.host ?? '127.0.0.1';
  const base = options.port ?? DEFAULT_PORT_BASE;
  const names = options.twins ?? [...TWIN_NAMES];
  const startupChaos = parseStartupChaos(options.chaos);
  const orgSource = new OrgSource(loadOrgDefinition(options.fixture, options.users), options.onSeedProgress);
  const seed = options.seed ?? DEFAULT_SEED;
  orgSource.get(seed); // build the org once, up front, for every twin to share

  const twins = new Map<TwinName, RunningTwin>();
  // Every twin reaches the others over loopback HTTP, as separate containers would over the network.
  const peers = new Peers();
  let controlPlane: FastifyInstance | undefined;
  const closeAll = async () => {
    await controlPlane?.close();
    await Promise.all([...twins.values()].map((twin) => twin.close()));
  };
  try {
    await Promise.all(names.map(async (name) => {
      const twin = await startTwin(TWINS[name], {
        seed, orgSource, startupChaos, rateLimits: options.rateLimits, persistDir: options.persist, host,
        port: base === 0 ? 0 : twinPort(base, name), publicUrlTemplate: options.publicUrlTemplate, logLevel: options.logLevel, peers,
      });
      twins.set(name, twin);
      peers.set(name, twin.url);
    }));
    const backends = new Map<TwinName, ControlBackend>(names.map((name) => [name, twins.get(name)!.runtime]));
    const control = new UniverseControl(backends, twins.get(names[0])!.runtime.seed, Object.fromEntries([...twins].map(([name, twin]) => [name, twin.url])));
    controlPlane = await buildControlPlane(control, options.logLevel, { console: options.console });
    try {
      await controlPlane.listen({ host, port: base });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(`port ${base} on ${host} is already in use (control plane); stop what holds it or choose another --port-base`);
      throw error;
    }
    const controlPort = (controlPlane.server.address() as AddressInfo).port;
    const urls: Universe['urls'] = { control: publicUrlFor({ template: options.publicUrlTemplate, twin: 'control', host, port: controlPort }) };
    for (const [name, twin] of twins) urls[name] = twin.publicUrl;

    let credentials = await control.credentials();
    let org = await control.org();
    const refresh = async () => {
      credentials = await control.credentials();
      org = await control.org();
    };
    return {
      urls,
      get credentials() { return credentials; },
      get org() { return org; },
      get seed() { return twins.get(names[0])!.runtime.seed; },
      chaos: {
        add: (rule) => control.addChaos(Array.isArray(rule) ? rule : [rule]),
        list: () => control.listChaos(),
        clear: (id) => control.removeChaos(id),
      },
      async reset(newSeed) {
        await control.reset(newSeed);
        await refresh();
      },
      snapshot: () => control.snapshot(),
      async restore(snapshot) {
        await control.restore(snapshot, false);
        await refresh();
      },
      events: (query = {}) => control.events(query),
      clock: {
        get: () => control.getClock(),
        set: ({ now, frozen }) => control.setClock({ ...(frozen !== undefined && { frozen }), ...(now !== undefined && { now: instantOf(now) }) }),
        advance(by) {
          const ms = parseDurationMs(by);
          if (ms === null) throw new TypeError(`clock.advance: ${JSON.stringify(by)} is not a duration (milliseconds, or e.g. "90s", "1h30m")`);
          return advanceClock(control, ms);
        },
      },
      close: closeAll,
      control,
      twins,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

function instantOf(value: Date | string | number): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : value;
  if (!Number.isFinite(ms)) throw new TypeError(`clock.set: ${JSON.stringify(value)} is not a date-time`);
  return ms;
}
