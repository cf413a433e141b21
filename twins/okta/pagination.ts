// Okta's cursor pagination: `limit` (default and maximum per endpoint) and an opaque `after`,
// answered with RFC 5988 `Link` headers whose URLs are absolute on the twin's public URL, since the
// SDK follows rel="next" verbatim (okta-sdk-nodejs src/collection.js). No rel="next" on the last page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { oktaFail } from './errors.js';

export function pageLimit(raw: unknown, max = 200, fallback = max): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw oktaFail.validation('limit', `limit: must be a positive integer, got ${String(raw)}`);
  // Okta serves at most the endpoint's maximum whatever larger limit is asked for.
  return Math.min(n, max);
}

/** Sets Link rel="self" and, when there is more, rel="next" carrying `after`. */
export function setPageLinks(request: FastifyRequest, reply: FastifyReply, publicUrl: string, nextAfter: string | null): void {
  const self = new URL(request.url, `${publicUrl}/`);
  const links = [`<${publicUrl}${self.pathname}${self.search}>; rel="self"`];
  if (nextAfter !== null) {
    self.searchParams.set('after', nextAfter);
    links.push(`<${publicUrl}${self.pathname}${self.search}>; rel="next"`);
  }
  reply.header('link', links);
}

/**
 * One page from `items` (already in cursor order) after the cursor: scans only until it has
 * `limit` matches plus one more to know whether a next page exists.
 */
export function pageOf<T>(items: T[], start: number, limit: number, keep: (item: T) => boolean, cursorOf: (item: T) => string): { page: T[]; nextAfter: string | null } {
  const page: T[] = [];
  for (let i = start; i < items.length; i++) {
    if (!keep(items[i])) continue;
    if (page.length === limit) return { page, nextAfter: cursorOf(page[page.length - 1]) };
    page.push(items[i]);
  }
  return { page, nextAfter: null };
}
