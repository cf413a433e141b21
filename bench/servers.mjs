// Child-process servers for bench/run.mjs, so the load generator never shares their event loop.
//   node bench/servers.mjs bare [PORT]  bare Fastify: GET /bench and GET /health answer {"ok":true}
//   node bench/servers.mjs twin         a minimal twin through the DTU kernel: GET /bench → {"ok":true}
// Prints {"port":N} on stdout once listening; PORT 0 or absent picks a free port. Stops on SIGTERM.
// Started with an IPC channel, it answers any message with its process.cpuUsage() (µs used so far).
// Modules are imported per role, so the bare server's cold start loads Fastify and nothing else.

const HOST = '127.0.0.1';

async function startBare(port) {
  const { default: Fastify } = await import('fastify');
  const app = Fastify();
  app.get('/health', async () => ({ ok: true }));
  app.get('/bench', async () => ({ ok: true }));
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

async function main([role, port = '0']) {
  const server = role === 'bare' ? await startBare(Number(port)) : role === 'twin' ? await startBenchTwin() : null;
  if (!server) throw new Error(`usage: node bench/servers.mjs bare [PORT] | twin (got "${role}")`);
  process.once('SIGTERM', () => server.close().then(() => process.exit(0)));
  if (process.send) process.on('message', () => process.send(process.cpuUsage()));
  process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
