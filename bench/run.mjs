// DTU performance bench (npm run bench). In one run it measures, against their targets:
//   the kernel (bench/kernel.mjs): cold start, kernel overhead, idle chaos rules, seeding a 10k org;
//   the twins (bench/twins.mjs): each bench/twins/NAME.mjs module's vendor operations as ratios to a
//   bare Fastify route sampled in the same rounds, and its scaling figures.
//   the universe (bench/universe.mjs): onboarding through Okta provisioning, the consistency report's scaling;
//   node bench/run.mjs [kernel] [universe] [NAME ...]   only those parts (default: everything)
// Servers run in child processes (bench/servers.mjs, bench/seed-org.mjs); autocannon runs here.
// Prints a table and writes bench/results.json. Exits 0 even when a target is missed; 1 on a crash.
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { KERNEL_LOAD, kernelRows } from './kernel.mjs';
import { BENCH_DIR, CONNECTIONS, HOST, stopAll } from './lib.mjs';
import { TWIN_LOAD, twinModuleNames, twinRows } from './twins.mjs';
import { universeRows } from './universe.mjs';

/** A full run is the committed record; a run of some parts only never overwrites it. */
const resultsFile = (partial) => join(BENCH_DIR, partial ? 'results.partial.json' : 'results.json');

// ── figures, table, results.json ─────────────────────────────────────────────────────────────────

function resultsDocument(rows) {
  const byId = (list) => Object.fromEntries(list.map(({ id, ...row }) => [id, row]));
  return {
    node: process.version,
    date: new Date().toISOString(),
    machine: { platform: `${os.platform()} ${os.arch()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown' },
    load: { connections: CONNECTIONS, host: HOST, kernel: KERNEL_LOAD, twins: TWIN_LOAD },
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

function renderTable(results, rows, file) {
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
    `Written to ${file}`,
    '',
  ].join('\n');
}

async function main(args) {
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  try {
    const modules = await twinModuleNames();
    const parts = args.length ? args : ['kernel', 'universe', ...modules];
    const unknown = parts.filter((part) => part !== 'kernel' && part !== 'universe' && !modules.includes(part));
    if (unknown.length) throw new Error(`unknown bench part(s) ${unknown.join(', ')}; parts: kernel universe ${modules.join(' ')}`);
    const rows = [
      ...(parts.includes('kernel') ? await kernelRows() : []),
      ...(parts.includes('universe') ? await universeRows() : []),
      ...await twinRows(parts.filter((part) => part !== 'kernel' && part !== 'universe')),
    ];
    const results = resultsDocument(rows);
    const file = resultsFile(args.length > 0);
    await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(renderTable(results, rows, file));
  } finally {
    await stopAll();
  }
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`bench crashed: ${error.stack ?? error}\n`);
  process.exitCode = 1;
});
