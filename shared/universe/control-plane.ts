// The universe's control plane server (port 4100): the /_dtu routes over every twin, and the live event stream.
import Fastify, { type FastifyInstance } from 'fastify';
import { controlRoutes } from '../kernel/control-routes.js';
import { loggerOptions, type LogLevel } from '../kernel/twin-server.js';
import { consoleRoutes } from './console-routes.js';
import { eventStreamRoute } from './event-stream.js';
import type { UniverseControl } from './universe-control.js';

/** `options.console`: serve the web console at `/` (default true); without it `/` answers a short JSON. */
export async function buildControlPlane(control: UniverseControl, logLevel?: LogLevel, options: { console?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: loggerOptions(logLevel), bodyLimit: 256 * 1024 * 1024 });
  await eventStreamRoute(app, control);
  if (options.console ?? true) await consoleRoutes(app, control);
  else app.get('/', () => ({ name: 'Digital Twin Universe', control: '/_dtu/health' }));
  await app.register(controlRoutes, { prefix: '/_dtu', backend: control });
  return app;
}
