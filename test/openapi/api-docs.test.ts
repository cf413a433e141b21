// Each twin's own OpenAPI document (GET /_dtu/openapi.json, committed as api-docs/<twin>.json) names
// every route the twin serves with the vendor's operation name, is a valid OpenAPI 3 document, stays
// current with the routes, and (with ../shared/api-docs) uses only names the vendor's own description
// has, apart from the commented allow-list api-docs/vendor-extras.json. /_dtu/docs is an offline Swagger UI.
import SwaggerParser from '@apidevtools/swagger-parser';
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicUrlFor } from '../../shared/kernel/public-url.js';
import { buildTwinApp } from '../../shared/kernel/twin-server.js';
import { TwinRuntime } from '../../shared/kernel/twin-runtime.js';
import { loadOrgDefinition, OrgSource } from '../../shared/seeding/fixtures.js';
import { DEFAULT_PORT_BASE, TWIN_NAMES, twinPort, type TwinName } from '../../shared/twin-names.js';
import { TWINS } from '../../twins/index.js';
import { API_DOCS_DIR, compareWithVendor, hasVendorDocs, readExtrasAllowList } from '../../scripts/vendor-operations.mjs';
import { buildTestTwin } from '../helpers/test-twin.js';

// @fastify/swagger's own URL conversion (/files/:id(^re)::copy → /files/{id}:copy), so the path check
// does not lean on the code under test.
const { formatParamUrl } = createRequire(import.meta.url)('@fastify/swagger/lib/util/format-param-url.js') as { formatParamUrl(url: string): string };

interface ServedRoute { method: string; url: string; operation: string | undefined; control: boolean }

interface Built { app: FastifyInstance; served: ServedRoute[]; document: any }
const built = new Map<TwinName, Built>();

/** The twin as `dtu up` builds it, with the public URL of the default ports; `served` = its vendor routes, seen by onRoute. */
async function buildTwin(twin: TwinName): Promise<Built> {
  const definition = TWINS[twin];
  const served: ServedRoute[] = [];
  const watched = {
    ...definition,
    routes(app: FastifyInstance, ctx: any) {
      app.addHook('onRoute', (route) => {
        for (const method of [route.method].flat()) served.push({ method, url: route.url, operation: route.config?.operation, control: route.config?.dtuControl === true });
      });
      return definition.routes(app, ctx);
    },
  };
  const runtime = new TwinRuntime(watched, { seed: 1, orgSource: new OrgSource(loadOrgDefinition(undefined, 3)) });
  runtime.publicUrl = publicUrlFor({ twin, host: '127.0.0.1', port: twinPort(DEFAULT_PORT_BASE, twin) });
  const app = await buildTwinApp(watched, runtime);
  const answer = await app.inject({ method: 'GET', url: '/_dtu/openapi.json' });
  expect(answer.statusCode).toBe(200);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  return { app, served, document: answer.json() };
}

beforeAll(async () => {
  for (const twin of TWIN_NAMES) built.set(twin, await buildTwin(twin));
});
afterAll(async () => {
  for (const { app } of built.values()) await app.close();
});

describe.each(TWIN_NAMES)('%s twin OpenAPI document', (twin) => {
  it('names every route the twin serves with the vendor operation name', () => {
    const { served, document } = built.get(twin)!;
    expect(served.length).toBeGreaterThan(10);
    const gets = new Set(served.filter((r) => r.method === 'GET').map((r) => r.url));
    const problems: string[] = [];
    for (const route of served) {
      if (!route.control && !route.operation) problems.push(`${route.method} ${route.url} has no config.operation`);
      // Fastify answers HEAD on every GET route: documented as the GET.
      const method = route.method === 'HEAD' && gets.has(route.url) ? 'get' : route.method.toLowerCase();
      const operation = document.paths[formatParamUrl(route.url)]?.[method];
      if (!operation) {
        problems.push(`${route.method} ${route.url} is missing from the document`);
      } else if (route.control) {
        if (!operation.tags?.includes('DTU control')) problems.push(`${route.method} ${route.url} is not tagged DTU control`);
      } else if (operation['x-vendor-operation'] !== route.operation || !(operation.operationId === route.operation || operation.operationId?.startsWith(`${route.operation}@`))) {
        problems.push(`${route.method} ${route.url}: document names it ${operation.operationId} / ${operation['x-vendor-operation']}, the route ${route.operation}`);
      }
    }
    expect(problems).toEqual([]);
    // Each operation's canonical route carries the plain vendor name.
    const ids = new Set(Object.values(document.paths).flatMap((item: any) => Object.values(item).map((op: any) => op.operationId)));
    const missing = [...new Set(served.filter((r) => !r.control).map((r) => r.operation))].filter((name) => !ids.has(name));
    expect(missing).toEqual([]);
    expect(document.servers).toEqual([{ url: publicUrlFor({ twin, host: '127.0.0.1', port: twinPort(DEFAULT_PORT_BASE, twin) }) }]);
    expect(document.paths['/_dtu/health']?.get?.tags).toEqual(['DTU control']);
  });

  it('is a valid OpenAPI 3 document (swagger-parser) with a tag per family', async () => {
    const { document } = built.get(twin)!;
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeTruthy();
    const declared = new Set(document.tags.map((tag: { name: string }) => tag.name));
    const used = new Set(Object.values(document.paths).flatMap((item: any) => Object.values(item).flatMap((op: any) => op.tags)));
    expect([...used].filter((tag) => !declared.has(tag))).toEqual([]);
    expect(declared.size).toBeGreaterThan(3);
  });

  it('is committed as api-docs/<twin>.json, up to date', () => {
    const { document } = built.get(twin)!;
    const committed = JSON.parse(readFileSync(join(API_DOCS_DIR, `${twin}.json`), 'utf8'));
    const key = (doc: any) => new Set(Object.entries(doc.paths).flatMap(([path, item]: [string, any]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`)));
    const [now, then] = [key(document), key(committed)];
    const added = [...now].filter((k) => !then.has(k));
    const removed = [...then].filter((k) => !now.has(k));
    const stale = `api-docs/${twin}.json is out of date (new: ${added.join(', ') || 'none'}; gone: ${removed.join(', ') || 'none'}); regenerate it: npx tsc -p tsconfig.build.json && npm run coverage:vendor`;
    expect(added.length + removed.length, stale).toBe(0);
    expect(JSON.stringify(document) === JSON.stringify(committed), stale).toBe(true);
  });

  it.skipIf(!hasVendorDocs())('uses only operation names in the vendor description, apart from the allow-list', async () => {
    const { document } = built.get(twin)!;
    const coverage = await compareWithVendor(twin, document);
    const allowed = readExtrasAllowList()[twin] ?? {};
    const extras = coverage.extras.map((e) => e.name);
    expect(extras.filter((name) => !(name in allowed)), 'twin operations the vendor description does not have: name them as the vendor does, or explain them in api-docs/vendor-extras.json').toEqual([]);
    expect(Object.keys(allowed).filter((name) => !extras.includes(name)), 'api-docs/vendor-extras.json entries no longer needed').toEqual([]);
    expect(coverage.misplaced.map((m) => `${m.name}: twin ${m.method} ${m.path}, vendor ${m.vendor.join(' | ')}`)).toEqual([]);
    expect(coverage.totals.reduce((n, t) => n + t.implemented, 0)).toBeGreaterThan(20);
  });

  it('serves an offline Swagger UI at /_dtu/docs', async () => {
    const { app } = built.get(twin)!;
    const page = await app.inject({ method: 'GET', url: '/_dtu/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('swagger-ui-bundle.js');
    // Every asset comes from the twin itself: no CDN.
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.filter((url) => !url.startsWith('/_dtu/docs/'))).toEqual([]);
    for (const url of assets) expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    const missing = await app.inject({ method: 'GET', url: '/_dtu/docs/static/nothing.js' });
    expect([missing.statusCode, missing.json()]).toEqual([404, { ok: false, error: 'not_found', message: 'no control route GET /_dtu/docs/static/nothing.js' }]);
    const spec = await app.inject({ method: 'GET', url: '/_dtu/docs/json' });
    expect(spec.json().paths).toEqual(built.get(twin)!.document.paths);
  });
});

describe('route schemas', () => {
  it('a route\'s own schema lands in the document (request body of the test twin\'s POST /things)', async () => {
    const { app } = await buildTestTwin();
    try {
      const document = (await app.inject({ method: 'GET', url: '/_dtu/openapi.json' })).json();
      expect(document.servers).toEqual([{ url: 'http://twin.test' }]);
      const create = document.paths['/things'].post;
      expect(create.operationId).toBe('things.create');
      expect(create.requestBody.content['application/json'].schema).toMatchObject({ type: 'object', required: ['name'], properties: { name: { type: 'string' } } });
      expect(document.paths['/things/{id}'].get.parameters).toEqual([expect.objectContaining({ in: 'path', name: 'id', required: true })]);
    } finally {
      await app.close();
    }
  });
});
