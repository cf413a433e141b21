// The console on the control plane: the built single-page app (dist/console/, from `vite build
// --config console/vite.config.ts`) at `/`, with index.html for every console path so deep links
// work, and the proxy its views use to reach the twins' vendor APIs (console-proxy.ts).
// `GET /` still answers the old JSON to clients that do not ask for HTML (curl, fetch, scripts).
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consoleProxyRoutes } from './console-proxy.js';
import type { UniverseControl } from './universe-control.js';

const ABOUT = { name: 'Digital Twin Universe', control: '/_dtu/health' };
const NOT_BUILT = 'The DTU console is not built: run `npm run build` (or `npx vite build --config console/vite.config.ts`). The control routes are at /_dtu/.\n';

/** dist/console/ of this package, found from this module whether it runs from source or from dist/. */
export function defaultConsoleDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'console');
}

const wantsHtml = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/html');

export async function consoleRoutes(app: FastifyInstance, control: UniverseControl, consoleDir = defaultConsoleDir()): Promise<void> {
  const root = resolve(consoleDir);
  await consoleProxyRoutes(app, control);
  // Decorates reply.sendFile only; the routes below decide what is served and how it is cached.
  await app.register(fastifyStatic, { root, serve: false, cacheControl: false, etag: true, lastModified: true });

  const built = () => existsSync(join(root, 'index.html'));
  const sendIndex = (reply: FastifyReply) => reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html');

  app.get('/', async (request, reply) => {
    if (!wantsHtml(request)) return ABOUT;
    if (!built()) return reply.type('text/plain; charset=utf-8').send(NOT_BUILT);
    return sendIndex(reply);
  });

  // Files of the build (hashed assets are immutable), else index.html for a browser on any console
  // path; /_dtu/* that no control route took is the control plane's 404.
  app.get('/*', async (request, reply) => {
    const path = request.url.split('?')[0];
    if (path.startsWith('/_dtu/') || path === '/_dtu') {
      return reply.code(404).send({ ok: false, error: 'not_found', message: `no control route GET ${path}` });
    }
    const file = await fileOf(root, path);
    if (file) {
      const immutable = file.startsWith(`assets${sep}`);
      return reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache').sendFile(file);
    }
    if (!wantsHtml(request)) return reply.code(404).send({ ok: false, error: 'not_found', message: `no console file ${path}` });
    if (!built()) return reply.code(404).type('text/plain; charset=utf-8').send(NOT_BUILT);
    return sendIndex(reply);
  });
}

/** The file under root for a URL path (relative to root), or null: missing, a directory, or outside root. */
async function fileOf(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const full = resolve(root, `.${decoded}`);
  if (!full.startsWith(root + sep) || decoded.includes('\0')) return null;
  try {
    return (await stat(full)).isFile() ? full.slice(root.length + 1) : null;
  } catch {
    return null;
  }
}
