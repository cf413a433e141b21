// Schema-driven fuzzing of every route every twin serves (collected as the twins register them): random
// types, missing and extra fields, huge strings, unicode with lone surrogates and NUL, deep JSON, wrong
// content types, malformed JSON, random query strings and path parameters, with valid, invalid and no
// credentials. Without chaos: no answer >= 500, the twin still answers, every refusal in the vendor's
// shape, and a refused write changes no state.
// Replay a failure: DTU_FUZZ_SEED=<suite seed> DTU_FUZZ_ROUTE='<twin> <METHOD> <pattern>' (both printed),
// DTU_FUZZ_LOG=error to see the twin's stack trace; DTU_FUZZ_RUNS=40 for a deeper run than CI's.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogLevel } from '../../shared/kernel/twin-server.js';
import { TWIN_NAMES, type TwinName } from '../../shared/twin-names.js';
import { requestArbitrary, type FuzzRequest } from './fuzz-inputs.js';
import { harvestIds, startFuzzUniverse, stateDigest, validAuth, type FuzzRoute, type FuzzUniverse } from './fuzz-routes.js';
import { routeInput } from './fuzz-schemas.js';
import { isRefusal, shapeProblem, type Answer } from './fuzz-shapes.js';

const SEED = Number(process.env.DTU_FUZZ_SEED ?? 20261122);
/** Runs per route; routes with a described body of many fields get four times as many, control routes a quarter. */
const RUNS = Number(process.env.DTU_FUZZ_RUNS ?? 8);
const ONLY = process.env.DTU_FUZZ_ROUTE;
/** Per test: bounded for CI at the default runs, stretched for a deeper local run. */
const TIMEOUT = 60_000 * Math.max(1, RUNS / 8);

let universe: FuzzUniverse;
const ids = new Map<TwinName, string[]>();
beforeAll(async () => {
  universe = await startFuzzUniverse(7, 8, (process.env.DTU_FUZZ_LOG as LogLevel | undefined) ?? 'silent');
  for (const twin of TWIN_NAMES) ids.set(twin, await harvestIds(universe, twin));
}, 60_000);
afterAll(() => universe?.close());

const routeName = (route: FuzzRoute) => `${route.twin} ${route.method} ${route.url}`;
const routesOf = (twin: TwinName) => universe.routes.filter((r) => r.twin === twin && (!ONLY || routeName(r) === ONLY));
/** A stable per-route seed, so adding a route does not change the inputs of the others. */
const routeSeed = (route: FuzzRoute) => [...routeName(route)].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, SEED);
const arbitraryFor = (route: FuzzRoute) => requestArbitrary(route, routeInput(route), ids.get(route.twin)!, validAuth(route.twin, route.url, universe.credentials));

async function send(route: FuzzRoute, request: FuzzRequest): Promise<Answer> {
  const response = await universe.twins.get(route.twin)!.app.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, payload: request.payload });
  return { status: response.statusCode, contentType: String(response.headers['content-type'] ?? ''), body: response.body, wwwAuthenticate: response.headers['www-authenticate']?.toString() };
}

const cut = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text);
const describeRequest = (request: FuzzRequest) => JSON.stringify({
  ...request, url: cut(request.url),
  headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, cut(v)])),
  payload: typeof request.payload === 'string' ? cut(request.payload) : request.payload,
});

/** Each route starts from the seeded state, so what one route's fuzzing deleted does not starve the next. */
const resetTwin = (twin: TwinName) => universe.twins.get(twin)!.runtime.reset();

/** Fuzzes one route; answers the failure (seed, counterexample, what was wrong) or null. */
async function fuzzRoute(route: FuzzRoute): Promise<string | null> {
  const rich = Object.keys(routeInput(route).body?.properties ?? {}).length >= 4;
  const numRuns = route.url.startsWith('/_dtu/') ? Math.max(2, RUNS / 4) : rich ? RUNS * 4 : RUNS;
  const property = fc.asyncProperty(arbitraryFor(route), async (request) => {
    const answer = await send(route, request);
    const problem = shapeProblem(route.twin, route.url, answer);
    if (problem) throw new Error(`${problem}: ${answer.body.slice(0, 300)}`);
  });
  await resetTwin(route.twin);
  const seed = routeSeed(route);
  const details = await fc.check(property, { seed, numRuns, endOnFailure: true });
  if (!details.failed) return null;
  return `${routeName(route)} (fast-check seed ${seed}, path ${details.counterexamplePath}): ${(details.errorInstance as Error)?.message}\n    request: ${describeRequest(details.counterexample![0])}`;
}

/**
 * Refusals that legitimately leave a trace in state: a failed sign-in counts towards lockout and is
 * written to Okta's System Log, as the vendor does.
 */
const REFUSAL_RECORDS = (route: FuzzRoute) => route.twin === 'okta' && /^\/(api\/v1\/authn|oauth2\/|login\/)/.test(route.url);

/** Sends `request`; when it was refused, says whether that left the twin's state as it was. */
async function refusedWithoutTrace(route: FuzzRoute, request: FuzzRequest): Promise<{ refused: boolean; failure?: string }> {
  const twin = universe.twins.get(route.twin)!;
  // Work still under way (a push an earlier request started) lands before and after, never in between.
  await twin.runtime.settle();
  const before = await stateDigest(twin);
  const answer = await send(route, request);
  if (!isRefusal(route.twin, route.url, answer)) return { refused: false };
  await twin.runtime.settle();
  return (await stateDigest(twin)) === before ? { refused: true }
    : { refused: true, failure: `${routeName(route)}: refused with HTTP ${answer.status} ${cut(answer.body)} but changed state\n    request: ${describeRequest(request)}` };
}

describe('fuzzing every twin route', () => {
  it('collects the routes of every twin', () => {
    for (const twin of TWIN_NAMES) expect(universe.routes.filter((r) => r.twin === twin).length, twin).toBeGreaterThan(20);
  });

  for (const twin of TWIN_NAMES) {
    it(`${twin}: no 5xx and every refusal in the vendor's shape`, async () => {
      const failures: string[] = [];
      for (const route of routesOf(twin)) {
        const failure = await fuzzRoute(route);
        if (failure) failures.push(failure);
      }
      // Still serving, over a real socket.
      expect((await fetch(`${universe.twins.get(twin)!.url}/_dtu/health`)).status).toBe(200);
      expect(failures, `DTU_FUZZ_SEED=${SEED}\n${failures.join('\n')}`).toEqual([]);
    }, TIMEOUT);
  }

  it('the same hostile requests over real HTTP connections get the same kind of answers', async () => {
    const failures: string[] = [];
    for (const twin of TWIN_NAMES) {
      await resetTwin(twin);
      // One request per route, so the HTTP parser, not only the router, sees every shape of input.
      for (const route of routesOf(twin)) {
        const [request] = fc.sample(arbitraryFor(route), { seed: routeSeed(route) + 2, numRuns: 1 });
        const body = request.method === 'GET' || request.payload === undefined ? undefined : typeof request.payload === 'string' ? request.payload : new Uint8Array(request.payload);
        const response = await fetch(`${universe.twins.get(twin)!.url}${request.url}`, { method: request.method, headers: request.headers, body });
        const answer = { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text(), wwwAuthenticate: response.headers.get('www-authenticate') ?? undefined };
        // Node refuses a request line and headers over 16 KB before any twin code, as a vendor's front end would.
        const problem = answer.status === 431 ? null : shapeProblem(twin, route.url, answer);
        if (problem) failures.push(`${routeName(route)} over HTTP: ${problem}: ${cut(answer.body)}\n    request: ${describeRequest(request)}`);
      }
    }
    expect(failures, `DTU_FUZZ_SEED=${SEED}\n${failures.join('\n')}`).toEqual([]);
  }, TIMEOUT);

  it('a refused write changes no state (bad credentials, malformed JSON, and a sample of fuzzed requests)', async () => {
    const failures: string[] = [];
    let refusals = 0;
    for (const twin of TWIN_NAMES) {
      const writes = routesOf(twin).filter((r) => r.method !== 'GET' && !r.url.startsWith('/_dtu/') && !REFUSAL_RECORDS(r));
      const auth = (route: FuzzRoute) => validAuth(twin, route.url, universe.credentials);
      await resetTwin(twin);
      for (const route of writes) {
        const [sample] = fc.sample(arbitraryFor(route), { seed: routeSeed(route), numRuns: 1 });
        const requests: FuzzRequest[] = [
          { ...sample, headers: { ...sample.headers, authorization: auth(route).replace(/.$/, (c) => (c === 'x' ? 'y' : 'x')) }, auth: 'invalid' },
          { ...sample, headers: { ...sample.headers, authorization: auth(route), 'content-type': 'application/json' }, payload: '{"a":', auth: 'valid' },
          ...fc.sample(arbitraryFor(route), { seed: routeSeed(route) + 1, numRuns: Math.max(2, RUNS / 4) }),
        ];
        for (const request of requests) {
          const { refused, failure } = await refusedWithoutTrace(route, request);
          if (failure) failures.push(failure);
          if (refused) refusals++;
        }
      }
      // Work this twin started for its peers (provisioning pushes, deliveries) lands before the next twin is checked.
      await universe.twins.get(twin)!.runtime.settle();
      await resetTwin(twin);
    }
    expect(refusals).toBeGreaterThan(400);
    expect(failures, `DTU_FUZZ_SEED=${SEED}\n${failures.join('\n')}`).toEqual([]);
  }, TIMEOUT);
});
