// 1,000 concurrent writes to the same Slack channel, the same Jira issue and the same sheet: every
// write lands once, none is lost or duplicated, and the order the twin reports is consistent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUniverse, type Universe } from '../../shared/universe/start-universe.js';

const WRITES = 1_000;
let universe: Universe;
beforeAll(async () => { universe = await startUniverse({ port: 0, seed: 13, users: 12 }); });
afterAll(() => universe.close());

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

async function call(url: string, init: RequestInit & { json?: unknown }) {
  const response = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init.headers }, body: init.json === undefined ? undefined : JSON.stringify(init.json) });
  return { status: response.status, body: await response.json() };
}

describe('1,000 concurrent writes to one object', () => {
  it('Slack: every chat.postMessage to one channel lands once, with distinct increasing ts', async () => {
    const { apiUrl, botToken } = universe.credentials.slack;
    const auth = { authorization: `Bearer ${botToken}` };
    const answers = await Promise.all(range(WRITES).map((i) => call(`${apiUrl}chat.postMessage`, { method: 'POST', headers: auth, json: { channel: 'general', text: `write ${i}` } })));
    expect(answers.every((a) => a.status === 200 && a.body.ok)).toBe(true);
    const channel = answers[0].body.channel as string;
    const texts: string[] = [];
    const stamps: string[] = [];
    for (let cursor = ''; ;) {
      const page = (await call(`${apiUrl}conversations.history?channel=${channel}&limit=1000${cursor && `&cursor=${cursor}`}`, { method: 'GET', headers: auth })).body;
      for (const m of page.messages) if (m.text?.startsWith('write ')) { texts.push(m.text); stamps.push(m.ts); }
      cursor = page.response_metadata?.next_cursor ?? '';
      if (!cursor) break;
    }
    expect(new Set(texts).size).toBe(WRITES);
    expect(texts.length).toBe(WRITES);
    expect(new Set(stamps).size).toBe(WRITES);
    // History is newest first: the ts order is strictly decreasing, and matches what each post answered.
    expect(stamps.every((ts, i) => i === 0 || Number(stamps[i - 1]) > Number(ts))).toBe(true);
    const answered = new Map(answers.map((a) => [a.body.message.text, a.body.ts]));
    expect(texts.every((text, i) => answered.get(text) === stamps[i])).toBe(true);
  }, 60_000);

  it('Jira: every comment added to one issue lands once, with distinct ids', async () => {
    const { host, email, apiToken } = universe.credentials.jira;
    const auth = { authorization: `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`, accept: 'application/json' };
    const project = (await call(`${host}/rest/api/3/project/search?maxResults=1`, { method: 'GET', headers: auth })).body.values[0];
    const issue = (await call(`${host}/rest/api/3/issue`, { method: 'POST', headers: auth, json: { fields: { project: { key: project.key }, summary: 'contended', issuetype: { name: 'Task' } } } })).body;
    const answers = await Promise.all(range(WRITES).map((i) => call(`${host}/rest/api/2/issue/${issue.key}/comment`, { method: 'POST', headers: auth, json: { body: `comment ${i}` } })));
    expect(answers.every((a) => a.status === 201)).toBe(true);
    const bodies: string[] = [];
    const ids: string[] = [];
    for (let startAt = 0; ;) {
      const page = (await call(`${host}/rest/api/2/issue/${issue.key}/comment?startAt=${startAt}&maxResults=100`, { method: 'GET', headers: auth })).body;
      for (const c of page.comments) { bodies.push(c.body); ids.push(c.id); }
      startAt += page.comments.length;
      if (!page.comments.length || startAt >= page.total) break;
    }
    expect(bodies.length).toBe(WRITES);
    expect(new Set(bodies).size).toBe(WRITES);
    expect(new Set(ids).size).toBe(WRITES);
    expect(ids.every((id, i) => i === 0 || Number(ids[i - 1]) < Number(id))).toBe(true);
  }, 60_000);

  it('Sheets: every values.append to one sheet lands once, each in its own row', async () => {
    const { rootUrl, accessToken } = universe.credentials.google;
    const auth = { authorization: `Bearer ${accessToken}` };
    const sheet = (await call(`${rootUrl}v4/spreadsheets`, { method: 'POST', headers: auth, json: { properties: { title: 'contended' } } })).body;
    const answers = await Promise.all(range(WRITES).map((i) => call(`${rootUrl}v4/spreadsheets/${sheet.spreadsheetId}/values/Sheet1!A1:append?valueInputOption=RAW`, { method: 'POST', headers: auth, json: { values: [[`row ${i}`]] } })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const updatedRanges = answers.map((a) => a.body.updates.updatedRange as string);
    expect(new Set(updatedRanges).size).toBe(WRITES);
    const values = (await call(`${rootUrl}v4/spreadsheets/${sheet.spreadsheetId}/values/Sheet1!A1:A${WRITES + 10}`, { method: 'GET', headers: auth })).body.values as string[][];
    expect(values.length).toBe(WRITES);
    expect(new Set(values.map((row) => row[0])).size).toBe(WRITES);
    // Each append's answer names the row its value is in.
    for (const [i, a] of answers.entries()) {
      const row = Number(/A(\d+)/.exec(a.body.updates.updatedRange)![1]);
      expect(values[row - 1][0], `append ${i}`).toBe(`row ${i}`);
    }
  }, 60_000);
});
