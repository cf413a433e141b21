// What bench/run.mjs and its parts share: child processes that are always stopped, autocannon
// samples that must be all 2xx, medians, and result rows.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(BENCH_DIR, '..');
export const SERVERS = join(BENCH_DIR, 'servers.mjs');
export const HOST = '127.0.0.1';
export const CONNECTIONS = 10;

const CHILD_ANSWER_WITHIN_MS = 120_000;
const KILL_GRACE_MS = 5_000;

/** Children inherit no DTU_* variables, so a developer's shell settings cannot change what is measured. */
const CHILD_ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DTU_')));

// ── child processes ──────────────────────────────────────────────────────────────────────────────

const children = new Set();

/** `node ...args`; with ipc, the child can be asked for its CPU time (bench/servers.mjs answers). */
export function spawnNode(args, options) {
  return spawnCommand(process.execPath, args, options);
}

/** Any command (java, taskset, …) as a child that stopAll stops, like spawnNode's. */
export function spawnCommand(command, args, { stdout = 'ignore', ipc = false } = {}) {
  const proc = spawn(command, args, { cwd: ROOT, env: CHILD_ENV, stdio: ['ignore', stdout, 'pipe', ...(ipc ? ['ipc'] : [])] });
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
export async function stopChild(child) {
  if (!child.running()) return child.exited;
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), KILL_GRACE_MS);
  try {
    return await child.exited;
  } finally {
    clearTimeout(timer);
  }
}

export const stopAll = () => Promise.all([...children].map(stopChild));

/** What `answer` resolves to, unless the child exits or CHILD_ANSWER_WITHIN_MS passes first. */
export async function childAnswer(child, answer, what) {
  const outcome = await Promise.race([
    answer.then((value) => ({ value })),
    child.exited.then(() => ({ failure: 'exited' })),
    sleep(CHILD_ANSWER_WITHIN_MS, { failure: `gave no answer within ${CHILD_ANSWER_WITHIN_MS} ms` }, { ref: false }),
  ]);
  if (outcome.failure) throw new Error(`${what} ${outcome.failure}: ${child.stderr() || '(no stderr)'}`);
  return outcome.value;
}

/** The child's first stdout line, parsed as JSON. */
export async function firstJsonLine(child, what) {
  const lines = createInterface({ input: child.proc.stdout });
  try {
    const [line] = await childAnswer(child, once(lines, 'line'), what);
    return JSON.parse(line);
  } finally {
    lines.close();
  }
}

/** User + system CPU time the child has used so far, in µs. */
export async function cpuTimeOf(child, what) {
  const reply = once(child.proc, 'message');
  child.proc.send('cpu');
  const [{ user, system }] = await childAnswer(child, reply, what);
  return user + system;
}

/** A bench/servers.mjs child (`role` and its arguments); resolves once it printed its port. */
export async function startServer(...roleArgs) {
  const what = `bench/servers.mjs ${roleArgs.join(' ')}`;
  const child = spawnNode([SERVERS, ...roleArgs], { stdout: 'pipe', ipc: true });
  const { port, context } = await firstJsonLine(child, what);
  return { child, url: `http://${HOST}:${port}`, what, context };
}

// ── load ─────────────────────────────────────────────────────────────────────────────────────────

/** autocannon on one request shape ({method, path, headers, body}); every answer must be a 2xx. */
export async function load(url, request, durationSec) {
  const { path, ...options } = request;
  const result = await autocannon({ url: `${url}${path}`, ...options, connections: CONNECTIONS, duration: durationSec });
  if (result.errors || result.timeouts || result.non2xx) {
    throw new Error(`${request.method ?? 'GET'} ${url}${path}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`);
  }
  return result;
}

// ── figures ──────────────────────────────────────────────────────────────────────────────────────

export const rotate = (list, by) => list.map((_, i) => list[(i + by) % list.length]);

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const rounded = (value, unit) => (unit === 'ratio' ? Math.round(value * 1000) / 1000 : Math.round(value * 10) / 10);

/** A row with a target ({op: '<=' | '>=', value}); `pass` says whether the value meets it. */
export function figure(id, label, value, unit, target, samples) {
  const pass = target.op === '<=' ? value <= target.value : value >= target.value;
  return { id, label, value: rounded(value, unit), unit, target, pass, ...(samples && { samples: samples.map((s) => rounded(s, unit)) }) };
}

/** A context row without a target. */
export function reference(id, label, value, unit, samples) {
  return { id, label, value: rounded(value, unit), unit, ...(samples && { samples: samples.map((s) => rounded(s, unit)) }) };
}

export function progress(message) {
  process.stderr.write(`bench: ${message}\n`);
}
