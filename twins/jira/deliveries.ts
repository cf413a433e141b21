// The deliveries the Jira twin starts on its own (webhooks, Jira Cloud for Slack posts), tracked for
// TwinDefinition.settle: settle waits for those sending now and counts those waiting for a retry
// after backoff as `pending`. One tracker per twin runtime (keyed by its Outbound).
import type { Outbound, RetryPolicy } from '../../shared/kernel/outbound.js';
import type { TwinContext } from '../../shared/kernel/twin-definition.js';

interface Task {
  done: Promise<void>;
  /** Between a refused attempt and the next one (backoff). */
  waiting: boolean;
}

const trackers = new WeakMap<Outbound, Set<Task>>();

/**
 * Runs `work` in the background as one tracked task. `work` gets `observe`, which wraps a retry policy
 * so the task counts as waiting while a delivery backs off.
 */
export function trackDelivery(outbound: Outbound, work: (observe: (policy: RetryPolicy) => RetryPolicy) => Promise<unknown>): void {
  let tasks = trackers.get(outbound);
  if (!tasks) trackers.set(outbound, (tasks = new Set()));
  const task: Task = { done: Promise.resolve(), waiting: false };
  const defaultRetryOn = (r: { status: number }) => r.status === 0 || r.status === 429 || r.status >= 500;
  const observe = (policy: RetryPolicy): RetryPolicy => ({
    ...policy,
    retryOn: (result) => (task.waiting = (policy.retryOn ?? defaultRetryOn)(result)),
    prepare: (request, attempt) => {
      task.waiting = false;
      return policy.prepare ? policy.prepare(request, attempt) : request;
    },
  });
  const set = tasks;
  task.done = work(observe)
    .then(() => undefined, (error) => console.error('[dtu jira] a delivery failed:', error))
    .finally(() => set.delete(task));
  set.add(task);
}

/** Resolves once no tracked delivery is sending; `pending` = those waiting to retry. */
export async function settleDeliveries(ctx: TwinContext<object>): Promise<{ pending: number }> {
  const tasks = trackers.get(ctx.outbound);
  const sending = () => [...(tasks ?? [])].filter((t) => !t.waiting);
  for (let busy = sending(); busy.length; busy = sending()) {
    // A task that starts backing off does not resolve, so look again every few milliseconds.
    await Promise.race([Promise.allSettled(busy.map((t) => t.done)), new Promise((resolve) => setTimeout(resolve, 10))]);
  }
  return { pending: tasks?.size ?? 0 };
}
