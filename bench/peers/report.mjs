// The peer benchmark's figures and table: per row (workload × server) the medians and their ratios to
// bare Fastify on the same workload, and the targets evaluated.
import { figure, median, reference } from '../lib.mjs';
import { PEERS } from './servers.mjs';
import { WORKLOADS } from './workloads.mjs';

/** The targets: the twin against each peer on each workload (req/s), and the universe's start. */
export const TARGETS = {
  bare: { op: '>=', value: 0.5 },
  wiremock: { op: '>=', value: 5 },
  prism: { op: '>=', value: 10 },
  universeVsWiremockStart: { op: '>=', value: 2 },
};

const round1 = (value) => (value === null ? null : Math.round(value * 10) / 10);
const round3 = (value) => (value === null ? null : Math.round(value * 1000) / 1000);
const ratio = (over, under) => (over === null || under === null || under === 0 ? null : over / under);
/** Per-round ratios of req/s (samples taken seconds apart in the same round). */
const perRound = (over, under) => over.map((s, round) => s.reqPerSec / under[round].reqPerSec);
/** Per-round ratios of requests per server CPU-second: under's CPU per request ÷ over's. */
const perRoundCpu = (over, under) => (over[0].cpuUsPerReq === null ? null : over.map((s, round) => under[round].cpuUsPerReq / s.cpuUsPerReq));

/**
 * Every row with its medians and ratios to bare. `measured` rows: {workload, peer, bytes, samples:
 * [{reqPerSec, p50, p99}] one per round, coldStartMs: [runs] of its server], rssMb}.
 */
export function summarise(measured) {
  const find = (workload, peer) => measured.find((row) => row.workload === workload && row.peer === peer);
  return measured.map((row) => {
    const bare = find(row.workload, 'bare');
    const stat = (r, key) => median(r.samples.map((s) => s[key]));
    const reqPerSecRatios = perRound(row.samples, bare.samples);
    return {
      workload: row.workload, peer: row.peer, answerBytes: row.bytes,
      reqPerSec: { median: round1(stat(row, 'reqPerSec')), samples: row.samples.map((s) => round1(s.reqPerSec)) },
      reqPerSecVsBare: { median: round3(median(reqPerSecRatios)), samples: reqPerSecRatios.map(round3) },
      p50Ms: round1(stat(row, 'p50')), p50VsBare: round3(ratio(stat(row, 'p50'), stat(bare, 'p50'))),
      p99Ms: round1(stat(row, 'p99')), p99VsBare: round3(ratio(stat(row, 'p99'), stat(bare, 'p99'))),
      cpuUsPerReq: row.samples[0].cpuUsPerReq === null ? null : { median: round1(stat(row, 'cpuUsPerReq')), samples: row.samples.map((s) => round1(s.cpuUsPerReq)) },
      cpuPerReqVsBare: row.samples[0].cpuUsPerReq === null ? null : round3(ratio(stat(row, 'cpuUsPerReq'), stat(bare, 'cpuUsPerReq'))),
      rssMb: round1(row.rssMb), rssVsBare: round3(ratio(row.rssMb, bare.rssMb)),
      coldStartMs: { median: round1(median(row.coldStartMs)), samples: row.coldStartMs.map(round1) },
      coldStartVsBare: round3(ratio(median(row.coldStartMs), median(bare.coldStartMs))),
    };
  });
}

/** The targets: the twin's req/s over each peer's, per round, per workload; and the start times. */
export function targetFigures(measured, universeStartMs) {
  const find = (workload, peer) => measured.find((row) => row.workload === workload && row.peer === peer);
  const figures = [];
  for (const workload of WORKLOADS) {
    const twin = find(workload.id, 'twin');
    for (const peer of ['bare', 'wiremock', 'prism', 'oauth2Mock']) {
      const other = find(workload.id, peer);
      if (!other) continue;
      const ratios = perRound(twin.samples, other.samples);
      const id = `${workload.id}TwinVs${peer[0].toUpperCase()}${peer.slice(1)}`;
      const label = `${workload.label}: twin ÷ ${PEERS[peer].label}, req/s`;
      // oauth2-mock-server has no target in the issue: it signs a JWT per request, as the twin does.
      figures.push(TARGETS[peer] ? figure(id, label, median(ratios), 'ratio', TARGETS[peer], ratios) : reference(id, label, median(ratios), 'ratio', ratios));
      // The same comparison by server CPU: immune to a load generator that, not the server, sets req/s.
      const cpuRatios = perRoundCpu(twin.samples, other.samples);
      if (cpuRatios) figures.push(reference(`${id}Cpu`, `${workload.label}: twin ÷ ${PEERS[peer].label}, requests per server CPU-second`, median(cpuRatios), 'ratio', cpuRatios));
    }
  }
  const wiremockStarts = measured.find((row) => row.peer === 'wiremock').coldStartMs;
  figures.push(
    reference('universeColdStart', 'universe cold start (dtu up → control plane and all 4 twins answer /_dtu/health)', median(universeStartMs), 'ms', universeStartMs),
    reference('wiremockColdStart', 'WireMock cold start (java -jar → an answer from each of the 3 stubs)', median(wiremockStarts), 'ms', wiremockStarts),
    figure('universeVsWiremockStart', 'WireMock cold start ÷ universe cold start', median(wiremockStarts) / median(universeStartMs), 'ratio', TARGETS.universeVsWiremockStart),
  );
  return figures;
}

// ── table ────────────────────────────────────────────────────────────────────────────────────────

const fmt = (value, digits = 0) => (value === null || value === undefined ? '—' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

/** Columns before `leftColumns` are left-aligned text, the rest right-aligned numbers. */
function render(header, lines, leftColumns) {
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i].length)));
  const row = (cells) => cells.map((cell, i) => (i < leftColumns ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [row(header), widths.map((w) => '─'.repeat(w)).join('  '), ...lines.map(row)].join('\n');
}

export function renderTable(rows, figures) {
  const label = Object.fromEntries(WORKLOADS.map((w) => [w.id, w.label]));
  const main = render(
    ['workload', 'server', 'req/s', '÷ bare', 'p50 ms', 'p99 ms', 'CPU µs/req', 'RSS MB', 'cold start ms', 'cold ÷ bare'],
    rows.map((r) => [
      label[r.workload], PEERS[r.peer].label, fmt(r.reqPerSec.median), fmt(r.reqPerSecVsBare.median, 3), fmt(r.p50Ms, 2), fmt(r.p99Ms, 1),
      fmt(r.cpuUsPerReq?.median), fmt(r.rssMb), fmt(r.coldStartMs.median), fmt(r.coldStartVsBare, 2),
    ]),
    2,
  );
  const targets = render(
    ['figure', 'value', 'target', ''],
    figures.map((f) => [f.label, fmt(f.value, f.unit === 'ratio' ? 3 : 0) + (f.unit === 'ratio' ? '' : ` ${f.unit}`), f.target ? `${f.target.op} ${f.target.value}` : '—', f.target ? (f.pass ? 'ok' : 'MISSED') : '']),
    1,
  );
  return `${main}\n\n${targets}`;
}
