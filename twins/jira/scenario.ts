// A scenario fixture's `projects` on the seeded site: each project as POST /rest/api/3/project makes
// it (with its Scrum board), browsable by the listed groups (default: everyone with Jira), with the
// listed issues walked through the workflow to their status, so JQL's WAS/CHANGED see their history.
// Added after the seeded projects, so those keep their ids and keys.
import { jiraAccountId } from '../../shared/seeding/people-ids.js';
import type { JiraScenario } from '../../shared/seeding/scenario.js';
import { nextId } from './entities.js';
import { walkTo } from './seed-model.js';
import { ALL_USERS_GROUP, jiraTime, newIssue, SEED_EPOCH, type JiraData, type JiraProject } from './store.js';
import { ISSUE_TYPES, PRIORITIES, STATUSES, textToAdf } from './workflow.js';

const HOUR = 3_600_000;
const idByName = (list: readonly { id: string; name: string }[], name: string) => list.find((x) => x.name === name)!.id;

export function applyJiraScenario(data: JiraData, seed: number, scenario: JiraScenario | undefined): void {
  if (!scenario) return;
  // Scenario issues are created after every seeded one, an hour apart.
  let at = Math.max(SEED_EPOCH, ...Object.values(data.issues).map((i) => Date.parse(i.created.replace('+0000', 'Z')))) + HOUR;
  for (const spec of scenario.projects) {
    const project: JiraProject = {
      id: String(Math.max(...data.projects.map((p) => Number(p.id))) + 1), key: spec.key, name: spec.name, description: spec.description ?? '',
      leadAccountId: jiraAccountId(seed, spec.lead), projectTypeKey: 'software', browseGroups: spec.access ?? [ALL_USERS_GROUP], issueCounter: 0,
    };
    data.projects.push(project);
    data.boards.push({ id: nextId(data, 'board'), name: `${project.key} board`, type: 'scrum', projectId: project.id, filterJql: `project = ${project.key} ORDER BY Rank ASC` });
    for (const i of spec.issues) {
      const reporter = jiraAccountId(seed, i.reporter);
      const assignee = i.assignee ? jiraAccountId(seed, i.assignee) : null;
      const issue = newIssue(data, project, {
        summary: i.summary, description: i.description === undefined ? null : textToAdf(i.description), issueTypeId: idByName(ISSUE_TYPES, i.type),
        priorityId: idByName(PRIORITIES, i.priority), statusId: idByName(STATUSES, i.status), assigneeAccountId: assignee, reporterAccountId: reporter, labels: [...i.labels],
      }, jiraTime(at));
      issue.dueDate = i.due;
      issue.watchers = [...new Set([reporter, ...(assignee ? [assignee] : [])])];
      walkTo(data, issue, at);
      at += HOUR;
    }
  }
}
