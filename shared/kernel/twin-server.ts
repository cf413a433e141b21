// Builds and runs one twin's Fastify server from its TwinDefinition: vendor routes, /_dtu control
// routes, chaos, journal, persistence, one error handler in the vendor's shape, graceful close.
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { controlRoutes } from './control-routes.js';
import { createChaosHook, Holds, sendVendor } from './chaos-hook.js';
import type { Actor, ChaosMark } from './journal.js';
import { publicUrlFor } from './public-url.js';
import type { TwinDefinition } from './twin-definition.js';
import { TwinRuntime, type TwinRuntimeOptions } from './twin-runtime.js';
import { TwinError } from './vendor-errors.js';

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

export function loggerOptions(level: LogLevel = 'silent') {
  return level === 'silent' ? false : { level };
}

/** The Fastify app of a twin, not yet listening (tests use app.inject on it). */
export async function buildTwinApp<D extends object>(definition: TwinDefinition<D>, runtime: TwinRuntime<D>, options: Pick<TwinServerOptions, 'logLevel' | 'bodyLimit'> = {}): Promise<{ app: FastifyInstance; holds: Holds }> {
  const app = Fastify({
    logger: loggerOptions(options.logLevel),
    bodyLimit: options.bodyLimit ?? 10 * 1024 * 1024,
    requestIdHeader: false,
  });
  const holds = new Holds();
  const errors = definition.errors;
  app.decorateRequest('dtuActor', null);
  app.decorateRequest('dtuChaos', null);
  app.decorateRequest('dtuTarget', null);

  app.addHook('onRequest', createChaosHook(runtime as TwinRuntime<object>, holds));

  app.addHook('onResponse', (request, reply, done) => {
    if (!request.routeOptions.config.dtuControl) {
      runtime.journal.record({
        twin: definition.name, direction: 'in', method: request.method, url: request.url,
        operation: request.routeOptions.config.operation ?? null, status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 100) / 100, actor: request.dtuActor ?? ANONYMOUS,
        testId: request.headers['x-dtu-test-id'] as string | undefined,
        ...(request.dtuChaos && { chaos: request.dtuChaos }), ...(request.dtuTarget && { target: request.dtuTarget }),
      });
    }
    done();
  });

  if (runtime.persistence) {
    // Acknowledge a write only once it is on disk, so kill -9 never loses an answered change.
    app.addHook('onSend', async (request, reply, payload) => {
      const config = request.routeOptions.config;
      if (!config.dtuControl && !config.readOnly && !SAFE_METHODS.has(request.method) && reply.statusCode < 400) await runtime.markChanged();
      return payload;
    });
  }

  app.setErrorHandler((error: FastifyError | TwinError, request, reply) => {
    if (error instanceof TwinError) return sendVendor(reply, error.response);
    const status = error.statusCode ?? 500;
    if (error.validation) return sendVendor(reply, errors.invalid(error.message));
    if (status === 413) return sendVendor(reply, errors.tooLarge(`Request body is larger than ${app.initialConfig.bodyLimit} bytes`));
    if (status >= 400 && status < 500) return sendVendor(reply, errors.invalid(error.message));
    request.log.error(error);
    return sendVendor(reply, errors.serverError(500, 'Internal server error'));
  });
  app.setNotFoundHandler((request, reply) => sendVendor(reply, errors.notFound(`No route for ${request.method} ${request.url.split('?')[0]}`)));

  await app.register(controlRoutes, { prefix: '/_dtu', backend: runtime });
  await app.register(async (vendor) => definition.routes(vendor, runtime.context()));
  app.addHook('preClose', (done) => {
    // Requests held by chaos finish now; connections that go idle after close began would otherwise
    // linger for the whole keep-alive timeout, so make that timeout immediate.
    app.server.keepAliveTimeout = 1;
    holds.wakeAll();
    runtime.close();
    done();
  });
  return { app, holds };
}

/** Creates the runtime, builds the app and listens. */
export async function startTwin<D extends object>(definition: TwinDefinition<D>, options: TwinServerOptions): Promise<RunningTwin> {
  const host = options.host ?? '127.0.0.1';
  const runtime = new TwinRuntime(definition, options);
  const publicUrl = (port: number) => publicUrlFor({ publicUrl: options.publicUrl, template: options.publicUrlTemplate, twin: definition.name, host, port });
  if (options.port) runtime.publicUrl = publicUrl(options.port);
  const { app } = await buildTwinApp(definition, runtime, options);
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
