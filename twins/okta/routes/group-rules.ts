// Group rules: list (limit, after, search by name), create (always INACTIVE), get, replace (only while
// INACTIVE; `actions` cannot change), activate (assigns every matching user now), deactivate, delete
// (only while INACTIVE; `removeUsers=true` also takes out of its groups the users the rule put there).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { deriveString } from '../../../shared/seeding/deterministic.js';
import { oktaError, oktaFail } from '../errors.js';
import { applyRule, EXPRESSION_TYPE, ExpressionError, parseRuleExpression, removeRuleMembers, type GroupRule } from '../group-rules.js';
import { audit } from '../logs.js';
import { pageLimit, pageOf, setPageLinks } from '../pagination.js';
import { groupById, type LogTarget, type OktaData } from '../store.js';
import { bodyObject, queryFlag, stringParam } from './params.js';

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const stringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const ruleTarget = (rule: GroupRule): LogTarget => ({ id: rule.id, type: 'PolicyRule', alternateId: 'unknown', displayName: rule.name });

function findRule(data: OktaData, id: string): GroupRule {
  const rule = data.groupRules.find((r) => r.id === id);
  if (!rule) throw oktaError(404, 'E0000007', `Not found: Resource not found: ${id} (GroupRule)`);
  return rule;
}

/** Validates a GroupRule body into its name, conditions and actions (all causes at once). */
function readRule(data: OktaData, body: Record<string, unknown>): Pick<GroupRule, 'name' | 'conditions' | 'actions'> {
  const unknown = Object.keys(body).filter((k) => !['type', 'id', 'name', 'status', 'conditions', 'actions', 'created', 'lastUpdated', 'allGroupsValid', '_embedded'].includes(k));
  if (unknown.length) throw oktaError(400, 'E0000003', 'The request body was not well-formed.', unknown.map((k) => `Unrecognized field "${k}"`));
  const causes: string[] = [];
  if (typeof body.name !== 'string' || !body.name.trim()) causes.push('name: The field cannot be left blank');
  else if (body.name.length > 50) causes.push('name: The field cannot be longer than 50 characters');
  const conditions = isObject(body.conditions) ? body.conditions : {};
  const expression = isObject(conditions.expression) ? conditions.expression : {};
  if (expression.type !== undefined && expression.type !== EXPRESSION_TYPE) causes.push(`conditions.expression.type: must be ${EXPRESSION_TYPE}`);
  if (typeof expression.value !== 'string' || !expression.value.trim()) causes.push('conditions.expression.value: The field cannot be left blank');
  else {
    try {
      parseRuleExpression(expression.value);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      causes.push(`conditions.expression.value: ${error.message}`);
    }
  }
  const people = isObject(conditions.people) ? conditions.people : {};
  const excludeUsers = isObject(people.users) ? people.users.exclude ?? [] : [];
  const excludeGroups = isObject(people.groups) ? people.groups.exclude ?? [] : [];
  if (!stringList(excludeUsers) || !stringList(excludeGroups)) causes.push('conditions.people: exclude must be a list of ids');
  const actions = isObject(body.actions) && isObject(body.actions.assignUserToGroups) ? body.actions.assignUserToGroups.groupIds : undefined;
  if (!stringList(actions) || !actions.length) causes.push('actions.assignUserToGroups.groupIds: The field cannot be left blank');
  else for (const id of actions) if (groupById(data, id)?.type !== 'OKTA_GROUP') causes.push(`actions.assignUserToGroups.groupIds: ${id} is not an Okta group`);
  if (causes.length) throw oktaFail.validation('validateRule', ...causes);
  return {
    name: (body.name as string).trim(),
    conditions: {
      people: { users: { exclude: excludeUsers as string[] }, groups: { exclude: excludeGroups as string[] } },
      expression: { value: expression.value as string, type: EXPRESSION_TYPE },
    },
    actions: { assignUserToGroups: { groupIds: [...new Set(actions as string[])] } },
  };
}

export function groupRulesRoutes(app: FastifyInstance, ctx: TwinContext<OktaData>): void {
  const now = () => new Date(ctx.clock.now()).toISOString();
  const ruleId = (request: { params: unknown }) => (request.params as { groupRuleId: string }).groupRuleId;

  app.get('/api/v1/groups/rules', { config: { operation: 'listGroupRules' } }, (request, reply) => {
    const data = ctx.store.data;
    const query = request.query as Record<string, unknown>;
    const limit = pageLimit(query.limit, 200, 50);
    const search = stringParam(query.search, 'search')?.toLowerCase();
    const after = stringParam(query.after, 'after');
    const start = after ? data.groupRules.findIndex((r) => r.id === after) + 1 : 0;
    const { page, nextAfter } = pageOf(data.groupRules, start, limit, (r) => !search || r.name.toLowerCase().includes(search), (r) => r.id);
    setPageLinks(request, reply, ctx.publicUrl(), nextAfter);
    return page;
  });

  app.post('/api/v1/groups/rules', { config: { operation: 'createGroupRule' } }, (request) => {
    const data = ctx.store.data;
    const fields = readRule(data, bodyObject(request.body));
    const stamp = now();
    const rule: GroupRule = {
      type: 'group_rule', id: `0pr${deriveString(ctx.seed(), `okta:group-rule:${fields.name}:${randomBytes(8).toString('hex')}`, 17)}`,
      status: 'INACTIVE', name: fields.name, created: stamp, lastUpdated: stamp, conditions: fields.conditions, actions: fields.actions,
    };
    data.groupRules.push(rule);
    request.dtuTarget = { groupRule: rule.id };
    audit(ctx, request, 'group.rule.create', 'Create group rule', [ruleTarget(rule)]);
    return rule;
  });

  app.get('/api/v1/groups/rules/:groupRuleId', { config: { operation: 'getGroupRule' } }, (request) => findRule(ctx.store.data, ruleId(request)));

  app.put('/api/v1/groups/rules/:groupRuleId', { config: { operation: 'replaceGroupRule' } }, (request) => {
    const data = ctx.store.data;
    const rule = findRule(data, ruleId(request));
    const fields = readRule(data, bodyObject(request.body));
    if (rule.status === 'ACTIVE') throw oktaFail.validation('groupRule', 'You can only update a group rule while it is INACTIVE');
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
    if (!same(fields.actions.assignUserToGroups.groupIds, rule.actions.assignUserToGroups.groupIds)) throw oktaFail.validation('groupRule', 'actions: The actions of a group rule cannot be changed');
    Object.assign(rule, { name: fields.name, conditions: fields.conditions, lastUpdated: now() });
    request.dtuTarget = { groupRule: rule.id };
    audit(ctx, request, 'group.rule.update', 'Update group rule', [ruleTarget(rule)]);
    return rule;
  });

  app.post('/api/v1/groups/rules/:groupRuleId/lifecycle/activate', { config: { operation: 'activateGroupRule' } }, (request, reply) => {
    const rule = findRule(ctx.store.data, ruleId(request));
    request.dtuTarget = { groupRule: rule.id };
    if (rule.status !== 'ACTIVE') {
      rule.status = 'ACTIVE';
      rule.lastUpdated = now();
      audit(ctx, request, 'group.rule.activate', 'Activate group rule', [ruleTarget(rule)]);
      applyRule(ctx, request, rule);
    }
    return reply.code(204).send();
  });

  app.post('/api/v1/groups/rules/:groupRuleId/lifecycle/deactivate', { config: { operation: 'deactivateGroupRule' } }, (request, reply) => {
    const rule = findRule(ctx.store.data, ruleId(request));
    request.dtuTarget = { groupRule: rule.id };
    if (rule.status !== 'INACTIVE') {
      rule.status = 'INACTIVE';
      rule.lastUpdated = now();
      audit(ctx, request, 'group.rule.deactivate', 'Deactivate group rule', [ruleTarget(rule)]);
    }
    return reply.code(204).send();
  });

  app.delete('/api/v1/groups/rules/:groupRuleId', { config: { operation: 'deleteGroupRule' } }, (request, reply) => {
    const data = ctx.store.data;
    const rule = findRule(data, ruleId(request));
    const removeUsers = queryFlag((request.query as Record<string, unknown>).removeUsers, 'removeUsers', false);
    if (rule.status === 'ACTIVE') throw oktaFail.validation('groupRule', 'You can only delete a group rule while it is INACTIVE');
    data.groupRules.splice(data.groupRules.indexOf(rule), 1);
    request.dtuTarget = { groupRule: rule.id };
    audit(ctx, request, 'group.rule.delete', 'Delete group rule', [ruleTarget(rule)]);
    if (removeUsers) removeRuleMembers(ctx, request, rule);
    else delete data.ruleAssignments[rule.id];
    return reply.code(204).send();
  });
}
