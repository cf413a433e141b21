// Bad field values, unknown fields, wrong types and broken bodies: always a Jira-shaped 400 (or 404), never a 5xx,
// and nothing written — the issue reads back unchanged and no key is used up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { jiraUniverse, raw } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await jiraUniverse({ seed: 3, users: 15 }); });
afterAll(() => universe.close());

const badValues: unknown[] = [null, 0, 7, -1, true, '', 'x', 'two words', [], [1], ['a b'], {}, { id: null }, { id: '999' }, { name: 42 }, { accountId: 5 }, { type: 'doc' }, { type: 'doc', version: 1, content: 'no' }];
const fieldNames = ['project', 'issuetype', 'summary', 'description', 'priority', 'assignee', 'reporter', 'labels', 'status', 'customfield_10000', 'nope'];

describe('fuzz', () => {
  it('createIssue and editIssue never answer a bad value with a 5xx; failures are Jira ErrorCollections', async () => {
    const before = await raw(universe, '/rest/api/3/issue/CORP-1');
    for (const v of ['2', '3']) {
      for (const field of fieldNames) {
        for (const value of badValues) {
          const base = { project: { key: 'CORP' }, issuetype: { name: 'Task' }, summary: 'fuzz' };
          const created = await raw(universe, `/rest/api/${v}/issue`, { method: 'POST', body: { fields: { ...base, [field]: value } } });
          const edited = await raw(universe, `/rest/api/${v}/issue/CORP-1`, { method: 'PUT', body: { fields: { [field]: value } } });
          for (const res of [created, edited]) {
            expect(res.status, `${v} ${field}=${JSON.stringify(value)} ${JSON.stringify(res.body)}`).toBeLessThan(500);
            if (res.status >= 400) expect(res.body).toEqual({ errorMessages: expect.any(Array), errors: expect.any(Object) });
          }
          // Only a handful of values are genuinely valid (assignee/description null, a string description in v2…).
          if (created.status === 201) await raw(universe, `/rest/api/${v}/issue/${created.body.key}`, { method: 'DELETE' });
        }
      }
    }
    const after = await raw(universe, '/rest/api/3/issue/CORP-1');
    // Edits that were valid (e.g. assignee null) may change CORP-1; a bad one never does: compare only what no bad value can set.
    expect(after.body.fields.project).toEqual(before.body.fields.project);
    expect(after.body.fields.status).toEqual(before.body.fields.status);
  });

  it('broken bodies are 400s on every writing route', async () => {
    const paths: [string, string][] = [['POST', '/rest/api/3/issue'], ['PUT', '/rest/api/3/issue/CORP-2'], ['POST', '/rest/api/3/issue/CORP-2/transitions'], ['POST', '/rest/api/3/issue/CORP-2/comment']];
    for (const [method, path] of paths) {
      for (const rawBody of ['{', 'null', '[]', '"x"', '5', '{"fields":[]}', '{"transition":5}', '{"body":5}', '{"update":5}']) {
        const res = await raw(universe, path, { method, rawBody });
        expect(res.status, `${method} ${path} ${rawBody}`).toBeLessThan(500);
        if (res.status >= 400) expect(res.body.errorMessages, `${method} ${path} ${rawBody}`).toEqual(expect.any(Array));
      }
    }
    expect((await raw(universe, '/rest/api/3/issue/CORP-2')).body.fields.status.name).toBe('In Review');
    for (const q of ['startAt=x', 'maxResults=1e9', 'startAt=-5']) expect((await raw(universe, `/rest/api/3/project/search?${q}`)).status).toBeLessThan(500);
  });

  it('the site routes answer bad bodies with Jira 400s (or 404/403), never a 5xx, and a refusal changes nothing', async () => {
    await universe.reset();
    const sprint = (await raw(universe, '/rest/agile/1.0/board?projectKeyOrId=CORP')).body.values[0].id;
    const future = (await raw(universe, `/rest/agile/1.0/board/${sprint}/sprint?state=future`)).body.values[0].id;
    const team = universe.org.groups[0].name;
    const bodies = ['{', 'null', '[]', '"x"', '5', '{}', '{"body":5}', '{"body":{"type":"doc"}}', '{"visibility":{"type":"group","value":"nope"},"body":"x"}',
      '{"timeSpent":"lots"}', '{"timeSpentSeconds":"1"}', '{"started":"2026-13-45T00:00:00.000+0000","timeSpent":"1h"}', '{"name":""}', '{"name":7,"project":"CORP"}',
      '{"project":"NOPE","name":"x"}', '{"projectId":10000,"name":"v","releaseDate":"tomorrow"}', '{"issues":"CORP-1"}', '{"issues":["NOPE-9"]}', '{"issues":[1,2,3],"rankBeforeIssue":{}}',
      '{"state":"closed","name":"x"}', '{"state":"active"}', '{"startDate":"soon"}', '{"originBoardId":"x","name":"s"}', '{"type":{"name":"Blocks"},"inwardIssue":{},"outwardIssue":{"key":"CORP-1"}}',
      '{"url":"not a url","webhooks":[{}]}', '{"url":"http://127.0.0.1:1/h","events":["x"],"name":"n"}', '{"accountId":5}', '{"webhookIds":["a"]}', '{"issueUpdates":[5,null,"x"]}',
      '{"fields":{"components":[{"name":"Nope"}],"parent":{"key":"CORP-1"},"customfield_10020":99999,"fixVersions":"1.0"}}', '{"update":{"components":[{"add":{"id":"1"}}],"comment":[{"add":{}}]}}'];
    const routes: [string, string][] = [
      ['POST', '/rest/api/3/issue/CORP-3/comment'], ['PUT', '/rest/api/3/issue/CORP-3/comment/10000'], ['POST', '/rest/api/2/issue/CORP-3/worklog'], ['POST', '/rest/api/3/component'],
      ['POST', '/rest/api/3/version'], ['POST', '/rest/api/3/issueLink'], ['POST', '/rest/api/3/issue/bulk'], ['PUT', '/rest/api/3/issue/CORP-3'],
      ['POST', `/rest/agile/1.0/sprint/${future}`], ['PUT', `/rest/agile/1.0/sprint/${future}`], ['POST', '/rest/agile/1.0/sprint'], ['POST', `/rest/agile/1.0/sprint/${future}/issue`],
      ['PUT', '/rest/agile/1.0/issue/rank'], ['POST', '/rest/agile/1.0/epic/CORP-5/issue'], ['POST', '/rest/webhooks/1.0/webhook'], ['POST', `/rest/api/3/group/user?groupname=${encodeURIComponent(team)}`],
      ['POST', '/rest/api/3/project'], ['POST', '/rest/api/3/issue/CORP-3/watchers'], ['POST', '/rest/api/3/issue/CORP-3/attachments'],
    ];
    const store = universe.twins.get('jira')!.runtime.store;
    const state = async () => JSON.stringify(store.data);
    let before = await state();
    for (const [method, path] of routes) {
      for (const rawBody of bodies) {
        const res = await raw(universe, path, { method, rawBody });
        const what = `${method} ${path} ${rawBody} → ${res.status} ${JSON.stringify(res.body)}`;
        expect(res.status, what).toBeLessThan(500);
        if (res.status < 400) { before = await state(); continue; }
        // Bulk create answers a wholly refused batch with its own shape: {issues: [], errors: [per element]}.
        const shape = path.endsWith('/issue/bulk') && res.body?.issues ? { issues: [], errors: expect.any(Array) } : { errorMessages: expect.any(Array), errors: expect.any(Object) };
        if (res.body !== undefined && typeof res.body === 'object') expect(res.body, what).toEqual(shape);
        const after = await state();
        expect(after, what).toBe(before);
      }
    }
  });

  it('a failed create uses up no key; a failed edit changes no field', async () => {
    await universe.reset();
    const edit = await raw(universe, '/rest/api/3/issue/CORP-3', { method: 'PUT', body: { fields: { summary: 'changed', labels: ['ok'], priority: { id: '99' } } } });
    expect(edit).toMatchObject({ status: 400, body: { errors: { priority: 'The priority selected is invalid.' } } });
    const kept = (await raw(universe, '/rest/api/3/issue/CORP-3?fields=summary,labels')).body.fields;
    expect(kept.summary).not.toBe('changed');
    expect(kept.labels).not.toContain('ok');
    await raw(universe, '/rest/api/3/issue', { method: 'POST', body: { fields: { project: { key: 'CORP' }, summary: 'no type' } } });
    const ok = await raw(universe, '/rest/api/3/issue', { method: 'POST', body: { fields: { project: { id: '10000' }, issuetype: { id: 10002 }, summary: 'typed' } } });
    expect(ok.status).toBe(201);
    expect(ok.body.key).toBe('CORP-6');
  });
});
