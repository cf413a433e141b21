// A small fixed site for the JQL tests, built on a seeded JiraData: projects ALPHA (group alpha-team:
// alice, bob, carol), CORP (everyone) and BETA (site admins only), ten issues with known fields and
// histories, ALPHA's components, versions and sprints. Every expected result in jql.test.ts is worked
// out by hand from the table below, never by running the evaluator.
//
// | key     | type  | status      | prio    | assignee | reporter | labels             | created          | resolved         | due   | pts | comps   | fixV | sprint | parent |
// | ALPHA-1 | Epic  | To Do       | Medium  | -        | alice    |                    | 2026-01-10 09:00 |                  |       |     |         |      |        |        |
// | ALPHA-2 | Story | In Progress | High    | alice    | bob      | payments frontend  | 2026-02-01 10:00 |                  | 03-20 | 5   | UI      | 1.0  | S2     | A-1    |
// | ALPHA-3 | Bug   | Done        | Highest | bob      | alice    | frontend urgent    | 2026-02-15 08:00 | 2026-03-05 16:00 | 03-01 | 3   | UI, API | 1.0  | S1     | A-1    |
// | ALPHA-4 | Task  | In Review   | Low     | carol    | carol    | docs               | 2026-03-12 09:00 |                  |       | 2   | Docs    | 2.0  | S2     |        |
// | ALPHA-5 | Bug   | To Do       | High    | alice    | admin    | payments email     | 2026-03-17 15:00 |                  | 03-18 |     | API     |      | S3     |        |
// | ALPHA-6 | Task  | Done(Won't) | Lowest  | -        | bob      |                    | 2025-12-20 09:00 | 2026-01-05 10:00 |       |     |         |      |        |        |
// | CORP-1  | Task  | To Do       | Medium  | bob      | admin    | facilities         | 2026-03-01 09:00 |                  | 04-01 |     |         |      |        |        |
// | CORP-2  | Story | In Progress | Medium  | admin    | admin    | events planning    | 2026-02-20 09:00 |                  |       |     |         |      |        |        |
// | CORP-3  | Bug   | Done        | Low     | carol    | alice    | facilities         | 2026-01-20 09:00 | 2026-01-25 09:00 |       |     |         |      |        |        |
// | BETA-1  | Task  | To Do       | High    | alice    | admin    | confidential       | 2026-03-01 10:00 |                  |       |     |         |      |        |        |
// Sprints 101 "Alpha Sprint 1" closed, 102 "Alpha Sprint 2" active, 103 "Alpha Sprint 3" future.
// Versions 1.0 (released), 2.0 (unreleased). Watchers: ALPHA-2 admin+alice, ALPHA-3 alice, CORP-1 admin;
// voters of ALPHA-5: bob, admin; ALPHA-3 blocks ALPHA-2. "Now" for the tests: 2026-03-18T12:00:00Z (a Wednesday).
import { historyState, recordHistory } from '../changelog.js';
import { jiraTime, type JiraData, type JiraIssue, newIssue, type JiraProject } from '../store.js';
import { textToAdf } from '../workflow.js';

export const FIXTURE_NOW = Date.UTC(2026, 2, 18, 12, 0);
const at = (iso: string) => jiraTime(Date.parse(`${iso}:00.000Z`));

export interface Fixture { admin: string; alice: string; bob: string; carol: string; ids: Record<string, string> }

/** Rebuilds `data` (a seeded site) into the fixture; returns the people's accountIds and issue ids by key. */
export function buildFixture(data: JiraData): Fixture {
  const admins = new Set(data.groups.filter((g) => g.name === 'administrators' || g.name === 'site-admins').flatMap((g) => g.members));
  const active = data.users.filter((u) => u.active);
  const admin = active.find((u) => admins.has(u.accountId))!.accountId;
  const [alice, bob, carol] = active.filter((u) => !admins.has(u.accountId)).map((u) => u.accountId);
  data.groups.push({ name: 'alpha-team', groupId: 'alpha-team-0000', members: [alice, bob, carol] });
  const project = (id: string, key: string, browseGroups: string[]): JiraProject => ({ id, key, name: `${key} project`, description: '', leadAccountId: admin, projectTypeKey: 'software', browseGroups, issueCounter: 0 });
  const alpha = project('20000', 'ALPHA', ['alpha-team']);
  const beta = project('20001', 'BETA', ['administrators']);
  const corp = data.projects.find((p) => p.key === 'CORP')!;
  corp.issueCounter = 0;
  data.projects = [...data.projects.filter((p) => p.key !== 'ALPHA' && p.key !== 'BETA'), alpha, beta];
  data.issues = {};
  data.issueKeys = {};
  data.nextIssueId = 30000;
  data.components = {
    c1: { id: 'c1', projectId: alpha.id, name: 'UI', description: '', leadAccountId: null, assigneeType: 'PROJECT_DEFAULT' },
    c2: { id: 'c2', projectId: alpha.id, name: 'API', description: '', leadAccountId: null, assigneeType: 'PROJECT_DEFAULT' },
    c3: { id: 'c3', projectId: alpha.id, name: 'Docs', description: '', leadAccountId: null, assigneeType: 'PROJECT_DEFAULT' },
  };
  data.versions = {
    v1: { id: 'v1', projectId: alpha.id, name: '1.0', description: '', archived: false, released: true, startDate: null, releaseDate: '2026-03-01' },
    v2: { id: 'v2', projectId: alpha.id, name: '2.0', description: '', archived: false, released: false, startDate: null, releaseDate: null },
  };
  const sprint = (id: number, state: 'closed' | 'active' | 'future') => ({ id, name: `Alpha Sprint ${id - 100}`, state, boardId: 1, goal: '', startDate: null, endDate: null, completeDate: null, createdDate: at('2026-01-01T00:00') });
  data.sprints = { 101: sprint(101, 'closed'), 102: sprint(102, 'active'), 103: sprint(103, 'future') };

  const ids: Record<string, string> = {};
  const add = (p: JiraProject, created: string, f: { summary: string; type: string; status: string; priority: string; assignee: string | null; reporter: string; labels?: string[]; description?: string }, extra: Partial<JiraIssue> = {}) => {
    const types: Record<string, string> = { Epic: '10000', Story: '10001', Task: '10002', Bug: '10003' };
    const priorities: Record<string, string> = { Highest: '1', High: '2', Medium: '3', Low: '4', Lowest: '5' };
    const issue = newIssue(data, p, {
      summary: f.summary, description: f.description ? textToAdf(f.description) : null, issueTypeId: types[f.type], priorityId: priorities[f.priority], statusId: '10000',
      assigneeAccountId: f.assignee, reporterAccountId: f.reporter, labels: f.labels ?? [],
    }, at(created));
    Object.assign(issue, extra);
    ids[issue.key] = issue.id;
    return issue;
  };
  /** One history entry: `change` mutates the issue; the difference is recorded. */
  const change = (issue: JiraIssue, by: string, when: string, mutate: (i: JiraIssue) => void) => {
    const before = historyState(issue);
    mutate(issue);
    recordHistory(data, issue, before, by, at(when));
    issue.updated = at(when);
  };
  const status = (statusId: string, resolutionId?: string) => (i: JiraIssue) => { i.statusId = statusId; if (resolutionId) { i.resolutionId = resolutionId; } };
  const resolve = (i: JiraIssue, when: string) => { i.resolutionDate = at(when); };

  const a1 = add(alpha, '2026-01-10T09:00', { summary: 'Payments platform revamp', type: 'Epic', status: 'To Do', priority: 'Medium', assignee: null, reporter: alice });
  const a2 = add(alpha, '2026-02-01T10:00', { summary: 'Add card payments to checkout', type: 'Story', status: 'In Progress', priority: 'High', assignee: alice, reporter: bob, labels: ['payments', 'frontend'], description: 'Customers want to pay by card at checkout.' },
    { dueDate: '2026-03-20', customfield_10016: 5, componentIds: ['c1'], fixVersionIds: ['v1'], customfield_10020: [102], parentId: a1.id });
  change(a2, alice, '2026-03-10T10:00', status('3'));
  const a3 = add(alpha, '2026-02-15T08:00', { summary: 'Checkout button crashes on Safari', type: 'Bug', status: 'Done', priority: 'Highest', assignee: bob, reporter: alice, labels: ['frontend', 'urgent'] },
    { dueDate: '2026-03-01', customfield_10016: 3, componentIds: ['c1', 'c2'], fixVersionIds: ['v1'], customfield_10020: [101], parentId: a1.id });
  a3.comments.push({ id: '90001', authorAccountId: bob, body: textToAdf('Reproduced on Safari 17.'), created: at('2026-02-16T09:00'), updated: at('2026-02-16T09:00') });
  change(a3, bob, '2026-03-01T09:00', status('3'));
  change(a3, bob, '2026-03-03T09:00', status('10001'));
  change(a3, alice, '2026-03-05T16:00', status('10002', '10000'));
  resolve(a3, '2026-03-05T16:00');
  const a4 = add(alpha, '2026-03-12T09:00', { summary: 'Write payment API docs', type: 'Task', status: 'In Review', priority: 'Low', assignee: alice, reporter: carol, labels: ['docs'] },
    { customfield_10016: 2, componentIds: ['c3'], fixVersionIds: ['v2'], customfield_10020: [102] });
  change(a4, alice, '2026-03-12T12:00', (i) => { i.assigneeAccountId = carol; });
  change(a4, carol, '2026-03-13T09:00', status('3'));
  change(a4, carol, '2026-03-14T09:00', status('10001'));
  const a5 = add(alpha, '2026-03-17T15:00', { summary: 'Refund emails are not sent', type: 'Bug', status: 'To Do', priority: 'Medium', assignee: alice, reporter: admin, labels: ['payments', 'email'], description: 'The refund email job fails silently.' },
    { dueDate: '2026-03-18', componentIds: ['c2'], customfield_10020: [103] });
  change(a5, admin, '2026-03-17T16:00', (i) => { i.priorityId = '2'; });
  const a6 = add(alpha, '2025-12-20T09:00', { summary: 'Clean up feature flags', type: 'Task', status: 'To Do', priority: 'Lowest', assignee: null, reporter: bob });
  change(a6, bob, '2025-12-22T09:00', status('3'));
  change(a6, bob, '2026-01-02T09:00', status('10001'));
  change(a6, bob, '2026-01-05T10:00', status('10002', '10001'));
  resolve(a6, '2026-01-05T10:00');
  const c1 = add(corp, '2026-03-01T09:00', { summary: 'Order new office chairs', type: 'Task', status: 'To Do', priority: 'Medium', assignee: bob, reporter: admin, labels: ['facilities'] }, { dueDate: '2026-04-01' });
  const c2 = add(corp, '2026-02-20T09:00', { summary: 'Plan the summer offsite', type: 'Story', status: 'In Progress', priority: 'Medium', assignee: admin, reporter: admin, labels: ['events', 'planning'] });
  change(c2, admin, '2026-03-02T09:00', status('3'));
  const c3 = add(corp, '2026-01-20T09:00', { summary: 'Printer on floor 3 jams', type: 'Bug', status: 'To Do', priority: 'Low', assignee: carol, reporter: alice, labels: ['facilities'] });
  c3.comments.push({ id: '90002', authorAccountId: alice, body: textToAdf('Fixed by replacing the roller.'), created: at('2026-01-25T08:00'), updated: at('2026-01-25T08:00') });
  change(c3, carol, '2026-01-22T09:00', status('3'));
  change(c3, carol, '2026-01-24T09:00', status('10001'));
  change(c3, carol, '2026-01-25T09:00', status('10002', '10000'));
  resolve(c3, '2026-01-25T09:00');
  // Watchers, votes and one link (ALPHA-3 blocks ALPHA-2).
  a2.watchers = [admin, alice];
  a3.watchers = [alice];
  a5.voters = [bob, admin];
  data.issueLinks = { l1: { id: 'l1', typeId: '10000', inwardIssueId: a3.id, outwardIssueId: a2.id } };
  a2.linkIds = ['l1'];
  a3.linkIds = ['l1'];
  c1.watchers = [admin];
  add(beta, '2026-03-01T10:00', { summary: 'Secret acquisition plan', type: 'Task', status: 'To Do', priority: 'High', assignee: alice, reporter: admin, labels: ['confidential'] });
  return { admin, alice, bob, carol, ids };
}
