// The fuzz suite's universe: the four twins started as startUniverse starts them (one org, peers over
// loopback HTTP), each with an onRoute collector registered before its vendor routes, so every route a
// twin serves, now or after a new one is added, is fuzzed without editing the tests.
import type { FastifySchema, InjectOptions } from 'fastify';
import { createHash } from 'node:crypto';
import { Peers } from '../../shared/kernel/peers.js';
import { startTwin, type LogLevel, type RunningTwin } from '../../shared/kernel/twin-server.js';
import { loadOrgDefinition, OrgSource } from '../../shared/seeding/fixtures.js';
import { TWIN_NAMES, type TwinName } from '../../shared/twin-names.js';
import { TWINS } from '../../twins/index.js';

export interface FuzzRoute {
  twin: TwinName;
  method: string;
  /** Fastify pattern, e.g. /api/v1/users/:id or /v4/spreadsheets/:spreadsheetId(^[^/:]+)::batchUpdate. */
  url: string;
  operation: string | null;
  schema?: FastifySchema;
}

export interface FuzzUniverse {
  twins: Map<TwinName, RunningTwin>;
  routes: FuzzRoute[];
  /** Each twin's section of the credentials document. */
  credentials: Record<TwinName, any>;
  close(): Promise<void>;
}

export async function startFuzzUniverse(seed: number, users: number, logLevel: LogLevel = 'silent'): Promise<FuzzUniverse> {
  const orgSource = new OrgSource(loadOrgDefinition(undefined, users));
  orgSource.get(seed);
  const peers = new Peers();
  const twins = new Map<TwinName, RunningTwin>();
  const routes: FuzzRoute[] = [];
  try {
    await Promise.all(TWIN_NAMES.map(async (name) => {
      const definition = TWINS[name];
      const collected = {
        ...definition,
        async routes(app: Parameters<typeof definition.routes>[0], ctx: Parameters<typeof definition.routes>[1]) {
          app.addHook('onRoute', (route) => {
            // HEAD is Fastify's automatic twin of GET: fuzzing the GET covers it.
            for (const method of [route.method].flat()) {
              if (method !== 'HEAD') routes.push({ twin: name, method, url: route.url, operation: route.config?.operation ?? null, schema: route.schema });
            }
          });
          await definition.routes(app, ctx);
        },
      };
      const twin = await startTwin(collected, { seed, orgSource, host: '127.0.0.1', port: 0, peers, logLevel });
      twins.set(name, twin);
      peers.set(name, twin.url);
    }));
  } catch (error) {
    await Promise.all([...twins.values()].map((twin) => twin.close()));
    throw error;
  }
  const credentials = {} as Record<TwinName, any>;
  for (const [name, twin] of twins) Object.assign(credentials, await twin.runtime.credentials());
  return { twins, routes, credentials, close: async () => { await Promise.all([...twins.values()].map((twin) => twin.close())); } };
}

/** A digest of a twin's whole state, to show a refused write changed nothing. */
export async function stateDigest(twin: RunningTwin): Promise<string> {
  const snapshot = await twin.runtime.snapshot();
  return createHash('sha256').update(JSON.stringify(snapshot.twins)).digest('hex');
}

/** The parameter names of a route pattern, in order. */
export function pathParams(url: string): string[] {
  return [...url.replace(/::/g, '').matchAll(/:(\w+)/g)].map((m) => m[1]);
}

/** The concrete path of a pattern with each parameter replaced by its (already encoded) value. */
export function fillPath(url: string, values: Record<string, string>): string {
  // "::" is Fastify's literal colon; a parameter may carry a regex in parentheses.
  return url.split('::').map((part) => part.replace(/:(\w+)(\((?:[^()]|\([^()]*\))*\))?/g, (_, name: string) => values[name] ?? 'x')).join(':');
}

/** The credentials a route of `twin` accepts: Authorization header values, valid ones first. */
export function validAuth(twin: TwinName, url: string, credentials: Record<TwinName, any>): string {
  const c = credentials[twin];
  switch (twin) {
    case 'okta': return `SSWS ${c.apiToken}`;
    case 'slack': return `Bearer ${url.startsWith('/scim/') ? c.scimToken : c.botToken}`;
    case 'jira': return url.startsWith('/scim/') ? `Bearer ${c.scim.apiKey}` : `Basic ${Buffer.from(`${c.email}:${c.apiToken}`).toString('base64')}`;
    case 'google': return `Bearer ${c.accessToken}`;
  }
}

/**
 * Ids and keys the twin itself hands out, from one authenticated GET of every parameterless route:
 * path parameters drawn from these reach the handlers' deeper branches instead of only "not found".
 */
export async function harvestIds(universe: FuzzUniverse, twin: TwinName): Promise<string[]> {
  const app = universe.twins.get(twin)!.app;
  const found = new Set<string>();
  const walk = (node: unknown, key = '', depth = 0): void => {
    if (depth > 6 || found.size > 200) return;
    if (typeof node === 'string') {
      if (/^(id|key|accountId|primaryEmail|spreadsheetId|documentId|name)$/.test(key) && node.length < 80 && !node.includes('/')) found.add(node);
    } else if (Array.isArray(node)) node.slice(0, 5).forEach((item) => walk(item, key, depth + 1));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k, depth + 1);
  };
  const lists = universe.routes.filter((r) => r.twin === twin && r.method === 'GET' && !r.url.includes(':'));
  for (const route of lists) {
    const request: InjectOptions = { method: 'GET', url: route.url, headers: { authorization: validAuth(twin, route.url, universe.credentials) } };
    const response = await app.inject(request);
    if (response.statusCode === 200 && response.headers['content-type']?.toString().includes('json')) walk(response.json());
  }
  // Jira's SCIM directory id is a path parameter every SCIM route needs.
  if (twin === 'jira') found.add(universe.credentials.jira.scim.directoryId);
  return [...found].sort();
}
