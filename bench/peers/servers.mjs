// The servers the peer benchmark compares, each started as its users start it, on 127.0.0.1 only:
// the twin through the dtu CLI, bare Fastify (bench/peers/bare.mjs), WireMock standalone (java -jar),
// Prism (prism mock) and oauth2-mock-server (its CLI). Where taskset works, every server runs on
// one core and the load generator on another.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR, HOST, ROOT, spawnCommand } from '../lib.mjs';

/** The dtu command as package.json's "bin" names it: the twins start the way users start them. */
export const CLI = join(ROOT, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).bin.dtu);
const BARE = join(BENCH_DIR, 'peers/bare.mjs');
const PRISM = join(ROOT, 'node_modules/@stoplight/prism-cli/dist/index.js');
const OAUTH2_MOCK = join(ROOT, 'node_modules/oauth2-mock-server/dist/oauth2-mock-server.mjs');
const WIREMOCK_DIR = join(ROOT, 'node_modules/wiremock/build');

function wiremockJar() {
  const jar = readdirSync(WIREMOCK_DIR).find((name) => /^wiremock-standalone-.*\.jar$/.test(name));
  if (!jar) throw new Error(`no wiremock-standalone-*.jar in ${WIREMOCK_DIR}`);
  return join(WIREMOCK_DIR, jar);
}

/**
 * Each peer: which workloads it serves, the path it serves a workload at (oauth2-mock-server has its
 * own token path), and its command line. `files` holds what the run wrote: the canned answers for
 * bare Fastify, WireMock's root directory (mappings/) and Prism's OpenAPI document.
 * Every tool runs with its CLI's defaults, as its users start it: WireMock keeps its request journal
 * (the twin journals every request too) and Prism logs each request (to a discarded stdout).
 */
export const PEERS = {
  twin: {
    label: 'twin',
    serves: () => true,
    instance: (workload) => `${workload.twin}Twin`,
    command: (port, workload) => [process.execPath, [CLI, 'twin', workload.twin, '--host', HOST, '--port', String(port)]],
  },
  bare: {
    label: 'bare Fastify',
    serves: () => true,
    command: (port, _workload, files) => [process.execPath, [BARE, files.answers, String(port)]],
  },
  wiremock: {
    label: 'WireMock',
    serves: () => true,
    command: (port, _workload, files) => ['java', ['-jar', wiremockJar(), '--port', String(port), '--bind-address', HOST,
      '--root-dir', files.wiremockRoot, '--disable-banner']],
  },
  prism: {
    label: 'Prism',
    serves: () => true,
    command: (port, _workload, files) => [process.execPath, [PRISM, 'mock', '-h', HOST, '-p', String(port), files.openapi]],
  },
  oauth2Mock: {
    label: 'oauth2-mock-server',
    serves: (workload) => workload.id === 'token',
    path: () => '/token',
    command: (port) => [process.execPath, [OAUTH2_MOCK, '-a', HOST, '-p', String(port)]],
  },
};

/** WireMock needs a Java runtime on PATH; without one the run stops here rather than timing out later. */
export function checkJava() {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch (error) {
    throw new Error(`WireMock needs java on PATH (${error.message.split('\n')[0]})`);
  }
}

/** The process that serves `peer` for `workload` in the load phase (the Slack and the Okta twin are two). */
export const instanceOf = (peerId, workload) => PEERS[peerId].instance?.(workload) ?? peerId;

/** The workload's request as `peer` receives it. */
export function requestFor(peerId, workload, context) {
  const request = workload.request(context);
  const path = PEERS[peerId].path?.();
  return path ? { ...request, path } : request;
}

// ── pinning ──────────────────────────────────────────────────────────────────────────────────────

/**
 * With two or more cores and a working taskset: this process (the load generator, autocannon runs in
 * it) on core 0, every server on core 1. Otherwise nothing is pinned and `reason` says why.
 */
export function pinCores() {
  if (process.platform !== 'linux') return { pinned: false, reason: `platform ${process.platform}` };
  if (cpus().length < 2) return { pinned: false, reason: `${cpus().length} core` };
  try {
    execFileSync('taskset', ['-c', '1', 'true'], { stdio: 'ignore' });
    execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  } catch (error) {
    return { pinned: false, reason: `taskset failed: ${error.message.split('\n')[0]}` };
  }
  return { pinned: true, loadGeneratorCpus: '0', serverCpus: '1', tool: 'taskset' };
}

/** Spawns a server's command line, on the server core when pinned. */
export function spawnServer([command, args], pinning) {
  return pinning.pinned ? spawnCommand('taskset', ['-c', pinning.serverCpus, command, ...args]) : spawnCommand(command, args);
}
