// Scale bench: how memory and the latency of the paginated and query endpoints grow with the size of
// the data. For every world (bench/scale/worlds.mjs: org, slack, drive, jira) and each of its sizes, a
// child process (bench/scale/child.mjs) populates the twin(s) and serves; this process then measures
// each endpoint at all sizes side by side: one request on its own (the first after populating, lazy
// indexes included), N sequential requests per size interleaved across the sizes (p50/p99), and a
// short autocannon sample per size (req/s, 10 connections).
// Writes bench/scale.json and bench/scale/<world>-latency.svg, bench/scale/<world>-memory.svg (with
// --quick, smaller sizes, into bench/scale/quick/ instead).
//   node bench/scale.mjs [--quick] [world ...]     (needs dist/: npx tsc -p tsconfig.build.json)
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { BENCH_DIR, load, progress, spawnNode, stopAll, stopChild } from './lib.mjs';
import { lineChart } from './scale/svg.mjs';
import { WORLDS } from './scale/worlds.mjs';

const SEQUENTIAL_MAX = 200;
const SEQUENTIAL_MIN = 5;
const SEQUENTIAL_BUDGET_MS = 3_000;
const WARM_UP = 5;
/** Slower requests than this get one warm-up round and no autocannon sample (10 connections would queue into timeouts). */
const SLOW_MS = 100;
/** Populating 50,000 people in four twins takes minutes on a busy 2-core machine. */
const POPULATE_WITHIN_MS = 600_000;
const AUTOCANNON_SEC = 1;
/** A first page whose p50 at the largest size is more than this × its p50 at the smallest is not O(page). */
const PAGE_GROWTH_LIMIT = 3;
const CHILD = join(BENCH_DIR, 'scale', 'child.mjs');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const chosen = args.filter((a) => !a.startsWith('--'));
for (const name of chosen) if (!WORLDS[name]) throw new Error(`unknown world ${name}; one of ${Object.keys(WORLDS).join(', ')}`);
const worlds = chosen.length ? chosen : Object.keys(WORLDS);
// A quick run writes beside the full run's record, never over it.
const OUT_DIR = quick ? join(BENCH_DIR, 'scale', 'quick') : join(BENCH_DIR, 'scale');
const OUT_JSON = quick ? join(OUT_DIR, 'scale.json') : join(BENCH_DIR, 'scale.json');

const round = (v, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** `{n}` (or its URL encoding) in an endpoint's path becomes 1…VARIANTS, a different value each request: the same query, never the same text twice running (no result cache helps). */
const VARIANTS = 200;
const VARIES = /\{n\}|%7Bn%7D/;
let variant = 0;
const pathOf = (endpoint) => endpoint.path.replace(VARIES, () => String(1 + (variant++ % VARIANTS)));

/** One request; throws unless it answered 2xx (and, for Slack, not `"ok":false`). Resolves to its time in ms. */
async function timed(endpoint) {
  const started = performance.now();
  const response = await fetch(`${endpoint.url}${pathOf(endpoint)}`, { method: endpoint.method, headers: endpoint.headers, body: endpoint.body });
  const text = await response.text();
  const ms = performance.now() - started;
  if (!response.ok || text.startsWith('{"ok":false')) throw new Error(`${endpoint.id}: ${endpoint.method} ${endpoint.path} answered ${response.status} ${text.slice(0, 300)}`);
  return ms;
}

/** The child's one JSON line, once it has populated; fails if it exits or takes longer than POPULATE_WITHIN_MS. */
async function populated(child, what) {
  const lines = createInterface({ input: child.proc.stdout });
  try {
    const outcome = await Promise.race([
      once(lines, 'line').then(([line]) => ({ line })),
      child.exited.then(() => ({ failure: 'exited' })),
      sleep(POPULATE_WITHIN_MS, { failure: `gave no answer within ${POPULATE_WITHIN_MS} ms` }, { ref: false }),
    ]);
    if (outcome.failure) throw new Error(`${what} ${outcome.failure}: ${child.stderr() || '(no stderr)'}`);
    return JSON.parse(outcome.line);
  } finally {
    lines.close();
  }
}

/**
 * One endpoint at every size, the sizes' requests interleaved (a round sends one request to each size,
 * in an order that rotates), so that load from elsewhere on the machine falls on every size alike.
 */
async function measureEndpoint(endpoints) {
  const firstMs = [];
  for (const endpoint of endpoints) firstMs.push(await timed(endpoint));
  const warmUp = Math.max(...firstMs) > SLOW_MS ? 1 : WARM_UP;
  for (let i = 0; i < warmUp; i++) for (const endpoint of endpoints) await timed(endpoint);
  const times = endpoints.map(() => []);
  const until = performance.now() + SEQUENTIAL_BUDGET_MS;
  for (let pass = 0; pass < SEQUENTIAL_MIN || (pass < SEQUENTIAL_MAX && performance.now() < until); pass++) {
    for (let k = 0; k < endpoints.length; k++) {
      const at = (k + pass) % endpoints.length;
      times[at].push(await timed(endpoints[at]));
    }
  }
  const results = [];
  for (const [k, endpoint] of endpoints.entries()) {
    const sorted = times[k].sort((a, b) => a - b);
    const { url, id, label, kind, ...request } = endpoint;
    const p50Ms = percentile(sorted, 50);
    // A varying path is set per request by autocannon's setupRequest.
    const cannon = VARIES.test(request.path) ? { path: '', requests: [{ method: request.method, headers: request.headers, setupRequest: (req) => ({ ...req, path: pathOf(endpoint) }) }] } : request;
    const reqPerSec = p50Ms > SLOW_MS ? null : round((await load(url, cannon, AUTOCANNON_SEC)).requests.average, 0);
    results.push({ label, kind, firstMs: round(firstMs[k]), p50Ms: round(p50Ms), p99Ms: round(percentile(sorted, 99)), n: sorted.length, reqPerSec });
  }
  return results;
}

/** Every size of a world populated in its own child (one after another, so populating is timed alone), then measured side by side. */
async function measureWorld(world, sizes) {
  const children = [];
  try {
    const runs = [];
    for (const size of sizes) {
      const child = spawnNode(['--expose-gc', '--max-old-space-size=8192', CHILD, world, String(size)], { stdout: 'pipe' });
      children.push(child);
      const { populateMs, rssMb, heapUsedMb, endpoints } = await populated(child, `scale child ${world} ${size}`);
      progress(`scale: ${world} ${size.toLocaleString('en')}: populated in ${Math.round(populateMs)} ms, RSS ${Math.round(rssMb)} MB`);
      runs.push({ size, populateMs: round(populateMs, 0), rssMb: round(rssMb, 0), heapUsedMb: round(heapUsedMb, 0), endpoints });
    }
    for (const run of runs) run.measured = {};
    for (const { id } of runs[0].endpoints) {
      const results = await measureEndpoint(runs.map((run) => run.endpoints.find((e) => e.id === id)));
      results.forEach((result, k) => { runs[k].measured[id] = result; });
    }
    return runs.map(({ endpoints, measured, ...run }) => ({ ...run, endpoints: measured }));
  } finally {
    await Promise.all(children.map(stopChild));
  }
}

/** Per endpoint: p50 at the largest size ÷ p50 at the smallest, and whether a 'page' endpoint stays O(page). */
function growthOf(runs) {
  const [small, big] = [runs[0], runs[runs.length - 1]];
  return Object.fromEntries(Object.entries(big.endpoints).map(([id, e]) => {
    const ratio = round(e.p50Ms / small.endpoints[id].p50Ms);
    return [id, { kind: e.kind, p50Ratio: ratio, sizeRatio: big.size / small.size, ...(e.kind === 'page' && { oPage: ratio <= PAGE_GROWTH_LIMIT }) }];
  }));
}

function charts(world, result) {
  const unit = WORLDS[world].unit.split(',')[0];
  const ids = Object.keys(result.runs[0].endpoints);
  const latency = lineChart({
    title: `${world}: p50 latency against size`, xLabel: unit, yLabel: 'p50 latency, ms', guide: true,
    series: ids.map((id) => ({ name: `${id} (×${result.growth[id].p50Ratio}): ${result.runs[0].endpoints[id].label}`, points: result.runs.map((r) => ({ x: r.size, y: r.endpoints[id].p50Ms })) })),
  });
  const memory = lineChart({
    title: `${world}: memory after populating`, xLabel: unit, yLabel: 'MB', guide: true,
    series: [['rssMb', 'RSS'], ['heapUsedMb', 'heap used (after a full GC)']].map(([key, name]) => ({ name, points: result.runs.map((r) => ({ x: r.size, y: r[key] })) })),
  });
  writeFileSync(join(OUT_DIR, `${world}-latency.svg`), latency);
  writeFileSync(join(OUT_DIR, `${world}-memory.svg`), memory);
}

function printWorld(world, result) {
  const sizes = result.runs.map((r) => r.size.toLocaleString('en'));
  const lines = [`\n${world} (${WORLDS[world].unit})`, `  sizes: ${sizes.join(' / ')}`,
    `  populate ms: ${result.runs.map((r) => r.populateMs).join(' / ')}   RSS MB: ${result.runs.map((r) => r.rssMb).join(' / ')}   heap MB: ${result.runs.map((r) => r.heapUsedMb).join(' / ')}`];
  for (const [id, g] of Object.entries(result.growth)) {
    const col = (key) => result.runs.map((r) => r.endpoints[id][key] ?? '–').join(' / ');
    const verdict = g.kind === 'scan' ? 'scan' : g.oPage ? 'O(page)' : `GROWS (> ${PAGE_GROWTH_LIMIT}×)`;
    lines.push(`  ${id.padEnd(22)} p50 ${col('p50Ms')} ms | p99 ${col('p99Ms')} ms | first ${col('firstMs')} ms | ${col('reqPerSec')} req/s | ×${g.p50Ratio} ${verdict}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main() {
  mkdirSync(OUT_DIR, { recursive: true });
  const previous = existsSync(OUT_JSON) ? JSON.parse(readFileSync(OUT_JSON, 'utf8')) : null;
  // A run of some worlds keeps the others' figures from the last run.
  const kept = chosen.length ? previous?.worlds ?? {} : {};
  const out = { node: process.version, date: new Date().toISOString(), machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGb: Math.round(os.totalmem() / 2 ** 30) }, quick, pageGrowthLimit: PAGE_GROWTH_LIMIT, worlds: { ...kept } };
  const started = performance.now();
  for (const world of worlds) {
    const runs = await measureWorld(world, quick ? WORLDS[world].quick : WORLDS[world].sizes);
    const result = { unit: WORLDS[world].unit, runs, growth: growthOf(runs) };
    out.worlds[world] = result;
    printWorld(world, result);
    charts(world, result);
    writeFileSync(OUT_JSON, `${JSON.stringify(out, null, 2)}\n`);
  }
  progress(`scale: done in ${Math.round((performance.now() - started) / 1000)} s; wrote ${OUT_JSON} and ${OUT_DIR}/*.svg`);
}

process.once('SIGINT', () => stopAll().then(() => process.exit(130)));
main().catch(async (error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  await stopAll();
  process.exit(1);
});
