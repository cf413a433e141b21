// The kernel's figures (see README.md): universe cold start, kernel overhead against bare Fastify,
// the cost of idle chaos rules, and seeding a 10,000-person org.
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BENCH_DIR, HOST, ROOT, SERVERS, cpuTimeOf, figure, firstJsonLine, load, median, progress, reference, rotate,
  spawnNode, startServer, stopChild,
} from './lib.mjs';

const CLI = join(ROOT, 'dist/dtu.js');
const SEED_ORG = join(BENCH_DIR, 'seed-org.mjs');

const COLD_STARTS = 5;
const FIRST_PORT_BASE = 47_100;
const POLL_MS = 5;
const HEALTHY_WITHIN_MS = 15_000;
export const KERNEL_LOAD = { warmupSec: 2, sampleSec: 2, rounds: 8, route: 'GET /bench' };
const IDLE_RULES = 100;
const SEED_PEOPLE = 10_000;
const BENCH_ROUTE = { method: 'GET', path: '/bench' };

const TARGETS = {
  universeColdStart: { op: '<=', value: 500 },
  kernelOverhead: { op: '>=', value: 0.8 },
  chaosRuleOverhead: { op: '>=', value: 0.9 },
  seedTime: { op: '<=', value: 3_000 },
  seedRss: { op: '<=', value: 500 },
};

const target = (id, label, value, unit, samples) => figure(id, label, value, unit, TARGETS[id], samples);

/** Every kernel row, in table order. */
export async function kernelRows() {
  return [...await coldStartRows(), ...await throughputRows(), ...await seedingRows()];
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
    target('universeColdStart', `universe cold start → healthy (median of ${COLD_STARTS})`, median(universe), 'ms', universe),
    reference('bareColdStart', `bare Fastify cold start → healthy (median of ${COLD_STARTS})`, median(bare), 'ms', bare),
  ];
}

// ── 2 & 3. throughput ────────────────────────────────────────────────────────────────────────────

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

/** One sample: mean req/s, and the server's CPU µs per request over the same window. */
async function sample(server) {
  const cpuBefore = await cpuTimeOf(server.child, server.what);
  const result = await load(server.url, BENCH_ROUTE, KERNEL_LOAD.sampleSec);
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
    progress(`load warm-up, ${KERNEL_LOAD.warmupSec} s per server`);
    for (const server of servers) await load(server.url, BENCH_ROUTE, KERNEL_LOAD.warmupSec);
    const samples = { bare: [], twin: [], twinRules: [] };
    for (let r = 0; r < KERNEL_LOAD.rounds; r++) {
      progress(`load round ${r + 1}/${KERNEL_LOAD.rounds}`);
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
    target('kernelOverhead', `twin ÷ bare Fastify, req/s (median of ${KERNEL_LOAD.rounds})`, median(kernel), 'ratio', kernel),
    ...perServer('bare', 'bare Fastify GET /bench'),
    ...perServer('twin', 'twin GET /bench'),
    target('chaosRuleOverhead', `twin with ${IDLE_RULES} idle chaos rules ÷ twin, req/s (median of ${KERNEL_LOAD.rounds})`, median(rules), 'ratio', rules),
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
      target('seedTime', `seed ${what}: time`, report.ms, 'ms'),
      target('seedRss', `seed ${what}: RSS after`, report.rssMb, 'MB'),
    ];
  } finally {
    await stopChild(child);
  }
}

