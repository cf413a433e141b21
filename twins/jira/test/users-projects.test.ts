// serverInfo, myself, users and projects through jira.js, plus auth failures and browse permissions over raw HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { client, jiraUniverse, member, raw } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await jiraUniverse({ seed: 7, users: 30 }); });
afterAll(() => universe.close());

describe('getServerInfo / getCurrentUser', () => {
  it('answers the site and the caller', async () => {
    const jira = client(universe);
    expect(await jira.serverInfo.getServerInfo()).toMatchObject({ baseUrl: universe.urls.jira, deploymentType: 'Cloud' });
    const me = await jira.myself.getCurrentUser();
    expect(me).toMatchObject({ emailAddress: universe.credentials.jira.email, accountType: 'atlassian', active: true });
    expect(me.accountId).toMatch(/^712020:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(Object.keys(me.avatarUrls ?? {})).toEqual(['48x48', '24x24', '16x16', '32x32']);
    expect((await raw(universe, '/rest/api/2/myself')).body.accountId).toBe(me.accountId);
  });

  it('refuses missing or wrong credentials and deactivated people with 401', async () => {
    const none = await raw(universe, '/rest/api/3/myself', { as: null });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} });
    const bad = await fetch(`${universe.urls.jira}/rest/api/3/myself`, { headers: { authorization: `Basic ${Buffer.from('x@y.z:nope').toString('base64')}` } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('x-seraph-loginreason')).toBe('AUTHENTICATED_FAILED');
    const inactive = universe.org.people.find((p) => p.status !== 'active');
    if (inactive) expect((await raw(universe, '/rest/api/3/myself', { as: inactive.email })).status).toBe(401);
  });
});

describe('getUser / findUsers', () => {
  it('gets a user by accountId and finds users by name or email prefix', async () => {
    const jira = client(universe);
    const person = member(universe);
    const found = await jira.userSearch.findUsers({ query: person.email });
    expect(found.map((u) => u.emailAddress)).toEqual([person.email]);
    const user = await jira.users.getUser({ accountId: found[0].accountId });
    expect(user).toMatchObject({ displayName: person.name, timeZone: person.timezone, active: true });
    const page = await jira.userSearch.findUsers({ query: person.lastName.slice(0, 2), maxResults: 1 });
    expect(page.length).toBe(1);
    expect((await raw(universe, '/rest/api/3/user?accountId=712020:nobody')).status).toBe(404);
    expect((await raw(universe, '/rest/api/3/user')).status).toBe(400);
    expect((await raw(universe, '/rest/api/3/user/search?query=a&maxResults=abc')).status).toBe(400);
  });
});

describe('searchProjects / getProject', () => {
  it('admins see every project; a member sees their department and the company project', async () => {
    const all = await client(universe).projects.searchProjects({ maxResults: 100 });
    const departments = universe.org.groups.filter((g) => g.kind === 'department');
    // CORP, one per department, and SITE (site admins only).
    expect(all.total).toBe(departments.length + 2);
    expect(all.isLast).toBe(true);
    expect(all.values.every((p) => p.projectTypeKey === 'software')).toBe(true);
    const person = member(universe);
    const mine = await client(universe, person.email).projects.searchProjects();
    expect(mine.values.map((p) => p.name).sort()).toEqual([`${universe.org.name} company-wide`, person.department].sort());
    const other = all.values.find((p) => !mine.values.some((m) => m.key === p.key))!;
    const denied = await raw(universe, `/rest/api/3/project/${other.key}`, { as: person.email });
    expect(denied).toMatchObject({ status: 404, body: { errorMessages: [`No project could be found with key '${other.key}'.`] } });
  });

  it('pages with startAt/maxResults and nextPage', async () => {
    const first = await raw(universe, '/rest/api/3/project/search?maxResults=2');
    expect(first.body).toMatchObject({ startAt: 0, maxResults: 2, isLast: false });
    expect(first.body.values).toHaveLength(2);
    expect(first.body.nextPage).toBe(`${universe.urls.jira}/rest/api/3/project/search?startAt=2&maxResults=2`);
    const second = await raw(universe, new URL(first.body.nextPage).pathname + new URL(first.body.nextPage).search);
    expect(second.body.values[0].key).not.toBe(first.body.values[0].key);
  });

  it('searchProjects adds the lead and description only when expanded', async () => {
    const plain = await client(universe).projects.searchProjects({ keys: ['CORP'] });
    expect(plain.values[0].lead).toBeUndefined();
    const expanded = await client(universe).projects.searchProjects({ keys: ['CORP'], expand: 'lead,description' });
    const project = await client(universe).projects.getProject({ projectIdOrKey: 'CORP' });
    expect(expanded.values[0].lead?.accountId).toBe(project.lead?.accountId);
    expect(expanded.values[0].description).toBe(project.description);
  });

  it('getProject returns the lead and the issue types', async () => {
    const project = await client(universe).projects.getProject({ projectIdOrKey: 'CORP' });
    expect(project.lead?.accountId).toMatch(/^712020:/);
    expect(project.issueTypes?.map((t) => t.name)).toEqual(['Epic', 'Story', 'Task', 'Bug', 'Subtask']);
  });
});
