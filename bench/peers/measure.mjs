// Measurements of the peer benchmark: free ports, one request on a fresh connection, time from
// spawn to the first good answer, one autocannon sample, and a process tree's resident memory.
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONNECTIONS, HOST, stopChild } from '../lib.mjs';

const POLL_MS = 5;
export const ANSWER_WITHIN_MS = 30_000;

// ── ports ────────────────────────────────────────────────────────────────────────────────────────

function canListen(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: HOST, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * The first of `count` consecutive ports on HOST that are free now, picked at random in 20000-32767:
 * below Linux's ephemeral range, so outgoing connections (other tests on the machine) rarely take it.
 */
export async function freePorts(count) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const first = 20_000 + Math.floor(Math.random() * (12_768 - count));
    let free = true;
    for (let port = first; free && port < first + count; port++) free = await canListen(port);
    if (free) return first;
  }
  throw new Error(`no ${count} consecutive free ports on ${HOST}`);
}

// ── one request ──────────────────────────────────────────────────────────────────────────────────

/** {status, text} of one request on a fresh connection; status 0 when nothing answers. */
export function send(url, { method = 'GET', path, headers = {}, body }) {
  return new Promise((resolve) => {
    const request = http.request(`${url}${path}`, { method, headers, agent: false, timeout: 2_000 }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk) => { text += chunk; });
      response.once('end', () => resolve({ status: response.statusCode, text }));
      response.once('error', () => resolve({ status: 0, text }));
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve({ status: 0, text: '' }));
    request.end(body);
  });
}

/** A 2xx that is not Slack's {"ok":false}. */
export const isGoodAnswer = ({ status, text }) => status >= 200 && status < 300 && !/^\s*\{\s*"ok"\s*:\s*false/.test(text);

/** The first good answer to `request` within ANSWER_WITHIN_MS, polling every POLL_MS; throws otherwise. */
export async function firstGoodAnswer(child, url, request, what) {
  const start = performance.now();
  let last = { status: 0, text: '' };
  while (performance.now() - start < ANSWER_WITHIN_MS) {
    last = await send(url, request);
    if (isGoodAnswer(last)) return last;
    if (!child.running()) throw new Error(`${what} exited before answering: ${child.stderr() || '(no stderr)'}`);
    await sleep(POLL_MS);
  }
  throw new Error(`${what}: no good answer to ${request.method} ${request.path} within ${ANSWER_WITHIN_MS} ms (last: ${last.status} ${last.text.slice(0, 200)})`);
}

/**
 * Milliseconds from spawning to the first good answer from every one of `probes` ({url, request}),
 * each polled until it has answered once. The child is stopped after.
 */
export async function coldStart(spawn, probes, what) {
  const start = performance.now();
  const child = spawn();
  try {
    await Promise.all(probes.map(({ url, request }) => firstGoodAnswer(child, url, request, what)));
    return performance.now() - start;
  } finally {
    await stopChild(child);
  }
}

// ── load ─────────────────────────────────────────────────────────────────────────────────────────

/** The q-quantile (0..1) of sorted values, nearest rank. */
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

/**
 * One autocannon sample (every answer must be a 2xx): mean req/s, the p50/p99 latency in ms and the
 * server's CPU time per request in µs (all its threads: the JVM's too).
 * autocannon's own percentiles are whole milliseconds (a sub-millisecond server reads 0), so each
 * answer's time is recorded from its 'response' event, which carries it in fractional ms.
 */
export async function sample(url, { path, ...options }, seconds, serverPid) {
  const times = [];
  const cpuBefore = treeCpuUs(serverPid);
  const run = autocannon({ url: `${url}${path}`, ...options, connections: CONNECTIONS, duration: seconds });
  run.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  const result = await run;
  if (result.errors || result.timeouts || result.non2xx) {
    throw new Error(`${options.method ?? 'GET'} ${url}${path}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`);
  }
  const cpuAfter = treeCpuUs(serverPid);
  const sorted = Float64Array.from(times).sort();
  return {
    reqPerSec: result.requests.average, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99),
    cpuUsPerReq: cpuBefore === null ? null : (cpuAfter - cpuBefore) / result.requests.total,
  };
}

// ── a server's process tree: memory and CPU time (Linux /proc; null elsewhere) ─────────────────

const statFields = (pid) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');

let ticksPerSecond;
function clockTicks() {
  try {
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  } catch {
    ticksPerSecond = 100;
  }
  return ticksPerSecond;
}

/** `pid` and all its descendants that are alive now (a server may fork workers); null without /proc. */
function processTree(pid) {
  let pids;
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return null;
  }
  const parents = new Map();
  for (const candidate of pids) {
    try {
      parents.set(candidate, Number(statFields(candidate)[1]));
    } catch {
      // exited while listing
    }
  }
  const tree = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [candidate, parent] of parents) {
      if (!tree.has(candidate) && tree.has(parent)) { tree.add(candidate); grew = true; }
    }
  }
  return [...tree];
}

/** Sums `read(pid)` over the tree; members that exited meanwhile count 0. */
function sumOverTree(pid, read) {
  const tree = processTree(pid);
  if (!tree) return null;
  return tree.reduce((sum, member) => {
    try {
      return sum + read(member);
    } catch {
      return sum;
    }
  }, 0);
}

/** Resident memory of the server's process tree, in MB. */
export const treeRssMb = (pid) => {
  const kb = sumOverTree(pid, (member) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${member}/status`, 'utf8'))?.[1] ?? 0));
  return kb === null ? null : kb / 1024;
};

/** User + system CPU time the server's process tree has used so far (all threads), in µs. */
export const treeCpuUs = (pid) => {
  const ticks = sumOverTree(pid, (member) => {
    const fields = statFields(member);
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of /proc/PID/stat)
  });
  return ticks === null ? null : (ticks / clockTicks()) * 1e6;
};
