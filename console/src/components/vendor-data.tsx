// Data helpers shared by the vendor views (Slack, Jira, Drive, Okta): a loader hook that keeps the last
// answer while it refetches (so live updates do not flash), a debounced reload for bursts of events,
// and an avatar that falls back to initials.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` when `deps` change and on `reload()`; an answer that arrives after a newer request is dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  const depsKey = JSON.stringify(deps);
  const lastKey = useRef(depsKey);
  useEffect(() => {
    const mine = ++generation.current;
    // A new item (other channel, other issue) starts empty; a reload of the same one keeps what is shown.
    const sameItem = lastKey.current === depsKey;
    lastKey.current = depsKey;
    setState((s) => (sameItem ? { ...s, loading: true } : { loading: true }));
    load().then(
      (data) => mine === generation.current && setState({ data, loading: false }),
      (error: unknown) => mine === generation.current && setState((s) => ({ data: sameItem ? s.data : undefined, error, loading: false })),
    );
  }, [depsKey, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** Calls `fn` once after `ms` of quiet: a burst of live events becomes one refetch. */
export function useDebounced(fn: () => void, ms = 150): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(), ms);
  }, [ms]);
}

/** Calls `fn` whenever `value` changes after the first render (not on mount). */
export function useOnChange(value: unknown, fn: () => void): void {
  const seen = useRef(value);
  useEffect(() => {
    if (Object.is(seen.current, value)) return;
    seen.current = value;
    fn();
  }, [value]);
}

/** A live event that changed something: inbound, not a read (GET, or a search sent as POST). */
export function isWrite(event: { direction?: string; method?: string; operation?: string | null; url?: string }): boolean {
  if (event.direction && event.direction !== 'in') return false;
  if (!event.method || event.method === 'GET' || event.method === 'HEAD') return false;
  return !/search|\.list|\.history|\.replies|\.info/i.test(`${event.operation ?? ''} ${event.url ?? ''}`);
}

/** A person's picture, or their initials when there is no picture or it does not load. */
export function Avatar({ src, name, size = 32 }: { src?: string; name: string; size?: number }) {
  const [failed, setFailed] = useState(false);
  const initials = name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]!.toUpperCase()).join('');
  const style = { width: `${size}px`, height: `${size}px` };
  if (!src || failed) return <span class="vendor-avatar vendor-avatar-initials" style={style} aria-hidden="true">{initials}</span>;
  return <img class="vendor-avatar" src={src} alt="" width={size} height={size} style={style} onError={() => setFailed(true)} />;
}

/** A vendor timestamp shown in the reader's locale; ISO strings and epoch seconds both work. */
export function formatTime(value: string | number | undefined): string {
  if (value === undefined || value === '') return '';
  const date = typeof value === 'number' || /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString();
}
