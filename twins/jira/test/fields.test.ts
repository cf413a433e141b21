// The issue data model through jira.js: GET /field, resolutions, labels, the issue picker, an issue's
// changelog (seeded and recorded by edits, transitions and assignment) and GET issue's expand.
import type { Version3Client } from 'jira.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, raw } from './helpers.js';
import { type FixtureUniverse, fixtureUniverse } from './search-helpers.js';

let fx: FixtureUniverse;
let jira: Version3Client;
beforeAll(async () => {
  fx = await fixtureUniverse();
  jira = client(fx.universe, fx.emails.admin);
});
afterAll(() => fx.universe.close());

describe('GET /field, /resolution, /label', () => {
  it('lists system and custom fields with schema and clause names', async () => {
    const fields = await jira.issueFields.getFields();
    const byId = new Map(fields.map((f) => [f.id, f]));
    expect(byId.get('summary')).toMatchObject({ name: 'Summary', custom: false, navigable: true, searchable: true, schema: { type: 'string', system: 'summary' } });
    expect(byId.get('customfield_10020')).toMatchObject({ name: 'Sprint', custom: true, clauseNames: ['cf[10020]', 'Sprint'], schema: { type: 'array', items: 'json', custom: 'com.pyxis.greenhopper.jira:gh-sprint', customId: 10020 } });
    expect(byId.get('customfield_10016')).toMatchObject({ name: 'Story Points', schema: { type: 'number' } });
    expect(byId.get('duedate')?.clauseNames).toEqual(['due', 'duedate']);
    const custom = await raw(fx.universe, '/rest/api/3/field/search?type=custom&maxResults=2');
    expect(custom.body).toMatchObject({ startAt: 0, maxResults: 2, isLast: false, total: 5 });
    expect(custom.body.nextPage).toBe(`${fx.universe.credentials.jira.host}/rest/api/3/field/search?startAt=2&maxResults=2`);
  });

  it('lists resolutions and looks one up', async () => {
    expect((await jira.issueResolutions.getResolutions()).map((r) => r.name)).toEqual(['Done', "Won't Do", 'Duplicate', 'Cannot Reproduce']);
    expect(await jira.issueResolutions.getResolution({ id: '10001' })).toMatchObject({ id: '10001', name: "Won't Do" });
    expect((await raw(fx.universe, '/rest/api/3/resolution/999')).status).toBe(404);
  });

  it('pages every label in use, sorted', async () => {
    const all = await jira.labels.getAllLabels();
    expect(all).toMatchObject({ total: 9, isLast: true, values: ['confidential', 'docs', 'email', 'events', 'facilities', 'frontend', 'payments', 'planning', 'urgent'] });
    const page = await jira.labels.getAllLabels({ startAt: 3, maxResults: 2 });
    expect(page).toMatchObject({ values: ['events', 'facilities'], isLast: false });
  });
});

describe('GET /issue/picker', () => {
  it('suggests issues of the current JQL whose key or summary matches, minus the current issue', async () => {
    const res = await jira.issueSearch.getIssuePickerResource({ query: 'checkout', currentJQL: 'project = ALPHA' });
    const current = res.sections?.find((s) => s.id === 'cs');
    expect(current?.issues?.map((i) => i.key)).toEqual(['ALPHA-3', 'ALPHA-2']);
    expect(current?.issues?.[1]).toMatchObject({ summaryText: 'Add card payments to checkout', summary: 'Add card payments to <b>checkout</b>' });
    const byKey = await jira.issueSearch.getIssuePickerResource({ query: 'CORP-', currentIssueKey: 'CORP-2' });
    expect(byKey.sections?.find((s) => s.id === 'cs')?.issues?.map((i) => i.key)).toEqual(['CORP-1', 'CORP-3']);
    const alice = client(fx.universe, fx.emails.alice);
    const hidden = await alice.issueSearch.getIssuePickerResource({ query: 'secret' });
    expect(hidden.sections?.find((s) => s.id === 'cs')?.issues).toEqual([]);
  });
});

describe('changelog', () => {
  it('pages an issue\'s histories, oldest first', async () => {
    const page = await jira.issues.getChangeLogs({ issueIdOrKey: 'ALPHA-4' });
    expect(page).toMatchObject({ startAt: 0, total: 3, isLast: true });
    expect(page.values?.[0].items).toEqual([{ field: 'assignee', fieldtype: 'jira', fieldId: 'assignee', from: fx.fixture.alice, fromString: expect.any(String), to: fx.fixture.carol, toString: expect.any(String) }]);
    const second = await jira.issues.getChangeLogs({ issueIdOrKey: 'ALPHA-4', startAt: 1, maxResults: 1 });
    expect(second.values?.[0].items?.[0]).toMatchObject({ field: 'status', from: '10000', fromString: 'To Do', to: '3', toString: 'In Progress' });
    expect(second.nextPage).toBe(`${fx.universe.credentials.jira.host}/rest/api/3/issue/ALPHA-4/changelog?startAt=2&maxResults=1`);
    expect((await raw(fx.universe, '/rest/api/3/issue/BETA-1/changelog', { as: fx.emails.alice })).status).toBe(404);
  });

  it('records edits, transitions and assignment with the caller as author', async () => {
    await jira.issues.editIssue({ issueIdOrKey: 'CORP-1', fields: { summary: 'Order ergonomic chairs', priority: { name: 'High' } } });
    await jira.issues.doTransition({ issueIdOrKey: 'CORP-1', transition: { id: '21' } });
    await jira.issues.assignIssue({ issueIdOrKey: 'CORP-1', accountId: fx.fixture.carol });
    const { values } = await jira.issues.getChangeLogs({ issueIdOrKey: 'CORP-1' });
    expect(values?.map((h) => h.items?.map((i) => i.field))).toEqual([['summary', 'priority'], ['status'], ['assignee']]);
    expect(values?.[0].items?.[0]).toMatchObject({ from: null, fromString: 'Order new office chairs', to: null, toString: 'Order ergonomic chairs' });
    expect(values?.[0].items?.[1]).toMatchObject({ from: '3', fromString: 'Medium', to: '2', toString: 'High' });
    expect(values?.every((h) => h.author?.emailAddress === fx.emails.admin)).toBe(true);
    const found = await jira.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: `status changed by currentUser() AND assignee was ${fx.fixture.bob} AND project = CORP`, fields: ['key'] });
    expect(found.issues?.map((i) => i.key)).toEqual(['CORP-1']);
    await fx.load();
  });

  it('takes due date, story points and affects versions on create and edit, for JQL to find', async () => {
    const { key } = await jira.issues.createIssue({ fields: { project: { key: 'ALPHA' }, issuetype: { name: 'Task' }, summary: 'Estimate me', duedate: '2026-05-01', customfield_10016: 8, versions: [{ name: '1.0' }] } });
    expect((await jira.issues.getIssue({ issueIdOrKey: key, fields: ['duedate', 'customfield_10016', 'versions'] })).fields).toMatchObject({ duedate: '2026-05-01', customfield_10016: 8, versions: [{ name: '1.0' }] });
    const bad = await raw(fx.universe, `/rest/api/3/issue/${key}`, { method: 'PUT', body: { fields: { duedate: 'soon', customfield_10016: 'lots' } } });
    expect(bad).toMatchObject({ status: 400, body: { errors: { duedate: 'Error parsing date string: soon', customfield_10016: 'Operation value must be a number' } } });
    await jira.issues.editIssue({ issueIdOrKey: key, fields: { duedate: '2026-06-01', customfield_10016: null } });
    const found = await jira.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'duedate >= "2026-06-01" AND "Story Points" is EMPTY AND affectedVersion = "1.0"', fields: ['key'] });
    expect(found.issues?.map((i) => i.key)).toEqual([key]);
    const { values } = await jira.issues.getChangeLogs({ issueIdOrKey: key });
    expect(values?.[0].items?.map((i) => [i.field, i.fromString, i.toString])).toEqual([['duedate', '2026-05-01', '2026-06-01'], ['Story Points', '8', null]]);
    await fx.load();
  });

  it('expands GET issue with changelog, names, schema, transitions and editmeta', async () => {
    const issue = await jira.issues.getIssue({ issueIdOrKey: 'ALPHA-2', fields: ['summary', 'duedate', 'customfield_10016'], expand: 'changelog,names,schema,transitions,editmeta,renderedFields' });
    expect(issue.fields).toEqual({ summary: 'Add card payments to checkout', duedate: '2026-03-20', customfield_10016: 5 });
    expect(issue.names).toEqual({ summary: 'Summary', duedate: 'Due date', customfield_10016: 'Story Points' });
    expect((issue.schema as Record<string, { type: string }>).duedate.type).toBe('date');
    expect(issue.changelog?.histories?.[0].items?.[0]).toMatchObject({ field: 'status', toString: 'In Progress' });
    expect(issue.transitions?.map((t) => t.id).sort()).toEqual(['11', '31']);
    expect(Object.keys((issue.editmeta as { fields: object }).fields)).toContain('labels');
    expect((issue.renderedFields as Record<string, unknown>).duedate).toBe('20/Mar/26');
    const plain = await jira.issues.getIssue({ issueIdOrKey: 'ALPHA-2' });
    expect(plain).not.toHaveProperty('changelog');
  });
});
