// Child process of bench/run.mjs: generates an N-person org (seed 42) and seeds every twin's state
// from it, then prints {"people":N,"ms":...,"rssMb":...} on stdout. Module loading is not timed.
//   node bench/seed-org.mjs [PEOPLE]   (default 10000)
import { performance } from 'node:perf_hooks';
import { loadOrgDefinition, OrgSource } from '../dist/shared/seeding/fixtures.js';
import { TWINS } from '../dist/twins/index.js';

const SEED = 42;
const people = Number(process.argv[2] ?? 10_000);

const start = performance.now();
const org = new OrgSource(loadOrgDefinition(undefined, people)).get(SEED);
const states = Object.values(TWINS).map((twin) => twin.seedState({ org, seed: SEED }));
const ms = performance.now() - start;

const rssMb = process.memoryUsage().rss / 2 ** 20;
process.stdout.write(`${JSON.stringify({ people: org.people.length, twins: states.length, ms, rssMb })}\n`);
