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
//   … and, in their own files: groups.ts (groups, members, picker, user groups), user-lookup.ts
//   (bulk users, assignable search), project-admin.ts (create project, project statuses),
//   components-versions.ts, comments.ts (comments CRUD, visibility), worklogs.ts, links.ts (issue
//   links and link types), attachments.ts, watchers-votes.ts; ../agile (Agile API /rest/agile/1.0)
//   and ../webhooks (/rest/api/3/webhook, /rest/webhooks/1.0/webhook).
//   search.ts: GET/POST /search/jql (enhanced search), POST /search/approximate-count, /search/id,
//   /jql/match, /jql/parse, the retired GET/POST /search (410, or classic with the classicSearch
//   setting) and the control route GET/PUT /_dtu/jira/settings; model.ts: /field, /field/search,
//   /resolution(/search, /:id), /label, /issue/:key/changelog(/list), /issue/picker.
//   ../scim: Atlassian's user-provisioning SCIM API under /scim/directory/:directoryId (own API key);
//   browse.ts: GET /browse/:issueKey (the issue's web page, no auth); ../slack/routes.ts: the control
//   route /_dtu/jira/slack-integration (Jira Cloud for Slack).
import type { FastifyInstance } from 'fastify';
import { acceptJsonBodies } from '../../../shared/kernel/json-body.js';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { basicAuth } from '../auth.js';
import { jiraError } from '../errors.js';
import type { JiraData } from '../store.js';
import { agileRoutes } from '../agile/index.js';
import { rateLimitHeaders } from '../rate-limits.js';
import { webhookRoutes } from '../webhooks/routes.js';
import { scimRoutes } from '../scim/index.js';
import { slackIntegrationRoutes } from '../slack/routes.js';
import { browseRoutes } from './browse.js';
import { attachmentsRoutes } from './attachments.js';
import { commentsRoutes } from './comments.js';
import { componentsVersionsRoutes } from './components-versions.js';
import { groupsRoutes } from './groups.js';
import { issuesRoutes } from './issues.js';
import { linksRoutes } from './links.js';
import { projectAdminRoutes } from './project-admin.js';
import { userLookupRoutes } from './user-lookup.js';
import { watchersVotesRoutes } from './watchers-votes.js';
import { worklogsRoutes } from './worklogs.js';
import { metadataRoutes } from './metadata.js';
import { modelRoutes } from './model.js';
import { searchRoutes } from './search.js';
import { projectsRoutes } from './projects.js';
import { usersRoutes } from './users.js';

export function jiraRoutes(app: FastifyInstance, ctx: TwinContext<JiraData>): void {
  // Twin control routes (/_dtu/jira/…) take no vendor credentials.
  const auth = basicAuth(ctx);
  // SCIM (its directory API key) and browser pages (/browse) authenticate on their own: jiraOwnAuth.
  app.addHook('onRequest', async (request) => { if (!request.routeOptions.config?.dtuControl && !request.routeOptions.config?.jiraOwnAuth) await auth(request); });
  rateLimitHeaders(app);
  // A body that is not JSON is Jira's 400 with an errorMessages entry; an empty body is no body.
  acceptJsonBodies(app, () => jiraError(400, 'Unexpected character in the request body: it is not valid JSON.'));
  usersRoutes(app, ctx);
  projectsRoutes(app, ctx);
  metadataRoutes(app, ctx);
  issuesRoutes(app, ctx);
  groupsRoutes(app, ctx);
  userLookupRoutes(app, ctx);
  projectAdminRoutes(app, ctx);
  componentsVersionsRoutes(app, ctx);
  commentsRoutes(app, ctx);
  worklogsRoutes(app, ctx);
  linksRoutes(app, ctx);
  attachmentsRoutes(app, ctx);
  watchersVotesRoutes(app, ctx);
  agileRoutes(app, ctx);
  webhookRoutes(app, ctx);
  searchRoutes(app, ctx);
  modelRoutes(app, ctx);
  scimRoutes(app, ctx);
  browseRoutes(app, ctx);
  slackIntegrationRoutes(app, ctx);
}
