// The twins' figures: each module in bench/twins/ starts one populated twin in a child process
// (bench/servers.mjs module NAME) and declares request scenarios and figures (see README.md).
// Every scenario and a bare Fastify GET are sampled in rounds; a figure is the median over rounds
// of req/s(over) ÷ req/s(under), both taken in the same round.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, figure, load, median, progress, reference, rotate, startServer, stopChild } from './lib.mjs';

const MODULES_DIR = join(BENCH_DIR, 'twins');
export const TWIN_LOAD = { warmupSec: 1, sampleSec: 2, rounds: 5 };
const BARE = { id: 'bare', label: 'bare Fastify GET /bench', request: () => ({ method: 'GET', path: '/bench' }) };

/** Module names (file names without .mjs) in bench/twins/, sorted. */
export async function twinModuleNames() {
  return (await readdir(MODULES_DIR)).filter((name) => name.endsWith('.mjs')).map((name) => name.slice(0, -4)).sort();
}

/** Rows of every named module, one module at a time so they never compete for the CPU. */
export async function twinRows(names) {
  const rows = [];
  for (const name of names) rows.push(...await moduleRows(name));
  return rows;
}

async function moduleRows(name) {
  const { scenarios, figures } = await import(pathToFileURL(join(MODULES_DIR, `${name}.mjs`)).href);
  progress(`${name}: starting the twin`);
  const [bare, twin] = await Promise.all([startServer('bare'), startServer('module', name)]);
  try {
    const targets = [
      { ...BARE, server: bare, request: BARE.request() },
      ...scenarios.map((scenario) => ({ ...scenario, server: twin, request: scenario.request(twin.context) })),
    ];
    for (const target of targets) target.bytes = await checkAnswer(target);
    // Each scenario's answer size from bare Fastify too: what the response alone costs, without the twin.
    const sameBytes = targets.slice(1).map((scenario) => ({
      id: `${scenario.id}:sameBytes`, server: bare, request: { method: 'GET', path: `/bytes?n=${scenario.bytes}` }, bytes: scenario.bytes,
    }));
    targets.push(...sameBytes);
    progress(`${name}: warm-up, ${TWIN_LOAD.warmupSec} s per scenario`);
    for (const target of targets) await load(target.server.url, target.request, TWIN_LOAD.warmupSec);
    const samples = Object.fromEntries(targets.map((target) => [target.id, []]));
    for (let round = 0; round < TWIN_LOAD.rounds; round++) {
      progress(`${name}: round ${round + 1}/${TWIN_LOAD.rounds}`);
      for (const target of rotate(targets, round)) {
        const result = await load(target.server.url, target.request, TWIN_LOAD.sampleSec);
        samples[target.id].push(result.requests.average);
      }
    }
    return [
      ...figures.map((spec) => ratioFigure(name, spec, samples)),
      ...scenarios.flatMap((scenario, i) => [
        reference(scenario.id, `${name}: ${scenario.label}`, median(samples[scenario.id]), 'req/s', samples[scenario.id]),
        ratioFigure(name, {
          id: `${scenario.id}VsSameBytes`, label: `${scenario.label} ÷ bare Fastify answering the same ${sameBytes[i].bytes.toLocaleString('en-US')} bytes`,
          over: scenario.id, under: sameBytes[i].id,
        }, samples),
      ]),
    ];
  } finally {
    await Promise.all([stopChild(bare.child), stopChild(twin.child)]);
  }
}

/** One request before the load: a scenario that fails (or a Slack `ok:false`) would measure errors. */
async function checkAnswer({ id, server, request }) {
  const { path, ...init } = request;
  const response = await fetch(`${server.url}${path}`, init);
  const text = await response.text();
  const slackFailure = /^\s*\{\s*"ok"\s*:\s*false/.test(text);
  if (!response.ok || slackFailure) throw new Error(`scenario ${id}: ${request.method ?? 'GET'} ${path} → ${response.status} ${text.slice(0, 300)}`);
  return Buffer.byteLength(text);
}

function ratioFigure(name, { id, label, over, under, target }, samples) {
  if (!samples[over] || !samples[under]) throw new Error(`bench/twins/${name}.mjs: figure ${id} names an unknown scenario`);
  const ratios = samples[over].map((value, round) => value / samples[under][round]);
  const fullLabel = `${name}: ${label} (median of ${TWIN_LOAD.rounds})`;
  // A figure the issue sets no target for is reported as a measured ratio only.
  return target ? figure(id, fullLabel, median(ratios), 'ratio', target, ratios) : reference(id, fullLabel, median(ratios), 'ratio', ratios);
}
