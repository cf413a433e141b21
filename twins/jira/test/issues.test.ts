// Issues through jira.js: create with field validation, get with `fields`, edit, delete, the workflow's
// transitions and ADF comments; raw HTTP for v2 plain text, status codes and malformed input.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { adf, client, jiraUniverse, member, raw } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await jiraUniverse({ seed: 7, users: 30 }); });
afterAll(() => universe.close());
beforeEach(() => universe.reset());

describe('createIssue / getIssue', () => {
  it('creates an issue that reads back with every field, and only the asked-for ones', async () => {
    const jira = client(universe);
    const me = await jira.myself.getCurrentUser();
    const created = await jira.issues.createIssue({ fields: { project: { key: 'CORP' }, issuetype: { name: 'Bug' }, summary: 'Printer on fire', description: adf('It is on fire.'), labels: ['facilities'], priority: { name: 'High' }, assignee: { accountId: me.accountId } } });
    expect(created.key).toBe('CORP-6');
    const issue = await jira.issues.getIssue({ issueIdOrKey: created.key });
    expect(issue.fields).toMatchObject({ summary: 'Printer on fire', labels: ['facilities'], issuetype: { name: 'Bug' }, priority: { name: 'High' }, status: { name: 'To Do', statusCategory: { key: 'new' } }, resolution: null });
    expect(issue.fields.description).toEqual(adf('It is on fire.'));
    expect(issue.fields.assignee?.accountId).toBe(me.accountId);
    expect(issue.fields.reporter?.accountId).toBe(me.accountId);
    const some = await jira.issues.getIssue({ issueIdOrKey: created.id, fields: ['summary', 'status'] });
    expect(Object.keys(some.fields).sort()).toEqual(['status', 'summary']);
    const most = await raw(universe, `/rest/api/3/issue/${created.key}?fields=*all,-comment`);
    expect(most.body.fields.comment).toBeUndefined();
    expect(most.body.fields.summary).toBe('Printer on fire');
    expect((await raw(universe, `/rest/api/2/issue/${created.key}?fields=description`)).body.fields.description).toBe('It is on fire.');
  });

  it('answers bad fields with Jira per-field errors and writes nothing', async () => {
    const before = await raw(universe, '/rest/api/3/project/search');
    const res = await raw(universe, '/rest/api/3/issue', { method: 'POST', body: { fields: { project: { key: 'NOPE' }, summary: '', description: 'plain', priority: { id: '99' }, labels: ['two words'], frobnicate: 1 } } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errorMessages: [], errors: {
      project: 'Specify a valid project ID or key', issuetype: 'Specify an issue type', summary: 'You must specify a summary of the issue.',
      description: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)', priority: 'The priority selected is invalid.',
      labels: "The label 'two words' contains spaces which is invalid.", frobnicate: "Field 'frobnicate' cannot be set. It is not on the appropriate screen, or unknown.",
    } });
    await expect(client(universe).issues.createIssue({ fields: { project: { key: 'CORP' }, issuetype: { name: 'Nope' }, summary: 'x' } } as never)).rejects.toMatchObject({ status: 400 });
    const ok = await raw(universe, '/rest/api/3/issue', { method: 'POST', body: { fields: { project: { key: 'CORP' }, issuetype: { id: '10002' }, summary: 'next' } } });
    expect(ok.body.key).toBe('CORP-6');
    expect(before.status).toBe(200);
  });

  it('rejects malformed JSON and non-object bodies with a Jira 400', async () => {
    const bad = await raw(universe, '/rest/api/3/issue', { method: 'POST', rawBody: '{"fields":' });
    expect(bad.status).toBe(400);
    expect(bad.body.errorMessages).toHaveLength(1);
    expect((await raw(universe, '/rest/api/3/issue', { method: 'POST', body: [1] })).status).toBe(400);
    expect((await raw(universe, '/rest/api/3/issue/CORP-1/transitions', { method: 'POST', body: 'x' })).status).toBe(400);
  });

  it('hides issues of projects the caller cannot browse behind a 404', async () => {
    const person = member(universe);
    const other = (await client(universe).projects.searchProjects({ maxResults: 100 })).values.find((p) => p.key !== 'CORP' && p.name !== person.department)!;
    const res = await raw(universe, `/rest/api/3/issue/${other.key}-1`, { as: person.email });
    expect(res).toMatchObject({ status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} } });
    expect((await raw(universe, '/rest/api/3/issue/CORP-1', { as: person.email })).status).toBe(200);
    const create = await raw(universe, '/rest/api/3/issue', { as: person.email, method: 'POST', body: { fields: { project: { key: other.key }, issuetype: { name: 'Task' }, summary: 'sneaky' } } });
    expect(create).toMatchObject({ status: 400, body: { errors: { project: 'Specify a valid project ID or key' } } });
    expect((await raw(universe, '/rest/api/3/issue/NOPE-1')).status).toBe(404);
  });
});

describe('editIssue / deleteIssue', () => {
  it('edits fields and labels, refuses unknown ones, deletes', async () => {
    const jira = client(universe);
    await jira.issues.editIssue({ issueIdOrKey: 'CORP-1', fields: { summary: 'Renamed', assignee: null }, update: { labels: [{ add: 'extra' }, { remove: 'onboarding' }] } });
    const issue = await jira.issues.getIssue({ issueIdOrKey: 'CORP-1' });
    expect(issue.fields).toMatchObject({ summary: 'Renamed', assignee: null, labels: ['extra'] });
    const bad = await raw(universe, '/rest/api/3/issue/CORP-1', { method: 'PUT', body: { fields: { summary: 'x'.repeat(300), status: { id: '3' } } } });
    expect(bad.body.errors).toEqual({ summary: 'Summary must be less than 255 characters.', status: "Field 'status' cannot be set. It is not on the appropriate screen, or unknown." });
    expect((await jira.issues.getIssue({ issueIdOrKey: 'CORP-1', fields: ['summary'] })).fields.summary).toBe('Renamed');
    await jira.issues.deleteIssue({ issueIdOrKey: 'CORP-1' });
    await expect(jira.issues.getIssue({ issueIdOrKey: 'CORP-1' })).rejects.toMatchObject({ status: 404 });
  });
});

describe('assignIssue', () => {
  it('assigns and unassigns; an unknown account is a per-field 400', async () => {
    const jira = client(universe);
    const person = member(universe);
    const [user] = await jira.userSearch.findUsers({ query: person.email });
    await jira.issues.assignIssue({ issueIdOrKey: 'CORP-4', accountId: user.accountId });
    expect((await jira.issues.getIssue({ issueIdOrKey: 'CORP-4', fields: ['assignee'] })).fields.assignee?.emailAddress).toBe(person.email);
    await jira.issues.assignIssue({ issueIdOrKey: 'CORP-4', accountId: null as never });
    expect((await jira.issues.getIssue({ issueIdOrKey: 'CORP-4', fields: ['assignee'] })).fields.assignee).toBeNull();
    const bad = await raw(universe, '/rest/api/3/issue/CORP-4/assignee', { method: 'PUT', body: { accountId: 'nobody' } });
    expect(bad).toMatchObject({ status: 400, body: { errors: { assignee: "User 'nobody' cannot be assigned issues." } } });
  });
});

describe('getIssueAllTypes / getPriorities / getStatuses', () => {
  it('lists the site scheme', async () => {
    const jira = client(universe);
    expect((await jira.issueTypes.getIssueAllTypes()).map((t) => t.name)).toEqual(['Epic', 'Story', 'Task', 'Bug', 'Subtask']);
    expect((await jira.issuePriorities.getPriorities()).find((p) => p.isDefault)?.name).toBe('Medium');
    expect((await jira.workflowStatuses.getStatuses()).map((s) => s.name)).toEqual(['To Do', 'In Progress', 'In Review', 'Done']);
  });
});

describe('getTransitions / doTransition', () => {
  it('walks To Do → In Progress → In Review → Done, resolving at Done', async () => {
    const jira = client(universe);
    const { key } = await jira.issues.createIssue({ fields: { project: { key: 'CORP' }, issuetype: { name: 'Task' }, summary: 'walk' } });
    for (const [id, status] of [['21', 'In Progress'], ['31', 'In Review'], ['41', 'Done']]) {
      const { transitions } = await jira.issues.getTransitions({ issueIdOrKey: key });
      expect(transitions?.map((t) => t.id)).toContain(id);
      await jira.issues.doTransition({ issueIdOrKey: key, transition: { id } });
      expect((await jira.issues.getIssue({ issueIdOrKey: key, fields: ['status'] })).fields.status.name).toBe(status);
    }
    const done = await jira.issues.getIssue({ issueIdOrKey: key });
    expect(done.fields.resolution?.name).toBe('Done');
    expect(done.fields.resolutiondate).toMatch(/\+0000$/);
    const wrong = await raw(universe, `/rest/api/3/issue/${key}/transitions`, { method: 'POST', body: { transition: { id: '31' } } });
    expect(wrong).toMatchObject({ status: 400, body: { errorMessages: ["Transition id '31' is not valid for this issue."] } });
    expect((await raw(universe, `/rest/api/3/issue/${key}/transitions`, { method: 'POST', body: {} })).status).toBe(400);
    await jira.issues.doTransition({ issueIdOrKey: key, transition: { id: '11' } });
    expect((await jira.issues.getIssue({ issueIdOrKey: key })).fields.resolution).toBeNull();
  });
});

describe('addComment / getComments', () => {
  it('adds ADF comments in v3 and plain text in v2, and lists them', async () => {
    const jira = client(universe);
    const comment = await jira.issueComments.addComment({ issueIdOrKey: 'CORP-2', comment: 'Looks good' });
    expect(comment.body).toEqual(adf('Looks good'));
    await raw(universe, '/rest/api/2/issue/CORP-2/comment', { method: 'POST', body: { body: 'second' } });
    const page = await jira.issueComments.getComments({ issueIdOrKey: 'CORP-2' });
    expect(page.total).toBe(2);
    expect(page.comments?.[1].body).toEqual(adf('second'));
    expect((await raw(universe, '/rest/api/2/issue/CORP-2/comment?startAt=1')).body.comments.map((c: { body: string }) => c.body)).toEqual(['second']);
    const empty = await raw(universe, '/rest/api/3/issue/CORP-2/comment', { method: 'POST', body: {} });
    expect(empty).toMatchObject({ status: 400, body: { errors: { comment: 'Comment body can not be empty!' } } });
    expect((await jira.issues.getIssue({ issueIdOrKey: 'CORP-2', fields: ['comment'] })).fields.comment.total).toBe(2);
  });
});

describe('snapshot', () => {
  it('carries created issues and comments through snapshot, reset and restore', async () => {
    const jira = client(universe);
    const { key } = await jira.issues.createIssue({ fields: { project: { key: 'CORP' }, issuetype: { name: 'Story' }, summary: 'kept' } });
    await jira.issueComments.addComment({ issueIdOrKey: key, comment: 'also kept' });
    const snapshot = await universe.snapshot();
    await universe.reset();
    await expect(jira.issues.getIssue({ issueIdOrKey: key })).rejects.toMatchObject({ status: 404 });
    await universe.restore(snapshot);
    const issue = await jira.issues.getIssue({ issueIdOrKey: key });
    expect(issue.fields.summary).toBe('kept');
    expect(issue.fields.comment.comments[0].body).toEqual(adf('also kept'));
    expect((await jira.issues.createIssue({ fields: { project: { key: 'CORP' }, issuetype: { name: 'Task' }, summary: 'next' } })).key).toBe('CORP-7');
  });
});

describe('seeding', () => {
  it('is deterministic and gives every project a few issues', async () => {
    const a = await raw(universe, '/rest/api/3/issue/CORP-3');
    await universe.reset();
    const b = await raw(universe, '/rest/api/3/issue/CORP-3');
    expect(b.body).toEqual(a.body);
    const projects = (await client(universe).projects.searchProjects({ maxResults: 100 })).values;
    for (const p of projects) expect((await raw(universe, `/rest/api/3/issue/${p.key}-5?fields=summary`)).status).toBe(200);
  });
});
