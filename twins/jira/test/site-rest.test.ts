// Users (bulk, assignable), groups (members, picker, admin-only membership changes), projects (create
// admin-only, statuses), components and versions CRUD: through jira.js Version3Client, raw HTTP for
// status codes, v2 paths and the refusals.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { client, jiraUniverse, member, raw } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await jiraUniverse({ seed: 11, users: 30 }); });
afterAll(() => universe.close());
beforeEach(() => universe.reset());

const accountOf = async (email: string) => (await client(universe).userSearch.findUsers({ query: email }))[0].accountId;

describe('users', () => {
  it('bulk-gets users by accountId (PageBean) and finds assignable users by project browse permission', async () => {
    const jira = client(universe);
    const person = member(universe);
    const ids = [await accountOf(person.email), await accountOf(universe.credentials.jira.email as string)];
    // jira.js 5.4 encodes a list of accountIds as one value, so one id through the client, two raw.
    expect((await jira.users.bulkGetUsers({ accountId: [ids[0]] })).values?.map((u) => u.emailAddress)).toEqual([person.email]);
    const page = (await raw(universe, `/rest/api/3/user/bulk?accountId=${ids[0]}&accountId=${ids[1]}&accountId=712020:nobody`)).body;
    expect(page.values.map((u: { accountId: string }) => u.accountId)).toEqual(ids);
    expect(page).toMatchObject({ startAt: 0, isLast: true, total: 2 });
    expect((await raw(universe, '/rest/api/3/user/bulk')).status).toBe(400);

    const assignable = await jira.userSearch.findAssignableUsers({ project: 'CORP', query: person.firstName });
    expect(assignable.map((u) => u.emailAddress)).toContain(person.email);
    const other = universe.org.groups.find((g) => g.kind === 'department' && g.name !== person.department && !g.members.includes(person.email))!;
    const projects = (await jira.projects.searchProjects({ maxResults: 100 })).values;
    const otherKey = projects.find((p) => p.name === other.department)!.key;
    const inOther = await jira.userSearch.findAssignableUsers({ project: otherKey, maxResults: 1000 });
    expect(inOther.map((u) => u.emailAddress)).not.toContain(person.email);
    expect(inOther.length).toBeGreaterThan(0);
    expect((await jira.userSearch.findAssignableUsers({ issueKey: 'CORP-1', query: person.email })).map((u) => u.emailAddress)).toEqual([person.email]);
    expect((await raw(universe, '/rest/api/3/user/assignable/search')).status).toBe(400);
  });
});

describe('groups', () => {
  it('lists members with paging, finds groups, and lets only admins change membership', async () => {
    const jira = client(universe);
    const team = universe.org.groups.find((g) => g.kind === 'team')!;
    const members = await jira.groups.getUsersFromGroup({ groupname: team.name, maxResults: 1 });
    expect(members).toMatchObject({ startAt: 0, maxResults: 1, total: team.members.filter((e) => universe.org.people.find((p) => p.email === e)?.status === 'active').length });
    if (members.total! > 1) expect(members.nextPage).toContain('startAt=1');
    const picked = await jira.groups.findGroups({ query: 'jira-software' });
    expect(picked.groups?.map((g) => g.name)).toEqual(['jira-software-users']);
    expect(picked.header).toBe('Showing 1 of 1 matching groups');
    expect((await raw(universe, '/rest/api/3/group/member?groupname=nope')).body).toEqual({ errorMessages: ['Specified group does not exist.'], errors: {} });

    const outsider = universe.org.people.find((p) => p.status === 'active' && !team.members.includes(p.email) && !p.admin)!;
    const accountId = await accountOf(outsider.email);
    const denied = await raw(universe, `/rest/api/3/group/user?groupname=${encodeURIComponent(team.name)}`, { method: 'POST', body: { accountId }, as: outsider.email });
    expect(denied).toMatchObject({ status: 403, body: { errorMessages: ['You are not authorized to perform this action. Administrator privileges are required.'] } });
    await jira.groups.addUserToGroup({ groupname: team.name, accountId });
    expect((await jira.groups.getUsersFromGroup({ groupname: team.name, maxResults: 50 })).values?.map((u) => u.accountId)).toContain(accountId);
    expect((await raw(universe, `/rest/api/3/group/user?groupname=${encodeURIComponent(team.name)}`, { method: 'POST', body: { accountId } })).status).toBe(400);
    expect((await raw(universe, `/rest/api/3/user/groups?accountId=${accountId}`)).body.map((g: { name: string }) => g.name)).toContain(team.name);
    await jira.groups.removeUserFromGroup({ groupname: team.name, accountId });
    expect((await jira.groups.getUsersFromGroup({ groupname: team.name, maxResults: 50 })).values?.map((u) => u.accountId)).not.toContain(accountId);

    const created = await jira.groups.createGroup({ name: 'release-managers' });
    expect(created).toMatchObject({ name: 'release-managers' });
    expect((await jira.groups.bulkGetGroups({ groupName: ['release-managers'] })).values?.[0].groupId).toBe(created.groupId);
    await jira.groups.removeGroup({ groupname: 'release-managers' });
    expect((await raw(universe, '/rest/api/3/group?groupname=release-managers')).status).toBe(404);
  });
});

describe('projects', () => {
  it('creates a project (admins only) with a board, and lists statuses per issue type', async () => {
    const jira = client(universe);
    const person = member(universe);
    const denied = await raw(universe, '/rest/api/3/project', { method: 'POST', as: person.email, body: { key: 'NEW', name: 'New things', projectTypeKey: 'software' } });
    expect(denied.status).toBe(403);
    const bad = await raw(universe, '/rest/api/3/project', { method: 'POST', body: { key: 'lower', name: '', leadAccountId: 'nobody' } });
    expect(bad).toMatchObject({ status: 400, body: { errors: { projectKey: expect.any(String), projectName: 'You must specify a valid project name.', projectLead: 'You must specify a valid project lead.' } } });
    const me = await jira.myself.getCurrentUser();
    const created = await jira.projects.createProject({ key: 'NEW', name: 'New things', projectTypeKey: 'software', leadAccountId: me.accountId });
    expect(created).toMatchObject({ key: 'NEW', id: expect.any(Number) });
    expect((await raw(universe, '/rest/api/3/project', { method: 'POST', body: { key: 'NEW', name: 'Other name' } })).body.errors.projectKey).toBe("Project 'New things' uses this project key.");
    expect((await jira.projects.getProject({ projectIdOrKey: 'NEW' })).lead?.accountId).toBe(me.accountId);
    // Everyone in jira-software-users browses a new project (the default permission scheme).
    expect((await raw(universe, '/rest/api/3/project/NEW', { as: person.email })).status).toBe(200);
    const statuses = await jira.projects.getAllStatuses({ projectIdOrKey: 'NEW' });
    expect(statuses.map((t) => t.name)).toEqual(['Epic', 'Story', 'Task', 'Bug', 'Subtask']);
    expect(statuses[0].statuses.map((s) => s.name)).toEqual(['To Do', 'In Progress', 'In Review', 'Done']);
    const { key } = await jira.issues.createIssue({ fields: { project: { key: 'NEW' }, issuetype: { name: 'Task' }, summary: 'first' } });
    expect(key).toBe('NEW-1');
  });
});

describe('components and versions', () => {
  it('creates, reads, updates and deletes components; issues lose a deleted component', async () => {
    const jira = client(universe);
    const seeded = await jira.projectComponents.getProjectComponents({ projectIdOrKey: 'CORP' });
    expect(seeded.map((c) => c.name)).toEqual(['Process', 'Tooling', 'Documentation']);
    const me = await jira.myself.getCurrentUser();
    const c = await jira.projectComponents.createComponent({ project: 'CORP', name: 'Billing', description: 'Money', leadAccountId: me.accountId });
    expect(c).toMatchObject({ name: 'Billing', description: 'Money', project: 'CORP', lead: { accountId: me.accountId } });
    const dup = await raw(universe, '/rest/api/3/component', { method: 'POST', body: { project: 'CORP', name: 'billing' } });
    expect(dup).toMatchObject({ status: 400, body: { errors: { name: 'A component with the name billing already exists in this project.' } } });
    await jira.issues.editIssue({ issueIdOrKey: 'CORP-4', fields: { components: [{ id: c.id! }] } });
    await jira.projectComponents.updateComponent({ id: c.id!, name: 'Payments' });
    expect((await jira.projectComponents.getComponent({ id: c.id! })).name).toBe('Payments');
    expect((await jira.issues.getIssue({ issueIdOrKey: 'CORP-4', fields: ['components'] })).fields.components?.map((x) => x.name)).toEqual(['Payments']);
    await jira.projectComponents.deleteComponent({ id: c.id! });
    expect((await raw(universe, `/rest/api/3/component/${c.id}`)).status).toBe(404);
    expect((await jira.issues.getIssue({ issueIdOrKey: 'CORP-4', fields: ['components'] })).fields.components).toEqual([]);
    // Neither a site admin nor the project lead: no project admin rights.
    const lead = (await jira.projects.getProject({ projectIdOrKey: 'CORP' })).lead?.accountId;
    const people = universe.org.people.filter((p) => !p.admin && p.status === 'active');
    let person = people[0];
    for (const p of people) if ((await accountOf(p.email)) !== lead) { person = p; break; }
    expect((await raw(universe, '/rest/api/3/component', { method: 'POST', as: person.email, body: { project: 'CORP', name: 'Mine' } })).status).toBe(403);
  });

  it('creates, pages, releases and deletes versions', async () => {
    const jira = client(universe);
    const seeded = await jira.projectVersions.getProjectVersions({ projectIdOrKey: 'CORP' });
    expect(seeded.map((x) => [x.name, x.released])).toEqual([['1.0', true], ['1.1', false], ['2.0', false]]);
    const project = await jira.projects.getProject({ projectIdOrKey: 'CORP' });
    expect(project.versions?.length).toBe(3);
    expect(project.components?.length).toBe(3);
    const v = await jira.projectVersions.createVersion({ projectId: Number(project.id), name: '3.0', releaseDate: '2026-12-01', startDate: '2026-11-01' });
    expect(v).toMatchObject({ name: '3.0', released: false, releaseDate: '2026-12-01' });
    expect((await raw(universe, '/rest/api/3/version', { method: 'POST', body: { projectId: Number(project.id), name: 'x', startDate: '2026-12-05', releaseDate: '2026-12-01' } })).status).toBe(400);
    expect((await raw(universe, '/rest/api/3/version', { method: 'POST', body: { projectId: Number(project.id), name: 'y', releaseDate: '01/12/2026' } })).body.errors.releaseDate).toContain('yyyy-MM-dd');
    const released = await jira.projectVersions.updateVersion({ id: v.id!, released: true });
    expect(released.released).toBe(true);
    const page = await jira.projectVersions.getProjectVersionsPaginated({ projectIdOrKey: 'CORP', status: 'released', maxResults: 1 });
    expect(page).toMatchObject({ total: 2, isLast: false, maxResults: 1 });
    await jira.issues.editIssue({ issueIdOrKey: 'CORP-3', update: { fixVersions: [{ add: { name: '3.0' } }] } });
    expect((await jira.issues.getIssue({ issueIdOrKey: 'CORP-3', fields: ['fixVersions'] })).fields.fixVersions.map((x) => x.name)).toEqual(['3.0']);
    const other = seeded.find((x) => x.name === '2.0')!;
    await jira.issues.editIssue({ issueIdOrKey: 'CORP-4', fields: { fixVersions: [{ id: v.id! }] } });
    await jira.projectVersions.deleteAndReplaceVersion({ id: v.id!, moveFixIssuesTo: Number(other.id) });
    expect((await jira.issues.getIssue({ issueIdOrKey: 'CORP-4', fields: ['fixVersions'] })).fields.fixVersions.map((x) => x.name)).toEqual(['2.0']);
    expect((await raw(universe, `/rest/api/2/version/${v.id}`)).body).toEqual({ errorMessages: [`Could not find version for id '${v.id}'`], errors: {} });
    expect((await jira.issues.getIssue({ issueIdOrKey: 'CORP-3', fields: ['fixVersions'] })).fields.fixVersions.map((x) => x.name)).toEqual(['2.0']);
    expect((await raw(universe, `/rest/api/3/version/${other.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await jira.issues.getIssue({ issueIdOrKey: 'CORP-3', fields: ['fixVersions'] })).fields.fixVersions).toEqual([]);
  });
});
