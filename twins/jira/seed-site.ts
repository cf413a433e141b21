// The seeded site's richness around the five issues of each project: components, versions (one
// released, two not), a Scrum board with a closed, an active and a future sprint, the epic KEY-5 with
// KEY-1…KEY-3 as children, links (KEY-3 blocks KEY-2, KEY-4 relates to KEY-1), two comments on KEY-3
// (the second visible to the project's browse group only) and watchers. Deterministic per seed.
import { nextId } from './entities.js';
import { jiraTime, type JiraData, type JiraIssue } from './store.js';
import { textToAdf } from './workflow.js';

const DAY = 86_400_000;
const COMPONENTS = [['Process', 'How the team works.'], ['Tooling', 'Tools and automation.'], ['Documentation', 'Guides and references.']] as const;

export function seedSite(data: JiraData, epoch: number): void {
  for (const project of data.projects) {
    const issue = (n: number): JiraIssue | undefined => data.issues[data.issueKeys[`${project.key}-${n}`]];
    const components = COMPONENTS.map(([name, description]) => {
      const id = String(nextId(data, 'component'));
      data.components[id] = { id, projectId: project.id, name, description, leadAccountId: project.leadAccountId, assigneeType: 'PROJECT_DEFAULT' };
      return id;
    });
    const versions = (['1.0', '1.1', '2.0'] as const).map((name, i) => {
      const id = String(nextId(data, 'version'));
      const day = (offset: number) => new Date(epoch + offset * DAY).toISOString().slice(0, 10);
      data.versions[id] = { id, projectId: project.id, name, description: `Release ${name} of ${project.name}.`, archived: false, released: i === 0, startDate: day(-28 + i * 28), releaseDate: day(i * 28) };
      return id;
    });
    const boardId = nextId(data, 'board');
    data.boards.push({ id: boardId, name: `${project.key} board`, type: 'scrum', projectId: project.id, filterJql: `project = ${project.key} ORDER BY Rank ASC` });
    const sprints = (['closed', 'active', 'future'] as const).map((state, i) => {
      const id = nextId(data, 'sprint');
      const start = epoch + (i - 1) * 14 * DAY;
      data.sprints[id] = {
        id, name: `${project.key} Sprint ${i + 1}`, state, boardId, goal: ['Ship the basics', 'Close the open reviews', ''][i],
        startDate: state === 'future' ? null : jiraTime(start), endDate: state === 'future' ? null : jiraTime(start + 14 * DAY),
        completeDate: state === 'closed' ? jiraTime(start + 14 * DAY) : null, createdDate: jiraTime(epoch - 30 * DAY),
      };
      return id;
    });
    const [one, two, three, four, epic] = [1, 2, 3, 4, 5].map(issue);
    if (!one || !two || !three || !four || !epic) continue;
    Object.assign(one, { customfield_10020: [sprints[0]], parentId: epic.id, componentIds: [components[0]], fixVersionIds: [versions[0]] });
    Object.assign(two, { customfield_10020: [sprints[1]], parentId: epic.id, fixVersionIds: [versions[1]] });
    Object.assign(three, { customfield_10020: [sprints[1]], parentId: epic.id, componentIds: [components[1], components[0]] });
    Object.assign(four, { customfield_10020: [sprints[2]], componentIds: [components[2]] });
    link(data, '10000', three, two);
    link(data, '10003', four, one);
    for (const i of [one, two, three, four, epic]) i.watchers = [...new Set([i.reporterAccountId, ...(i.assigneeAccountId ? [i.assigneeAccountId] : [])])];
    const at = jiraTime(Date.parse(three.created.replace('+0000', 'Z')) + 3_600_000);
    const commenter = three.assigneeAccountId ?? project.leadAccountId;
    three.comments.push(
      { id: String(data.nextCommentId++), authorAccountId: commenter, body: textToAdf('I can reproduce this; looking into it now.'), created: at, updated: at },
      { id: String(data.nextCommentId++), authorAccountId: project.leadAccountId, body: textToAdf('Internal note: check the audit log before changing anything.'), created: at, updated: at, visibility: { type: 'group', value: project.browseGroups[0] } },
    );
  }
}

/**
 * `from` <type.outward> `to` (KEY-3 blocks KEY-2). Stored as Jira's API takes it: the link's
 * inwardIssue is `from`, its outwardIssue `to` (so `from` shows the link with outwardIssue = `to`).
 */
export function link(data: JiraData, typeId: string, from: JiraIssue, to: JiraIssue): string {
  const id = String(nextId(data, 'link'));
  data.issueLinks[id] = { id, typeId, inwardIssueId: from.id, outwardIssueId: to.id };
  for (const i of [from, to]) i.linkIds = [...(i.linkIds ?? []), id];
  return id;
}
