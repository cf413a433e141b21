#!/usr/bin/env node
// dtu: start the universe (up), one twin alone (twin), the control plane over separately running
// twins (control-plane), or print URLs and credentials as shell variables (env).
import { ChaosRuleError } from '../chaos/rules.js';
import { PeerSpecError, Peers, parsePeers } from '../kernel/peers.js';
import { PortInUseError, startTwin, type LogLevel } from '../kernel/twin-server.js';
import { publicUrlFor } from '../kernel/public-url.js';
import { FixtureError, loadOrgDefinition, OrgSource } from '../seeding/fixtures.js';
import { PersistError } from '../state/persist.js';
import { DEFAULT_PORT_BASE, isTwinName, TWIN_NAMES, twinPort, type TwinName } from '../twin-names.js';
import { TWINS } from '../../twins/index.js';
import { envLines, startBanner } from './banner.js';
import { choiceFlag, helpText, integerFlag, logLevelFlag, readFlags, UsageError } from './cli-options.js';
import { buildControlPlane } from './control-plane.js';
import { HttpControlClient } from './http-control-client.js';
import { DEFAULT_SEED, parseStartupChaos, startUniverse } from './start-universe.js';
import { UniverseControl } from './universe-control.js';

const UP_FLAGS = ['seed', 'fixture', 'users', 'chaos', 'rate-limits', 'persist', 'host', 'port-base', 'public-url-template', 'log-level', 'twins', 'no-console'];
const TWIN_FLAGS = ['seed', 'fixture', 'users', 'chaos', 'rate-limits', 'persist', 'host', 'port', 'public-url', 'peers', 'log-level'];
const CONTROL_FLAGS = ['twins', 'seed', 'host', 'port', 'log-level', 'no-console'];
const ENV_FLAGS = ['seed', 'fixture', 'users', 'host', 'port-base', 'public-url-template'];

const MAIN_HELP = `Usage: dtu <command> [options]

Digital Twin Universe: behavioural twins of Okta, Slack, Jira Cloud and Google Workspace.

Commands:
  up              start the whole universe in one process (control plane 4100, twins 4101-4104)
  twin NAME       start one twin alone (okta, slack, jira, google), as in a container
  control-plane   start the control plane over twins running elsewhere (--twins okta=http://okta:4101,...)
  env             print export DTU_...= lines with URLs and credentials

Run dtu <command> --help for its options.
`;

type Values = Record<string, string | undefined>;

const seedOf = (values: Values) => integerFlag(values, 'seed', 0, Number.MAX_SAFE_INTEGER) ?? DEFAULT_SEED;
const rateLimitsOf = (values: Values) => choiceFlag(values, 'rate-limits', ['off', 'realistic'] as const);

function twinList(raw: string | undefined): TwinName[] | undefined {
  if (!raw) return undefined;
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) if (!isTwinName(name)) throw new UsageError(`unknown twin "${name}" (twins: ${TWIN_NAMES.join(', ')})`);
  return names as TwinName[];
}

function peersOf(values: Values): Peers {
  try {
    return new Peers(values.peers ? parsePeers(values.peers) : {});
  } catch (error) {
    if (error instanceof PeerSpecError) throw new UsageError(error.message);
    throw error;
  }
}

function chaosOf(values: Values) {
  try {
    return parseStartupChaos(values.chaos);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Progress on stderr while a large org is generated. */
function seedProgress(done: number, total: number) {
  if (total < 2000) return;
  process.stderr.write(process.stderr.isTTY ? `\rSeeding ${done}/${total} people…${done === total ? '\n' : ''}` : done === total || done % 5000 === 0 ? `Seeding ${done}/${total} people\n` : '');
}

function onSignals(close: () => Promise<void>) {
  let closing = false;
  const stop = async () => {
    if (closing) process.exit(130);
    closing = true;
    await close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function up(argv: string[]) {
  const { values, help } = readFlags(argv, UP_FLAGS);
  if (help) return void process.stdout.write(helpText('dtu up [options]', 'Starts the control plane and every twin in this process.', UP_FLAGS));
  const universe = await startUniverse({
    seed: seedOf(values), fixture: values.fixture, users: integerFlag(values, 'users', 1, 1_000_000), chaos: chaosOf(values),
    rateLimits: rateLimitsOf(values), persist: values.persist, host: values.host, port: integerFlag(values, 'port-base', 0, 65_530) ?? DEFAULT_PORT_BASE,
    publicUrlTemplate: values['public-url-template'], logLevel: logLevelFlag(values), twins: twinList(values.twins), onSeedProgress: seedProgress,
    console: !values['no-console'],
  });
  onSignals(() => universe.close());
  process.stdout.write(`${startBanner(universe.seed, universe.org, universe.urls, universe.credentials, !values['no-console'])}\n`);
}

async function twin(argv: string[]) {
  const { values, positionals, help } = readFlags(argv, TWIN_FLAGS, 1);
  if (help) return void process.stdout.write(helpText('dtu twin NAME [options]', `Starts one twin alone. NAME: ${TWIN_NAMES.join(', ')}.`, TWIN_FLAGS));
  const name = positionals[0];
  if (!name) throw new UsageError(`dtu twin needs a twin name (${TWIN_NAMES.join(', ')})`);
  if (!isTwinName(name)) throw new UsageError(`unknown twin "${name}" (twins: ${TWIN_NAMES.join(', ')})`);
  const orgSource = new OrgSource(loadOrgDefinition(values.fixture, integerFlag(values, 'users', 1, 1_000_000)), seedProgress);
  const running = await startTwin(TWINS[name], {
    seed: seedOf(values), orgSource, startupChaos: chaosOf(values), rateLimits: rateLimitsOf(values), persistDir: values.persist,
    host: values.host, port: integerFlag(values, 'port', 0, 65_535) ?? twinPort(DEFAULT_PORT_BASE, name), publicUrl: values['public-url'], logLevel: logLevelFlag(values),
    peers: peersOf(values),
  });
  onSignals(() => running.close());
  process.stdout.write(`${name} twin · seed ${running.runtime.seed} · listening on ${running.url} · public URL ${running.publicUrl}\n`);
}

async function controlPlane(argv: string[]) {
  const { values, help } = readFlags(argv, CONTROL_FLAGS);
  if (help) return void process.stdout.write(helpText('dtu control-plane --twins okta=URL,slack=URL,... [options]', 'Starts the control plane over twins that run in other processes or containers.', CONTROL_FLAGS));
  if (!values.twins) throw new UsageError('dtu control-plane needs --twins okta=http://okta:4101,slack=...');
  let twins: Partial<Record<TwinName, string>>;
  try {
    twins = parsePeers(values.twins);
  } catch (error) {
    throw error instanceof PeerSpecError ? new UsageError(`--twins: ${error.message}`) : error;
  }
  const backends = new Map<TwinName, HttpControlClient>(Object.entries(twins).map(([name, url]) => [name as TwinName, new HttpControlClient(name, url!)]));
  const control = new UniverseControl(backends, seedOf(values));
  const app = await buildControlPlane(control, logLevelFlag(values), { console: !values['no-console'] });
  const host = values.host ?? '127.0.0.1';
  const port = integerFlag(values, 'port', 0, 65_535) ?? DEFAULT_PORT_BASE;
  try {
    await app.listen({ host, port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(`port ${port} on ${host} is already in use (control plane)`);
    throw error;
  }
  onSignals(() => app.close());
  process.stdout.write(`control plane · listening on http://${host}:${port} · twins ${[...backends].map(([n, c]) => `${n}=${c.baseUrl}`).join(' ')}\n`);
}

function env(argv: string[]) {
  const { values, help } = readFlags(argv, ENV_FLAGS);
  if (help) return void process.stdout.write(helpText('dtu env [options]', 'Prints export lines for URLs and credentials (a pure function of seed, fixture and ports; nothing is started).', ENV_FLAGS));
  const seed = seedOf(values);
  const org = new OrgSource(loadOrgDefinition(values.fixture, integerFlag(values, 'users', 1, 1_000_000))).get(seed);
  const base = integerFlag(values, 'port-base', 1, 65_530) ?? DEFAULT_PORT_BASE;
  const host = values.host ?? '127.0.0.1';
  const url = (twin: string, port: number) => publicUrlFor({ template: values['public-url-template'], twin, host, port });
  const urls: Record<string, string> = { control: url('control', base) };
  const credentials: Record<string, unknown> = {};
  for (const name of TWIN_NAMES) {
    urls[name] = url(name, twinPort(base, name));
    credentials[name] = TWINS[name].credentials({ org, seed, publicUrl: urls[name] });
  }
  process.stdout.write(`${envLines(seed, urls, credentials)}\n`);
}

const COMMANDS: Record<string, (argv: string[]) => unknown> = { up, twin, 'control-plane': controlPlane, env };

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') return void process.stdout.write(MAIN_HELP);
  const run = COMMANDS[command];
  if (!run) throw new UsageError(`unknown command "${command}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
  await run(rest);
}

main(process.argv.slice(2)).catch((error: Error) => {
  const known = error instanceof UsageError || error instanceof FixtureError || error instanceof ChaosRuleError || error instanceof PortInUseError || error instanceof PersistError;
  process.stderr.write(`dtu: ${known ? error.message : error.stack ?? error.message}\n`);
  if (error instanceof UsageError) process.stderr.write('Run dtu --help for usage.\n');
  process.exit(error instanceof UsageError ? 2 : 1);
});
