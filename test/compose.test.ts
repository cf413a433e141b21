// docker-compose.yml without Docker: every service's command runs as a local process with its compose environment (ports remapped to free ones); health, healthchecks, org and credentials must agree.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { startUniverse } from '../shared/universe/start-universe.js';
import { freePorts } from './helpers/free-ports.js';
import { groupPushStory, offboardingStory, onboardingStory, type UniverseEnv } from './universe/stories.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(root, 'dist/dtu.js');
const TWINS = ['okta', 'slack', 'jira', 'google'] as const;
const CONTRACT_PORTS: Record<string, number> = { 'control-plane': 4100, okta: 4101, slack: 4102, jira: 4103, google: 4104 };
const STARTUP_MS = 20_000;

type Scalar = string | number | boolean | null;
interface ComposeService {
  build?: unknown;
  image?: string;
  command?: string[] | string;
  environment?: Record<string, Scalar> | string[];
  ports?: (string | number | { target: number; published?: string | number })[];
  healthcheck?: { test?: string[] | string; interval?: string; timeout?: string; retries?: number; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
}

// ---------------------------------------------------------------- reading the compose file as compose would

/** Compose's variable interpolation: $$, $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}. */
function interpolate(text: string, env: NodeJS.ProcessEnv): string {
  return text.replace(/\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, _m, braced, colon, op, arg, bare) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare;
    const value = env[name];
    const missing = value === undefined || (colon === ':' && value === '');
    if (op === '-') return missing ? arg : value!;
    if (op === '?') {
      if (missing) throw new Error(`docker-compose.yml: required variable ${name} is missing: ${arg}`);
      return value!;
    }
    return value ?? '';
  });
}

function interpolateAll<T>(node: T, env: NodeJS.ProcessEnv): T {
  if (typeof node === 'string') return interpolate(node, env) as T;
  if (Array.isArray(node)) return node.map((item) => interpolateAll(item, env)) as T;
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateAll(v, env)])) as T;
  return node;
}

const composeText = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
const compose = interpolateAll(parse(composeText, { merge: true }) as { services: Record<string, ComposeService> }, process.env);
const services = compose.services;
const names = Object.keys(services);

function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) return Object.fromEntries(env.map((entry) => { const [k, ...v] = entry.split('='); return [k, v.join('=')]; }));
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== null).map(([k, v]) => [k, String(v)]));
}

/** Published ports as "host:container" (ignoring a host IP prefix). */
function publishedPorts(service: ComposeService): string[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') return `${port.published ?? port.target}:${port.target}`;
    const parts = String(port).replace(/\/tcp$/, '').split(':');
    return parts.length === 1 ? `${parts[0]}:${parts[0]}` : `${parts.at(-2)}:${parts.at(-1)}`;
  });
}

const dependsOn = (service: ComposeService): Record<string, string> => {
  const deps = service.depends_on ?? [];
  return Array.isArray(deps) ? Object.fromEntries(deps.map((d) => [d, 'service_started'])) : Object.fromEntries(Object.entries(deps).map(([d, v]) => [d, v?.condition ?? 'service_started']));
};

const seconds = (duration: string | undefined, fallback: number) => {
  const match = duration?.match(/^(\d+(?:\.\d+)?)(ms|s|m)$/);
  if (!match) return fallback;
  return Number(match[1]) * (match[2] === 'ms' ? 0.001 : match[2] === 'm' ? 60 : 1);
};

// ---------------------------------------------------------------- the file itself

describe('docker-compose.yml', () => {
  it('has the control plane and every twin, all from one image built here', () => {
    expect([...names].sort()).toEqual(['control-plane', ...TWINS].sort());
    for (const name of names) expect(services[name].build, name).toBe('.');
    expect(new Set(names.map((n) => services[n].image)).size).toBe(1);
    expect(services.okta.image).toEqual(expect.any(String));
  });

  it('gives every service the same seed', () => {
    const seeds = names.map((n) => environmentOf(services[n]).DTU_SEED);
    expect(seeds[0]).toMatch(/^\d+$/);
    expect(new Set(seeds)).toEqual(new Set([seeds[0]]));
  });

  it('publishes exactly the contract ports 4100..4104, each on the port its service listens on', () => {
    expect(names.flatMap((n) => publishedPorts(services[n])).sort()).toEqual(['4100:4100', '4101:4101', '4102:4102', '4103:4103', '4104:4104']);
    for (const name of names) {
      expect(publishedPorts(services[name]), name).toEqual([`${CONTRACT_PORTS[name]}:${CONTRACT_PORTS[name]}`]);
      expect(environmentOf(services[name]).DTU_PORT, name).toBe(String(CONTRACT_PORTS[name]));
      expect(environmentOf(services[name]).DTU_HOST, name).toBe('0.0.0.0');
    }
  });

  it('runs each twin alone with localhost public URLs, and the control plane over the twins by service name', () => {
    for (const twin of TWINS) {
      expect(services[twin].command).toEqual(['node', 'dist/dtu.js', 'twin', twin]);
      expect(environmentOf(services[twin]).DTU_PUBLIC_URL).toBe(`http://localhost:${CONTRACT_PORTS[twin]}`);
    }
    expect(services['control-plane'].command).toEqual(['node', 'dist/dtu.js', 'control-plane']);
    const twinsVar = environmentOf(services['control-plane']).DTU_TWINS.split(',').sort();
    expect(twinsVar).toEqual(TWINS.map((t) => `${t}=http://${t}:${CONTRACT_PORTS[t]}`).sort());
    expect(dependsOn(services['control-plane'])).toEqual(Object.fromEntries(TWINS.map((t) => [t, 'service_healthy'])));
  });

  it('tells every twin where the others are (DTU_PEERS, by service name), for provisioning and notifications', () => {
    for (const twin of TWINS) {
      expect(environmentOf(services[twin]).DTU_PEERS.split(',').sort(), twin).toEqual(TWINS.map((t) => `${t}=http://${t}:${CONTRACT_PORTS[t]}`).sort());
    }
  });

  it('has a node healthcheck on /_dtu/health for every service (no curl in slim images)', () => {
    for (const name of names) {
      const check = services[name].healthcheck;
      expect(check?.disable, name).not.toBe(true);
      expect(Array.isArray(check?.test) && check.test[0], name).toBe('CMD');
      expect((check!.test as string[])[1], name).toBe('node');
      expect((check!.test as string[]).join(' '), name).toContain(`:${CONTRACT_PORTS[name]}/_dtu/health`);
      expect(check!.retries, name).toBeGreaterThan(0);
      expect(seconds(check!.interval, 0), name).toBeGreaterThan(0);
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  it('builds on node:20-slim, binds all interfaces and starts the whole universe by default', () => {
    expect(dockerfile).toMatch(/^FROM node:20-slim\b/m);
    expect(dockerfile).toMatch(/^WORKDIR \/app$/m);
    expect(dockerfile).toMatch(/DTU_HOST=0\.0\.0\.0/);
    expect(dockerfile).toMatch(/^EXPOSE 4100-4104$/m);
    const cmd = [...dockerfile.matchAll(/^CMD (.+)$/gm)].at(-1)?.[1];
    expect(JSON.parse(cmd ?? 'null')).toEqual(['node', 'dist/dtu.js', 'up']);
  });

  it('leaves host builds and dependencies out of the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const entry of ['node_modules', 'dist', '.git']) expect(ignored).toContain(entry);
  });
});

// ---------------------------------------------------------------- running the services as local processes

interface Running {
  name: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  env: Record<string, string>;
  healthUrl: string;
  healthcheckCode?: number | null;
}

const portMap = new Map<number, number>();
const running = new Map<string, Running>();

/** What Docker's network and port publishing do: service hostnames become 127.0.0.1, contract ports the free ones. */
function localize(value: string): string {
  const hosts = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  let out = value.replace(new RegExp(`(https?://)(${hosts})(?=[:/]|$)`, 'g'), '$1127.0.0.1');
  out = out.replace(/:(\d{2,5})\b/g, (whole, port) => (portMap.has(Number(port)) ? `:${portMap.get(Number(port))}` : whole));
  if (/^\d+$/.test(out) && portMap.has(Number(out))) out = String(portMap.get(Number(out)));
  return out;
}

/** The host's environment without DTU_* settings, as a container would not see them. */
const hostEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DTU_'))) as Record<string, string>;

function startService(name: string): Running {
  const service = services[name];
  const command = Array.isArray(service.command) ? service.command : (service.command ?? '').split(/\s+/).filter(Boolean);
  if (command[0] !== 'node') throw new Error(`${name}: command must start with node, got ${JSON.stringify(service.command)}`);
  const env = Object.fromEntries(Object.entries(environmentOf(service)).map(([k, v]) => [k, localize(v)]));
  env.DTU_HOST = '127.0.0.1';
  const child = spawn(process.execPath, command.slice(1).map(localize), { cwd: root, env: { ...hostEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (chunk) => { out += chunk; });
  child.stderr!.on('data', (chunk) => { out += chunk; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const proc: Running = { name, child, output: () => out, exited, env, healthUrl: `http://127.0.0.1:${env.DTU_PORT}/_dtu/health` };
  running.set(name, proc);
  return proc;
}

const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

async function waitHealthy(proc: Running): Promise<void> {
  const deadline = Date.now() + STARTUP_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (!isRunning(proc.child)) throw new Error(`${proc.name} exited (${proc.child.exitCode ?? proc.child.signalCode}) before it was healthy; output:\n${proc.output()}`);
    try {
      const response = await fetch(proc.healthUrl, { signal: AbortSignal.timeout(2_000) });
      last = `${response.status} ${await response.text()}`;
      if (response.status === 200) return;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${proc.name} not healthy at ${proc.healthUrl} within ${STARTUP_MS} ms (last: ${last}); output:\n${proc.output()}`);
}

/** Runs the service's compose healthcheck (CMD form) with ports localized; resolves with its exit code. */
function runHealthcheck(name: string): Promise<number | null> {
  const check = services[name].healthcheck!;
  const [kind, program, ...args] = check.test as string[];
  if (kind !== 'CMD' || program !== 'node') throw new Error(`${name}: healthcheck must be ["CMD", "node", ...], got ${JSON.stringify(check.test)}`);
  const child = spawn(process.execPath, args.map(localize), { cwd: root, env: hostEnv(), stdio: 'ignore' });
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), seconds(check.timeout, 10) * 1000 + 2_000);
    child.once('exit', (code) => { clearTimeout(timer); resolve(code); });
    child.once('error', () => { clearTimeout(timer); resolve(null); });
  });
}

async function stop(proc: Running): Promise<void> {
  if (!isRunning(proc.child)) return;
  proc.child.kill('SIGTERM');
  const killer = setTimeout(() => proc.child.kill('SIGKILL'), 2_000);
  await Promise.race([proc.exited, new Promise((resolve) => setTimeout(resolve, 4_000))]);
  clearTimeout(killer);
}

const killAllNow = () => { for (const proc of running.values()) if (isRunning(proc.child)) proc.child.kill('SIGKILL'); };

const get = async (name: string, path: string) => {
  const response = await fetch(`http://127.0.0.1:${running.get(name)!.env.DTU_PORT}/_dtu${path}`, { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: await response.json() };
};

describe('the compose services, run as local processes', () => {
  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
    process.once('exit', killAllNow);
    const contractPorts = Object.values(CONTRACT_PORTS);
    const free = await freePorts(contractPorts.length);
    contractPorts.forEach((port, i) => portMap.set(port, free[i]));

    // Start in depends_on order: a service starts once everything it depends on is healthy.
    const healthy = new Set<string>();
    const remaining = new Set(names);
    while (remaining.size) {
      const ready = [...remaining].filter((n) => Object.keys(dependsOn(services[n])).every((d) => healthy.has(d)));
      if (!ready.length) throw new Error(`depends_on cannot be satisfied for ${[...remaining].join(', ')}`);
      await Promise.all(ready.map(async (name) => {
        const proc = startService(name);
        await waitHealthy(proc);
        proc.healthcheckCode = await runHealthcheck(name);
        if (proc.healthcheckCode !== 0) throw new Error(`${name}: healthcheck exited ${proc.healthcheckCode} although ${proc.healthUrl} answers 200`);
        healthy.add(name);
      }));
      for (const name of ready) remaining.delete(name);
    }
  }, 2 * STARTUP_MS + 20_000);

  afterAll(async () => {
    await Promise.all([...running.values()].map(stop));
    process.removeListener('exit', killAllNow);
  }, 10_000);

  it('every service answers its health URL and passes its compose healthcheck', async () => {
    for (const name of names) {
      expect((await get(name, '/health')).status, name).toBe(200);
      expect(running.get(name)!.healthcheckCode, name).toBe(0);
    }
  });

  it('each twin announces the compose seed and its public URL', () => {
    const seed = environmentOf(services.okta).DTU_SEED;
    for (const twin of TWINS) {
      const proc = running.get(twin)!;
      expect(proc.output()).toContain(`${twin} twin · seed ${seed} · listening on http://127.0.0.1:${proc.env.DTU_PORT} · public URL ${proc.env.DTU_PUBLIC_URL}`);
    }
  });

  it('the control plane reports every twin up with the compose seed', async () => {
    const seed = Number(environmentOf(services['control-plane']).DTU_SEED);
    expect(await get('control-plane', '/health')).toEqual({ status: 200, body: { ok: true, seed, twins: { okta: 'up', slack: 'up', jira: 'up', google: 'up' } } });
    for (const twin of TWINS) expect((await get(twin, '/health')).body).toEqual({ ok: true, seed, twins: { [twin]: 'up' } });
  });

  it('the org is the same in every twin and the control plane', async () => {
    const org = (await get('control-plane', '/org')).body;
    expect(org.people.length).toBeGreaterThan(0);
    for (const twin of TWINS) expect((await get(twin, '/org')).body, twin).toEqual(org);
  });

  it("each twin's credentials are the control plane's section for it", async () => {
    const all = (await get('control-plane', '/credentials')).body;
    expect(Object.keys(all).sort()).toEqual([...TWINS].sort());
    for (const twin of TWINS) expect((await get(twin, '/credentials')).body, twin).toEqual({ [twin]: all[twin] });
  });

  it('credentials carry the public URLs from the compose environment (localhost, published port)', async () => {
    const creds = (await get('control-plane', '/credentials')).body;
    const publicUrl = (twin: string) => running.get(twin)!.env.DTU_PUBLIC_URL;
    for (const twin of TWINS) expect(publicUrl(twin)).toBe(`http://localhost:${portMap.get(CONTRACT_PORTS[twin])}`);
    expect(creds.okta.orgUrl).toBe(publicUrl('okta'));
    expect(creds.okta.oidc.issuer).toBe(`${publicUrl('okta')}/oauth2/default`);
    expect(creds.slack.apiUrl).toBe(`${publicUrl('slack')}/api/`);
    expect(creds.jira.host).toBe(publicUrl('jira'));
    expect(creds.google.rootUrl).toBe(`${publicUrl('google')}/`);
    expect(creds.google.oauthClient.tokenUrl).toBe(`${publicUrl('google')}/token`);
  });

  it('the universe clock reaches the twins in their own processes: frozen and advanced in step', async () => {
    const port = running.get('control-plane')!.env.DTU_PORT;
    const send = (method: string, path: string, body: unknown) => fetch(`http://127.0.0.1:${port}/_dtu${path}`, {
      method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5_000),
    });
    try {
      expect((await send('PUT', '/clock', { frozen: true, now: '2030-01-01T00:00:00Z' })).status).toBe(200);
      expect((await send('POST', '/clock/advance', { by: '2d' })).status).toBe(200);
      for (const twin of TWINS) expect((await get(twin, '/clock')).body, twin).toMatchObject({ now: '2030-01-03T00:00:00.000Z', frozen: true });
    } finally {
      await send('POST', '/reset', {});
    }
  });

  it('runs the onboarding, offboarding and group push stories across the processes with the same results as one process', async () => {
    const controlUrl = `http://127.0.0.1:${running.get('control-plane')!.env.DTU_PORT}`;
    const seed = Number(environmentOf(services.okta).DTU_SEED);
    const env: UniverseEnv = {
      urls: { control: controlUrl, ...Object.fromEntries(TWINS.map((t) => [t, `http://127.0.0.1:${running.get(t)!.env.DTU_PORT}`])) } as UniverseEnv['urls'],
      credentials: (await get('control-plane', '/credentials')).body, seed,
    };
    const inProcess = await startUniverse({ port: 0, seed });
    try {
      const local: UniverseEnv = { urls: inProcess.urls as UniverseEnv['urls'], credentials: inProcess.credentials, seed };
      for (const story of [onboardingStory, offboardingStory, groupPushStory]) {
        const [separate, together] = [await story(env), await story(local)];
        expect(separate, story.name).toEqual(together);
        await fetch(`${controlUrl}/_dtu/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        await inProcess.reset();
      }
    } finally {
      await inProcess.close();
    }
  }, 60_000);
});
