// The three requests of the peer benchmark, the context they need (read from the running twins), and
// the canned answers every mock serves: the twins' own answers, captured at the start of the run, so
// bare Fastify, WireMock and Prism send the same bytes the twin sends.
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BENCH_DIR } from '../lib.mjs';

/** Messages posted to the channel before the run, so a history page (limit=100) is a full page. */
const HISTORY_FILL = 100;

export const WORKLOADS = [
  {
    id: 'postMessage', label: 'Slack chat.postMessage', twin: 'slack',
    request: (context) => ({
      method: 'POST', path: '/api/chat.postMessage',
      headers: { authorization: `Bearer ${context.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: context.channel, text: 'bench' }),
    }),
  },
  {
    id: 'history', label: 'Slack conversations.history', twin: 'slack',
    request: (context) => ({
      method: 'GET', path: `/api/conversations.history?channel=${context.channel}&limit=100`,
      headers: { authorization: `Bearer ${context.botToken}` },
    }),
  },
  {
    id: 'token', label: 'Okta client_credentials token', twin: 'okta',
    request: (context) => ({
      method: 'POST', path: '/oauth2/default/v1/token',
      headers: { authorization: `Basic ${context.basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: `grant_type=client_credentials&scope=${encodeURIComponent(context.scope)}`,
    }),
  },
];

async function json(url, init) {
  const response = await fetch(url, init);
  const body = await response.json();
  if (!response.ok || body.ok === false) throw new Error(`${url} → ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

/**
 * Tokens and ids the requests need. They are a pure function of the seed, so the same context works
 * for every fresh twin the cold-start runs spawn. The bot posts to #general (the channel it is in).
 */
export async function readContext(slackUrl, oktaUrl) {
  const { slack } = await json(`${slackUrl}/_dtu/credentials`);
  const { okta } = await json(`${oktaUrl}/_dtu/credentials`);
  const { channels } = await json(`${slackUrl}/api/conversations.list?limit=200`, { headers: { authorization: `Bearer ${slack.botToken}` } });
  const general = channels.find((channel) => channel.is_general);
  if (!general) throw new Error('the Slack twin has no #general channel');
  const { clientId, clientSecret, scope } = okta.oidc;
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
  return { botToken: slack.botToken, channel: general.id, basic, scope };
}

/** Posts HISTORY_FILL messages through the API, as a user's test would, so the history page is full. */
export async function fillHistory(slackUrl, context) {
  const { path, ...init } = WORKLOADS.find((workload) => workload.id === 'postMessage').request(context);
  for (let i = 0; i < HISTORY_FILL; i++) await json(`${slackUrl}${path}`, init);
}

/** Each workload's answer from its twin: {method, path (no query), contentType, body}. */
export async function captureAnswers(twinUrls, context) {
  const answers = {};
  for (const workload of WORKLOADS) {
    const { path, ...init } = workload.request(context);
    const response = await fetch(`${twinUrls[workload.twin]}${path}`, init);
    const body = await response.text();
    if (!response.ok) throw new Error(`${workload.id}: the ${workload.twin} twin answered ${response.status} ${body.slice(0, 300)}`);
    answers[workload.id] = { method: init.method, path: path.split('?')[0], contentType: response.headers.get('content-type'), body };
  }
  return answers;
}

/**
 * Writes what the mocks serve into `dir`: answers.json (bare Fastify), wiremock/mappings/*.json (one
 * stub per workload, matched on method and path) and openapi.json (bench/peers/openapi.json with the
 * captured answers as its examples, for Prism).
 */
export async function writeCannedFiles(dir, answers) {
  const files = { answers: join(dir, 'answers.json'), wiremockRoot: join(dir, 'wiremock'), openapi: join(dir, 'openapi.json') };
  await writeFile(files.answers, JSON.stringify(answers));
  await mkdir(join(files.wiremockRoot, 'mappings'), { recursive: true });
  for (const [id, { method, path, contentType, body }] of Object.entries(answers)) {
    const stub = { request: { method, urlPath: path }, response: { status: 200, headers: { 'Content-Type': contentType }, body } };
    await writeFile(join(files.wiremockRoot, 'mappings', `${id}.json`), JSON.stringify(stub));
  }
  const document = JSON.parse(await readFile(join(BENCH_DIR, 'peers/openapi.json'), 'utf8'));
  for (const { method, path, body } of Object.values(answers)) {
    document.paths[path][method.toLowerCase()].responses['200'].content['application/json'].example = JSON.parse(body);
  }
  await writeFile(files.openapi, JSON.stringify(document));
  return files;
}
