// Live updates: the control plane's merged journal over a websocket (/_dtu/events/stream), and a
// polling hook for things the stream does not carry (chaos hits, health).
import { useEffect, useRef } from 'preact/hooks';
import type { JournalEvent } from '../../shared/kernel/journal.js';
import type { TwinName } from './api';

/** One journal event as /_dtu/events and the stream send it: the server's own type (type-only, erased by the build). */
export type { JournalEvent };

export interface StreamFilter {
  twin?: TwinName;
  testId?: string;
  /** Replay retained events after this seq first (default: only new events). */
  since?: number;
  /** Not connected while true (e.g. until a first read says where to start). */
  off?: boolean;
}

/** Opens the stream; answers a function that closes it. Reconnects after a drop, reading on from the last seq. */
export function openEventStream(filter: StreamFilter, onEvent: (event: JournalEvent) => void): () => void {
  let closed = false;
  let socket: WebSocket | undefined;
  let last = filter.since;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const connect = () => {
    const params = new URLSearchParams();
    if (filter.twin) params.set('twin', filter.twin);
    if (filter.testId) params.set('testId', filter.testId);
    if (last !== undefined) params.set('since', String(last));
    socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/_dtu/events/stream?${params}`);
    socket.onmessage = (message) => {
      const event = JSON.parse(String(message.data)) as JournalEvent;
      last = event.seq;
      onEvent(event);
    };
    socket.onclose = () => {
      if (!closed) retry = setTimeout(connect, 1000);
    };
  };
  connect();
  return () => {
    closed = true;
    clearTimeout(retry);
    socket?.close();
  };
}

/**
 * Calls `onEvent` for every new journal event matching `filter` while the component is mounted.
 * The latest `onEvent` is used without reconnecting; a change of filter reconnects.
 */
export function useEventStream(filter: StreamFilter, onEvent: (event: JournalEvent) => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => (filter.off ? undefined : openEventStream(filter, (event) => handler.current(event))), [filter.twin, filter.testId, filter.since, filter.off]);
}

/** Runs `tick` now and then every `ms` while mounted (skipping a round while the previous one runs). */
export function useInterval(tick: () => Promise<unknown> | void, ms: number, deps: unknown[] = []): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    let busy = false;
    const run = async () => {
      if (busy) return;
      busy = true;
      try {
        await latest.current();
      } finally {
        busy = false;
      }
    };
    void run();
    const timer = setInterval(run, ms);
    return () => clearInterval(timer);
  }, [ms, ...deps]);
}
