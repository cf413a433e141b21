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
const validator = (pointer: string) => new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(standaloneSchema(doc(), pointer));
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
