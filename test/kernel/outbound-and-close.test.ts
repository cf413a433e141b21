// What a twin sends is journaled attempt by attempt; closing a twin never waits on chaos-held requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { Journal } from '../../shared/kernel/journal.js';
import { Outbound } from '../../shared/kernel/outbound.js';
import { startTwin } from '../../shared/kernel/twin-server.js';
import { testOrgSource, testTwin } from '../helpers/test-twin.js';

describe('Outbound', () => {
  let receiver: Server;
  let receiverUrl: string;
  const answers: number[] = [];
  const received: { headers: Record<string, unknown>; body: string }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => { body += chunk; });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = answers.shift() ?? 200;
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
  });
  afterAll(() => new Promise((resolve) => receiver.close(resolve)));

  it('retries per the policy and journals every attempt with the receiver’s status', async () => {
    answers.push(503, 500);
    const journal = new Journal();
    const outbound = new Outbound('jira', journal);
    const result = await outbound.deliver(
      { url: receiverUrl, body: '{"webhookEvent":"jira:issue_created"}', headers: { 'content-type': 'application/json' }, operation: 'jira:issue_created', target: { issue: 'ENG-1' } },
      { delaysMs: [5, 5, 5], prepare: (request, attempt) => ({ ...request, headers: { ...request.headers, 'x-retry': String(attempt - 1) } }) },
    );
    expect(result).toMatchObject({ status: 200, attempt: 3 });
    expect(received.slice(-3).map((r) => r.headers['x-retry'])).toEqual(['0', '1', '2']);
    const { events } = journal.list();
    expect(events.map((e) => [e.direction, e.status, e.attempt, e.operation, e.url])).toEqual([
      ['out', 503, 1, 'jira:issue_created', receiverUrl], ['out', 500, 2, 'jira:issue_created', receiverUrl], ['out', 200, 3, 'jira:issue_created', receiverUrl],
    ]);
    expect(events[0].target).toEqual({ issue: 'ENG-1' });
  });

  it('an unreachable receiver is status 0 with the error, never a throw', async () => {
    const journal = new Journal();
    const result = await new Outbound('slack', journal).send({ url: 'http://127.0.0.1:1/nothing', operation: 'event_callback' });
    expect(result.status).toBe(0);
    expect(journal.list().events[0]).toMatchObject({ status: 0, error: expect.any(String) });
  });

  it('close() ends pending retry waits at once', async () => {
    answers.push(500);
    const outbound = new Outbound('okta', new Journal());
    const started = Date.now();
    const delivery = outbound.deliver({ url: receiverUrl, operation: 'event_hook' }, { delaysMs: [60_000] });
    await new Promise((resolve) => setTimeout(resolve, 50));
    outbound.close();
    expect((await delivery).status).toBe(500);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('graceful close', () => {
  it('closes promptly while chaos holds requests (timeout, latency) and refuses nothing it had answered', async () => {
    const twin = await startTwin(testTwin, { seed: 1, orgSource: testOrgSource(), port: 0 });
    await fetch(`${twin.url}/_dtu/chaos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules: [
      { match: { path: '/things' }, effect: 'timeout' },
      { match: { path: '/limited' }, effect: 'latency', latencyMs: 60_000 },
    ] }) });
    const held = fetch(`${twin.url}/things`).then(() => 'answered', () => 'closed');
    const slow = fetch(`${twin.url}/limited`).then((r) => r.status, () => 'closed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await twin.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await held).toBe('closed');
    expect(await slow).toBe(200);
  });
});
