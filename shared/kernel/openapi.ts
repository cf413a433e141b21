// Each twin's own OpenAPI 3 document, built by @fastify/swagger from the routes the twin serves, at
// GET /_dtu/openapi.json, and an offline Swagger UI (@fastify/swagger-ui) at GET /_dtu/docs.
//
// Cold start matters more than the first docs request, so nothing here runs at start but one cheap
// onRoute hook that remembers each route. On the first request the swagger plugins are imported and
// run in a throwaway Fastify instance that replays those routes with no-op handlers (the plugins
// can only see routes registered after them, and a ready app takes no new routes). Vendor requests
// never pass through any of this.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifySchema, type RouteOptions } from 'fastify';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';

/** A route as the twin registered it, one per method. */
export interface DocumentedRoute {
  method: string;
  url: string;
  schema?: FastifySchema;
  /** The vendor's operation name; null for DTU control routes. */
  operation: string | null;
  control: boolean;
}

export type OpenApiDocument = Record<string, any>;

/** The tag of the DTU control routes (/_dtu/*): in the document, apart from the vendor's operations. */
export const CONTROL_TAG = 'DTU control';
/** The vendor's operation name on every vendor operation (operationId is the same name, or name@variant). */
export const VENDOR_OPERATION = 'x-vendor-operation';

const DOCS_PREFIX = '/_dtu/docs';
const DOCUMENT_URL = '/_dtu/openapi.json';

/** How a twin's operations are grouped and named in its document (TwinDefinition.apiDocs). */
export interface ApiDocRules {
  title: string;
  /** The family tag of a vendor operation. */
  family(operation: string, url: string): string;
  /** Where one vendor operation is served at several paths or methods: lower = the canonical one. */
  rank(route: DocumentedRoute): number;
  /** A short label for a non-canonical path, e.g. Jira's v2 twin of a v3 path. */
  pathLabel?(url: string): string | undefined;
}

/** The first part of a dotted operation name (chat.postMessage → chat), if it has one. */
export const dottedFamily = (operation: string) => (operation.includes('.') ? operation.split('.')[0] : undefined);
/** The first path segment after a base (/api/v1/users/:id after /api/v1 → users). */
export const segmentAfter = (url: string, base: RegExp) => url.replace(base, '').split('/').filter(Boolean)[0] ?? 'root';

/** For a twin that declares no rules: families from dotted names, every route canonical. */
export const defaultApiDocRules = (twin: string): ApiDocRules => ({
  title: `${twin} (DTU twin)`,
  family: (operation) => dottedFamily(operation) ?? operation,
  rank: () => 0,
});

/** Remembers every route of `app` registered from now on, for the document. Costs one array push per route. */
export function collectRoutes(app: FastifyInstance): DocumentedRoute[] {
  const routes: DocumentedRoute[] = [];
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith(DOCS_PREFIX) || route.url === DOCUMENT_URL) return;
    for (const method of [route.method].flat()) {
      routes.push({ method, url: route.url, schema: route.schema, operation: route.config?.operation ?? null, control: route.config?.dtuControl === true });
    }
  });
  return routes;
}

/**
 * The routes as documented operations: HEAD beside a GET is the GET (Fastify adds those HEAD routes);
 * operationId is the vendor's operation name on the canonical route of each operation and
 * `name@variant` on the others (another method, Jira's v2 path, Google's upload path), since an
 * OpenAPI document needs unique operationIds. Every vendor operation carries the plain name in
 * x-vendor-operation.
 */
export function documentedOperations(rules: ApiDocRules, routes: DocumentedRoute[]) {
  const gets = new Set(routes.filter((r) => r.method === 'GET').map((r) => r.url));
  const served = routes.filter((r) => !(r.method === 'HEAD' && gets.has(r.url)));
  const byOperation = new Map<string, DocumentedRoute[]>();
  for (const route of served) {
    if (route.operation === null) continue;
    const group = byOperation.get(route.operation) ?? [];
    group.push(route);
    byOperation.set(route.operation, group);
  }
  const ids = new Map<DocumentedRoute, string>();
  const taken = new Set<string>();
  for (const [operation, group] of byOperation) {
    const [canonical, ...others] = [...group].sort((a, b) => rules.rank(a) - rules.rank(b));
    ids.set(canonical, operation);
    taken.add(operation);
    for (const route of others) {
      const label = [rules.pathLabel?.(route.url), route.method !== canonical.method ? route.method : undefined].filter(Boolean).join('.');
      let id = `${operation}@${label || `${route.method} ${route.url}`}`;
      if (taken.has(id)) id = `${operation}@${route.method} ${route.url}`;
      ids.set(route, id);
      taken.add(id);
    }
  }
  return served.map((route) => ({ route, operationId: ids.get(route), canonical: byOperation.get(route.operation ?? '')?.find((r) => ids.get(r) === route.operation) }));
}

/** A vendor route that names no operation (a bug test/openapi catches) is tagged so it stands out. */
const UNNAMED_TAG = 'unnamed (route without config.operation)';

function tagOf(rules: ApiDocRules, route: DocumentedRoute): string {
  if (route.control) return CONTROL_TAG;
  return route.operation === null ? UNNAMED_TAG : rules.family(route.operation, route.url);
}

function operationSchema(rules: ApiDocRules, entry: ReturnType<typeof documentedOperations>[number]): Record<string, unknown> {
  const { route, operationId, canonical } = entry;
  const schema = { ...(route.schema as Record<string, unknown> | undefined) };
  if (route.control || route.operation === null) {
    return { ...schema, tags: [tagOf(rules, route)], ...(route.control && { 'x-dtu-control': true }), summary: schema.summary ?? `${route.method} ${openApiPath(route.url)}` };
  }
  return {
    ...schema,
    operationId,
    tags: [tagOf(rules, route)],
    summary: schema.summary ?? route.operation,
    ...(canonical && canonical !== route && { description: `The vendor's ${route.operation}, also served here (documented at ${canonical.method} ${openApiPath(canonical.url)}).` }),
    [VENDOR_OPERATION]: route.operation,
  };
}

const noop = () => undefined;

/** /files/:fileId(^re)::copy → /files/{fileId}:copy, as @fastify/swagger writes paths. */
export function openApiPath(url: string): string {
  return url.replace(/::|:(\w+)(\([^)]*\))?/g, (match, name: string | undefined) => (name ? `{${name}}` : ':'));
}

/** The twin's OpenAPI 3 document for these routes, generated by @fastify/swagger. */
export async function buildOpenApiDocument(twin: string, rules: ApiDocRules, routes: DocumentedRoute[], serverUrl: string): Promise<OpenApiDocument> {
  const { version } = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  const { default: swagger } = await import('@fastify/swagger');
  const shadow = Fastify({ exposeHeadRoutes: false });
  // The replayed routes never run: skip compiling their validators and serialisers.
  shadow.setValidatorCompiler(() => () => true);
  shadow.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await shadow.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: rules.title,
        version,
        description: `Generated from the routes of the ${twin} twin of the Digital Twin Universe. Operation ids are the vendor's own operation names; `
          + `where one operation is served at several methods or paths, the others are named name@variant and carry the name in ${VENDOR_OPERATION}. `
          + `Operations tagged "${CONTROL_TAG}" are the twin's /_dtu control routes, not the vendor's API.`,
      },
      servers: [{ url: serverUrl }],
    },
    stripBasePath: false,
  });
  const operations = documentedOperations(rules, routes);
  for (const entry of operations) {
    shadow.route({ method: entry.route.method as RouteOptions['method'], url: entry.route.url, schema: operationSchema(rules, entry) as FastifySchema, handler: noop });
  }
  await shadow.ready();
  const document = shadow.swagger() as OpenApiDocument;
  await shadow.close();
  const families = [...new Set(operations.map((e) => tagOf(rules, e.route)))].filter((tag) => tag !== CONTROL_TAG).sort();
  document.tags = [...families.map((name) => ({ name })), { name: CONTROL_TAG, description: 'The twin\'s control routes (CONTRACT.md): health, reset, snapshot, chaos, clock, events.' }];
  return document;
}

export interface ApiDocsOptions {
  twin: string;
  rules: ApiDocRules;
  routes: DocumentedRoute[];
  publicUrl(): string;
}

/** GET /_dtu/openapi.json and GET /_dtu/docs on the twin's app; both built on first request. */
export function registerApiDocs(app: FastifyInstance, options: ApiDocsOptions) {
  let cached: { url: string; document: Promise<OpenApiDocument>; json: Promise<string> } | null = null;
  const documentFor = (url: string) => {
    if (cached?.url !== url) {
      const document = buildOpenApiDocument(options.twin, options.rules, options.routes, url);
      cached = { url, document, json: document.then((value) => JSON.stringify(value)) };
      // A failed build is retried on the next request rather than cached.
      cached.json.catch(() => { cached = null; });
    }
    return cached;
  };
  let ui: Promise<FastifyInstance> | null = null;
  const config = { dtuControl: true };

  app.get(DOCUMENT_URL, { config }, async (_request, reply) => reply.type('application/json; charset=utf-8').send(await documentFor(options.publicUrl()).json));

  const docs = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!ui) {
      ui = documentFor(options.publicUrl()).document.then((document) => swaggerUi(document, `${document.info.title}: API reference`));
      ui.catch(() => { ui = null; });
    }
    const etag = request.headers['if-none-match'];
    const answer = await (await ui).inject({ method: 'GET', url: request.url, headers: etag ? { 'if-none-match': etag } : {} });
    // Not found in DTU's own control-route shape (CONTRACT.md), like every other /_dtu path.
    if (answer.statusCode === 404) return reply.code(404).send({ ok: false, error: 'not_found', message: `no control route GET ${request.url.split('?')[0]}` });
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date'].includes(name)) reply.header(name, value);
    }
    return reply.code(answer.statusCode).send(answer.rawPayload.length ? answer.rawPayload : undefined);
  };
  app.get(DOCS_PREFIX, { config }, docs);
  app.get(`${DOCS_PREFIX}/*`, { config }, docs);
  app.addHook('onClose', async () => {
    await ui?.then((instance) => instance.close(), () => undefined);
  });
}

/** @fastify/swagger-ui on its own instance, serving its bundled assets (no CDN) and this document. */
async function swaggerUi(document: OpenApiDocument, title: string): Promise<FastifyInstance> {
  const [{ default: swagger }, { default: swaggerUiPlugin }] = await Promise.all([import('@fastify/swagger'), import('@fastify/swagger-ui')]);
  const instance = Fastify();
  await instance.register(swagger, { mode: 'static', specification: { document: document as any } });
  await instance.register(swaggerUiPlugin, { routePrefix: DOCS_PREFIX, uiConfig: { deepLinking: true, docExpansion: 'none' }, validatorUrl: false, theme: { title } });
  await instance.ready();
  return instance;
}
