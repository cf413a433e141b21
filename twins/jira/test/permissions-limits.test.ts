// Authentication (API tokens, OAuth 2.0 bearer tokens, refusals with X-Seraph-LoginReason), the admins-only
// project hidden behind Jira's 404s, and realistic rate limits (429 with Retry-After, X-RateLimit-* and
// RateLimit-Reason naming the limit hit), through jira.js and raw HTTP.
import { Version3Client } from 'jira.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { client, jiraUniverse, member, raw } from './helpers.js';

describe('authentication and permissions', () => {
  let universe: Universe;
  beforeAll(async () => { universe = await jiraUniverse({ seed: 23, users: 20 }); });
  afterAll(() => universe.close());

  it('takes each person’s OAuth 2.0 bearer token; refuses unknown bearer tokens like bad basic auth', async () => {
    const { host, accessToken, accessTokens, email } = universe.credentials.jira as { host: string; accessToken: string; accessTokens: Record<string, string>; email: string };
    const app = new Version3Client({ host, authentication: { oauth2: { accessToken } } });
    expect((await app.myself.getCurrentUser()).emailAddress).toBe(email);
    const person = member(universe);
    const theirs = new Version3Client({ host, authentication: { oauth2: { accessToken: accessTokens[person.email] } } });
    expect((await theirs.myself.getCurrentUser()).emailAddress).toBe(person.email);
    const bad = await fetch(`${host}/rest/api/3/myself`, { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('x-seraph-loginreason')).toBe('AUTHENTICATED_FAILED');
    expect(await bad.json()).toEqual({ errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} });
    const agile = await fetch(`${host}/rest/agile/1.0/board`);
    expect(agile.status).toBe(401);
  });

  it('lets only project administrators delete issues (Jira’s default permission scheme)', async () => {
    const lead = (await client(universe).projects.getProject({ projectIdOrKey: 'CORP' })).lead?.accountId;
    const people = universe.org.people.filter((p) => !p.admin && p.status === 'active');
    const ids = await Promise.all(people.map(async (p) => (await client(universe).userSearch.findUsers({ query: p.email }))[0].accountId));
    const person = people[ids.findIndex((id) => id !== lead)];
    const { key } = await client(universe, person.email).issues.createIssue({ fields: { project: { key: 'CORP' }, issuetype: { name: 'Task' }, summary: 'mine' } });
    const denied = await raw(universe, `/rest/api/3/issue/${key}`, { method: 'DELETE', as: person.email });
    expect(denied).toMatchObject({ status: 403, body: { errorMessages: ['You do not have permission to delete issues in this project.'] } });
    await client(universe).issues.deleteIssue({ issueIdOrKey: key });
    expect((await raw(universe, `/rest/api/3/issue/${key}`)).status).toBe(404);
  });

  it('hides the admins-only project and its issues, boards and sprints from everyone else', async () => {
    const person = member(universe);
    const admin = client(universe);
    expect((await admin.projects.getProject({ projectIdOrKey: 'SITE' })).name).toBe('Site administration');
    expect(await raw(universe, '/rest/api/3/project/SITE', { as: person.email })).toMatchObject({ status: 404, body: { errorMessages: ["No project could be found with key 'SITE'."] } });
    expect(await raw(universe, '/rest/api/3/issue/SITE-1', { as: person.email })).toMatchObject({ status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'] } });
    for (const path of ['/rest/api/3/issue/SITE-1/comment', '/rest/api/3/issue/SITE-1/worklog', '/rest/api/3/issue/SITE-1/watchers', '/rest/api/3/project/SITE/components', '/rest/api/3/project/SITE/versions']) {
      expect((await raw(universe, path, { as: person.email })).status, path).toBe(404);
    }
    const boards = (await raw(universe, '/rest/agile/1.0/board?maxResults=50')).body.values;
    const site = boards.find((b: { location: { projectKey: string } }) => b.location.projectKey === 'SITE');
    expect((await raw(universe, `/rest/agile/1.0/board/${site.id}/issue`, { as: person.email })).status).toBe(404);
    const sprint = (await raw(universe, `/rest/agile/1.0/board/${site.id}/sprint`)).body.values[0];
    expect((await raw(universe, `/rest/agile/1.0/sprint/${sprint.id}`, { as: person.email })).status).toBe(404);
    expect((await raw(universe, '/rest/api/3/issueLink', { method: 'POST', as: person.email, body: { type: { name: 'Relates' }, inwardIssue: { key: 'CORP-1' }, outwardIssue: { key: 'SITE-1' } } })).status).toBe(404);
    // To a JQL narrowing, a project the caller cannot browse does not exist.
    const corp = boards.find((b: { location: { projectKey: string } }) => b.location.projectKey === 'CORP');
    const seen = await raw(universe, `/rest/agile/1.0/board/${corp.id}/issue?jql=${encodeURIComponent('project = SITE')}`, { as: person.email });
    expect(seen).toMatchObject({ status: 400, body: { errorMessages: [expect.stringContaining('SITE')], errors: {} } });
  });
});

describe('realistic rate limits', () => {
  let universe: Universe;
  beforeAll(async () => { universe = await jiraUniverse({ seed: 29, users: 10, rateLimits: 'realistic' }); });
  afterAll(() => universe.close());

  it('answers fast writes to one issue beyond 20 per 2 s with Jira’s 429 and headers', async () => {
    const statuses: number[] = [];
    let limited: { status: number; headers: Headers; body: any } | undefined;
    // The bucket refills at 10 a second, so a few more than 20 quick writes empty it.
    for (let n = 0; n < 100; n++) {
      const res = await raw(universe, '/rest/api/3/issue/CORP-4', { method: 'PUT', body: { fields: { summary: `edit ${n}` } } });
      statuses.push(res.status);
      if (res.status === 429) { limited = res; break; }
    }
    expect(statuses.slice(0, 20).every((s) => s === 204)).toBe(true);
    expect(limited).toBeDefined();
    expect(limited!.headers.get('ratelimit-reason')).toBe('jira-per-issue-on-write');
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited!.headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    expect(limited!.headers.get('x-ratelimit-limit')).toBe('20');
    expect(limited!.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited!.headers.get('x-ratelimit-nearlimit')).toBe('true');
    expect(limited!.body).toEqual({ errorMessages: [expect.any(String)], errors: {} });
    // Other issues and reads are limited separately.
    expect((await raw(universe, '/rest/api/3/issue/CORP-3', { method: 'PUT', body: { fields: { summary: 'elsewhere' } } })).status).toBe(204);
    expect((await raw(universe, '/rest/api/3/issue/CORP-4')).status).toBe(200);
    const { events } = await universe.events({ twin: 'jira' });
    expect(events.some((e) => e.status === 429 && e.chaos?.source === 'rate_limit')).toBe(true);
  });
});
