// Okta Management API reads for the Okta view: pages that follow the Link header's rel="next", and
// the shapes the view shows.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, twin } from '../api';

export interface OktaUser {
  id: string;
  status: string;
  created?: string;
  lastLogin?: string | null;
  statusChanged?: string;
  profile: Record<string, string | null | undefined> & { login: string; email?: string; firstName?: string; lastName?: string };
}

export interface OktaGroup {
  id: string;
  type: string;
  profile: { name: string; description?: string | null };
}

export interface OktaApp {
  id: string;
  name: string;
  label: string;
  status: string;
  signOnMode?: string;
}

export interface AppUser {
  id: string;
  scope: string;
  status: string;
  syncState?: string;
  credentials?: { userName?: string };
}

export interface AppLink {
  id: string;
  label: string;
  appName: string;
  appInstanceId: string;
}

export interface LogEvent {
  uuid: string;
  published: string;
  eventType: string;
  displayMessage?: string;
  severity: string;
  actor?: { displayName?: string; alternateId?: string };
  outcome?: { result: string; reason?: string | null };
  target?: { displayName?: string; alternateId?: string; type: string }[] | null;
}

export const okta = <T,>(path: string) => twin<T>('okta', path);

/** One page and the path of the next one (from `Link: <…>; rel="next"`), both through the console proxy. */
export async function oktaPage<T>(path: string): Promise<{ items: T[]; next?: string }> {
  const response = await fetch(`/_dtu/console/proxy/okta${path}`, { headers: { accept: 'application/json' } });
  const body = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(response.status, body);
  const link = response.headers.get('link') ?? '';
  const next = /<([^>]+)>\s*;\s*rel="next"/.exec(link)?.[1];
  const url = next ? new URL(next, location.href) : undefined;
  return { items: body as T[], next: url ? url.pathname + url.search : undefined };
}

/** A list read page by page on demand (`more()`), restarting when `first` changes. */
export function usePaged<T>(first: string) {
  const [state, setState] = useState<{ items: T[]; next?: string; error?: unknown; loading: boolean }>({ items: [], loading: true });
  const busy = useRef(false);
  const generation = useRef(0);
  const load = useCallback(async (path: string, append: boolean) => {
    const mine = append ? generation.current : ++generation.current;
    busy.current = true;
    setState((s) => ({ ...(append ? s : { items: [] }), loading: true }));
    try {
      const page = await oktaPage<T>(path);
      if (mine === generation.current) setState((s) => ({ items: append ? [...s.items, ...page.items] : page.items, next: page.next, loading: false }));
    } catch (error) {
      if (mine === generation.current) setState((s) => ({ ...s, error, loading: false }));
    } finally {
      busy.current = false;
    }
  }, []);
  useEffect(() => void load(first, false), [first]);
  const more = useCallback(() => {
    if (!busy.current && state.next) void load(state.next, true);
  }, [state.next]);
  return { ...state, more };
}

/** Mounted by a virtual list only once it scrolls into view: asks for the next page. */
export function LoadMore({ onVisible }: { onVisible: () => void }) {
  useEffect(() => onVisible(), []);
  return <span class="muted okta-more" role="status">Loading more…</span>;
}

export function statusClass(status: string): string {
  const s = status.toUpperCase();
  if (s === 'ACTIVE' || s === 'PROVISIONED' || s === 'SYNCHRONIZED' || s === 'SUCCESS') return 'active';
  if (s === 'SUSPENDED' || s === 'PENDING' || s === 'STAGED' || s === 'PROVISIONED_PENDING' || s === 'RECOVERY' || s === 'PASSWORD_EXPIRED' || s === 'LOCKED_OUT') return 'suspended';
  if (s === 'DEPROVISIONED' || s === 'ERROR' || s === 'INACTIVE' || s === 'FAILURE') return 'deactivated';
  return 'absent';
}
