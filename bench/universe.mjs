// The universe's figures: how long Okta takes to provision a new person into Slack, Google and Jira
// (create + activate in Okta, then every push done, through the twins' HTTP APIs), against one bare
// Fastify round trip measured in the same run; and the consistency report's cost, a 10,000-person org
// against a 1,000-person one (the report is O(people), so about 10×).
// Runs the universe in this process (no autocannon: these are sequential end-to-end timings).
import Fastify from 'fastify';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { figure, median, progress, reference, ROOT } from './lib.mjs';

const ONBOARDED = 40;
const CONSISTENCY_READS = 5;

const TARGETS = {
  // The report must stay O(people): ten times the people may cost at most fifteen times the time.
  consistencyScaling: { op: '<=', value: 15 },
};

async function universeModule() {
  return import(pathToFileURL(join(ROOT, 'dist/shared/universe/start-universe.js')).href);
}

/** Median ms of one GET to a bare Fastify route on loopback, over fresh fetches like the stories make. */
async function bareRoundTripMs() {
  const app = Fastify();
  app.get('/bare', () => ({ ok: true }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${app.server.address().port}/bare`;
  const samples = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    await (await fetch(url)).json();
    samples.push(performance.now() - started);
  }
  await app.close();
  return median(samples.slice(20));
}

async function onboardingMs(startUniverse) {
  const universe = await startUniverse({ port: 0, seed: 7, users: 40 });
  try {
    const { orgUrl, apiToken } = universe.credentials.okta;
    const settle = () => fetch(`${universe.urls.control}/_dtu/settle`, { method: 'POST' }).then((r) => r.json());
    const samples = [];
    for (let i = 0; i < ONBOARDED; i++) {
      const email = `bench.hire${i}@${universe.org.domain}`;
      const started = performance.now();
      const created = await fetch(`${orgUrl}/api/v1/users?activate=true`, {
        method: 'POST', headers: { authorization: `SSWS ${apiToken}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ profile: { login: email, email, firstName: 'Bench', lastName: `Hire${i}`, title: 'Engineer' } }),
      });
      if (created.status !== 200) throw new Error(`createUser answered ${created.status}: ${await created.text()}`);
      const { pending } = await settle();
      if (pending !== 0) throw new Error(`provisioning left ${pending} task(s) waiting`);
      samples.push(performance.now() - started);
    }
    const report = await (await fetch(`${universe.urls.control}/_dtu/consistency?drift=true`)).json();
    if (!report.ok) throw new Error(`the onboarded people drift: ${JSON.stringify(report.people.slice(0, 2))}`);
    return samples;
  } finally {
    await universe.close();
  }
}

async function consistencyMs(startUniverse, users) {
  const universe = await startUniverse({ port: 0, seed: 7, users });
  try {
    const samples = [];
    for (let i = 0; i < CONSISTENCY_READS; i++) {
      const started = performance.now();
      const report = await (await fetch(`${universe.urls.control}/_dtu/consistency`)).json();
      if (report.people.length < users) throw new Error(`consistency listed ${report.people.length} of ${users} people`);
      samples.push(performance.now() - started);
    }
    return median(samples);
  } finally {
    await universe.close();
  }
}

export async function universeRows() {
  const { startUniverse } = await universeModule();
  progress('universe: onboarding through Okta provisioning');
  const bare = await bareRoundTripMs();
  const onboarding = await onboardingMs(startUniverse);
  progress('universe: consistency report, 1,000 and 10,000 people');
  const small = await consistencyMs(startUniverse, 1_000);
  const large = await consistencyMs(startUniverse, 10_000);
  return [
    reference('onboardPerson', `onboard one person (Okta create+activate → Slack, Google, Jira pushed), ms`, median(onboarding), 'ms', onboarding),
    reference('onboardPersonVsBareRoundTrip', 'onboard one person ÷ one bare Fastify round trip', median(onboarding) / bare, 'ratio'),
    reference('consistency1k', 'GET /_dtu/consistency, 1,000 people', small, 'ms'),
    reference('consistency10k', 'GET /_dtu/consistency, 10,000 people', large, 'ms'),
    figure('consistencyScaling', 'consistency 10,000 people ÷ 1,000 people', large / small, 'ratio', TARGETS.consistencyScaling),
  ];
}
