// Runs the built CLI (dist/, which `npm test` builds first) as a separate process.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../shared/paths.js';

export const CLI = join(packageRoot, 'dist/dtu.js');

export interface DtuProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the first regex match in stdout, rejects on exit or timeout. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function spawnDtu(args: string[], env: Record<string, string> = {}): DtuProcess {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: packageRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (chunk) => { out += chunk; });
  child.stderr!.on('data', (chunk) => { out += chunk; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    waitFor(pattern, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = out.match(pattern);
          if (match) return finish(() => resolve(match));
        };
        const finish = (then: () => void) => { clearInterval(poll); clearTimeout(timer); then(); };
        const poll = setInterval(check, 10);
        const timer = setTimeout(() => finish(() => reject(new Error(`timed out waiting for ${pattern}; output:\n${out}`))), timeoutMs);
        exited.then((code) => setTimeout(() => { if (!out.match(pattern)) finish(() => reject(new Error(`dtu exited (${code}) before ${pattern}; output:\n${out}`))); }, 20));
        check();
      });
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** Runs the CLI to completion and returns its exit code and output. */
export async function runDtu(args: string[], env: Record<string, string> = {}, timeoutMs = 10_000): Promise<{ code: number | null; output: string }> {
  const proc = spawnDtu(args, env);
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs);
  const code = await proc.exited;
  clearTimeout(timer);
  return { code, output: proc.output() };
}

/** Starts `dtu twin NAME` on a free port and returns its URL. */
export async function startTwinProcess(name: string, args: string[] = [], env: Record<string, string> = {}) {
  const proc = spawnDtu(['twin', name, '--port', '0', ...args], env);
  const [, url] = await proc.waitFor(/listening on (http:\/\/\S+)/);
  return { ...proc, url };
}
