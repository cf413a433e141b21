// Path-based routing: one URL per view and item (/people/<email>, /journal/<seq>, …), so links can be
// shared and opened in a new tab (the control plane answers index.html for every console path).
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());

/** Goes to a console path without reloading the page. */
export function navigate(path: string): void {
  if (path === location.pathname + location.search) return;
  history.pushState(null, '', path);
  notify();
  window.scrollTo(0, 0);
}

/** The whole path split into URL-decoded segments: "/people/a%40b.c" → ["people", "a@b.c"]. */
export function pathSegments(pathname = location.pathname): string[] {
  return pathname.split('/').filter(Boolean).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
}

/** Re-renders on every navigation; answers the whole path's segments. */
export function usePath(): string[] {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return pathSegments();
}

/** The path segments after the view name: on /jira/ENG/ENG-1 → ["ENG", "ENG-1"]. */
export function useRoute(): string[] {
  return usePath().slice(1);
}

/** Builds a console path from segments, encoding each: href('people', email). */
export function href(...segments: (string | number)[]): string {
  return `/${segments.map((s) => encodeURIComponent(String(s))).join('/')}`;
}

/**
 * Intercepts clicks on same-origin `<a href>` links (plain left clicks only, so middle-click and
 * ctrl/cmd-click still open a new tab) and back/forward navigation.
 */
export function startRouter(): void {
  window.addEventListener('popstate', notify);
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/_dtu/')) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
}
