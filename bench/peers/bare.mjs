// The peer benchmark's denominator: bare Fastify with one route per workload (same method, path and
// request content type as the twin's), each answering a canned body of the twin's size.
//   node bench/peers/bare.mjs ANSWERS.json PORT
// ANSWERS.json: {"<workload>": {"method","path","contentType","body"}} (written by bench/peers.mjs).
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

const [answersFile, port] = process.argv.slice(2);
const answers = JSON.parse(readFileSync(answersFile, 'utf8'));

const app = Fastify();
// Fastify parses JSON bodies itself; the token request is a form, which it refuses (415) unless told how to read it.
app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, new URLSearchParams(body)));
for (const { method, path, contentType, body } of Object.values(answers)) {
  app.route({ method, url: path, handler: async (_request, reply) => reply.type(contentType).send(body) });
}
await app.listen({ host: '127.0.0.1', port: Number(port) });
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
