// Webhooks to a local HTTP receiver: admin webhooks (/rest/webhooks/1.0) with a JQL filter and a secret,
// dynamic app webhooks (/rest/api/3/webhook) through jira.js with an OAuth 2.0 bearer token; Jira's
// payloads (issue, changelog, comment, sprint), headers, signature and retries; configuration as data.
import { createHmac } from 'node:crypto';
import { AgileClient, Version3Client } from 'jira.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { startReceiver, type HttpReceiver, type ReceivedRequest } from '../../../test/helpers/http-receiver.js';
import { adf, client, jiraUniverse, member, raw } from './helpers.js';

let universe: Universe;
let receiver: HttpReceiver;
let url: string;
let deliveries: ReceivedRequest[] = [];
/** Statuses to answer with, in order; 200 once it runs out. */
let answers: number[] = [];

beforeAll(async () => {
  universe = await jiraUniverse({ seed: 19, users: 25 });
  receiver = await startReceiver(() => ({ status: answers.shift() ?? 200 }));
  deliveries = receiver.received;
  url = `${receiver.url}/hook`;
});
afterAll(async () => {
  await universe.close();
  await receiver.close();
});
beforeEach(async () => {
  await universe.reset();
  receiver.clear();
  answers = [];
});

async function until(check: () => boolean, ms = 4000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting for deliveries');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const adminHook = (body: Record<string, unknown>) => raw(universe, '/rest/webhooks/1.0/webhook', { method: 'POST', body: { name: 'ci', url, ...body } });

describe('admin webhooks', () => {
  it('deliver matching issue events with Jira payload, headers and signature; the JQL filter applies', async () => {
    const created = await adminHook({ events: ['jira:issue_created', 'jira:issue_updated', 'comment_created'], filters: { 'issue-related-events-section': 'project = CORP AND issuetype = Bug' }, secret: 'shh' });
    expect(created).toMatchObject({ status: 201, body: { name: 'ci', url, enabled: true, filters: { 'issue-related-events-section': 'project = CORP AND issuetype = Bug' } } });
    const jira = client(universe);
    await jira.issues.createIssue({ fields: { project: { key: 'CORP' }, issuetype: { name: 'Task' }, summary: 'not a bug' } });
    const bug = await jira.issues.createIssue({ fields: { project: { key: 'CORP' }, issuetype: { name: 'Bug' }, summary: 'a bug' } });
    await until(() => deliveries.length >= 1);
    const [first] = deliveries;
    expect(first.body).toMatchObject({ webhookEvent: 'jira:issue_created', issue_event_type_name: 'issue_created', issue: { key: bug.key, fields: { summary: 'a bug', issuetype: { name: 'Bug' } } }, user: { emailAddress: universe.credentials.jira.email } });
    expect(typeof first.body.timestamp).toBe('number');
    expect(first.headers['x-atlassian-webhook-identifier']).toBeTruthy();
    expect(first.headers['x-atlassian-webhook-flow']).toBe('Primary');
    expect(first.headers['x-atlassian-webhook-retry']).toBeUndefined();
    expect(first.headers['x-hub-signature']).toBe(`sha256=${createHmac('sha256', 'shh').update(first.raw).digest('hex')}`);

    await jira.issues.editIssue({ issueIdOrKey: bug.key, fields: { summary: 'a nasty bug', priority: { name: 'Highest' } } });
    await until(() => deliveries.length >= 2);
    expect(deliveries[1].body).toMatchObject({ webhookEvent: 'jira:issue_updated', issue_event_type_name: 'issue_updated', changelog: { id: expect.any(String) } });
    expect(deliveries[1].body.changelog.items).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'summary', fromString: 'a bug', toString: 'a nasty bug' }),
      expect.objectContaining({ field: 'priority', toString: 'Highest' }),
    ]));
    await jira.issueComments.addComment({ issueIdOrKey: bug.key, comment: adf('seen it') });
    await until(() => deliveries.some((d) => d.body.webhookEvent === 'comment_created') && deliveries.some((d) => d.body.issue_event_type_name === 'issue_commented'));
    const comment = deliveries.find((d) => d.body.webhookEvent === 'comment_created')!;
    expect(comment.body).toMatchObject({ comment: { body: 'seen it' }, issue: { key: bug.key } });
    // Nothing for the Task: every delivery is about the bug.
    expect(deliveries.every((d) => d.body.issue?.key === bug.key)).toBe(true);
    const { events } = await universe.events({ twin: 'jira' });
    expect(events.filter((e) => e.direction === 'out').map((e) => e.operation)).toContain('jira:issue_created');
  });

  it('expand URL variables and, with excludeBody, send no body (the signature covers what was sent)', async () => {
    await adminHook({ url: `${url}/\${project.key}?issue=\${issue.key}`, events: ['jira:issue_created'], excludeBody: true, secret: 's' });
    const { key } = await client(universe).issues.createIssue({ fields: { project: { key: 'CORP' }, issuetype: { name: 'Task' }, summary: 'vars' } });
    await until(() => deliveries.length >= 1);
    expect(deliveries[0].path).toBe(`/hook/CORP?issue=${key}`);
    expect(deliveries[0].raw).toBe('');
    expect(deliveries[0].headers['x-hub-signature']).toBe(`sha256=${createHmac('sha256', 's').update('').digest('hex')}`);
  });

  it('retry a failed delivery with the same identifier and X-Atlassian-Webhook-Retry', async () => {
    await adminHook({ events: ['jira:issue_deleted'] });
    answers = [503];
    const { key } = await client(universe).issues.createIssue({ fields: { project: { key: 'CORP' }, issuetype: { name: 'Task' }, summary: 'doomed' } });
    await client(universe).issues.deleteIssue({ issueIdOrKey: key });
    await until(() => deliveries.length >= 2);
    expect(deliveries.map((d) => d.body.webhookEvent)).toEqual(['jira:issue_deleted', 'jira:issue_deleted']);
    expect(deliveries[0].headers['x-atlassian-webhook-identifier']).toBe(deliveries[1].headers['x-atlassian-webhook-identifier']);
    expect(deliveries[1].headers['x-atlassian-webhook-retry']).toBe('1');
    expect(deliveries[1].body).toMatchObject({ webhookEvent: 'jira:issue_deleted', issue: { key } });
  });

  it('send sprint events; are listed, updated, deleted by admins only; are data (snapshot, reset)', async () => {
    const hook = (await adminHook({ events: ['sprint_started', 'sprint_closed'] })).body;
    const { host, email, userTokens } = universe.credentials.jira as { host: string; email: string; userTokens: Record<string, string> };
    const agile = new AgileClient({ host, authentication: { basic: { email, apiToken: userTokens[email] } } });
    const board = (await agile.board.getAllBoards({ projectKeyOrId: 'CORP' })).values![0];
    const active = (await agile.board.getAllSprints({ boardId: board.id!, state: 'active' })).values![0];
    await agile.sprint.partiallyUpdateSprint({ sprintId: active.id!, state: 'closed' });
    await until(() => deliveries.length >= 1);
    expect(deliveries[0].body).toMatchObject({ webhookEvent: 'sprint_closed', sprint: { id: active.id, state: 'closed' } });

    const list = await raw(universe, '/rest/webhooks/1.0/webhook');
    expect(list.body.map((h: { self: string }) => h.self)).toEqual([hook.self]);
    const person = member(universe);
    expect((await raw(universe, '/rest/webhooks/1.0/webhook', { as: person.email })).status).toBe(403);
    const path = new URL(hook.self).pathname;
    const updated = await raw(universe, path, { method: 'PUT', body: { name: 'renamed', url, events: ['sprint_started'], enabled: false } });
    expect(updated.body).toMatchObject({ name: 'renamed', enabled: false, events: ['sprint_started'] });
    const snapshot = await universe.snapshot();
    await universe.reset();
    expect((await raw(universe, '/rest/webhooks/1.0/webhook')).body).toEqual([]);
    await universe.restore(snapshot);
    expect((await raw(universe, path)).body.name).toBe('renamed');
    expect((await raw(universe, path, { method: 'DELETE' })).status).toBe(204);
    expect((await raw(universe, path)).status).toBe(404);
    const bad = await adminHook({ events: ['nope'], filters: { 'issue-related-events-section': 'project = = CORP' }, url: 'ftp://x' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['events', 'filters', 'url']);
  });
});

describe('dynamic webhooks (OAuth 2.0 apps)', () => {
  it('register, list, refresh and delete through jira.js; basic auth is refused', async () => {
    const { host, accessToken } = universe.credentials.jira as { host: string; accessToken: string };
    const app = new Version3Client({ host, authentication: { oauth2: { accessToken } } });
    const result = await app.webhooks.registerDynamicWebhooks({ url, webhooks: [
      { events: ['jira:issue_created'], jqlFilter: 'project = CORP' },
      { events: ['sprint_started'], jqlFilter: 'project = CORP' },
      { events: ['comment_created'], jqlFilter: 'project = = CORP' },
    ] });
    const [ok, notAllowed, badJql] = result.webhookRegistrationResult!;
    expect(ok.createdWebhookId).toEqual(expect.any(Number));
    expect(notAllowed.errors?.length).toBeGreaterThan(0);
    expect(badJql.errors?.[0]).toContain('Invalid JQL filter');
    const page = await app.webhooks.getDynamicWebhooksForApp();
    expect(page.values?.map((w) => w.id)).toEqual([ok.createdWebhookId]);
    expect(page.values?.[0].expirationDate).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const refreshed = await app.webhooks.refreshWebhooks({ webhookIds: [ok.createdWebhookId!] });
    expect(refreshed.expirationDate).toBeGreaterThan(Date.now());
    expect((await raw(universe, '/rest/api/3/webhook')).body).toEqual({ errorMessages: ['Only Connect and OAuth 2.0 apps can use this operation.'], errors: {} });

    await app.issues.createIssue({ fields: { project: { key: 'CORP' }, issuetype: { name: 'Task' }, summary: 'from the app' } });
    await until(() => deliveries.length >= 1);
    expect(deliveries[0].body, JSON.stringify(deliveries[0].body).slice(0, 300)).toMatchObject({ webhookEvent: 'jira:issue_created', issue: { fields: { summary: 'from the app' } } });
    await app.webhooks.deleteWebhookById({ webhookIds: [ok.createdWebhookId!] });
    expect((await app.webhooks.getDynamicWebhooksForApp()).values).toEqual([]);
  });
});
