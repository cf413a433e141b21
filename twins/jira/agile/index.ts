// Jira Software's Agile API under /rest/agile/1.0 (same auth and errors as the platform API):
//
//   GET    /board?type=&name=&projectKeyOrId=&startAt=&maxResults=   getAllBoards
//   GET    /board/:boardId                                          getBoard
//   GET    /board/:boardId/configuration                            getConfiguration
//   GET    /board/:boardId/issue?jql=&fields=                       getIssuesForBoard (rank order)
//   GET    /board/:boardId/backlog                                  getIssuesForBacklog
//   GET    /board/:boardId/sprint?state=                            getAllSprints
//   GET    /board/:boardId/epic                                     getEpics
//   GET    /board/:boardId/sprint/:sprintId/issue                   getBoardIssuesForSprint
//   GET    /board/:boardId/epic/:epicId/issue                       getBoardIssuesForEpic
//   GET    /board/:boardId/epic/none/issue                          getIssuesWithoutEpicForBoard
//   POST   /backlog/issue                                           moveIssuesToBacklog
//   POST   /sprint                                                  createSprint
//   GET    /sprint/:sprintId                                        getSprint
//   PUT    /sprint/:sprintId                                        updateSprint
//   POST   /sprint/:sprintId                                        partiallyUpdateSprint (start, close…)
//   DELETE /sprint/:sprintId                                        deleteSprint
//   GET    /sprint/:sprintId/issue                                  getIssuesForSprint
//   POST   /sprint/:sprintId/issue                                  moveIssuesToSprintAndRank
//   GET    /epic/:epicIdOrKey                                       getEpic
//   GET    /epic/:epicIdOrKey/issue                                 getIssuesForEpic
//   POST   /epic/:epicIdOrKey/issue                                 moveIssuesToEpic
//   GET    /epic/none/issue                                         getIssuesWithoutEpic
//   POST   /epic/none/issue                                         removeIssuesFromEpic
//   PUT    /issue/rank                                              rankIssues
//   GET    /issue/:issueIdOrKey?fields=                             getIssue (Jira Software's representation)
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import type { JiraData } from '../store.js';
import { boardsRoutes } from './boards.js';
import { epicsRoutes } from './epics.js';
import { sprintsRoutes } from './sprints.js';

export function agileRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  boardsRoutes(app, ctx);
  sprintsRoutes(app, ctx);
  epicsRoutes(app, ctx);
}
