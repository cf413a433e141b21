// The site families' responses against Jira's published descriptions (skipped without ../shared/api-docs):
// users, groups, components, versions, statuses, bulk create, watchers, votes, comments, worklogs, links,
// attachments, webhooks (platform API) and board issues (Jira Software's SearchResults); every route's
// operation name is the description's operationId for its method and path.
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { hasVendorDocs, standaloneSchema, vendorDoc } from '../../../test/helpers/vendor-docs.js';
import { adf, jiraUniverse, raw } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await jiraUniverse({ seed: 31, users: 12 }); });
afterAll(() => universe.close());

const platform = () => vendorDoc('jira/jira-platform-swagger-v3.v3.json');
const software = () => vendorDoc('jira/jira-software-swagger.v3.json');
const validators = new Map<string, ReturnType<Ajv['compile']>>();
function ok(doc: Record<string, unknown>, name: string, value: unknown) {
  const key = `${doc === software() ? 'software' : 'platform'}:${name}`;
  if (!validators.has(key)) validators.set(key, new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(standaloneSchema(doc, `#/components/schemas/${name}`)));
  const validate = validators.get(key)!;
  expect(validate(value), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
}

describe.skipIf(!hasVendorDocs)('Jira descriptions: site families', () => {
  it('responses fit their schemas', async () => {
    const doc = platform();
    const me = (await raw(universe, '/rest/api/3/myself')).body;
    ok(doc, 'PageBeanUser', (await raw(universe, `/rest/api/3/user/bulk?accountId=${me.accountId}`)).body);
    for (const u of (await raw(universe, '/rest/api/3/user/assignable/search?project=CORP')).body) ok(doc, 'User', u);
    ok(doc, 'FoundGroups', (await raw(universe, '/rest/api/3/groups/picker?query=a')).body);
    ok(doc, 'PageBeanUserDetails', (await raw(universe, '/rest/api/3/group/member?groupname=jira-software-users')).body);
    ok(doc, 'Group', (await raw(universe, '/rest/api/3/group?groupname=jira-software-users')).body);
    ok(doc, 'PageBeanGroupDetails', (await raw(universe, '/rest/api/3/group/bulk')).body);
    for (const c of (await raw(universe, '/rest/api/3/project/CORP/components')).body) ok(doc, 'ProjectComponent', c);
    for (const x of (await raw(universe, '/rest/api/3/project/CORP/versions')).body) ok(doc, 'Version', x);
    ok(doc, 'PageBeanVersion', (await raw(universe, '/rest/api/3/project/CORP/version')).body);
    for (const t of (await raw(universe, '/rest/api/3/project/CORP/statuses')).body) ok(doc, 'IssueTypeWithStatus', t);
    ok(doc, 'ProjectIdentifiers', (await raw(universe, '/rest/api/3/project', { method: 'POST', body: { key: 'SCHEMA', name: 'Schema', leadAccountId: me.accountId } })).body);
    ok(doc, 'CreatedIssues', (await raw(universe, '/rest/api/3/issue/bulk', { method: 'POST', body: { issueUpdates: [{ fields: { project: { key: 'CORP' }, issuetype: { name: 'Task' }, summary: 'bulk' } }, { fields: {} }] } })).body);
    ok(doc, 'Watchers', (await raw(universe, '/rest/api/3/issue/CORP-3/watchers')).body);
    ok(doc, 'Votes', (await raw(universe, '/rest/api/3/issue/CORP-3/votes')).body);
    const comment = (await raw(universe, '/rest/api/3/issue/CORP-3/comment', { method: 'POST', body: { body: adf('c'), visibility: { type: 'role', value: 'Administrators' } } })).body;
    ok(doc, 'Comment', comment);
    ok(doc, 'PageBeanComment', (await raw(universe, '/rest/api/3/comment/list', { method: 'POST', body: { ids: [Number(comment.id)] } })).body);
    ok(doc, 'Worklog', (await raw(universe, '/rest/api/3/issue/CORP-3/worklog', { method: 'POST', body: { timeSpent: '2h', comment: adf('w') } })).body);
    ok(doc, 'PageOfWorklogs', (await raw(universe, '/rest/api/3/issue/CORP-3/worklog')).body);
    const linkId = (await raw(universe, '/rest/api/3/issue/CORP-3?fields=issuelinks')).body.fields.issuelinks[0].id;
    ok(doc, 'IssueLink', (await raw(universe, `/rest/api/3/issueLink/${linkId}`)).body);
    ok(doc, 'IssueLinkTypes', (await raw(universe, '/rest/api/3/issueLinkType')).body);
    ok(doc, 'AttachmentSettings', (await raw(universe, '/rest/api/3/attachment/meta')).body);
    ok(doc, 'ErrorCollection', (await raw(universe, '/rest/api/3/component/1')).body);
    const sw = software();
    const board = (await raw(universe, '/rest/agile/1.0/board?projectKeyOrId=CORP')).body.values[0];
    ok(sw, 'SearchResults', (await raw(universe, `/rest/agile/1.0/board/${board.id}/issue`)).body);
  });

  it('every route names the operationId the descriptions give its method and path', async () => {
    const table: [string, string, string, 'platform' | 'software'][] = [
      ['get', '/rest/api/3/user/bulk', 'bulkGetUsers', 'platform'], ['get', '/rest/api/3/user/assignable/search', 'findAssignableUsers', 'platform'],
      ['get', '/rest/api/3/group', 'getGroup', 'platform'], ['post', '/rest/api/3/group', 'createGroup', 'platform'], ['delete', '/rest/api/3/group', 'removeGroup', 'platform'],
      ['get', '/rest/api/3/group/member', 'getUsersFromGroup', 'platform'], ['get', '/rest/api/3/groups/picker', 'findGroups', 'platform'],
      ['post', '/rest/api/3/group/user', 'addUserToGroup', 'platform'], ['delete', '/rest/api/3/group/user', 'removeUserFromGroup', 'platform'],
      ['get', '/rest/api/3/group/bulk', 'bulkGetGroups', 'platform'], ['get', '/rest/api/3/user/groups', 'getUserGroups', 'platform'],
      ['post', '/rest/api/3/project', 'createProject', 'platform'], ['get', '/rest/api/3/project/{projectIdOrKey}/statuses', 'getAllStatuses', 'platform'],
      ['get', '/rest/api/3/project/{projectIdOrKey}/components', 'getProjectComponents', 'platform'], ['post', '/rest/api/3/component', 'createComponent', 'platform'],
      ['get', '/rest/api/3/component/{id}', 'getComponent', 'platform'], ['put', '/rest/api/3/component/{id}', 'updateComponent', 'platform'], ['delete', '/rest/api/3/component/{id}', 'deleteComponent', 'platform'],
      ['get', '/rest/api/3/project/{projectIdOrKey}/versions', 'getProjectVersions', 'platform'], ['get', '/rest/api/3/project/{projectIdOrKey}/version', 'getProjectVersionsPaginated', 'platform'],
      ['post', '/rest/api/3/version', 'createVersion', 'platform'], ['get', '/rest/api/3/version/{id}', 'getVersion', 'platform'], ['put', '/rest/api/3/version/{id}', 'updateVersion', 'platform'],
      ['delete', '/rest/api/3/version/{id}', 'deleteVersion', 'platform'], ['post', '/rest/api/3/version/{id}/removeAndSwap', 'deleteAndReplaceVersion', 'platform'],
      ['post', '/rest/api/3/issue/bulk', 'createIssues', 'platform'], ['get', '/rest/api/3/issue/{issueIdOrKey}/watchers', 'getIssueWatchers', 'platform'],
      ['post', '/rest/api/3/issue/{issueIdOrKey}/watchers', 'addWatcher', 'platform'], ['delete', '/rest/api/3/issue/{issueIdOrKey}/watchers', 'removeWatcher', 'platform'],
      ['get', '/rest/api/3/issue/{issueIdOrKey}/votes', 'getVotes', 'platform'], ['post', '/rest/api/3/issue/{issueIdOrKey}/votes', 'addVote', 'platform'], ['delete', '/rest/api/3/issue/{issueIdOrKey}/votes', 'removeVote', 'platform'],
      ['get', '/rest/api/3/issue/{issueIdOrKey}/comment/{id}', 'getComment', 'platform'], ['put', '/rest/api/3/issue/{issueIdOrKey}/comment/{id}', 'updateComment', 'platform'],
      ['delete', '/rest/api/3/issue/{issueIdOrKey}/comment/{id}', 'deleteComment', 'platform'], ['post', '/rest/api/3/comment/list', 'getCommentsByIds', 'platform'],
      ['get', '/rest/api/3/issue/{issueIdOrKey}/worklog', 'getIssueWorklog', 'platform'], ['post', '/rest/api/3/issue/{issueIdOrKey}/worklog', 'addWorklog', 'platform'],
      ['get', '/rest/api/3/issue/{issueIdOrKey}/worklog/{id}', 'getWorklog', 'platform'], ['put', '/rest/api/3/issue/{issueIdOrKey}/worklog/{id}', 'updateWorklog', 'platform'],
      ['delete', '/rest/api/3/issue/{issueIdOrKey}/worklog/{id}', 'deleteWorklog', 'platform'], ['post', '/rest/api/3/issueLink', 'linkIssues', 'platform'],
      ['get', '/rest/api/3/issueLink/{linkId}', 'getIssueLink', 'platform'], ['delete', '/rest/api/3/issueLink/{linkId}', 'deleteIssueLink', 'platform'],
      ['get', '/rest/api/3/issueLinkType', 'getIssueLinkTypes', 'platform'], ['get', '/rest/api/3/issueLinkType/{issueLinkTypeId}', 'getIssueLinkType', 'platform'],
      ['post', '/rest/api/3/issue/{issueIdOrKey}/attachments', 'addAttachment', 'platform'], ['get', '/rest/api/3/attachment/{id}', 'getAttachment', 'platform'],
      ['delete', '/rest/api/3/attachment/{id}', 'removeAttachment', 'platform'], ['get', '/rest/api/3/attachment/content/{id}', 'getAttachmentContent', 'platform'],
      ['get', '/rest/api/3/attachment/meta', 'getAttachmentMeta', 'platform'], ['post', '/rest/api/3/webhook', 'registerDynamicWebhooks', 'platform'],
      ['get', '/rest/api/3/webhook', 'getDynamicWebhooksForApp', 'platform'], ['delete', '/rest/api/3/webhook', 'deleteWebhookById', 'platform'], ['put', '/rest/api/3/webhook/refresh', 'refreshWebhooks', 'platform'],
      ['get', '/rest/agile/1.0/board', 'getAllBoards', 'software'], ['get', '/rest/agile/1.0/board/{boardId}', 'getBoard', 'software'],
      ['get', '/rest/agile/1.0/board/{boardId}/configuration', 'getConfiguration', 'software'], ['get', '/rest/agile/1.0/board/{boardId}/issue', 'getIssuesForBoard', 'software'],
      ['get', '/rest/agile/1.0/board/{boardId}/backlog', 'getIssuesForBacklog', 'software'], ['get', '/rest/agile/1.0/board/{boardId}/sprint', 'getAllSprints', 'software'],
      ['get', '/rest/agile/1.0/board/{boardId}/epic', 'getEpics', 'software'], ['post', '/rest/agile/1.0/backlog/issue', 'moveIssuesToBacklog', 'software'],
      ['post', '/rest/agile/1.0/sprint', 'createSprint', 'software'], ['get', '/rest/agile/1.0/sprint/{sprintId}', 'getSprint', 'software'],
      ['put', '/rest/agile/1.0/sprint/{sprintId}', 'updateSprint', 'software'], ['post', '/rest/agile/1.0/sprint/{sprintId}', 'partiallyUpdateSprint', 'software'],
      ['delete', '/rest/agile/1.0/sprint/{sprintId}', 'deleteSprint', 'software'], ['get', '/rest/agile/1.0/sprint/{sprintId}/issue', 'getIssuesForSprint', 'software'],
      ['post', '/rest/agile/1.0/sprint/{sprintId}/issue', 'moveIssuesToSprintAndRank', 'software'], ['get', '/rest/agile/1.0/epic/{epicIdOrKey}', 'getEpic', 'software'],
      ['get', '/rest/agile/1.0/epic/{epicIdOrKey}/issue', 'getIssuesForEpic', 'software'], ['post', '/rest/agile/1.0/epic/{epicIdOrKey}/issue', 'moveIssuesToEpic', 'software'],
      ['get', '/rest/agile/1.0/epic/none/issue', 'getIssuesWithoutEpic', 'software'], ['post', '/rest/agile/1.0/epic/none/issue', 'removeIssuesFromEpic', 'software'],
      ['put', '/rest/agile/1.0/issue/rank', 'rankIssues', 'software'], ['get', '/rest/agile/1.0/issue/{issueIdOrKey}', 'getIssue', 'software'],
      ['get', '/rest/agile/1.0/board/{boardId}/sprint/{sprintId}/issue', 'getBoardIssuesForSprint', 'software'],
      ['get', '/rest/agile/1.0/board/{boardId}/epic/{epicId}/issue', 'getBoardIssuesForEpic', 'software'],
      ['get', '/rest/agile/1.0/board/{boardId}/epic/none/issue', 'getIssuesWithoutEpicForBoard', 'software'],
    ];
    const docs = { platform: platform().paths, software: software().paths } as Record<string, Record<string, Record<string, { operationId?: string }>>>;
    let since = (await universe.events({ twin: 'jira', limit: 1000 })).next;
    for (const [method, path, operation, which] of table) {
      expect(docs[which][path]?.[method]?.operationId, `${method} ${path}`).toBe(operation);
      // The twin journals the same name (ids that match nothing: nothing changes).
      const url = path.replace(/\{\w+\}/g, '999999');
      await raw(universe, url, { method: method.toUpperCase(), ...(method !== 'get' && method !== 'delete' && { body: {} }) });
      // Read on from the last position; the entry lands when the response is finished.
      let events: { operation: string | null }[] = [];
      for (let n = 0; n < 50 && !events.length; n++) {
        const page = await universe.events({ twin: 'jira', since });
        events = page.events;
        if (!events.length) await new Promise((resolve) => setTimeout(resolve, 10));
        else since = page.next;
      }
      expect(events.at(-1)?.operation, `${method} ${path}`).toBe(operation);
    }
  });
});
