// The Agile API through jira.js AgileClient: boards (paging, configuration, issues in rank order,
// backlog), sprints (create, start, close, move issues, update), epics and ranking; raw HTTP for the
// errors and permissions.
import { AgileClient } from 'jira.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { client, jiraUniverse, member, raw } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await jiraUniverse({ seed: 17, users: 30 }); });
afterAll(() => universe.close());
beforeEach(() => universe.reset());

function agile(email = universe.credentials.jira.email as string): AgileClient {
  const { host, userTokens } = universe.credentials.jira as { host: string; userTokens: Record<string, string> };
  return new AgileClient({ host, authentication: { basic: { email, apiToken: userTokens[email] } } });
}

const corpBoard = async () => (await agile().board.getAllBoards({ projectKeyOrId: 'CORP' })).values![0];
const keys = (page: unknown) => (page as { issues?: { key?: string }[] }).issues?.map((i) => i.key);
/** Agile issues carry Jira Software's own fields (sprint, closedSprints, epic) beside the platform ones. */
const agileFields = (issue: unknown) => (issue as { fields: Record<string, any> }).fields;

describe('boards', () => {
  it('lists boards with paging and shows only browsable projects', async () => {
    const all = await agile().board.getAllBoards({ maxResults: 2 });
    expect(all).toMatchObject({ startAt: 0, maxResults: 2, isLast: false });
    expect(all.total).toBe((await client(universe).projects.searchProjects({ maxResults: 100 })).total);
    const board = await corpBoard();
    expect(board).toMatchObject({ name: 'CORP board', type: 'scrum', location: { projectKey: 'CORP' } });
    const person = member(universe);
    const theirs = await agile(person.email).board.getAllBoards();
    expect(theirs.total).toBe(2);
    const hidden = (await agile().board.getAllBoards({ maxResults: 50 })).values!.find((b) => !theirs.values!.some((t) => t.id === b.id))!;
    expect((await raw(universe, `/rest/agile/1.0/board/${hidden.id}`, { as: person.email })).body).toEqual({ errorMessages: ['Board does not exist or you do not have permission to see it.'], errors: {} });
    const config = await agile().board.getConfiguration({ boardId: board.id! });
    expect(config.columnConfig?.columns?.map((c) => c.name)).toEqual(['To Do', 'In Progress', 'In Review', 'Done']);
  });

  it('serves board issues in rank order, narrowed by jql, and the backlog', async () => {
    const board = await corpBoard();
    const issues = await agile().board.getIssuesForBoard({ boardId: board.id! });
    expect(keys(issues)).toEqual(['CORP-1', 'CORP-2', 'CORP-3', 'CORP-4', 'CORP-5']);
    expect(agileFields(issues.issues![1]).sprint).toMatchObject({ name: 'CORP Sprint 2', state: 'active' });
    expect(agileFields(issues.issues![1]).epic).toMatchObject({ key: 'CORP-5' });
    const bugs = await agile().board.getIssuesForBoard({ boardId: board.id!, jql: 'issuetype = Bug' });
    expect(keys(bugs)).toEqual(['CORP-3']);
    expect((await raw(universe, `/rest/agile/1.0/board/${board.id}/issue?jql=${encodeURIComponent('status = ')}`)).status).toBe(400);
    // Backlog: not in an open sprint, not done, not an epic. CORP-4 is in the future sprint.
    expect(keys(await agile().board.getIssuesForBacklog({ boardId: board.id! }))).toEqual([]);
    const { key } = await client(universe).issues.createIssue({ fields: { project: { key: 'CORP' }, issuetype: { name: 'Task' }, summary: 'new work' } });
    expect(keys(await agile().board.getIssuesForBacklog({ boardId: board.id! }))).toEqual([key]);
    await agile().issue.rankIssues({ issues: [key], rankBeforeIssue: 'CORP-2' });
    expect(keys(await agile().board.getIssuesForBoard({ boardId: board.id! }))).toEqual(['CORP-1', key, 'CORP-2', 'CORP-3', 'CORP-4', 'CORP-5']);
    await agile().issue.rankIssues({ issues: ['CORP-1', 'CORP-2'], rankAfterIssue: 'CORP-5' });
    expect(keys(await agile().board.getIssuesForBoard({ boardId: board.id! }))).toEqual([key, 'CORP-3', 'CORP-4', 'CORP-5', 'CORP-1', 'CORP-2']);
    expect((await raw(universe, '/rest/agile/1.0/issue/rank', { method: 'PUT', body: { issues: ['CORP-1'], rankBeforeIssue: 'CORP-1' } })).status).toBe(400);
  });
});

describe('sprints', () => {
  it('creates a sprint, moves issues in, refuses a second active sprint, closes and starts', async () => {
    const a = agile();
    const board = await corpBoard();
    const sprints = await a.board.getAllSprints({ boardId: board.id! });
    expect(sprints.values?.map((s) => s.state)).toEqual(['closed', 'active', 'future']);
    const [closed, active, future] = sprints.values!;
    expect((await a.board.getAllSprints({ boardId: board.id!, state: 'active' })).values?.map((s) => s.id)).toEqual([active.id]);

    const created = await a.sprint.createSprint({ name: 'Hardening', originBoardId: board.id!, goal: 'Fix the flakes' });
    expect(created).toMatchObject({ name: 'Hardening', state: 'future', originBoardId: board.id, goal: 'Fix the flakes' });
    const tooLong = await raw(universe, '/rest/agile/1.0/sprint', { method: 'POST', body: { name: 'x'.repeat(31), originBoardId: board.id } });
    expect(tooLong.status).toBe(400);
    await a.sprint.moveIssuesToSprintAndRank({ sprintId: created.id!, issues: ['CORP-4', 'CORP-2'] });
    expect(keys(await a.sprint.getIssuesForSprint({ sprintId: created.id! }))).toEqual(['CORP-2', 'CORP-4']);
    expect(keys(await a.sprint.getIssuesForSprint({ sprintId: active.id! }))).toEqual(['CORP-3']);
    expect((await raw(universe, `/rest/agile/1.0/sprint/${closed.id}/issue`, { method: 'POST', body: { issues: ['CORP-4'] } })).status).toBe(400);

    const start = { startDate: '2026-02-01T09:00:00.000Z', endDate: '2026-02-15T09:00:00.000Z' };
    const refused = await raw(universe, `/rest/agile/1.0/sprint/${created.id}`, { method: 'POST', body: { state: 'active', ...start } });
    expect(refused.status).toBe(400);
    expect((await a.sprint.getSprint({ sprintId: created.id! })).state).toBe('future');

    const closedNow = await a.sprint.partiallyUpdateSprint({ sprintId: active.id!, state: 'closed' });
    expect(closedNow.state).toBe('closed');
    expect(closedNow.completeDate).toBeTruthy();
    // CORP-3 was unfinished: back in the backlog, the closed sprint kept in its history.
    const three = (await a.board.getIssuesForBoard({ boardId: board.id!, jql: 'key = CORP-3' })).issues![0];
    expect(agileFields(three).sprint).toBeNull();
    expect(agileFields(three).closedSprints.map((s: { id: number }) => s.id)).toContain(active.id);
    expect(keys(await a.board.getIssuesForBacklog({ boardId: board.id! }))).toContain('CORP-3');

    const noDates = await raw(universe, `/rest/agile/1.0/sprint/${created.id}`, { method: 'POST', body: { state: 'active' } });
    expect(noDates.status).toBe(400);
    const started = await a.sprint.partiallyUpdateSprint({ sprintId: created.id!, state: 'active', ...start });
    expect(started).toMatchObject({ state: 'active', startDate: '2026-02-01T09:00:00.000Z', endDate: '2026-02-15T09:00:00.000Z' });
    expect((await raw(universe, `/rest/agile/1.0/sprint/${created.id}`, { method: 'POST', body: { state: 'future' } })).status).toBe(400);
    const renamed = await a.sprint.updateSprint({ sprintId: future.id!, name: 'Later', state: 'future' });
    expect(renamed).toMatchObject({ name: 'Later', goal: '' });
    await a.sprint.deleteSprint({ sprintId: future.id! });
    expect((await raw(universe, `/rest/agile/1.0/sprint/${future.id}`)).status).toBe(404);
    await a.backlog.moveIssuesToBacklog({ issues: ['CORP-2'] });
    expect(keys(await a.sprint.getIssuesForSprint({ sprintId: created.id! }))).toEqual(['CORP-4']);
    // The platform API sees the sprint field too.
    const four = await client(universe).issues.getIssue({ issueIdOrKey: 'CORP-4', fields: ['customfield_10020'] });
    expect(four.fields.customfield_10020).toEqual([expect.objectContaining({ id: created.id, state: 'active', boardId: board.id })]);
  });
});

describe('epics', () => {
  it('gets an epic, its issues, issues without an epic, and moves issues between them', async () => {
    const a = agile();
    const epic = await a.epic.getEpic({ epicIdOrKey: 'CORP-5' });
    expect(epic).toMatchObject({ key: 'CORP-5', done: false });
    expect(keys(await a.epic.getIssuesForEpic({ epicIdOrKey: 'CORP-5' }))).toEqual(['CORP-1', 'CORP-2', 'CORP-3']);
    const without = await a.epic.getIssuesWithoutEpic({ jql: 'project = CORP' });
    expect(keys(without)).toEqual(['CORP-4']);
    await a.epic.moveIssuesToEpic({ epicIdOrKey: 'CORP-5', issues: ['CORP-4'] });
    expect(keys(await a.epic.getIssuesForEpic({ epicIdOrKey: 'CORP-5' }))).toEqual(['CORP-1', 'CORP-2', 'CORP-3', 'CORP-4']);
    await a.epic.removeIssuesFromEpic({ issues: ['CORP-1'] });
    expect((await client(universe).issues.getIssue({ issueIdOrKey: 'CORP-1', fields: ['parent'] })).fields.parent).toBeUndefined();
    expect((await raw(universe, '/rest/agile/1.0/epic/CORP-1')).status).toBe(400);
    expect((await raw(universe, '/rest/agile/1.0/epic/NOPE-1')).status).toBe(404);
    const board = await corpBoard();
    expect((await a.board.getEpics({ boardId: board.id! })).values?.map((e) => (e as { key?: string }).key)).toEqual(['CORP-5']);
    expect(keys(await a.board.getBoardIssuesForEpic({ boardId: board.id!, epicId: Number(epic.id) }))).toEqual(['CORP-2', 'CORP-3', 'CORP-4']);
    expect(keys(await a.board.getIssuesWithoutEpicForBoard({ boardId: board.id! }))).toEqual(['CORP-1']);
    const sprint = (await a.board.getAllSprints({ boardId: board.id!, state: 'active' })).values![0];
    expect(keys(await a.board.getBoardIssuesForSprint({ boardId: board.id!, sprintId: sprint.id! }))).toEqual(['CORP-2', 'CORP-3']);
    const one = await a.issue.getIssue({ issueIdOrKey: 'CORP-2', fields: ['summary', 'sprint'] });
    expect(Object.keys(one.fields ?? {}).sort()).toEqual(['sprint', 'summary']);
    expect(agileFields(one).sprint).toMatchObject({ id: sprint.id });
    expect((await raw(universe, '/rest/agile/1.0/issue/NOPE-1')).status).toBe(404);
  });
});
