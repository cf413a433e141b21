// Every path the Jira twin serves (each under /rest/api/2 and /rest/api/3; v2 takes and returns plain
// text where v3 uses Atlassian Document Format), behind basic auth with API tokens.
//
//   GET    /serverInfo                                   getServerInfo
//   GET    /myself                                       getCurrentUser
//   GET    /user?accountId=                              getUser
//   GET    /user/search?query=&startAt=&maxResults=      findUsers
//   GET    /project/search?startAt=&maxResults=&query=   searchProjects (PageBean)
//   GET    /project/:projectIdOrKey                      getProject
//   GET    /issuetype                                    getIssueAllTypes
//   GET    /priority                                     getPriorities
//   GET    /status                                       getStatuses
//   POST   /issue                                        createIssue
//   GET    /issue/:issueIdOrKey?fields=                  getIssue
//   PUT    /issue/:issueIdOrKey                          editIssue (fields; update for labels)
//   DELETE /issue/:issueIdOrKey                          deleteIssue
//   PUT    /issue/:issueIdOrKey/assignee                 assignIssue
//   GET    /issue/:issueIdOrKey/transitions              getTransitions
//   POST   /issue/:issueIdOrKey/transitions              doTransition
//   GET    /issue/:issueIdOrKey/comment                  getComments
//   POST   /issue/:issueIdOrKey/comment                  addComment
import type { FastifyInstance } from 'fastify';
import { acceptJsonBodies } from '../../../shared/kernel/json-body.js';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { basicAuth } from '../auth.js';
import { jiraError } from '../errors.js';
import type { JiraData } from '../store.js';
import { issuesRoutes } from './issues.js';
import { metadataRoutes } from './metadata.js';
import { projectsRoutes } from './projects.js';
import { usersRoutes } from './users.js';

export function jiraRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  app.addHook('onRequest', basicAuth(ctx));
  // A body that is not JSON is Jira's 400 with an errorMessages entry; an empty body is no body.
  acceptJsonBodies(app, () => jiraError(400, 'Unexpected character in the request body: it is not valid JSON.'));
  usersRoutes(app, ctx);
  projectsRoutes(app, ctx);
  metadataRoutes(app, ctx);
  issuesRoutes(app, ctx);
}
