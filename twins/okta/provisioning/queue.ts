// The provisioning task queue. Tasks live in the state (data.provisioning.tasks, one per app+user and
// per app+mapping), so a trigger is O(1) and duplicates collapse; what runs lives here, per store:
// ready keys, running promises, clock timers of tasks waiting out a backoff. A task is reconciliation
// (it reads Okta's state when it runs), so retries and repeated triggers are harmless. Work starts
// after the triggering request was answered (setImmediate), a few tasks at a time.
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import type { Store } from '../../../shared/state/store.js';
import type { OktaData } from '../store.js';
import type { ProvisioningTask } from './model.js';
import { PushError, StaleError } from './targets.js';

type Ctx = TwinContext<OktaData>;

/** Runs one task; resolves when the target matches Okta; throws PushError (already logged) when not. */
export type Executor = (ctx: Ctx, data: OktaData, task: ProvisioningTask) => Promise<void>;

/** Waits before retry 1, 2, 3, 4; after that the task is failed (a later trigger or a retry re-runs it). */
export const BACKOFF_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000];
const CONCURRENCY = 4;

interface Runner {
  data: OktaData;
  ready: Set<string>;
  running: Map<string, Promise<void>>;
  timers: Map<string, () => void>;
  pumping: boolean;
}

const runners = new WeakMap<Store<OktaData>, Runner>();
let execute: Record<ProvisioningTask['kind'], Executor> | null = null;

/** Called once by the provisioning module with the task kinds' executors. */
export function setExecutors(executors: Record<ProvisioningTask['kind'], Executor>): void {
  execute = executors;
}

function runner(ctx: Ctx): Runner {
  let r = runners.get(ctx.store);
  if (!r || r.data !== ctx.store.data) {
    // The state was replaced: what ran for the old one is void (its timers were dropped with it).
    r = { data: ctx.store.data, ready: new Set(), running: new Map(), timers: new Map(), pumping: false };
    runners.set(ctx.store, r);
  }
  return r;
}

const stamp = (ctx: Ctx) => new Date(ctx.clock.now()).toISOString();

/** Queues the task (or marks a running one to run again). O(1). */
export function enqueue(ctx: Ctx, spec: Pick<ProvisioningTask, 'key' | 'kind' | 'appId' | 'userId' | 'mappingId'>): void {
  const tasks = ctx.store.data.provisioning.tasks;
  const task = tasks[spec.key];
  if (task?.state === 'running') {
    task.rerun = true;
    return;
  }
  // A task waiting out a backoff keeps its schedule: its retry reads the newest state anyway.
  if (task?.state === 'waiting') return;
  tasks[spec.key] = { ...spec, state: 'queued', attempts: 0, nextAttemptAt: null, lastError: null, created: task?.created ?? stamp(ctx) };
  makeReady(ctx, spec.key);
}

function makeReady(ctx: Ctx, key: string): void {
  const r = runner(ctx);
  r.timers.get(key)?.();
  r.timers.delete(key);
  r.ready.add(key);
  if (!r.pumping) {
    r.pumping = true;
    setImmediate(() => pump(ctx, r));
  }
}

function pump(ctx: Ctx, r: Runner): void {
  r.pumping = false;
  if (runners.get(ctx.store) !== r || ctx.store.data !== r.data) return;
  for (const key of r.ready) {
    if (r.running.size >= CONCURRENCY) break;
    r.ready.delete(key);
    const task = r.data.provisioning.tasks[key];
    if (!task || task.state === 'running') continue;
    task.state = 'running';
    const done = run(ctx, r, task).finally(() => {
      r.running.delete(key);
      if (r.ready.size && !r.pumping) {
        r.pumping = true;
        setImmediate(() => pump(ctx, r));
      }
    });
    r.running.set(key, done);
  }
}

async function run(ctx: Ctx, r: Runner, task: ProvisioningTask): Promise<void> {
  const tasks = r.data.provisioning.tasks;
  try {
    await execute![task.kind](ctx, r.data, task);
    if (ctx.store.data !== r.data) return;
    if (task.rerun) {
      tasks[task.key] = { ...task, state: 'queued', rerun: false, attempts: 0, nextAttemptAt: null, lastError: null };
      makeReady(ctx, task.key);
    } else delete tasks[task.key];
  } catch (error) {
    if (error instanceof StaleError || ctx.store.data !== r.data) return;
    const push = error instanceof PushError ? error : new PushError(`provisioning failed: ${(error as Error).message}`, 0, false);
    task.attempts++;
    task.lastError = push.message;
    if (task.rerun) {
      // Okta's state changed meanwhile: try the new state at once rather than back off.
      task.rerun = false;
      task.state = 'queued';
      makeReady(ctx, task.key);
    } else if (push.retryable && task.attempts <= BACKOFF_MS.length) {
      task.state = 'waiting';
      task.nextAttemptAt = ctx.clock.now() + Math.max(BACKOFF_MS[task.attempts - 1], push.retryAfterMs ?? 0);
      arm(ctx, r, task);
    } else {
      task.state = 'failed';
      task.nextAttemptAt = null;
    }
  } finally {
    if (ctx.store.data === r.data) ctx.store.changed();
  }
}

function arm(ctx: Ctx, r: Runner, task: ProvisioningTask): void {
  r.timers.get(task.key)?.();
  r.timers.set(task.key, ctx.clock.schedule(task.nextAttemptAt ?? ctx.clock.now(), () => {
    r.timers.delete(task.key);
    if (r.data.provisioning.tasks[task.key] !== task || task.state !== 'waiting') return;
    task.state = 'queued';
    makeReady(ctx, task.key);
  }));
}

/** After the state was (re)placed: waiting tasks get their timers back, interrupted ones run again. */
export function resumeTasks(ctx: Ctx): void {
  const r = runner(ctx);
  for (const task of Object.values(r.data.provisioning.tasks)) {
    if (task.state === 'waiting') arm(ctx, r, task);
    else if (task.state === 'queued' || task.state === 'running') {
      task.state = 'queued';
      makeReady(ctx, task.key);
    }
  }
}

/** Every waiting or failed task runs again now (POST /_dtu/okta/provisioning/retry). */
export function retryNow(ctx: Ctx): number {
  const r = runner(ctx);
  let count = 0;
  for (const task of Object.values(r.data.provisioning.tasks)) {
    if (task.state !== 'waiting' && task.state !== 'failed') continue;
    task.state = 'queued';
    task.attempts = 0;
    task.nextAttemptAt = null;
    makeReady(ctx, task.key);
    count++;
  }
  return count;
}

/** Resolves once nothing due is queued or running; `pending` = tasks waiting for a later clock time. */
export async function settleTasks(ctx: Ctx): Promise<{ pending: number }> {
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve));
    // Asked afresh each round: a reset meanwhile leaves the old runner's work void.
    const r = runner(ctx);
    if (!r.ready.size && !r.running.size) break;
    if (!r.running.size && !r.pumping) pump(ctx, r);
    await Promise.allSettled([...r.running.values()]);
  }
  const pending = Object.values(ctx.store.data.provisioning.tasks).filter((t) => t.state === 'waiting').length;
  return { pending };
}
