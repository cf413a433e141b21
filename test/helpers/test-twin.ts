// A minimal twin for kernel tests: a list of "things", a schema-checked create, a route that fails
// unexpectedly, and a plain-text error renderer whose output is easy to assert on.
import { Type } from './schema.js';
import type { TwinDefinition } from '../../shared/kernel/twin-definition.js';
import { TwinError, type VendorErrors } from '../../shared/kernel/vendor-errors.js';
import { buildTwinApp } from '../../shared/kernel/twin-server.js';
import { TwinRuntime, type TwinRuntimeOptions } from '../../shared/kernel/twin-runtime.js';
import { loadOrgDefinition, OrgSource } from '../../shared/seeding/fixtures.js';

export interface TestData {
  things: { id: number; name: string }[];
  people: string[];
}

const body = (kind: string, message: string) => ({ kind, message });
export const testErrors: VendorErrors = {
  unauthorized: (m) => ({ status: 401, body: body('unauthorized', m) }),
  forbidden: (m) => ({ status: 403, body: body('forbidden', m) }),
  notFound: (m) => ({ status: 404, body: body('not_found', m) }),
  invalid: (m) => ({ status: 400, body: body('invalid', m) }),
  tooLarge: (m) => ({ status: 413, body: body('too_large', m) }),
  rateLimited: (info) => ({ status: info.status ?? 429, headers: { 'retry-after': String(info.retryAfterSec) }, body: { kind: 'rate_limited', ...info } }),
  serverError: (status, m) => ({ status, body: body('server_error', m) }),
};

export const testTwin: TwinDefinition<TestData> = {
  name: 'slack',
  errors: testErrors,
  seedState: ({ org }) => ({ things: [{ id: 1, name: 'seeded' }], people: org.people.map((p) => p.email) }),
  credentials: ({ seed, publicUrl }) => ({ url: publicUrl, token: `token-${seed}` }),
  rateLimit: (request) => (request.url.startsWith('/limited') ? { name: 'test:limited', limit: 2, windowSec: 60 } : null),
  routes(app, ctx) {
    app.get('/things', { config: { operation: 'things.list' } }, (request) => {
      request.dtuActor = { type: 'user', id: 'U1' };
      return { things: ctx.store.data.things };
    });
    app.post('/things', {
      config: { operation: 'things.create' },
      schema: { body: Type.object({ name: Type.string() }, ['name']) },
    }, (request) => {
      const thing = { id: ctx.store.data.things.length + 1, name: (request.body as { name: string }).name };
      ctx.store.data.things.push(thing);
      request.dtuTarget = { type: 'thing', id: thing.id };
      return thing;
    });
    app.get('/things/:id', { config: { operation: 'things.get' } }, (request) => {
      const thing = ctx.store.data.things.find((t) => t.id === Number((request.params as { id: string }).id));
      if (!thing) throw new TwinError(testErrors.notFound('thing_not_found'));
      return thing;
    });
    app.get('/boom', { config: { operation: 'boom' } }, () => {
      throw new Error('unexpected');
    });
    app.get('/limited', { config: { operation: 'limited' } }, () => ({ ok: true }));
  },
};

export function testOrgSource(users = 5): OrgSource {
  return new OrgSource(loadOrgDefinition(undefined, users));
}

/** A test twin's runtime and app, not listening: drive it with app.inject. */
export async function buildTestTwin(options: Partial<TwinRuntimeOptions> = {}) {
  const runtime = new TwinRuntime(testTwin, { seed: 7, orgSource: testOrgSource(), ...options });
  runtime.publicUrl = 'http://twin.test';
  const app = await buildTwinApp(testTwin, runtime, { bodyLimit: 1024 });
  return { runtime, app };
}
