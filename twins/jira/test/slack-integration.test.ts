// Jira Cloud for Slack in an in-process universe: the control route, Jira posting created and
// transitioned issues to a Slack channel through the Slack twin's Web API (read back with
// @slack/web-api), and the /browse links in those messages.
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startUniverse, type Universe } from '../../../shared/universe/start-universe.js';
import { adf, client, jiraUniverse } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await startUniverse({ seed: 5, port: 0 }); });
afterAll(() => universe.close());
beforeEach(() => universe.reset());

async function integration(method: 'GET' | 'PUT' | 'DELETE', body?: unknown, target = universe) {
  const res = await fetch(`${target.urls.jira}/_dtu/jira/slack-integration`, {
    method, ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}

const slack = () => new WebClient(universe.credentials.slack.botToken, { slackApiUrl: universe.credentials.slack.apiUrl, retryConfig: { retries: 0 } });

async function channelNamed(name: string) {
  const { channels } = await slack().conversations.list({ types: 'public_channel', limit: 1000 });
  return channels!.find((c) => c.name === name)!;
}

const createIssue = (project: string, summary: string) => client(universe).issues.createIssue({ fields: { project: { key: project }, issuetype: { name: 'Task' }, summary, description: adf(summary) } });

describe('Jira Cloud for Slack', () => {
  it('posts a created issue to a channel by name, joining it first; the message links to the issue page', async () => {
    const department = universe.org.groups.find((g) => g.kind === 'department')!;
    const channel = await channelNamed(department.slug);
    expect(channel.is_member).toBe(false);
    expect((await integration('PUT', { channel: `#${department.slug}`, projects: ['CORP'] })).body).toMatchObject({ ok: true, integration: { channel: `#${department.slug}`, projects: ['CORP'], events: ['issue_created'] } });

    const { key } = await createIssue('CORP', 'Printer on floor 3 is on fire');
    await universe.control.settle();

    const { messages } = await slack().conversations.history({ channel: channel.id! });
    const posted = messages!.find((m) => m.bot_id);
    const jiraUrl = universe.urls.jira;
    expect(posted?.text).toContain(`<${jiraUrl}/browse/${key}|${key}>`);
    expect(posted?.text).toContain('Printer on floor 3 is on fire');
    expect(JSON.stringify(posted?.blocks)).toContain('*Status*\\nTo Do');

    const link = /<([^|>]+)\|/.exec(posted!.text!)![1];
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain(`<title>[${key}] Printer on floor 3 is on fire - Jira</title>`);
    expect(html).toContain('<dd id="status">To Do</dd>');
    expect((await fetch(`${jiraUrl}/browse/NOPE-999`)).status).toBe(404);

    const { events } = await universe.events({ twin: 'jira' });
    const out = events.filter((e) => e.direction === 'out').map((e) => [e.operation, e.status]);
    expect(out).toEqual([['conversations.list', 200], ['chat.postMessage', 200], ['conversations.join', 200], ['chat.postMessage', 200]]);
  });

  it('posts transitions only when asked, and only for the configured projects', async () => {
    const general = await channelNamed('general');
    const project = (await client(universe).projects.searchProjects()).values!.find((p) => p.key !== 'CORP')!.key!;
    await integration('PUT', { channel: general.id, projects: [project], events: ['issue_transitioned'] });
    await createIssue('CORP', 'Not for Slack');
    const { key } = await createIssue(project, 'Move me along');
    await client(universe).issues.doTransition({ issueIdOrKey: key, transition: { id: '21' } });
    await universe.control.settle();
    const { messages } = await slack().conversations.history({ channel: general.id! });
    const posted = messages!.filter((m) => m.bot_id && m.text?.includes('/browse/'));
    expect(posted).toHaveLength(1);
    expect(posted[0].text).toContain(`transitioned <${universe.urls.jira}/browse/${key}|${key}> from *To Do* to *In Progress*`);
  });

  it('retries a post Slack refuses with a 503; settle counts it pending while it backs off', async () => {
    const general = await channelNamed('general');
    await integration('PUT', { channel: general.id });
    await universe.chaos.add({ twin: 'slack', match: { operation: 'chat.postMessage' }, effect: 'error', status: 503, times: 1 });
    const { key } = await createIssue('CORP', 'Try again');
    expect((await universe.control.settle()).pending).toBe(1);
    let settled = await universe.control.settle();
    for (let i = 0; settled.pending && i < 100; i++) settled = await new Promise((resolve) => setTimeout(resolve, 50)).then(() => universe.control.settle());
    expect(settled.pending).toBe(0);
    const { messages } = await slack().conversations.history({ channel: general.id! });
    expect(messages!.filter((m) => m.text?.includes(`|${key}>`))).toHaveLength(1);
    const posts = (await universe.events({ twin: 'jira' })).events.filter((e) => e.direction === 'out' && e.operation === 'chat.postMessage');
    expect(posts.map((e) => [e.status, e.attempt])).toEqual([[503, 1], [200, 2]]);
  });

  it('shows, removes and refuses bad configurations in DTU’s shape; snapshots carry it', async () => {
    expect((await integration('GET')).body).toEqual({ ok: true, integration: null });
    for (const bad of [{ channel: 'Not A Channel' }, { channel: '#ok', projects: ['NOPE'] }, { channel: '#ok', events: ['issue_deleted'] }, { channel: '#ok', extra: 1 }, '{"channel":']) {
      const res = await integration('PUT', bad);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ ok: false, error: 'invalid_request', message: expect.any(String) });
    }
    expect((await integration('GET')).body.integration).toBeNull();
    await integration('PUT', { channel: '#general', events: ['issue_created', 'issue_transitioned'] });
    expect(((await universe.snapshot()).twins.jira as { integrations: unknown }).integrations).toEqual({ slack: { channel: '#general', projects: [], events: ['issue_created', 'issue_transitioned'] } });
    expect((await integration('DELETE')).body).toEqual({ ok: true, integration: null });
    expect((await integration('GET')).body.integration).toBeNull();
  });

  it('answers 400 "no slack twin configured" on a Jira twin without a Slack peer', async () => {
    const alone = await jiraUniverse({ users: 10 });
    try {
      const res = await integration('PUT', { channel: '#general' }, alone);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ ok: false, error: 'invalid_request', message: expect.stringContaining('no slack twin configured') });
    } finally {
      await alone.close();
    }
  });
});
