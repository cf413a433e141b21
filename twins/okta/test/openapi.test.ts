// Responses against Okta's published management API description (skipped without ../shared/api-docs):
// users, groups, lifecycle answers and System Log events fit their schemas, and every route's operation name is the
// operationId of the same method and path in the description.
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { hasVendorDocs, standaloneSchema, vendorDoc } from '../../../test/helpers/vendor-docs.js';
import { oktaUniverse, raw } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await oktaUniverse({ seed: 9, users: 10 }); });
afterAll(() => universe.close());

const doc = () => vendorDoc('okta/management-minimal.yaml');
// validateSchema off: Okta's description has schemas Ajv rejects (e.g. duplicate enum items in SAML settings).
const validator = (pointer: string) => new Ajv({ strict: false, allErrors: true, validateFormats: false, validateSchema: false }).compile(standaloneSchema(doc(), pointer));
const ok = (validate: ReturnType<typeof validator>, value: unknown) => expect(validate(value), JSON.stringify(validate.errors)).toBe(true);

describe.skipIf(!hasVendorDocs)('Okta management API description', () => {
  it('users and created users are User objects; groups are Group objects', async () => {
    const user = validator('#/components/schemas/User');
    for (const u of (await raw(universe, '/api/v1/users?search=id%20pr')).body) ok(user, u);
    const created = await raw(universe, '/api/v1/users?activate=false', { method: 'POST', body: { profile: { login: 'oa@example.com', email: 'oa@example.com', firstName: 'O', lastName: 'A' } } });
    ok(user, created.body);
    const group = validator('#/components/schemas/Group');
    for (const g of (await raw(universe, '/api/v1/groups')).body) ok(group, g);
    const token = await raw(universe, `/api/v1/users/${created.body.id}/lifecycle/activate?sendEmail=false`, { method: 'POST' });
    ok(validator('#/components/schemas/UserActivationToken'), token.body);
    const logs = await raw(universe, `/api/v1/logs?until=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(logs.body.length).toBeGreaterThan(0);
    const logEvent = validator('#/components/schemas/LogEvent');
    for (const e of logs.body) ok(logEvent, e);
  });

  it('apps, app users, app groups, app links, group rules and event hooks fit their schemas', async () => {
    const apps = (await raw(universe, '/api/v1/apps')).body as { signOnMode: string; id: string }[];
    const bySignOn: Record<string, string> = { OPENID_CONNECT: 'OpenIdConnectApplication', SAML_2_0: 'SamlApplication', BOOKMARK: 'BookmarkApplication' };
    const bookmark = await raw(universe, '/api/v1/apps', { method: 'POST', body: { name: 'bookmark', label: 'Docs', signOnMode: 'BOOKMARK', settings: { app: { url: 'https://docs.example.com' } } } });
    expect(bookmark.status).toBe(200);
    for (const app of [...apps, bookmark.body]) ok(validator(`#/components/schemas/${bySignOn[app.signOnMode]}`), app);
    const slack = apps.find((a) => a.signOnMode === 'SAML_2_0')!;
    const appUser = validator('#/components/schemas/AppUser');
    const users = (await raw(universe, `/api/v1/apps/${slack.id}/users?limit=3`)).body;
    expect(users.length).toBeGreaterThan(0);
    for (const u of users) ok(appUser, u);
    ok(appUser, (await raw(universe, `/api/v1/apps/${bookmark.body.id}/users`, { method: 'POST', body: { id: users[0].id, profile: {} } })).body);
    const assignment = validator('#/components/schemas/ApplicationGroupAssignment');
    for (const g of (await raw(universe, `/api/v1/apps/${slack.id}/groups`)).body) ok(assignment, g);
    const link = validator('#/components/schemas/AssignedAppLink');
    for (const l of (await raw(universe, `/api/v1/users/${users[0].id}/appLinks`)).body) ok(link, l);
    const group = (await raw(universe, '/api/v1/groups', { method: 'POST', body: { profile: { name: 'Schema Rule Target' } } })).body;
    const rule = await raw(universe, '/api/v1/groups/rules', { method: 'POST', body: { type: 'group_rule', name: 'Schema rule', conditions: { expression: { type: 'urn:okta:expression:1.0', value: 'user.department == "Engineering"' } }, actions: { assignUserToGroups: { groupIds: [group.id] } } } });
    ok(validator('#/components/schemas/GroupRule'), rule.body);
    const hook = await raw(universe, '/api/v1/eventHooks', { method: 'POST', body: { name: 'Schema hook', events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'] }, channel: { type: 'HTTP', version: '1.0.0', config: { uri: 'https://hooks.example.com/okta', headers: [], authScheme: { type: 'HEADER', key: 'Authorization', value: 's' } } } } });
    ok(validator('#/components/schemas/EventHook'), hook.body);
  });

  it('every route names the operationId the description gives its method and path', async () => {
    const spec = doc().paths as Record<string, Record<string, { operationId?: string }>>;
    const table: [string, string, string][] = [
      ['get', '/api/v1/users', 'listUsers'], ['post', '/api/v1/users', 'createUser'], ['get', '/api/v1/users/{id}', 'getUser'],
      ['post', '/api/v1/users/{id}', 'updateUser'], ['put', '/api/v1/users/{id}', 'replaceUser'], ['delete', '/api/v1/users/{id}', 'deleteUser'],
      ['get', '/api/v1/users/{id}/groups', 'listUserGroups'],
      ...['activate', 'reactivate', 'deactivate', 'suspend', 'unsuspend', 'unlock'].map((op): [string, string, string] => ['post', `/api/v1/users/{id}/lifecycle/${op}`, `${op}User`]),
      ['post', '/api/v1/users/{id}/lifecycle/reset_password', 'resetPassword'], ['post', '/api/v1/users/{id}/lifecycle/expire_password', 'expirePassword'],
      ['get', '/api/v1/groups', 'listGroups'], ['post', '/api/v1/groups', 'addGroup'], ['get', '/api/v1/groups/{groupId}', 'getGroup'],
      ['put', '/api/v1/groups/{groupId}', 'replaceGroup'], ['delete', '/api/v1/groups/{groupId}', 'deleteGroup'],
      ['get', '/api/v1/groups/{groupId}/users', 'listGroupUsers'], ['put', '/api/v1/groups/{groupId}/users/{userId}', 'assignUserToGroup'],
      ['delete', '/api/v1/groups/{groupId}/users/{userId}', 'unassignUserFromGroup'],
      ['get', '/api/v1/logs', 'listLogEvents'],
      ['get', '/api/v1/users/{id}/appLinks', 'listAppLinks'], ['get', '/api/v1/groups/{groupId}/apps', 'listAssignedApplicationsForGroup'],
      ['get', '/api/v1/apps', 'listApplications'], ['post', '/api/v1/apps', 'createApplication'], ['get', '/api/v1/apps/{appId}', 'getApplication'],
      ['put', '/api/v1/apps/{appId}', 'replaceApplication'], ['delete', '/api/v1/apps/{appId}', 'deleteApplication'],
      ['post', '/api/v1/apps/{appId}/lifecycle/activate', 'activateApplication'], ['post', '/api/v1/apps/{appId}/lifecycle/deactivate', 'deactivateApplication'],
      ['get', '/api/v1/apps/{appId}/users', 'listApplicationUsers'], ['post', '/api/v1/apps/{appId}/users', 'assignUserToApplication'],
      ['get', '/api/v1/apps/{appId}/users/{userId}', 'getApplicationUser'], ['post', '/api/v1/apps/{appId}/users/{userId}', 'updateApplicationUser'],
      ['delete', '/api/v1/apps/{appId}/users/{userId}', 'unassignUserFromApplication'],
      ['get', '/api/v1/apps/{appId}/groups', 'listApplicationGroupAssignments'], ['get', '/api/v1/apps/{appId}/groups/{groupId}', 'getApplicationGroupAssignment'],
      ['put', '/api/v1/apps/{appId}/groups/{groupId}', 'assignGroupToApplication'], ['delete', '/api/v1/apps/{appId}/groups/{groupId}', 'unassignApplicationFromGroup'],
      ['get', '/api/v1/groups/rules', 'listGroupRules'], ['post', '/api/v1/groups/rules', 'createGroupRule'], ['get', '/api/v1/groups/rules/{groupRuleId}', 'getGroupRule'],
      ['put', '/api/v1/groups/rules/{groupRuleId}', 'replaceGroupRule'], ['delete', '/api/v1/groups/rules/{groupRuleId}', 'deleteGroupRule'],
      ['post', '/api/v1/groups/rules/{groupRuleId}/lifecycle/activate', 'activateGroupRule'], ['post', '/api/v1/groups/rules/{groupRuleId}/lifecycle/deactivate', 'deactivateGroupRule'],
      ['get', '/api/v1/eventHooks', 'listEventHooks'], ['post', '/api/v1/eventHooks', 'createEventHook'], ['get', '/api/v1/eventHooks/{eventHookId}', 'getEventHook'],
      ['put', '/api/v1/eventHooks/{eventHookId}', 'replaceEventHook'], ['delete', '/api/v1/eventHooks/{eventHookId}', 'deleteEventHook'],
      ['post', '/api/v1/eventHooks/{eventHookId}/lifecycle/activate', 'activateEventHook'], ['post', '/api/v1/eventHooks/{eventHookId}/lifecycle/deactivate', 'deactivateEventHook'],
      ['post', '/api/v1/eventHooks/{eventHookId}/lifecycle/verify', 'verifyEventHook'],
    ];
    for (const [method, path, operation] of table) {
      expect(spec[path]?.[method]?.operationId, `${method} ${path}`).toBe(operation);
      // The twin journals the same name for that method and path (read-only token: nothing changes).
      await raw(universe, path.replace(/\{\w+\}/g, 'x'), { method: method.toUpperCase(), token: universe.credentials.okta.readOnlyApiToken });
      const { events } = await universe.events({ twin: 'okta' });
      expect(events.at(-1)?.operation, `${method} ${path}`).toBe(operation);
    }
  });
});
