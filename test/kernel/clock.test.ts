// The kernel clock: freeze, jump, advance, and timers that follow it (fired at once when time is
// moved past them, by a real timer while time runs, never while frozen).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Clock, parseDurationMs } from '../../shared/kernel/clock.js';

const HOUR = 3_600_000;
const clocks: Clock[] = [];
const newClock = (onError?: (error: unknown) => void) => {
  const clock = new Clock(onError);
  clocks.push(clock);
  return clock;
};
afterEach(() => clocks.splice(0).forEach((clock) => clock.reset()));

describe('Clock', () => {
  it('runs with real time until frozen; frozen, it stands still; unfrozen, it runs on from there', async () => {
    const clock = newClock();
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(50);
    const { now: frozenAt } = clock.set({ frozen: true });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(clock.now()).toBe(frozenAt);
    expect(clock.state()).toEqual({ now: frozenAt, frozen: true });
    clock.set({ frozen: false });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(clock.now()).toBeGreaterThan(frozenAt + 10);
    expect(clock.now()).toBeLessThan(Date.now()); // the frozen span is not made up
  });

  it('jumps to an instant and advances by a duration, frozen or not', () => {
    const clock = newClock();
    const at = Date.parse('2030-01-01T00:00:00Z');
    expect(clock.set({ now: at, frozen: true })).toEqual({ now: at, frozen: true });
    expect(clock.advance(2 * HOUR).now).toBe(at + 2 * HOUR);
    clock.set({ frozen: false });
    clock.advance(HOUR);
    expect(Math.abs(clock.now() - (at + 3 * HOUR))).toBeLessThan(50);
  });

  it('fires timers in time order once time is moved past them, and not before', () => {
    const clock = newClock();
    const start = clock.set({ frozen: true }).now;
    const fired: string[] = [];
    clock.schedule(start + 2 * HOUR, () => fired.push('two hours'));
    clock.schedule(start + HOUR, () => fired.push('one hour'));
    const cancel = clock.schedule(start + HOUR, () => fired.push('cancelled'));
    cancel();
    clock.advance(HOUR - 1);
    expect(fired).toEqual([]);
    clock.advance(2 * HOUR);
    expect(fired).toEqual(['one hour', 'two hours']);
  });

  it('fires a due timer at once, a later one by a real timer while time runs, none while frozen', async () => {
    const clock = newClock();
    const fired: string[] = [];
    clock.schedule(clock.now() - 1, () => fired.push('past'));
    expect(fired).toEqual(['past']);
    clock.schedule(clock.now() + 30, () => fired.push('soon'));
    await vi.waitFor(() => expect(fired).toEqual(['past', 'soon']), { timeout: 2_000, interval: 5 });
    clock.set({ frozen: true });
    clock.schedule(clock.now() + 10, () => fired.push('frozen'));
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(fired).toEqual(['past', 'soon']);
  });

  it('a failing timer is reported and does not stop the others; reset drops timers and returns to real time', () => {
    const errors: unknown[] = [];
    const clock = newClock((error) => errors.push(error));
    const start = clock.set({ frozen: true }).now;
    const fired: string[] = [];
    clock.schedule(start + 1, () => { throw new Error('boom'); });
    clock.schedule(start + 2, () => fired.push('after'));
    clock.advance(5);
    expect(fired).toEqual(['after']);
    expect(errors).toEqual([expect.objectContaining({ message: 'boom' })]);
    clock.schedule(clock.now() + HOUR, () => fired.push('dropped'));
    clock.reset();
    expect(clock.state().frozen).toBe(false);
    clock.advance(2 * HOUR);
    expect(fired).toEqual(['after']);
  });
});

describe('parseDurationMs', () => {
  it.each([
    [1500, 1500], ['90s', 90_000], ['1h30m', 5_400_000], ['2d', 172_800_000], ['250ms', 250], ['1w', 604_800_000], ['1.5h', 5_400_000],
  ])('%j → %d ms', (input, ms) => expect(parseDurationMs(input)).toBe(ms));

  it.each([[-1], ['-5m'], ['5 minutes'], ['h'], [''], [null], [{}], [Number.NaN]])('%j is not a duration', (input) => {
    expect(parseDurationMs(input)).toBeNull();
  });
});
