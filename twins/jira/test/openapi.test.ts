// Responses against Jira's published platform description (skipped without ../shared/api-docs): server
// info, users, projects, issues, transitions and comments fit their schemas, and every route's operation
// name is the operationId the description gives the same method and path.
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { hasVendorDocs, standaloneSchema, vendorDoc } from '../../../test/helpers/vendor-docs.js';
import { jiraUniverse, raw } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await jiraUniverse({ seed: 9, users: 12 }); });
afterAll(() => universe.close());

const doc = () => vendorDoc('jira/jira-platform-swagger-v3.v3.json');
const validator = (name: string) => new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(standaloneSchema(doc(), `#/components/schemas/${name}`));
const ok = (name: string, value: unknown) => {
  const validate = validator(name);
  expect(validate(value), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
};

describe.skipIf(!hasVendorDocs)('Jira platform API description', () => {
  it('responses fit their schemas', async () => {
    ok('ServerInformation', (await raw(universe, '/rest/api/3/serverInfo')).body);
    const me = (await raw(universe, '/rest/api/3/myself')).body;
    ok('User', me);
    for (const u of (await raw(universe, '/rest/api/3/user/search?query=a')).body) ok('User', u);
    ok('PageBeanProject', (await raw(universe, '/rest/api/3/project/search')).body);
    ok('Project', (await raw(universe, '/rest/api/3/project/CORP')).body);
    const created = (await raw(universe, '/rest/api/3/issue', { method: 'POST', body: { fields: { project: { key: 'CORP' }, issuetype: { name: 'Task' }, summary: 'schema', assignee: { accountId: me.accountId } } } })).body;
    ok('CreatedIssue', created);
    ok('IssueBean', (await raw(universe, '/rest/api/3/issue/CORP-1')).body);
    ok('Transitions', (await raw(universe, `/rest/api/3/issue/${created.key}/transitions`)).body);
    ok('Comment', (await raw(universe, `/rest/api/3/issue/${created.key}/comment`, { method: 'POST', body: { body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'hi' }] }] } } })).body);
    ok('PageOfComments', (await raw(universe, `/rest/api/3/issue/${created.key}/comment`)).body);
    for (const t of (await raw(universe, '/rest/api/3/issuetype')).body) ok('IssueTypeDetails', t);
    for (const pr of (await raw(universe, '/rest/api/3/priority')).body) ok('Priority', pr);
    for (const st of (await raw(universe, '/rest/api/3/status')).body) ok('StatusDetails', st);
    ok('ErrorCollection', (await raw(universe, '/rest/api/3/issue/NOPE-1')).body);
  });

  it('every route names the operationId the description gives its method and path', async () => {
    const spec = doc().paths as Record<string, Record<string, { operationId?: string }>>;
    const table: [string, string, string][] = [
      ['get', '/rest/api/3/serverInfo', 'getServerInfo'], ['get', '/rest/api/3/myself', 'getCurrentUser'], ['get', '/rest/api/3/user', 'getUser'],
      ['get', '/rest/api/3/user/search', 'findUsers'], ['get', '/rest/api/3/project/search', 'searchProjects'], ['get', '/rest/api/3/project/{projectIdOrKey}', 'getProject'],
      ['post', '/rest/api/3/issue', 'createIssue'], ['get', '/rest/api/3/issue/{issueIdOrKey}', 'getIssue'], ['put', '/rest/api/3/issue/{issueIdOrKey}', 'editIssue'],
      ['delete', '/rest/api/3/issue/{issueIdOrKey}', 'deleteIssue'], ['get', '/rest/api/3/issue/{issueIdOrKey}/transitions', 'getTransitions'],
      ['post', '/rest/api/3/issue/{issueIdOrKey}/transitions', 'doTransition'], ['get', '/rest/api/3/issue/{issueIdOrKey}/comment', 'getComments'],
      ['post', '/rest/api/3/issue/{issueIdOrKey}/comment', 'addComment'], ['put', '/rest/api/3/issue/{issueIdOrKey}/assignee', 'assignIssue'],
      ['get', '/rest/api/3/issuetype', 'getIssueAllTypes'], ['get', '/rest/api/3/priority', 'getPriorities'], ['get', '/rest/api/3/status', 'getStatuses'],
    ];
    for (const [method, path, operation] of table) {
      expect(spec[path]?.[method]?.operationId, `${method} ${path}`).toBe(operation);
      // The twin journals the same name (an unknown issue or project: nothing changes).
      await raw(universe, path.replace(/\{\w+\}/g, 'NOPE-1'), { method: method.toUpperCase(), ...(method !== 'get' && { body: {} }) });
      const { events } = await universe.events({ twin: 'jira' });
      expect(events.at(-1)?.operation, `${method} ${path}`).toBe(operation);
    }
  });
});
