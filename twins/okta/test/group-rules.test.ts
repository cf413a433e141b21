// Group rules through @okta/okta-sdk-nodejs: created INACTIVE, activation assigns matching users, later
// creates and updates are assigned too, updates only while INACTIVE, delete (removeUsers); the expression language.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { ExpressionError, parseRuleExpression } from '../group-rules.js';
import type { OktaUser } from '../store.js';
import { collect, oktaUniverse, raw, sdk } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await oktaUniverse({ seed: 23, users: 15 }); });
afterAll(() => universe.close());
beforeEach(() => universe.reset());

const user = (profile: Record<string, unknown>, status: OktaUser['status'] = 'ACTIVE') => ({ status, profile }) as unknown as OktaUser;

describe('rule expressions (urn:okta:expression:1.0)', () => {
  it('compares attributes with ==, !=, &&, ||, !, parentheses and String functions', () => {
    const eng = user({ department: 'Engineering', title: 'Staff Engineer' });
    const sales = user({ department: 'Sales', title: 'Account Executive' });
    const test = (source: string) => [eng, sales].map(parseRuleExpression(source));
    expect(test('user.department == "Engineering"')).toEqual([true, false]);
    expect(test("user.department != 'Engineering'")).toEqual([false, true]);
    expect(test('user.department == "Sales" || user.title == "Staff Engineer"')).toEqual([true, true]);
    expect(test('user.department == "Sales" AND user.title == "Staff Engineer"')).toEqual([false, false]);
    expect(test('!(user.department == "Sales") && String.stringContains(user.title, "Engineer")')).toEqual([true, false]);
    expect(test('String.startsWith(user.title, "Account")')).toEqual([false, true]);
    expect(test('user.missing == "x"')).toEqual([false, false]);
  });

  it('refuses malformed expressions', () => {
    for (const bad of ['', 'user.department ==', 'department == "x"', 'user.department == "x" &&', '(user.a == "b"', 'user.a === "b"', 'String.nope(user.a, "b")', 'user.a == "unterminated']) {
      expect(() => parseRuleExpression(bad), bad).toThrow(ExpressionError);
    }
  });
});

describe('group rule operations', () => {
  it('creates INACTIVE, assigns every matching user on activation and each matching user created or updated later', async () => {
    const client = sdk(universe);
    const department = universe.org.people[0].department;
    const group = await client.groupApi.createGroup({ group: { profile: { name: 'Rule Target' } } });
    const rule = await client.groupApi.createGroupRule({
      groupRule: {
        type: 'group_rule', name: 'Department rule',
        conditions: { expression: { type: 'urn:okta:expression:1.0', value: `user.department == "${department}"` } },
        actions: { assignUserToGroups: { groupIds: [group.id!] } },
      },
    });
    expect(rule).toMatchObject({ status: 'INACTIVE', type: 'group_rule', id: expect.stringMatching(/^0pr/) });
    expect(await collect(await client.groupApi.listGroupUsers({ groupId: group.id! }))).toEqual([]);
    await client.groupApi.activateGroupRule({ ruleId: rule.id! });
    const expected = universe.org.people.filter((p) => p.department === department && p.status !== 'deactivated').map((p) => p.email).sort();
    const members = async () => (await collect(await client.groupApi.listGroupUsers({ groupId: group.id! }))).map((u) => u.profile!.login).sort();
    expect(await members()).toEqual(expected);
    // A new user of the department, and an existing one moved into it, join as well.
    await client.userApi.createUser({ body: { profile: { login: 'new.hire@example.com', email: 'new.hire@example.com', firstName: 'New', lastName: 'Hire', department } as any } });
    const mover = universe.org.people.find((p) => p.department !== department && p.status === 'active')!;
    await client.userApi.updateUser({ userId: mover.email, user: { profile: { department } as any } });
    expect(await members()).toEqual([...expected, 'new.hire@example.com', mover.email].sort());
    const events = (await raw(universe, `/api/v1/logs?until=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&limit=1000&filter=${encodeURIComponent(`eventType eq "group.user_membership.add" and target.id eq "${group.id}"`)}`)).body;
    expect(events).toHaveLength(expected.length + 2);
    expect((await collect(await client.groupApi.listGroupRules())).map((r) => r.status)).toEqual(['ACTIVE']);
    // Moving out of the department takes the user out of the rule's group; a member added by hand stays.
    const elsewhere = universe.org.people.find((p) => p.department !== department)!.department;
    await client.userApi.updateUser({ userId: mover.email, user: { profile: { department: elsewhere } as any } });
    const manual = universe.org.people.find((p) => p.department !== department && p.email !== mover.email && p.status === 'active')!;
    await client.groupApi.assignUserToGroup({ groupId: group.id!, userId: (await client.userApi.getUser({ userId: manual.email })).id! });
    await client.userApi.updateUser({ userId: manual.email, user: { profile: { nickName: 'Still here' } } });
    expect(await members()).toEqual([...expected, 'new.hire@example.com', manual.email].sort());
  });

  it('updates only while INACTIVE, never the actions; deletes only while INACTIVE, removeUsers takes the members out', async () => {
    const client = sdk(universe);
    const title = universe.org.people[2].title;
    const group = await client.groupApi.createGroup({ group: { profile: { name: 'Title Group' } } });
    const body = {
      type: 'group_rule' as const, name: 'Title rule',
      conditions: { expression: { type: 'urn:okta:expression:1.0', value: `user.title == "${title}"` } },
      actions: { assignUserToGroups: { groupIds: [group.id!] } },
    };
    const rule = await client.groupApi.createGroupRule({ groupRule: body });
    const renamed = await client.groupApi.replaceGroupRule({ ruleId: rule.id!, groupRule: { ...body, name: 'Renamed rule' } });
    expect(renamed.name).toBe('Renamed rule');
    const other = await client.groupApi.createGroup({ group: { profile: { name: 'Other' } } });
    await expect(client.groupApi.replaceGroupRule({ ruleId: rule.id!, groupRule: { ...body, actions: { assignUserToGroups: { groupIds: [other.id!] } } } })).rejects.toMatchObject({ status: 400, errorCode: 'E0000001' });
    await client.groupApi.activateGroupRule({ ruleId: rule.id! });
    await expect(client.groupApi.replaceGroupRule({ ruleId: rule.id!, groupRule: body })).rejects.toMatchObject({ status: 400, errorCode: 'E0000001' });
    await expect(client.groupApi.deleteGroupRule({ ruleId: rule.id! })).rejects.toMatchObject({ status: 400 });
    expect((await collect(await client.groupApi.listGroupUsers({ groupId: group.id! }))).length).toBeGreaterThan(0);
    await client.groupApi.deactivateGroupRule({ ruleId: rule.id! });
    await client.groupApi.deleteGroupRule({ ruleId: rule.id!, removeUsers: true });
    expect(await collect(await client.groupApi.listGroupUsers({ groupId: group.id! }))).toEqual([]);
    await expect(client.groupApi.getGroupRule({ ruleId: rule.id! })).rejects.toMatchObject({ status: 404, errorCode: 'E0000007' });
  });

  it('refuses bad rules with E0000001 causes and stores nothing', async () => {
    const everyone = (await raw(universe, '/api/v1/groups?q=Everyone')).body[0];
    const cases = [
      {},
      { name: 'x', conditions: { expression: { value: 'user.department = "x"' } }, actions: { assignUserToGroups: { groupIds: ['00gnope'] } } },
      { name: 'x', conditions: { expression: { value: 'user.department == "x"', type: 'urn:other' } }, actions: { assignUserToGroups: { groupIds: [] } } },
      { name: 'x', conditions: { expression: { value: 'user.department == "x"' } }, actions: { assignUserToGroups: { groupIds: [everyone.id] } } },
    ];
    for (const body of cases) {
      const res = await raw(universe, '/api/v1/groups/rules', { method: 'POST', body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errorCode).toBe('E0000001');
      expect(res.body.errorCauses.length).toBeGreaterThan(0);
    }
    expect((await raw(universe, '/api/v1/groups/rules')).body).toEqual([]);
  });
});
