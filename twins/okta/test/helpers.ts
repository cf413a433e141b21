// A universe with only the Okta twin, the official SDK pointed at it, and raw HTTP for what the SDK hides.
import okta from '@okta/okta-sdk-nodejs';
import { startUniverse, type Universe } from '../../../shared/universe/start-universe.js';

export async function oktaUniverse(options: { seed?: number; users?: number } = {}): Promise<Universe> {
  return startUniverse({ port: 0, twins: ['okta'], ...options });
}

export function sdk(universe: Universe, token = universe.credentials.okta.apiToken): okta.Client {
  return new okta.Client({ orgUrl: universe.credentials.okta.orgUrl, token, requestExecutor: new okta.DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 0 }) });
}

export async function raw(universe: Universe, path: string, init: { method?: string; body?: unknown; token?: string | null; rawBody?: string } = {}) {
  const token = init.token === undefined ? universe.credentials.okta.apiToken : init.token;
  const res = await fetch(`${universe.credentials.okta.orgUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { accept: 'application/json', ...(token && { authorization: `SSWS ${token}` }), ...((init.body !== undefined || init.rawBody !== undefined) && { 'content-type': 'application/json' }) },
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

/** Every item of an SDK collection, following its Link rel="next" pages. */
export async function collect<T>(collection: AsyncIterable<T>): Promise<NonNullable<T>[]> {
  const out: NonNullable<T>[] = [];
  for await (const item of collection) if (item !== null && item !== undefined) out.push(item);
  return out;
}
