// The peer benchmark (npm run bench:peers; see README.md "Peer benchmark"): the same Slack
// chat.postMessage / conversations.history and Okta token requests served by the twin, bare Fastify,
// WireMock, Prism and oauth2-mock-server. Cold start, req/s, p50/p99, CPU per request and RSS, each
// as a ratio to bare Fastify in the same run; the universe's cold start against WireMock's. Prints a
// table and writes bench/peers.json. Needs a build: the twins run from package.json's dtu command.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR, CONNECTIONS, HOST, ROOT, progress, rotate, stopAll, stopChild } from './lib.mjs';
import { coldStart, firstGoodAnswer, freePorts, isGoodAnswer, sample, send, treeRssMb } from './peers/measure.mjs';
import { renderTable, summarise, targetFigures } from './peers/report.mjs';
import { CLI, PEERS, checkJava, instanceOf, pinCores, requestFor, spawnServer } from './peers/servers.mjs';
import { WORKLOADS, captureAnswers, fillHistory, readContext, writeCannedFiles } from './peers/workloads.mjs';

const OUT = join(BENCH_DIR, 'peers.json');
const LOAD = { connections: CONNECTIONS, warmupSec: 3, sampleSec: 2, rounds: 5 };
const COLD_START_RUNS = 5;
/** The whole run must end by itself: past this, it stops every child and fails. */
const RUN_LIMIT_MS = 8 * 60_000;
/** The twins `dtu up` starts, on --port-base + 1 … + 4 (CONTRACT.md). */
const TWIN_NAMES = ['okta', 'slack', 'jira', 'google'];
const PORT_ATTEMPTS = 3;

/** Every (workload, peer) pair that is measured, in table order. */
const CELLS = WORKLOADS.flatMap((workload) => Object.keys(PEERS).filter((peer) => PEERS[peer].serves(workload)).map((peer) => ({ workload, peer })));

const urlOf = (port) => `http://${HOST}:${port}`;
/** A command line for peers.json: the checkout as ".", the run's temporary files as $RUN_DIR. */
const shown = ([command, args], runDir) => [command === process.execPath ? 'node' : command, ...args].join(' ').replaceAll(runDir, '$RUN_DIR').replaceAll(ROOT, '.');

/**
 * `measure(port)` on a free port; another process on the machine may take the port between the check
 * and the server's listen, so a port-in-use failure is retried on a new port.
 */
async function onFreePorts(count, measure) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await measure(await freePorts(count));
    } catch (error) {
      if (attempt >= PORT_ATTEMPTS || !/EADDRINUSE|already in use/.test(error.message)) throw error;
    }
  }
}

/** Starts one long-lived server and waits for its first good answer to `request`. */
function startLongLived(command, request, pinning, what) {
  return onFreePorts(1, async (port) => {
    const child = spawnServer(command(port), pinning);
    try {
      await firstGoodAnswer(child, urlOf(port), request, what);
    } catch (error) {
      await stopChild(child);
      throw error;
    }
    return { child, url: urlOf(port), what };
  });
}

/** The two twins the load phase uses, started first: their answers become every mock's canned answers. */
async function startTwins(pinning) {
  const twins = {};
  for (const name of ['slack', 'okta']) {
    const workload = WORKLOADS.find((w) => w.twin === name);
    twins[`${name}Twin`] = await startLongLived((port) => PEERS.twin.command(port, workload), { method: 'GET', path: '/_dtu/health' }, pinning, `${name} twin`);
  }
  return twins;
}

/**
 * The servers as started for the load: one per (peer, twin), each with the workloads it serves. The
 * Slack twin serves two workloads, bare Fastify, WireMock and Prism all three.
 */
function instances() {
  const byKey = new Map();
  for (const { workload, peer } of CELLS) {
    const key = instanceOf(peer, workload);
    if (!byKey.has(key)) byKey.set(key, { key, peer, workloads: [] });
    byKey.get(key).workloads.push(workload);
  }
  return [...byKey.values()];
}

/**
 * Cold starts, interleaved: each run spawns every server once (order rotating) and one universe. A
 * server's cold start ends at its first good answer to every workload it serves (polled in parallel);
 * the universe's when the control plane and every twin answer /_dtu/health.
 */
async function coldStarts(context, files, pinning) {
  const servers = [...instances(), { key: 'universe' }];
  const times = Object.fromEntries(servers.map((server) => [server.key, []]));
  for (let run = 0; run < COLD_START_RUNS; run++) {
    progress(`cold start run ${run + 1}/${COLD_START_RUNS}`);
    for (const server of rotate(servers, run)) {
      if (server.key === 'universe') {
        times.universe.push(await onFreePorts(TWIN_NAMES.length + 1, (base) => {
          const probes = [base, ...TWIN_NAMES.map((_, i) => base + 1 + i)].map((port) => ({ url: urlOf(port), request: { method: 'GET', path: '/_dtu/health' } }));
          return coldStart(() => spawnServer([process.execPath, [CLI, 'up', '--port-base', String(base)]], pinning), probes, 'dtu up');
        }));
      } else {
        times[server.key].push(await onFreePorts(1, (port) => {
          const command = PEERS[server.peer].command(port, server.workloads[0], files);
          const probes = server.workloads.map((workload) => ({ url: urlOf(port), request: requestFor(server.peer, workload, context) }));
          return coldStart(() => spawnServer(command, pinning), probes, PEERS[server.peer].label);
        }));
      }
    }
  }
  return times;
}

/** Warm-up, then rounds of one sample per cell in rotating order; RSS of every server after. */
async function loadPhase(running, context) {
  const cells = CELLS.map((cell) => ({ ...cell, server: running[instanceOf(cell.peer, cell.workload)], request: requestFor(cell.peer, cell.workload, context) }));
  for (const cell of cells) {
    const answer = await send(cell.server.url, cell.request);
    if (!isGoodAnswer(answer)) throw new Error(`${cell.server.what}, ${cell.workload.id}: answered ${answer.status} ${answer.text.slice(0, 300)}`);
    cell.bytes = Buffer.byteLength(answer.text);
  }
  progress(`load warm-up, ${LOAD.warmupSec} s per row`);
  for (const cell of cells) await sample(cell.server.url, cell.request, LOAD.warmupSec, cell.server.child.proc.pid);
  const samples = new Map(cells.map((cell) => [cell, []]));
  for (let round = 0; round < LOAD.rounds; round++) {
    progress(`load round ${round + 1}/${LOAD.rounds}`);
    for (const cell of rotate(cells, round)) samples.get(cell).push(await sample(cell.server.url, cell.request, LOAD.sampleSec, cell.server.child.proc.pid));
  }
  return cells.map((cell) => ({ workload: cell.workload.id, peer: cell.peer, bytes: cell.bytes, samples: samples.get(cell), rssMb: treeRssMb(cell.server.child.proc.pid) }));
}

async function main() {
  const watchdog = setTimeout(() => fail(new Error(`the run took longer than ${RUN_LIMIT_MS / 60_000} minutes`)), RUN_LIMIT_MS);
  watchdog.unref();
  if (!existsSync(CLI)) throw new Error(`${CLI} (package.json "bin" dtu) is missing: build first`);
  checkJava();
  const pinning = pinCores();
  progress(pinning.pinned ? `load generator on CPU ${pinning.loadGeneratorCpus}, servers on CPU ${pinning.serverCpus}` : `not pinned: ${pinning.reason}`);
  runDir = await mkdtemp(join(tmpdir(), 'dtu-peers-'));
  try {
    progress('starting the Slack and Okta twins');
    const running = await startTwins(pinning);
    const context = await readContext(running.slackTwin.url, running.oktaTwin.url);
    await fillHistory(running.slackTwin.url, context);
    const answers = await captureAnswers({ slack: running.slackTwin.url, okta: running.oktaTwin.url }, context);
    const files = await writeCannedFiles(runDir, answers);

    const coldStartMs = await coldStarts(context, files, pinning);

    progress('starting bare Fastify, WireMock, Prism and oauth2-mock-server');
    for (const { key, peer, workloads } of instances().filter((server) => !running[server.key])) {
      running[key] = await startLongLived((port) => PEERS[peer].command(port, workloads[0], files), requestFor(peer, workloads[0], context), pinning, PEERS[peer].label);
    }
    const measured = (await loadPhase(running, context)).map((row) => ({ ...row, coldStartMs: coldStartMs[instanceOf(row.peer, WORKLOADS.find((w) => w.id === row.workload))] }));
    await Promise.all(Object.values(running).map((server) => stopChild(server.child)));

    const rows = summarise(measured);
    const figures = targetFigures(measured, coldStartMs.universe);
    process.stdout.write(`${renderTable(rows, figures)}\n`);
    const commands = Object.fromEntries(Object.entries(PEERS).map(([id, peer]) => [id, shown(peer.command('PORT', WORKLOADS.find(peer.serves), files), runDir)]));
    await writeFile(OUT, `${JSON.stringify({
      node: process.version, date: new Date().toISOString(), machine: { platform: `${process.platform} ${process.arch}`, cpus: cpus().length, cpuModel: cpus()[0]?.model.trim() },
      pinning, load: { ...LOAD, coldStartRuns: COLD_START_RUNS }, commands,
      workloads: Object.fromEntries(WORKLOADS.map((w) => [w.id, { label: w.label, twin: w.twin, request: `${answers[w.id].method} ${answers[w.id].path}`, cannedBytes: Buffer.byteLength(answers[w.id].body) }])),
      allPassed: figures.every((f) => !f.target || f.pass),
      figures: Object.fromEntries(figures.map(({ id, ...rest }) => [id, rest])),
      rows,
    }, null, 2)}\n`);
    progress(`wrote ${OUT}`);
  } finally {
    await cleanUp();
  }
}

/** The run's temporary files (canned answers, WireMock mappings, Prism's document). */
let runDir;

async function cleanUp() {
  await stopAll();
  if (runDir) await rm(runDir, { recursive: true, force: true });
}

function fail(error) {
  process.stderr.write(`bench:peers failed: ${error.stack ?? error}\n`);
  void cleanUp().finally(() => process.exit(1));
}

process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
process.once('SIGTERM', () => void cleanUp().finally(() => process.exit(143)));
main().catch(fail);
