// Boards: list (type, name, projectKeyOrId; startAt/maxResults/total/isLast), get, configuration,
// issues (the board's project, rank order, optional jql), backlog (not in an open sprint, not done,
// no epics or subtasks), the board's sprints (state filter) and epics; moving issues to the backlog.
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { callerId } from '../auth.js';
import type { JiraBoard } from '../entities.js';
import { jiraError } from '../errors.js';
import { historyState, recordHistory } from '../changelog.js';
import { candidates, storeVersion } from '../jql/search-index.js';
import { objectBody, query } from '../routes/params.js';
import { canBrowse, type JiraData, type JiraProject, jiraTime, projectsByIdOrKey } from '../store.js';
import { sprintView } from '../views-site.js';
import { emitEvent } from '../webhooks/dispatch.js';
import { STATUSES } from '../workflow.js';
import { AGILE, boardOf, epicView, isDone, isEpic, issuePage, issuesIn, isSubtask, narrow, openSprintOf, sprintMissing, sprintOf, valuesPage } from './common.js';

const SPRINT_STATES = ['future', 'active', 'closed'];

export function boardsRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  const base = () => ctx.publicUrl();
  const boardView = (b: JiraBoard, p: JiraProject) => ({
    id: b.id, self: `${base()}${AGILE}/board/${b.id}`, name: b.name, type: b.type,
    location: { projectId: Number(p.id), displayName: `${p.name} (${p.key})`, projectName: p.name, projectKey: p.key, projectTypeKey: p.projectTypeKey, avatarURI: `${base()}/secure/projectavatar?size=small&id=${p.id}`, name: `${p.name} (${p.key})` },
  });
  /** A project's issues through the JQL module's per-project index (rebuilt only after a change). */
  const projectIssues = (projectId: string) => [...candidates(ctx.store.data, { projectIds: new Set([projectId]) }, storeVersion(ctx.store))];

  app.get(`${AGILE}/board`, { config: { operation: 'getAllBoards' } }, (request) => {
    const data = ctx.store.data;
    const me = callerId(request);
    const q = query(request);
    if (q.type && !['scrum', 'kanban', 'simple'].includes(q.type)) throw jiraError(400, `The board type '${q.type}' is not valid.`);
    const projects = projectsByIdOrKey(data.projects);
    const wanted = q.projectKeyOrId ? projects.get(q.projectKeyOrId.toUpperCase()) ?? projects.get(q.projectKeyOrId) : undefined;
    if (q.projectKeyOrId && (!wanted || !canBrowse(data, me, wanted))) throw jiraError(400, `No project could be found with key or id '${q.projectKeyOrId}'.`);
    const needle = (q.name ?? '').toLowerCase();
    const boards = data.boards.filter((b) => {
      const p = projects.get(b.projectId);
      return p && canBrowse(data, me, p) && (!q.type || b.type === q.type) && (!wanted || b.projectId === wanted.id) && b.name.toLowerCase().includes(needle);
    });
    return valuesPage(request, boards, (b) => boardView(b, projects.get(b.projectId)!), true);
  });

  app.get(`${AGILE}/board/:boardId`, { config: { operation: 'getBoard' } }, (request) => {
    const { board, project } = boardOf(ctx.store.data, request);
    return boardView(board, project);
  });

  app.get(`${AGILE}/board/:boardId/configuration`, { config: { operation: 'getConfiguration' } }, (request) => {
    const { board, project } = boardOf(ctx.store.data, request);
    const column = (name: string, ids: string[]) => ({ name, statuses: ids.map((id) => ({ id, self: `${base()}/rest/api/2/status/${id}` })) });
    return {
      id: board.id, name: board.name, type: board.type, self: `${base()}${AGILE}/board/${board.id}/configuration`,
      location: { type: 'project', key: project.key, id: project.id, self: `${base()}/rest/api/2/project/${project.id}`, name: project.name },
      filter: { id: String(10000 + board.id), self: `${base()}/rest/api/2/filter/${10000 + board.id}` },
      subQuery: { query: 'resolution = EMPTY OR resolution changed after -2w' },
      columnConfig: { columns: [column('To Do', ['10000']), column('In Progress', ['3']), column('In Review', ['10001']), column('Done', STATUSES.filter((s) => s.category === 'done').map((s) => s.id))], constraintType: 'issueCount' },
      estimation: { type: 'field', field: { fieldId: 'customfield_10016', displayName: 'Story Points' } },
      ranking: { rankCustomFieldId: 10019 },
    };
  });

  app.get(`${AGILE}/board/:boardId/issue`, { config: { operation: 'getIssuesForBoard' } }, (request) => {
    const { board } = boardOf(ctx.store.data, request);
    return issuePage(ctx, request, narrow(ctx, request, projectIssues(board.projectId)));
  });

  app.get(`${AGILE}/board/:boardId/backlog`, { config: { operation: 'getIssuesForBacklog' } }, (request) => {
    const data = ctx.store.data;
    const { board } = boardOf(data, request);
    if (board.type !== 'scrum') throw jiraError(400, 'The board does not support a backlog.');
    const backlog = projectIssues(board.projectId).filter((i) => !openSprintOf(data, i) && !isDone(i) && !isEpic(i) && !isSubtask(i));
    return issuePage(ctx, request, narrow(ctx, request, backlog));
  });

  app.get(`${AGILE}/board/:boardId/sprint`, { config: { operation: 'getAllSprints' } }, (request) => {
    const data = ctx.store.data;
    const { board } = boardOf(data, request);
    if (board.type !== 'scrum') throw jiraError(400, 'The board does not support sprints');
    const states = query(request).state?.split(',').map((s) => s.trim());
    if (states?.some((s) => !SPRINT_STATES.includes(s))) throw jiraError(400, `The sprint state is not valid: use ${SPRINT_STATES.join(', ')}.`);
    const sprints = Object.values(data.sprints).filter((s) => s.boardId === board.id && (!states || states.includes(s.state))).sort((a, b) => a.id - b.id);
    return valuesPage(request, sprints, (s) => sprintView(base(), s), false);
  });

  app.get(`${AGILE}/board/:boardId/sprint/:sprintId/issue`, { config: { operation: 'getBoardIssuesForSprint' } }, (request) => {
    const data = ctx.store.data;
    const { board } = boardOf(data, request);
    const sprint = sprintOf(data, request);
    if (sprint.boardId !== board.id) throw sprintMissing(String(sprint.id));
    return issuePage(ctx, request, narrow(ctx, request, projectIssues(board.projectId).filter((i) => i.customfield_10020?.includes(sprint.id))));
  });

  app.get(`${AGILE}/board/:boardId/epic/none/issue`, { config: { operation: 'getIssuesWithoutEpicForBoard' } }, (request) => {
    const data = ctx.store.data;
    const { board } = boardOf(data, request);
    const loose = projectIssues(board.projectId).filter((i) => !isEpic(i) && !isSubtask(i) && !(i.parentId && data.issues[i.parentId] && isEpic(data.issues[i.parentId])));
    return issuePage(ctx, request, narrow(ctx, request, loose));
  });

  app.get(`${AGILE}/board/:boardId/epic/:epicId/issue`, { config: { operation: 'getBoardIssuesForEpic' } }, (request) => {
    const data = ctx.store.data;
    const { board } = boardOf(data, request);
    const { epicId } = request.params as { epicId: string };
    const id = /^\d+$/.test(epicId) ? epicId : data.issueKeys[epicId.toUpperCase()];
    const epic = id === undefined ? undefined : data.issues[id];
    const epicProject = epic && projectsByIdOrKey(data.projects).get(epic.projectId);
    if (!epic || !isEpic(epic) || !epicProject || !canBrowse(data, callerId(request), epicProject)) throw jiraError(404, `Epic ${epicId} does not exist or you do not have permission to see it.`);
    return issuePage(ctx, request, narrow(ctx, request, projectIssues(board.projectId).filter((i) => i.parentId === epic.id)));
  });

  app.get(`${AGILE}/board/:boardId/epic`, { config: { operation: 'getEpics' } }, (request) => {
    const { board } = boardOf(ctx.store.data, request);
    const done = query(request).done;
    const epics = projectIssues(board.projectId).filter((i) => isEpic(i) && (done === undefined || String(isDone(i)) === done)).sort((a, b) => Number(a.id) - Number(b.id));
    return valuesPage(request, epics, (e) => epicView(ctx, e), false);
  });

  // Moving to the backlog takes issues out of their open sprints (closed ones stay in their history).
  app.post(`${AGILE}/backlog/issue`, { config: { operation: 'moveIssuesToBacklog' } }, (request, reply) => {
    const data = ctx.store.data;
    const me = callerId(request);
    const issues = issuesIn(data, request, objectBody(request).issues);
    const now = jiraTime(ctx.clock.now());
    for (const issue of issues) {
      const before = historyState(issue);
      issue.customfield_10020 = (issue.customfield_10020 ?? []).filter((id) => data.sprints[id]?.state === 'closed');
      const changelog = recordHistory(data, issue, before, me, now);
      if (!changelog) continue;
      issue.updated = now;
      emitEvent(ctx, { webhookEvent: 'jira:issue_updated', issueEventType: 'issue_generic', issue, changelog, actorId: me });
    }
    ctx.store.changed();
    return reply.code(204).send();
  });
}
