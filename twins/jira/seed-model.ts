// Seed richness for search: due dates, story points and the history of each seeded issue's
// workflow (To Do → … → its status, by its assignee), so JQL's date, WAS and CHANGED clauses have
// something to find. Runs after seedSite; deterministic.
import { historyState, recordHistory } from './changelog.js';
import { jiraTime, type JiraData, type JiraIssue } from './store.js';
import { STATUSES } from './workflow.js';

const DAY = 86_400_000;
const WALK = ['10000', '3', '10001', '10002'];
const parse = (t: string) => Date.parse(t.replace('+0000', 'Z'));

/** Per issue number 1…5: due date (days after creation) and story points. */
const EXTRAS: Record<number, { dueInDays: number | null; points: number | null }> = {
  1: { dueInDays: 7, points: 3 }, 2: { dueInDays: 14, points: 5 }, 3: { dueInDays: 2, points: 8 }, 4: { dueInDays: null, points: null }, 5: { dueInDays: 60, points: null },
};

export function seedModel(data: JiraData): void {
  data.seq.history ??= 10000;
  for (const project of data.projects) {
    for (let n = 1; n <= 5; n++) {
      const issue = data.issues[data.issueKeys[`${project.key}-${n}`]];
      if (!issue) continue;
      const created = parse(issue.created);
      const { dueInDays, points } = EXTRAS[n];
      issue.dueDate = dueInDays === null ? null : new Date(created + dueInDays * DAY).toISOString().slice(0, 10);
      issue.customfield_10016 = points;
      walkTo(data, issue, created);
    }
  }
}

/** Replays the workflow from To Do to the issue's seeded status, 20 minutes a step. */
export function walkTo(data: JiraData, issue: JiraIssue, created: number): void {
  const target = WALK.indexOf(issue.statusId);
  const author = issue.assigneeAccountId ?? issue.reporterAccountId;
  issue.statusId = WALK[0];
  let at = created;
  for (let step = 1; step <= target; step++) {
    at += 20 * 60_000;
    const before = historyState(issue);
    issue.statusId = WALK[step];
    recordHistory(data, issue, before, author, jiraTime(at));
  }
  if (target > 0) issue.updated = jiraTime(at);
  issue.resolutionDate = STATUSES.find((s) => s.id === issue.statusId)?.category === 'done' ? jiraTime(at) : null;
}
