// The other twins of the universe as one twin sees them: their base URLs and, fetched from their own
// /_dtu/credentials, the credentials an integration would be configured with (Okta's provisioning
// connection to Slack SCIM, Jira's Slack app). Cross-twin behaviour goes through the peers' public
// HTTP APIs, never their memory, so it works the same when every twin runs in its own container.
import { isTwinName, TWIN_NAMES, type TwinName } from '../twin-names.js';

export class PeerSpecError extends Error {}

/** "slack=http://slack:4102,jira=http://jira:4103" → {slack: "http://slack:4102", jira: …}. */
export function parsePeers(spec: string): Partial<Record<TwinName, string>> {
  const peers: Partial<Record<TwinName, string>> = {};
  for (const entry of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name, url] = entry.split(/=(.*)/s);
    if (!isTwinName(name)) throw new PeerSpecError(`unknown twin "${name}" in peers (twins: ${TWIN_NAMES.join(', ')})`);
    if (!url || !/^https?:\/\//.test(url)) throw new PeerSpecError(`peers entry "${entry}" needs a URL: ${name}=http://host:port`);
    peers[name] = url.replace(/\/+$/, '');
  }
  return peers;
}

export class PeerUnavailableError extends Error {}

export class Peers {
  private readonly urls = new Map<TwinName, string>();
  /** Credentials per peer and seed: fetched once, dropped when the fetch failed. */
  private readonly credentialCache = new Map<string, Promise<Record<string, any>>>();

  constructor(initial: Partial<Record<TwinName, string>> = {}) {
    for (const [name, url] of Object.entries(initial)) if (url) this.urls.set(name as TwinName, url);
  }

  /** Sets (or, with undefined, removes) where a peer listens. */
  set(name: TwinName, url: string | undefined): void {
    if (url) this.urls.set(name, url.replace(/\/+$/, ''));
    else this.urls.delete(name);
    for (const key of this.credentialCache.keys()) if (key.startsWith(`${name}@`)) this.credentialCache.delete(key);
  }

  /** The peer's base URL without a trailing slash, or undefined when this twin was not told of it. */
  url(name: TwinName): string | undefined {
    return this.urls.get(name);
  }

  known(): TwinName[] {
    return [...this.urls.keys()];
  }

  /**
   * The peer's section of its credentials document for `seed` (the universe shares one seed, so the
   * cache key is the asking twin's seed). Throws PeerUnavailableError when the peer is unknown or down.
   */
  credentials(name: TwinName, seed: number): Promise<Record<string, any>> {
    const base = this.urls.get(name);
    if (!base) return Promise.reject(new PeerUnavailableError(`no ${name} twin configured (peers)`));
    const key = `${name}@${seed}`;
    let pending = this.credentialCache.get(key);
    if (!pending) {
      pending = fetchCredentials(name, base);
      pending.catch(() => this.credentialCache.delete(key));
      this.credentialCache.set(key, pending);
    }
    return pending;
  }
}

async function fetchCredentials(name: TwinName, base: string): Promise<Record<string, any>> {
  let response: Response;
  try {
    response = await fetch(`${base}/_dtu/credentials`, { signal: AbortSignal.timeout(5_000) });
  } catch (error) {
    throw new PeerUnavailableError(`the ${name} twin at ${base} did not answer: ${(error as Error).message}`);
  }
  if (!response.ok) throw new PeerUnavailableError(`the ${name} twin at ${base} answered ${response.status} for its credentials`);
  const document = (await response.json()) as Record<string, Record<string, any>>;
  if (!document[name]) throw new PeerUnavailableError(`the twin at ${base} is not a ${name} twin`);
  return document[name];
}
