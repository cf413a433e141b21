// The twin's notion of "now". Everything that stamps or expires something asks the clock, never
// Date.now() directly, and everything that must happen later (a scheduled Slack message, a token
// expiry sweep) is a clock timer, so the universe clock (/_dtu/clock: freeze, set, advance) steers
// every twin from one place and time-dependent scenarios run instantly.

export interface ClockState {
  /** Epoch milliseconds. */
  now: number;
  frozen: boolean;
}

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

export class Clock {
  private offsetMs = 0;
  /** While frozen, the instant the clock stands at. */
  private frozenAt: number | null = null;
  private timers: Timer[] = [];
  private timerSeq = 0;
  private wakeUp: NodeJS.Timeout | null = null;

  constructor(private readonly onTimerError: (error: unknown) => void = () => {}) {}

  now(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  state(): ClockState {
    return { now: this.now(), frozen: this.frozenAt !== null };
  }

  /** Freeze or unfreeze, and/or jump to an instant (backwards too); due timers fire at once. */
  set(change: { now?: number; frozen?: boolean }): ClockState {
    const target = change.now ?? this.now();
    const frozen = change.frozen ?? this.frozenAt !== null;
    if (frozen) {
      this.frozenAt = target;
    } else {
      this.frozenAt = null;
      this.offsetMs = target - Date.now();
    }
    this.runDueTimers();
    return this.state();
  }

  /** Moves time forward by `ms` (frozen or not); timers that fall due fire in order, at once. */
  advance(ms: number): ClockState {
    return this.set({ now: this.now() + ms });
  }

  /** Runs `fire` once the clock reaches `at` (epoch ms); returns a cancel function. */
  schedule(at: number, fire: () => void): () => void {
    const timer: Timer = { at, seq: this.timerSeq++, fire };
    this.timers.push(timer);
    this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    this.runDueTimers();
    return () => {
      const index = this.timers.indexOf(timer);
      if (index >= 0) this.timers.splice(index, 1);
      this.armWakeUp();
    };
  }

  /** Drops every timer: the state they belonged to was replaced (reset, snapshot import). */
  cancelTimers(): void {
    this.timers = [];
    this.armWakeUp();
  }

  /** Back to real time, no timers (POST /_dtu/reset). */
  reset(): void {
    this.offsetMs = 0;
    this.frozenAt = null;
    this.cancelTimers();
  }

  private runDueTimers(): void {
    while (this.timers.length && this.timers[0].at <= this.now()) {
      const timer = this.timers.shift()!;
      try {
        timer.fire();
      } catch (error) {
        this.onTimerError(error);
      }
    }
    this.armWakeUp();
  }

  /** One real timer for the earliest pending one; none while frozen (only set/advance move time then). */
  private armWakeUp(): void {
    if (this.wakeUp) clearTimeout(this.wakeUp);
    this.wakeUp = null;
    if (!this.timers.length || this.frozenAt !== null) return;
    // setTimeout's ceiling is about 24.8 days; a later timer just re-arms when this one wakes.
    const delay = Math.min(Math.max(0, this.timers[0].at - this.now()), 2 ** 31 - 1);
    this.wakeUp = setTimeout(() => this.runDueTimers(), delay);
    this.wakeUp.unref();
  }
}

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A duration for /_dtu/clock/advance: milliseconds as a number, or a string such as "90s", "1h30m",
 * "2d" (units ms, s, m, h, d, w). Returns null when it is not one.
 */
export function parseDurationMs(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value !== 'string' || !/^(\d+(\.\d+)?(ms|s|m|h|d|w))+$/.test(value.trim())) return null;
  let total = 0;
  for (const [, amount, unit] of value.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) total += Number(amount) * DURATION_UNITS_MS[unit];
  return total;
}
