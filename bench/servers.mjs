// Child-process servers for bench/run.mjs, so the load generator never shares their event loop.
//   node bench/servers.mjs bare [PORT]  bare Fastify: GET /bench and GET /health answer {"ok":true};
//                                       GET /bytes?n=N answers N bytes of JSON
//   node bench/servers.mjs twin         a minimal twin through the DTU kernel: GET /bench → {"ok":true}
//   node bench/servers.mjs module NAME  the populated twin of bench/twins/NAME.mjs (its start())
// Prints {"port":N,"context":{...}} on stdout once listening; PORT 0 or absent picks a free port. Stops on SIGTERM.
// Started with an IPC channel, it answers any message with its process.cpuUsage() (µs used so far).
// Modules are imported per role, so the bare server's cold start loads Fastify and nothing else.

const HOST = '127.0.0.1';

async function startBare(port) {
  const { default: Fastify } = await import('fastify');
  const app = Fastify();
  app.get('/health', async () => ({ ok: true }));
  app.get('/bench', async () => ({ ok: true }));
  // GET /bytes?n=N: a JSON answer of N bytes, built once per size, for "the same bytes from bare Fastify".
  const bodies = new Map();
  app.get('/bytes', async (request, reply) => {
    const n = Math.max(16, Math.min(Number(request.query.n) || 16, 10_000_000));
    if (!bodies.has(n)) bodies.set(n, `{"pad":"${'x'.repeat(n - 10)}"}`);
    return reply.type('application/json').send(bodies.get(n));
  });
  await app.listen({ host: HOST, port });
  return { port: app.server.address().port, close: () => app.close() };
}

/** The cheapest possible twin: no state, no credentials, one route; everything else is the kernel's. */
async function startBenchTwin() {
  const { startTwin } = await import('../dist/shared/kernel/twin-server.js');
  const { loadOrgDefinition, OrgSource } = await import('../dist/shared/seeding/fixtures.js');
  const { slackErrors } = await import('../dist/twins/slack/errors.js');
  const definition = {
    name: 'slack',
    errors: slackErrors,
    seedState: () => ({}),
    credentials: () => ({}),
    routes(app) {
      app.get('/bench', { config: { operation: 'bench.get' } }, async () => ({ ok: true }));
    },
  };
  const twin = await startTwin(definition, { seed: 42, orgSource: new OrgSource(loadOrgDefinition(undefined, 5)), host: HOST, port: 0 });
  return { port: twin.port, close: () => twin.close() };
}

/** A bench module's twin: bench/twins/NAME.mjs exports start({host}) → {port, close, context}. */
async function startModuleTwin(name) {
  if (!/^[\w-]+$/.test(name ?? '')) throw new Error(`bench/servers.mjs module: bad module name "${name}"`);
  const { start } = await import(`./twins/${name}.mjs`);
  return start({ host: HOST });
}

async function startRole(role, arg) {
  if (role === 'bare') return startBare(Number(arg ?? 0));
  if (role === 'twin') return startBenchTwin();
  if (role === 'module') return startModuleTwin(arg);
  throw new Error(`usage: node bench/servers.mjs bare [PORT] | twin | module NAME (got "${role}")`);
}

async function main([role, arg]) {
  const server = await startRole(role, arg);
  process.once('SIGTERM', () => server.close().then(() => process.exit(0)));
  if (process.send) process.on('message', () => process.send(process.cpuUsage()));
  process.stdout.write(`${JSON.stringify({ port: server.port, context: server.context ?? {} })}\n`);
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
