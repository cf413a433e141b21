// What the Jira twin shares with the rest of the universe: the universe clock (JQL date functions,
// stamps, a version's `overdue`), its people for the consistency report, and each person's avatar.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { avatarUrlOfSize } from '../../../shared/seeding/avatar.js';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { client, jiraUniverse } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await jiraUniverse({ seed: 3, users: 20 }); });
afterAll(() => universe.close());

describe('universe clock', () => {
  it('stamps, compares due dates with now() / startOfDay() and judges overdue versions by the universe clock', async () => {
    await universe.clock.set({ frozen: true, now: '2030-06-01T09:00:00.000Z' });
    const jira = client(universe);
    const { key } = await jira.issues.createIssue({ fields: { project: { key: 'CORP' }, issuetype: { name: 'Task' }, summary: 'Renew the lease', duedate: '2030-06-02' } });
    const issue = await jira.issues.getIssue({ issueIdOrKey: key, fields: ['created', 'updated', 'duedate'] });
    expect(issue.fields).toMatchObject({ created: '2030-06-01T09:00:00.000+0000', updated: '2030-06-01T09:00:00.000+0000', duedate: '2030-06-02' });
    const project = (await jira.projects.getProject({ projectIdOrKey: 'CORP' })).id!;
    const version = await jira.projectVersions.createVersion({ projectId: Number(project), name: 'Lease 2030', releaseDate: '2030-06-02' });
    expect(version.overdue).toBe(false);

    const overdue = async (jql: string) => (await jira.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: `project = CORP AND ${jql}`, fields: ['key'] })).issues!.map((i) => i.key);
    expect(await overdue('duedate < now()')).not.toContain(key);
    expect(await overdue('duedate >= startOfDay()')).toContain(key);

    await universe.clock.advance('2d');
    expect(await overdue('duedate < now()')).toContain(key);
    expect(await overdue('duedate < startOfDay()')).toContain(key);
    expect((await jira.projectVersions.getVersion({ id: version.id! })).overdue).toBe(true);
    await universe.reset();
  });
});

describe('people and avatars', () => {
  it('lists every person for the consistency report, with the universe’s status words', async () => {
    const { jira } = await universe.control.people();
    expect(jira).toHaveLength(universe.org.people.length);
    const accounts = await client(universe).users.bulkGetUsers({ accountId: [jira[0].id] });
    for (const person of universe.org.people) {
      const held = jira.find((p) => p.email === person.email);
      expect(held).toMatchObject({ name: person.name, status: person.status === 'active' ? 'active' : 'deactivated' });
    }
    expect(accounts.values?.[0]?.emailAddress).toBe(jira[0].email);
  });

  it('shows each person’s own picture (Person.avatarUrl) at Jira’s four sizes', async () => {
    const person = universe.org.people[0];
    const [user] = await client(universe).userSearch.findUsers({ query: person.email });
    expect(user.avatarUrls).toEqual({
      '48x48': avatarUrlOfSize(person.avatarUrl, 48), '24x24': avatarUrlOfSize(person.avatarUrl, 24),
      '16x16': avatarUrlOfSize(person.avatarUrl, 16), '32x32': avatarUrlOfSize(person.avatarUrl, 32),
    });
  });
});
