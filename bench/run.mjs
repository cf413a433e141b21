// DTU performance bench (npm run bench). In one run it measures, against the targets below:
//   1. cold start: spawn `dtu up` to the first 200 from /_dtu/health (median of 5), next to a bare Fastify process;
//   2. kernel overhead: req/s of a trivial twin route ÷ req/s of the same route on bare Fastify;
//   3. idle chaos rules: req/s of that twin route with 100 non-matching rules ÷ without (same twin process);
//   4. seeding: time and RSS to generate a 10,000-person org and seed every twin from it.
// Servers run in child processes (bench/servers.mjs, bench/seed-org.mjs); autocannon runs here.
// Prints a table and writes bench/results.json. Exits 0 even when a target is missed; 1 on a crash.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH_DIR, '..');
const CLI = join(ROOT, 'dist/shared/universe/cli.js');
const SERVERS = join(BENCH_DIR, 'servers.mjs');
const SEED_ORG = join(BENCH_DIR, 'seed-org.mjs');
const RESULTS_FILE = join(BENCH_DIR, 'results.json');
const HOST = '127.0.0.1';

const COLD_STARTS = 5;
const FIRST_PORT_BASE = 47_100;
const POLL_MS = 5;
const HEALTHY_WITHIN_MS = 15_000;
const CHILD_ANSWER_WITHIN_MS = 60_000;
const KILL_GRACE_MS = 5_000;
const LOAD = { connections: 10, warmupSec: 2, sampleSec: 2, rounds: 8 };
const IDLE_RULES = 100;
const SEED_PEOPLE = 10_000;

const TARGETS = {
  universeColdStart: { op: '<=', value: 500 },
  kernelOverhead: { op: '>=', value: 0.8 },
  chaosRuleOverhead: { op: '>=', value: 0.9 },
  seedTime: { op: '<=', value: 3_000 },
  seedRss: { op: '<=', value: 500 },
};

/** Children inherit no DTU_* variables, so a developer's shell settings cannot change what is measured. */
const CHILD_ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DTU_')));

// ── child processes ──────────────────────────────────────────────────────────────────────────────

const children = new Set();

/** `node ...args`; with ipc, the child can be asked for its CPU time (bench/servers.mjs answers). */
function spawnNode(args, { stdout = 'ignore', ipc = false } = {}) {
  const proc = spawn(process.execPath, args, { cwd: ROOT, env: CHILD_ENV, stdio: ['ignore', stdout, 'pipe', ...(ipc ? ['ipc'] : [])] });
  let stderr = '';
  proc.stderr.setEncoding('utf8').on('data', (chunk) => { stderr = (stderr + chunk).slice(-2_000); });
  const exited = new Promise((resolve) => {
    proc.once('exit', (code, signal) => resolve({ code, signal }));
    proc.once('error', (error) => resolve({ code: null, signal: null, error }));
  });
  const child = { proc, exited, stderr: () => stderr.trim(), running: () => proc.exitCode === null && proc.signalCode === null };
  children.add(child);
  exited.then(() => children.delete(child));
  return child;
}

/** SIGTERM, then SIGKILL if it has not exited after KILL_GRACE_MS; resolves once it has exited. */
async function stopChild(child) {
  if (!child.running()) return child.exited;
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), KILL_GRACE_MS);
  try {
    return await child.exited;
  } finally {
    clearTimeout(timer);
  }
}

const stopAll = () => Promise.all([...children].map(stopChild));

/** What `answer` resolves to, unless the child exits or CHILD_ANSWER_WITHIN_MS passes first. */
async function childAnswer(child, answer, what) {
  const outcome = await Promise.race([
    answer.then((value) => ({ value })),
    child.exited.then(() => ({ failure: 'exited' })),
    sleep(CHILD_ANSWER_WITHIN_MS, { failure: `gave no answer within ${CHILD_ANSWER_WITHIN_MS} ms` }, { ref: false }),
  ]);
  if (outcome.failure) throw new Error(`${what} ${outcome.failure}: ${child.stderr() || '(no stderr)'}`);
  return outcome.value;
}

/** The child's first stdout line, parsed as JSON. */
async function firstJsonLine(child, what) {
  const lines = createInterface({ input: child.proc.stdout });
  try {
    const [line] = await childAnswer(child, once(lines, 'line'), what);
    return JSON.parse(line);
  } finally {
    lines.close();
  }
}

/** User + system CPU time the child has used so far, in µs. */
async function cpuTimeOf(child, what) {
  const reply = once(child.proc, 'message');
  child.proc.send('cpu');
  const [{ user, system }] = await childAnswer(child, reply, what);
  return user + system;
}

// ── 1. cold start ────────────────────────────────────────────────────────────────────────────────

function isPortFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: HOST, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The first port p ≥ from with p..p+count-1 all free. */
async function freePorts(from, count) {
  for (let first = from; first < from + 5_000; first += 10) {
    let free = true;
    for (let port = first; free && port < first + count; port++) free = await isPortFree(port);
    if (free) return first;
  }
  throw new Error(`no ${count} consecutive free ports on ${HOST} from ${from}`);
}

/** Status of one GET on a fresh connection; 0 when nothing answers. */
function statusOf(url) {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, timeout: 1_000 }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(0));
  });
}

/** Milliseconds from spawning `node ...args` to the first 200 from healthUrl; the child is stopped after. */
async function timeToHealthy(args, healthUrl) {
  const start = performance.now();
  const child = spawnNode(args);
  try {
    while (performance.now() - start < HEALTHY_WITHIN_MS) {
      if (await statusOf(healthUrl) === 200) return performance.now() - start;
      if (!child.running()) throw new Error(`node ${args.join(' ')} exited before answering 200: ${child.stderr() || '(no stderr)'}`);
      await sleep(POLL_MS);
    }
    throw new Error(`node ${args.join(' ')}: ${healthUrl} did not answer 200 within ${HEALTHY_WITHIN_MS} ms`);
  } finally {
    await stopChild(child);
  }
}

/** Universe and bare Fastify alternate, each run on ports no earlier run used. */
async function coldStartRows() {
  const universe = [];
  const bare = [];
  let searchFrom = FIRST_PORT_BASE;
  for (let run = 1; run <= COLD_STARTS; run++) {
    progress(`cold start ${run}/${COLD_STARTS}`);
    const base = await freePorts(searchFrom, 5); // control plane and four twins
    universe.push(await timeToHealthy([CLI, 'up', '--port-base', String(base)], `http://${HOST}:${base}/_dtu/health`));
    const barePort = await freePorts(base + 5, 1);
    bare.push(await timeToHealthy([SERVERS, 'bare', String(barePort)], `http://${HOST}:${barePort}/health`));
    searchFrom = barePort + 100;
  }
  return [
    figure('universeColdStart', `universe cold start → healthy (median of ${COLD_STARTS})`, median(universe), 'ms', universe),
    reference('bareColdStart', `bare Fastify cold start → healthy (median of ${COLD_STARTS})`, median(bare), 'ms', bare),
  ];
}

// ── 2 & 3. throughput ────────────────────────────────────────────────────────────────────────────

async function startServer(role) {
  const child = spawnNode([SERVERS, role], { stdout: 'pipe', ipc: true });
  const { port } = await firstJsonLine(child, `bench/servers.mjs ${role}`);
  return { child, url: `http://${HOST}:${port}`, what: `bench/servers.mjs ${role}` };
}

/** Rules that can never match GET /bench: other operations, other paths. Were one to fire, its 503 would fail the sample. */
function idleRules(count) {
  return Array.from({ length: count }, (_, i) => ({
    id: `bench-idle-${i + 1}`,
    effect: 'error',
    status: 503,
    match: i % 2 === 0 ? { operation: `other.op${i + 1}` } : { method: 'GET', path: `/nothing/${i + 1}*` },
  }));
}

async function chaosCall(url, method, body) {
  const response = await fetch(`${url}/_dtu/chaos`, {
    method, ...(body && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${url}/_dtu/chaos → ${response.status}: ${await response.text()}`);
  return (await response.json()).rules;
}

async function installIdleRules(url) {
  const rules = await chaosCall(url, 'POST', { rules: idleRules(IDLE_RULES) });
  if (rules.length !== IDLE_RULES) throw new Error(`expected ${IDLE_RULES} chaos rules installed, the twin lists ${rules.length}`);
}

async function removeAllRules(url) {
  const rules = await chaosCall(url, 'DELETE');
  if (rules.length) throw new Error(`DELETE ${url}/_dtu/chaos left ${rules.length} rules`);
}

/** autocannon on GET /bench; every answer must be a 2xx. */
async function load(url, durationSec) {
  const result = await autocannon({ url: `${url}/bench`, connections: LOAD.connections, duration: durationSec });
  if (result.errors || result.timeouts || result.non2xx) {
    throw new Error(`${url}/bench: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`);
  }
  return result;
}

/** One sample: mean req/s, and the server's CPU µs per request over the same window. */
async function sample(server) {
  const cpuBefore = await cpuTimeOf(server.child, server.what);
  const result = await load(server.url, LOAD.sampleSec);
  const cpuUs = await cpuTimeOf(server.child, server.what) - cpuBefore;
  return { reqPerSec: result.requests.average, cpuUsPerReq: cpuUs / result.requests.total };
}

/** The twin with idle rules is the same twin process, rules added for the sample and removed after. */
async function sampleWithRules(twin) {
  await installIdleRules(twin.url);
  const result = await sample(twin);
  await removeAllRules(twin.url);
  return result;
}

/**
 * Rounds of one sample per configuration, in an order that rotates each round. Ratios are taken
 * within a round (samples seconds apart), then the median over rounds: drift on a shared machine
 * hits both sides of each ratio alike.
 */
async function throughputRows() {
  const servers = [];
  try {
    const [bare, twin] = await Promise.all([startServer('bare'), startServer('twin')]);
    servers.push(bare, twin);
    const configurations = { bare: () => sample(bare), twin: () => sample(twin), twinRules: () => sampleWithRules(twin) };
    progress(`load warm-up, ${LOAD.warmupSec} s per server`);
    for (const server of servers) await load(server.url, LOAD.warmupSec);
    const samples = { bare: [], twin: [], twinRules: [] };
    for (let r = 0; r < LOAD.rounds; r++) {
      progress(`load round ${r + 1}/${LOAD.rounds}`);
      for (const name of rotate(Object.keys(configurations), r)) samples[name].push(await configurations[name]());
    }
    return throughputFigures(samples);
  } finally {
    await Promise.all(servers.map((server) => stopChild(server.child)));
  }
}

function throughputFigures(samples) {
  const field = (name, key) => samples[name].map((s) => s[key]);
  const ratios = (over, under) => samples[over].map((s, i) => s.reqPerSec / samples[under][i].reqPerSec);
  const perServer = (name, label) => [
    reference(`${name}ReqPerSec`, label, median(field(name, 'reqPerSec')), 'req/s', field(name, 'reqPerSec')),
    reference(`${name}CpuPerReq`, `${label}: server CPU per request`, median(field(name, 'cpuUsPerReq')), 'µs', field(name, 'cpuUsPerReq')),
  ];
  const kernel = ratios('twin', 'bare');
  const rules = ratios('twinRules', 'twin');
  return [
    figure('kernelOverhead', `twin ÷ bare Fastify, req/s (median of ${LOAD.rounds})`, median(kernel), 'ratio', kernel),
    ...perServer('bare', 'bare Fastify GET /bench'),
    ...perServer('twin', 'twin GET /bench'),
    figure('chaosRuleOverhead', `twin with ${IDLE_RULES} idle chaos rules ÷ twin, req/s (median of ${LOAD.rounds})`, median(rules), 'ratio', rules),
    ...perServer('twinRules', `twin GET /bench, ${IDLE_RULES} idle rules`),
  ];
}

// ── 4. seeding ───────────────────────────────────────────────────────────────────────────────────

async function seedingRows() {
  progress(`seeding ${SEED_PEOPLE} people`);
  const child = spawnNode([SEED_ORG, String(SEED_PEOPLE)], { stdout: 'pipe' });
  try {
    const report = await firstJsonLine(child, 'bench/seed-org.mjs');
    const { code } = await child.exited;
    if (code !== 0) throw new Error(`bench/seed-org.mjs exited with ${code}: ${child.stderr()}`);
    const what = `${report.people.toLocaleString('en-US')}-person org + ${report.twins} twins`;
    return [
      figure('seedTime', `seed ${what}: time`, report.ms, 'ms'),
      figure('seedRss', `seed ${what}: RSS after`, report.rssMb, 'MB'),
    ];
  } finally {
    await stopChild(child);
  }
}

// ── figures, table, results.json ─────────────────────────────────────────────────────────────────

const rotate = (list, by) => list.map((_, i) => list[(i + by) % list.length]);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const rounded = (value, unit) => (unit === 'ratio' ? Math.round(value * 1000) / 1000 : Math.round(value * 10) / 10);

function figure(id, label, value, unit, samples) {
  const target = TARGETS[id];
  const pass = target.op === '<=' ? value <= target.value : value >= target.value;
  return { id, label, value: rounded(value, unit), unit, target, pass, ...(samples && { samples: samples.map((s) => rounded(s, unit)) }) };
}

function reference(id, label, value, unit, samples) {
  return { id, label, value: rounded(value, unit), unit, samples: samples.map((s) => rounded(s, unit)) };
}

function resultsDocument(rows) {
  const byId = (list) => Object.fromEntries(list.map(({ id, ...row }) => [id, row]));
  return {
    node: process.version,
    date: new Date().toISOString(),
    machine: { platform: `${os.platform()} ${os.arch()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown' },
    load: { ...LOAD, route: 'GET /bench', host: HOST },
    allPassed: rows.filter((row) => row.target).every((row) => row.pass),
    figures: byId(rows.filter((row) => row.target)),
    reference: byId(rows.filter((row) => !row.target)),
  };
}

function formatValue(value, unit) {
  if (unit === 'ratio') return value.toFixed(2);
  if (unit === 'µs') return `${value.toFixed(1)} µs`;
  return `${Math.round(value).toLocaleString('en-US')} ${unit}`;
}

const formatTarget = ({ op, value }, unit) => `${op === '<=' ? '≤' : '≥'} ${formatValue(value, unit)}`;

function renderTable(results, rows) {
  const lines = rows.map((row) => [
    row.target ? row.label : `  ${row.label}`,
    formatValue(row.value, row.unit),
    row.target ? formatTarget(row.target, row.unit) : '',
    row.target ? (row.pass ? 'ok' : 'MISSED') : '',
  ]);
  const header = ['figure', 'value', 'target', ''];
  const widths = header.map((_, i) => Math.max(...[header, ...lines].map((line) => line[i].length)));
  const render = (line) => line.map((cell, i) => (i === 1 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  const missed = rows.filter((row) => row.target && !row.pass);
  return [
    `DTU bench · node ${results.node} · ${results.machine.cpus} CPUs · ${results.date}`,
    '',
    render(header),
    render(widths.map((w) => '─'.repeat(w))),
    ...lines.map(render),
    '',
    missed.length ? `MISSED ${missed.length} target(s): ${missed.map((row) => row.id).join(', ')}` : 'All targets met.',
    `Written to ${RESULTS_FILE}`,
    '',
  ].join('\n');
}

function progress(message) {
  process.stderr.write(`bench: ${message}\n`);
}

async function main() {
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  try {
    const rows = [...await coldStartRows(), ...await throughputRows(), ...await seedingRows()];
    const results = resultsDocument(rows);
    await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(renderTable(results, rows));
  } finally {
    await stopAll();
  }
}

main().catch((error) => {
  process.stderr.write(`bench crashed: ${error.stack ?? error}\n`);
  process.exitCode = 1;
});
