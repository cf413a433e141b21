// Builds and runs one twin's Fastify server from its TwinDefinition: vendor routes, /_dtu control
// routes, chaos, journal, persistence, one error handler in the vendor's shape, graceful close.
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import { controlRoutes } from './control-routes.js';
import { collectRoutes, defaultApiDocRules, registerApiDocs } from './openapi.js';
import { createChaosHooks, Holds, sendVendor } from './chaos-hook.js';
import type { RateLimitDecision } from '../chaos/rate-limits.js';
import type { Actor, ChaosMark } from './journal.js';
import { publicUrlFor } from './public-url.js';
import type { TwinDefinition } from './twin-definition.js';
import { prefetchRsaKeyPairs } from '../seeding/rsa-keys.js';
import { TwinRuntime, type TwinRuntimeOptions } from './twin-runtime.js';
import { TwinError, type VendorResponse } from './vendor-errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The vendor's own name for the operation (Slack method, Okta/Jira operationId, Google method id). */
    operation?: string;
    /** A POST that changes nothing (Slack's read methods): no persistence write after it. */
    readOnly?: boolean;
    /** A /_dtu route: no chaos, no journal, DTU's own error shape. */
    dtuControl?: boolean;
  }
  interface FastifyRequest {
    /** Who made the request, set by the twin's auth once it knows. */
    dtuActor: Actor | null;
    dtuChaos: ChaosMark | null;
    /** What the request changed, for the journal. */
    dtuTarget: Record<string, unknown> | null;
    /** Under --rate-limits realistic, the state of the request's bucket (for X-Rate-Limit-* style headers). */
    dtuRateLimit: RateLimitDecision | null;
  }
}

export type LogLevel = 'silent' | 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
export const LOG_LEVELS: LogLevel[] = ['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'];

export interface TwinServerOptions extends TwinRuntimeOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  publicUrl?: string;
  publicUrlTemplate?: string;
  logLevel?: LogLevel;
  /** Largest request body in bytes (default 10 MiB). */
  bodyLimit?: number;
}

export interface RunningTwin {
  name: string;
  app: FastifyInstance;
  runtime: TwinRuntime<object>;
  port: number;
  /** Where it listens, e.g. http://127.0.0.1:4102. */
  url: string;
  /** What it hands out in URLs. */
  publicUrl: string;
  close(): Promise<void>;
}

export class PortInUseError extends Error {}

const ANONYMOUS: Actor = { type: 'anonymous' };
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export function loggerOptions(level: LogLevel = 'silent') {
  return level === 'silent' ? false : { level };
}

/** The Fastify app of a twin, not yet listening (tests use app.inject on it). */
export async function buildTwinApp<D extends object>(definition: TwinDefinition<D>, runtime: TwinRuntime<D>, options: Pick<TwinServerOptions, 'logLevel' | 'bodyLimit'> = {}): Promise<FastifyInstance> {
  const errorsAt = (url: string) => definition.errorsFor?.(url) ?? definition.errors;
  const app = Fastify({
    logger: loggerOptions(options.logLevel),
    bodyLimit: options.bodyLimit ?? 10 * 1024 * 1024,
    requestIdHeader: false,
    // The router refuses a malformed escape (%zz) or a path parameter over 100 characters before any
    // hook runs: answer those in the vendor's shape too, not Fastify's.
    frameworkErrors: (error, request, reply) => {
      const errors = errorsAt(request.url);
      const response = error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? errors.notFound(`No route for ${request.method} ${request.url.split('?')[0]}`)
        : errors.invalid(error.message);
      recordRequest(request, reply, response.status, null, vendorErrorCode(response), response.body);
      return sendVendor(reply, response);
    },
  });
  const holds = new Holds();
  app.decorateRequest('dtuActor', null);
  app.decorateRequest('dtuChaos', null);
  app.decorateRequest('dtuTarget', null);
  app.decorateRequest('dtuRateLimit', null);

  const { chaosHook, rateLimitHook } = createChaosHooks(runtime as TwinRuntime<object>, holds);
  app.addHook('onRequest', chaosHook);
  if (rateLimitHook) app.addHook('preHandler', rateLimitHook);

  // The journal records each request where its answer is decided: after the route's handler (here),
  // in the error and not-found handlers, and in the chaos hook. An onResponse hook would be simpler,
  // but Fastify's hook machinery costs more per request than the journal itself.
  app.addHook('onRoute', (route) => {
    if (route.config?.dtuControl) return;
    const operation = route.config?.operation ?? null;
    const handler = route.handler;
    const readOnly = route.config?.readOnly === true;
    // Every answered write tells the store, so anything keyed by its version (Jira's search indexes
    // and kept results) sees the change whether or not a handler remembered to say so.
    const done = (request: FastifyRequest, reply: FastifyReply, answer: unknown) => {
      if (!readOnly && reply.statusCode < 400 && !SAFE_METHODS.has(request.method)) runtime.store.changed();
      recordRequest(request, reply, reply.statusCode, operation, undefined, answer);
    };
    route.handler = function journaled(this: FastifyInstance, request, reply) {
      const result = handler.call(this, request, reply) as unknown;
      if (result instanceof Promise) {
        return result.then((value) => {
          done(request, reply, value);
          return value;
        });
      }
      done(request, reply, result);
      return result;
    };
    if (runtime.persistence && !route.config?.readOnly) {
      // Acknowledge a write only once it is on disk, so kill -9 never loses an answered change.
      const persist = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
        if (!SAFE_METHODS.has(request.method) && reply.statusCode < 400) await runtime.markChanged();
        return payload;
      };
      route.onSend = [persist, ...asArray(route.onSend)];
    }
  });

  /**
   * Journals a vendor request (control routes are never journaled) and keeps its bodies for the detail
   * view: references only (the parsed request body, the handler's answer before serialisation), since
   * this runs on every request. A handler that sent its answer itself leaves no answer to keep.
   */
  const recordRequest = (request: FastifyRequest, reply: FastifyReply, status: number, operation: string | null, error?: string, answer?: unknown) => {
    const seq = runtime.journal.recordInbound(definition.name, request.method, request.url, operation, status, reply.elapsedTime,
      request.dtuActor ?? ANONYMOUS, request.headers['x-dtu-test-id'] as string | undefined, request.dtuChaos, request.dtuTarget, error);
    runtime.bodies.keep(seq, {
      requestHeaders: request.headers, requestBody: request.body, responseStatus: status,
      responseHeaders: reply.getHeaders(), responseBody: answer === reply ? undefined : answer,
    });
  };

  const vendorResponseFor = (error: FastifyError | TwinError, request: FastifyRequest) => {
    if (error instanceof TwinError) return error.response;
    const status = error.statusCode ?? 500;
    const errors = errorsAt(request.url);
    if (error.validation) return errors.invalid(error.message);
    if (status === 413) return errors.tooLarge(`Request body is larger than ${app.initialConfig.bodyLimit} bytes`);
    if (status >= 400 && status < 500) return errors.invalid(error.message);
    request.log.error(error);
    return errors.serverError(500, 'Internal server error');
  };
  app.setErrorHandler((error: FastifyError | TwinError, request, reply) => {
    const response = vendorResponseFor(error, request);
    recordRequest(request, reply, response.status, request.routeOptions.config.operation ?? null, vendorErrorCode(response), response.body);
    return sendVendor(reply, response);
  });
  app.setNotFoundHandler((request, reply) => {
    const response = errorsAt(request.url).notFound(`No route for ${request.method} ${request.url.split('?')[0]}`);
    recordRequest(request, reply, response.status, null, undefined, response.body);
    return sendVendor(reply, response);
  });

  // Every route from here on goes into the twin's OpenAPI document (GET /_dtu/openapi.json, /_dtu/docs).
  const documented = collectRoutes(app);
  await app.register(controlRoutes, { prefix: '/_dtu', backend: runtime });
  await app.register(async (vendor) => definition.routes(vendor, runtime.context()));
  registerApiDocs(app, { twin: definition.name, rules: definition.apiDocs ?? defaultApiDocRules(definition.name), routes: documented, publicUrl: () => runtime.publicUrl });
  app.addHook('preClose', (done) => {
    // Requests held by chaos finish now; connections that go idle after close began would otherwise
    // linger for the whole keep-alive timeout, so make that timeout immediate.
    app.server.keepAliveTimeout = 1;
    holds.wakeAll();
    runtime.close();
    done();
  });
  return app;
}

/**
 * What the journal names as the error of a vendor error answer: the vendor's own code where the body
 * has one at the top (Slack's `error` inside an HTTP 200, Okta's errorCode), else the HTTP status.
 */
function vendorErrorCode(response: VendorResponse): string {
  const body = response.body as Record<string, unknown> | null;
  const code = body && typeof body === 'object' ? body.error ?? body.errorCode : undefined;
  return typeof code === 'string' ? code : `http_${response.status}`;
}

/** Creates the runtime, builds the app and listens. */
export async function startTwin<D extends object>(definition: TwinDefinition<D>, options: TwinServerOptions): Promise<RunningTwin> {
  const host = options.host ?? '127.0.0.1';
  // Started before any synchronous seeding, so in a universe the keys of every twin derive together.
  await prefetchRsaKeyPairs(options.seed, definition.derivedKeys ?? []);
  const runtime = new TwinRuntime(definition, options);
  const publicUrl = (port: number) => publicUrlFor({ publicUrl: options.publicUrl, template: options.publicUrlTemplate, twin: definition.name, host, port });
  if (options.port) runtime.publicUrl = publicUrl(options.port);
  const app = await buildTwinApp(definition, runtime, options);
  try {
    await app.listen({ host, port: options.port ?? 0 });
  } catch (error) {
    await app.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new PortInUseError(`port ${options.port} on ${host} is already in use (${definition.name} twin); stop what holds it or choose another port`);
    }
    throw error;
  }
  const port = (app.server.address() as AddressInfo).port;
  runtime.publicUrl = publicUrl(port);
  return {
    name: definition.name, app, runtime: runtime as TwinRuntime<object>, port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, publicUrl: runtime.publicUrl,
    async close() {
      await app.close();
      await runtime.persistence?.flush();
    },
  };
}
