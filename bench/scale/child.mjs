// Child process of bench/scale.mjs: populates one world at one size, then prints one JSON line
// {populateMs, rssMb, heapUsedMb, endpoints} and serves until it is sent SIGTERM.
//   node --expose-gc bench/scale/child.mjs WORLD SIZE
// populateMs covers starting the twin(s) (seeding their state) and filling the stores; module loading is
// not counted. Memory is read after a full garbage collection, so it is what the populated state holds.
import { performance } from 'node:perf_hooks';
import { WORLDS } from './worlds.mjs';

const [world, rawSize] = process.argv.slice(2);
const definition = WORLDS[world];
if (!definition) throw new Error(`unknown world ${world}; one of ${Object.keys(WORLDS).join(', ')}`);

const started = performance.now();
const { twins, endpoints } = await definition.populate(Number(rawSize), '127.0.0.1');
const populateMs = performance.now() - started;
global.gc?.();
const { rss, heapUsed } = process.memoryUsage();
process.stdout.write(`${JSON.stringify({ populateMs, rssMb: rss / 2 ** 20, heapUsedMb: heapUsed / 2 ** 20, endpoints })}\n`);

const close = async () => {
  await Promise.all(twins.map((twin) => twin.close()));
  process.exit(0);
};
process.once('SIGTERM', close);
process.once('SIGINT', close);
