// ALL /_dtu/console/proxy/:twin/* — the console's way to a twin's vendor API. The request (method,
// path and query, body as sent) goes to the twin with the seeded admin's credentials added here, so
// the browser never holds a token: Okta `SSWS apiToken`, Slack the admin's user token, Jira basic
// `email:apiToken`, Google the admin's access token. Header `X-DTU-As: <email>` picks that person's
// own token instead (not for Okta, whose API tokens are the org's). The twin's answer comes back as
// it was: status, content type, body. Calls are marked with User-Agent `dtu-console` in the journal.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ControlError } from '../kernel/control-backend.js';
import { isTwinName, TWIN_NAMES, type TwinName } from '../twin-names.js';
import type { UniverseControl } from './universe-control.js';

const PREFIX = '/_dtu/console/proxy/';
/** Request headers passed on to the twin (chaos and test-id headers too, for trying faults by hand). */
const FORWARDED = ['content-type', 'accept', 'x-dtu-chaos', 'x-dtu-test-id'];
/** Response headers passed back: pagination and rate-limit state the views may show. */
const RETURNED = ['content-type', 'link', 'retry-after', 'x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset'];
const TIMEOUT_MS = 30_000;
/** Credentials change only with the seed (reset, snapshot import); re-read them after those or this long. */
const CREDENTIALS_TTL_MS = 10_000;

type Credentials = Record<string, any>;

function fail(reply: FastifyReply, status: number, error: string, message: string) {
  return reply.code(status).send({ ok: false, error, message });
}

/** The Authorization header for a twin: the admin's, or the person's named by X-DTU-As. */
export function authorizationFor(twin: TwinName, credentials: Credentials, as?: string): string {
  const section = credentials[twin];
  if (!section) throw new ControlError(404, 'not_found', `the ${twin} twin is not running in this universe`);
  const personal = (tokens: Record<string, string> | undefined) => {
    const token = tokens?.[as!.toLowerCase()] ?? tokens?.[as!];
    if (!token) throw new ControlError(400, 'invalid_request', `X-DTU-As: ${as} has no ${twin} token (not a person in this universe?)`);
    return token;
  };
  switch (twin) {
    case 'okta':
      if (as) throw new ControlError(400, 'invalid_request', 'X-DTU-As is not supported for okta: Okta API tokens act for the org');
      return `SSWS ${section.apiToken}`;
    case 'slack':
      return `Bearer ${as ? personal(section.userTokens) : section.userToken}`;
    case 'jira':
      return `Basic ${Buffer.from(`${as ?? section.email}:${as ? personal(section.userTokens) : section.apiToken}`).toString('base64')}`;
    case 'google':
      return `Bearer ${as ? personal(section.userTokens) : section.accessToken}`;
  }
}

/** Slack's Web API lives under /api/: "/chat.postMessage" is taken to mean "/api/chat.postMessage". */
function twinPath(twin: TwinName, rest: string): string {
  const path = rest.startsWith('/') ? rest : `/${rest}`;
  return twin === 'slack' && /^\/[a-zA-Z]+\.[a-zA-Z.]+(\?|$)/.test(path) ? `/api${path}` : path;
}

export async function consoleProxyRoutes(app: FastifyInstance, control: UniverseControl): Promise<void> {
  let cached: { at: number; credentials: Promise<Credentials> } | undefined;
  const credentials = () => {
    if (!cached || Date.now() - cached.at > CREDENTIALS_TTL_MS) cached = { at: Date.now(), credentials: control.credentials() };
    cached.credentials.catch(() => (cached = undefined));
    return cached.credentials;
  };
  app.addHook('onResponse', async (request) => {
    if (request.method !== 'GET' && /^\/_dtu\/(reset|snapshot)/.test(request.url)) cached = undefined;
  });

  await app.register(async (scope) => {
    // Bodies go to the twin byte for byte, whatever their type (JSON, form, multipart, raw).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 256 * 1024 * 1024 }, (_request, body, done) => done(null, body));
    scope.all(`${PREFIX}:twin/*`, (request, reply) => proxy(request, reply));
    scope.all(`${PREFIX}:twin`, (request, reply) => proxy(request, reply));
  });

  async function proxy(request: FastifyRequest, reply: FastifyReply) {
    const { twin } = request.params as { twin: string };
    if (!isTwinName(twin)) return fail(reply, 404, 'not_found', `no twin "${twin}" (twins: ${TWIN_NAMES.join(', ')})`);
    const base = control.twinUrl(twin);
    if (!base) return fail(reply, 404, 'not_found', `the ${twin} twin is not running in this universe`);
    const as = request.headers['x-dtu-as'];
    let authorization: string;
    try {
      authorization = authorizationFor(twin, await credentials(), typeof as === 'string' && as ? as : undefined);
    } catch (error) {
      if (error instanceof ControlError) return fail(reply, error.status, error.code, error.message);
      throw error;
    }
    const headers: Record<string, string> = { authorization, 'user-agent': 'dtu-console' };
    for (const name of FORWARDED) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const target = `${base.replace(/\/+$/, '')}${twinPath(twin, request.url.slice(PREFIX.length + twin.length))}`;
    const body = request.body instanceof Buffer && request.method !== 'GET' && request.method !== 'HEAD' ? request.body : undefined;
    let response: Response;
    try {
      response = await fetch(target, { method: request.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      return fail(reply, 502, 'twin_unreachable', `the ${twin} twin at ${base} did not answer: ${(error as Error).message}`);
    }
    reply.code(response.status);
    for (const name of RETURNED) {
      const value = response.headers.get(name);
      if (value !== null) reply.header(name, value);
    }
    if (response.status >= 300 && response.status < 400 && response.headers.get('location')) reply.header('location', response.headers.get('location')!);
    return reply.send(Buffer.from(await response.arrayBuffer()));
  }
}
