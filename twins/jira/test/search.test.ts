// Issue search through jira.js Version3Client on the JQL fixture: the enhanced /search/jql (GET and
// POST, nextPageToken to the end, fields, expand), approximate-count, the retired /search (410) and
// the classic switch; raw HTTP for the 400s, page tokens and the v2 paths.
import type { Version3Client } from 'jira.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUniverse } from '../../../shared/universe/start-universe.js';
import { client, raw } from './helpers.js';
import { type FixtureUniverse, fixtureUniverse } from './search-helpers.js';

let fx: FixtureUniverse;
let jira: Version3Client;
beforeAll(async () => {
  fx = await fixtureUniverse();
  jira = client(fx.universe, fx.emails.admin);
});
afterAll(() => fx.universe.close());

const REMOVED = 'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046';
const as = (who: keyof FixtureUniverse['emails']) => ({ as: fx.emails[who] });

describe('GET/POST /rest/api/3/search/jql', () => {
  it('pages with nextPageToken until the last page, returning only the asked-for fields', async () => {
    const keys: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await jira.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'project = ALPHA ORDER BY key ASC', maxResults: 4, fields: ['summary', 'status'], nextPageToken: token });
      pages++;
      for (const issue of page.issues ?? []) {
        expect(Object.keys(issue.fields).sort()).toEqual(['status', 'summary']);
        expect(issue.self).toBe(`${fx.universe.credentials.jira.host}/rest/api/3/issue/${issue.id}`);
        keys.push(issue.key);
      }
      token = page.nextPageToken;
      expect((page as { isLast?: boolean }).isLast).toBe(token === undefined);
    } while (token);
    expect(pages).toBe(2);
    expect(keys).toEqual(['ALPHA-1', 'ALPHA-2', 'ALPHA-3', 'ALPHA-4', 'ALPHA-5', 'ALPHA-6']);
  });

  it('returns issue ids only when no fields are asked for, and no token on a single page', async () => {
    const page = await jira.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'project = CORP ORDER BY key' });
    expect(page.issues).toEqual(['CORP-1', 'CORP-2', 'CORP-3'].map((k) => ({ id: fx.fixture.ids[k] })));
    expect(page).not.toHaveProperty('nextPageToken');
    expect(page).not.toHaveProperty('total');
  });

  it('takes the POST body form with *all fields and expansions', async () => {
    const page = await jira.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost({ jql: 'key = ALPHA-3', fields: ['*all'], expand: 'changelog,names,schema,renderedFields,transitions' });
    const [issue] = page.issues!;
    expect(issue.fields).toMatchObject({ summary: 'Checkout button crashes on Safari', status: { name: 'Done' }, resolution: { name: 'Done' }, labels: ['frontend', 'urgent'], duedate: '2026-03-01', customfield_10016: 3 });
    expect(issue.fields.customfield_10020).toEqual([expect.objectContaining({ id: 101, name: 'Alpha Sprint 1', state: 'closed' })]);
    expect((page.names as Record<string, string>).summary).toBe('Summary');
    expect((page.schema as Record<string, { type: string }>).customfield_10016.type).toBe('number');
    const histories = issue.changelog!.histories!;
    expect(histories.map((h) => h.items!.map((i) => `${i.field}:${i.fromString}->${i.toString}`))).toEqual([
      ['status:To Do->In Progress'], ['status:In Progress->In Review'], ['status:In Review->Done', 'resolution:null->Done'],
    ]);
    expect(histories[2].author?.emailAddress).toBe(fx.emails.alice);
    expect((issue.renderedFields as Record<string, unknown>).created).toBe('15/Feb/26 8:00 AM');
    expect(issue.transitions?.map((t) => t.id)).toEqual(['11']);
  });

  it('serves the same under /rest/api/2 with plain-text rich text', async () => {
    const res = await raw(fx.universe, `/rest/api/2/search/jql?jql=${encodeURIComponent('key = ALPHA-5')}&fields=description,key`);
    expect(res.status).toBe(200);
    expect(res.body.issues[0]).toMatchObject({ key: 'ALPHA-5', fields: { description: 'The refund email job fails silently.' } });
    const most = await raw(fx.universe, `/rest/api/2/search/jql?jql=${encodeURIComponent('key = ALPHA-5')}&fields=-description,-comment`);
    expect(most.body.issues[0].fields).toMatchObject({ summary: 'Refund emails are not sent', status: { name: 'To Do' } });
    expect(most.body.issues[0].fields).not.toHaveProperty('description');
  });

  it('answers bad JQL, unbounded queries and bad tokens with Jira 400s', async () => {
    const bad = await raw(fx.universe, `/rest/api/3/search/jql?jql=${encodeURIComponent('universe = 42')}`);
    expect(bad).toMatchObject({ status: 400, body: { errorMessages: ["Field 'universe' does not exist or you do not have permission to view it."], errors: {} } });
    const syntax = await raw(fx.universe, '/rest/api/3/search/jql', { method: 'POST', body: { jql: 'project = ALPHA status = Done' } });
    expect(syntax.body.errorMessages).toEqual(["Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'status'. (line 1, character 17)"]);
    for (const jql of ['', 'ORDER BY key DESC']) {
      const unbounded = await raw(fx.universe, '/rest/api/3/search/jql', { method: 'POST', body: { jql } });
      expect(unbounded).toMatchObject({ status: 400, body: { errorMessages: ['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.'] } });
    }
    await expect(jira.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'project = NOPE' })).rejects.toMatchObject({ status: 400 });
    const token = (await raw(fx.universe, `/rest/api/3/search/jql?jql=${encodeURIComponent('project = ALPHA')}&maxResults=1`)).body.nextPageToken;
    expect(typeof token).toBe('string');
    const otherQuery = await raw(fx.universe, `/rest/api/3/search/jql?jql=${encodeURIComponent('project = CORP')}&nextPageToken=${token}`);
    expect(otherQuery.status).toBe(400);
    expect((await raw(fx.universe, `/rest/api/3/search/jql?jql=${encodeURIComponent('project = CORP')}&nextPageToken=garbage`)).status).toBe(400);
    expect((await raw(fx.universe, `/rest/api/3/search/jql?jql=${encodeURIComponent('project = CORP')}&maxResults=lots`)).status).toBe(400);
  });

  it('only finds issues in projects the caller can browse', async () => {
    const alice = client(fx.universe, fx.emails.alice);
    const mine = await alice.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'assignee = currentUser() ORDER BY key', fields: ['key'] });
    expect(mine.issues?.map((i) => i.key)).toEqual(['ALPHA-2', 'ALPHA-5']);
    const hidden = await raw(fx.universe, '/rest/api/3/search/jql', { method: 'POST', body: { jql: 'project = BETA' }, ...as('alice') });
    expect(hidden.body.errorMessages).toEqual(["The value 'BETA' does not exist for the field 'project'."]);
    const admin = await jira.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'project = BETA', fields: ['key'] });
    expect(admin.issues?.map((i) => i.key)).toEqual(['BETA-1']);
  });

  it('sees its own writes (read-after-write)', async () => {
    const { key } = await jira.issues.createIssue({ fields: { project: { key: 'CORP' }, issuetype: { name: 'Task' }, summary: 'Fresh searchable thing', labels: ['fresh'] } });
    const found = await jira.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'labels = fresh', fields: ['summary'] });
    expect(found.issues?.map((i) => i.key)).toEqual([key]);
    await jira.issues.assignIssue({ issueIdOrKey: key, accountId: fx.fixture.carol });
    const byAssignee = await jira.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: `project = CORP AND assignee = ${fx.fixture.carol}`, fields: ['key'] });
    expect(byAssignee.issues?.map((i) => i.key).sort()).toEqual(['CORP-3', key].sort());
    await fx.load();
  });
});

describe('POST /rest/api/3/search/approximate-count', () => {
  it('counts what the caller can see and refuses unbounded queries', async () => {
    expect(await jira.issueSearch.countIssues({ jql: 'project in (ALPHA, CORP) AND statusCategory != Done' })).toEqual({ count: 6 });
    const alice = client(fx.universe, fx.emails.alice);
    expect(await alice.issueSearch.countIssues({ jql: 'labels = confidential' })).toEqual({ count: 0 });
    await expect(jira.issueSearch.countIssues({ jql: '' })).rejects.toMatchObject({ status: 400 });
  });
});

describe('retired /rest/api/{2,3}/search', () => {
  it('answers 410 with the migration note, GET and POST, v2 and v3', async () => {
    await expect(jira.issueSearch.searchForIssuesUsingJql({ jql: 'project = ALPHA' })).rejects.toMatchObject({ status: 410 });
    for (const [method, path] of [['GET', '/rest/api/3/search?jql=project%3DALPHA'], ['POST', '/rest/api/3/search'], ['GET', '/rest/api/2/search'], ['POST', '/rest/api/2/search']]) {
      const res = await raw(fx.universe, path, { method, ...(method === 'POST' && { body: { jql: 'project = ALPHA' } }) });
      expect(res).toMatchObject({ status: 410, body: { errorMessages: [REMOVED], errors: {} } });
    }
  });

  it('searches classically (startAt, maxResults, total) when the classicSearch setting is on', async () => {
    const settings = `${fx.universe.credentials.jira.host}/_dtu/jira/settings`;
    const put = (body: unknown) => fetch(settings, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(await (await put({ classicSearch: true })).json()).toEqual({ ok: true, classicSearch: true });
    try {
      const page = await jira.issueSearch.searchForIssuesUsingJql({ jql: 'project = ALPHA ORDER BY key', startAt: 2, maxResults: 2 });
      expect(page).toMatchObject({ startAt: 2, maxResults: 2, total: 6 });
      expect(page.issues?.map((i) => i.key)).toEqual(['ALPHA-3', 'ALPHA-4']);
      expect(page.issues?.[0].fields.summary).toBe('Checkout button crashes on Safari');
      const post = await jira.issueSearch.searchForIssuesUsingJqlPost({ jql: '', maxResults: 1, fields: ['key'] });
      expect(post.total).toBe(10);
      const bad = await put({ classicSearch: 'yes' });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ ok: false, error: 'invalid_request' });
      expect(await (await fetch(settings)).json()).toEqual({ ok: true, classicSearch: true });
    } finally {
      await put({ classicSearch: false });
    }
    await expect(jira.issueSearch.searchForIssuesUsingJql({ jql: 'project = ALPHA' })).rejects.toMatchObject({ status: 410 });
  });

  it('starts with classic search on under DTU_JIRA_CLASSIC_SEARCH=1', async () => {
    process.env.DTU_JIRA_CLASSIC_SEARCH = '1';
    const other = await startUniverse({ port: 0, twins: ['jira'], seed: 7, users: 12 });
    delete process.env.DTU_JIRA_CLASSIC_SEARCH;
    try {
      const res = await raw(other, `/rest/api/2/search?jql=${encodeURIComponent('project = CORP')}&maxResults=1`);
      expect(res).toMatchObject({ status: 200, body: { startAt: 0, maxResults: 1, total: 5 } });
      expect(res.body.issues).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});

describe('other JQL endpoints', () => {
  it('parses queries (POST /jql/parse) and matches issues (POST /jql/match)', async () => {
    const parsed = await jira.jql.parseJqlQueries({ queries: ['project = ALPHA AND labels in (a, b) ORDER BY key DESC', 'universe = 42', 'invalid query'], validation: 'strict' });
    expect(parsed.queries[0].structure).toMatchObject({ where: { operator: 'and', clauses: [{ field: { name: 'project' }, operator: '=', operand: { value: 'ALPHA' } }, { operator: 'in' }] }, orderBy: { fields: [{ field: { name: 'key' }, direction: 'desc' }] } });
    expect(parsed.queries[1]).toEqual({ query: 'universe = 42', errors: ["Field 'universe' does not exist or you do not have permission to view it."] });
    expect(parsed.queries[2].errors?.[0]).toMatch(/^Error in the JQL Query: Expecting operator but got 'query'/);
    const ids = ['ALPHA-2', 'ALPHA-3', 'CORP-1'].map((k) => Number(fx.fixture.ids[k]));
    const matched = await jira.issueSearch.matchIssues({ jqls: ['labels = frontend', 'nope = 1'], issueIds: ids });
    expect(matched.matches[0].matchedIssues).toEqual(ids.slice(0, 2));
    expect(matched.matches[1].errors).toHaveLength(1);
    const idPage = await jira.issueSearch.searchForIssuesIds({ jql: 'project = CORP ORDER BY key', maxResults: 2 });
    expect(idPage.issueIds).toEqual(['CORP-1', 'CORP-2'].map((k) => Number(fx.fixture.ids[k])));
    expect(idPage.nextPageToken).toBeTruthy();
  });
});
