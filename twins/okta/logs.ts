// The System Log: every change a route makes is recorded as an Okta LogEvent with Okta's event
// type (developer.okta.com/docs/reference/api/event-types), newest LOG_LIMIT kept.
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { TwinContext } from '../../shared/kernel/twin-definition.js';
import { userByLogin, type LogEvent, type LogTarget, type OktaData, type OktaGroup, type OktaUser } from './store.js';

export const LOG_LIMIT = 10_000;

/** Legacy (Events API) names of the event types the twin emits. */
const LEGACY: Record<string, string> = {
  'user.lifecycle.create': 'core.user.config.user_creation.success',
  'user.lifecycle.activate': 'core.user.config.user_activated',
  'user.lifecycle.reactivate': 'core.user.config.user_reactivated',
  'user.lifecycle.deactivate': 'core.user.config.user_deactivated',
  'user.lifecycle.suspend': 'core.user.config.user_suspended',
  'user.lifecycle.unsuspend': 'core.user.config.user_unsuspended',
  'user.lifecycle.delete.initiated': 'core.user.config.user_deleted',
  'user.account.unlock': 'core.user.config.user_unlocked',
  'user.account.reset_password': 'core.user.config.password_reset',
  'user.account.expire_password': 'core.user.config.password_expired',
  'user.account.update_profile': 'core.user.config.profile_updated',
  'group.lifecycle.create': 'core.user_group.created',
  'group.lifecycle.delete': 'core.user_group.deleted',
  'group.profile.update': 'core.user_group.profile_updated',
  'group.user_membership.add': 'core.user_group_member.user_add',
  'group.user_membership.remove': 'core.user_group_member.user_remove',
};

export const userTarget = (u: OktaUser): LogTarget => ({ id: u.id, type: 'User', alternateId: u.profile.login, displayName: `${u.profile.firstName ?? ''} ${u.profile.lastName ?? ''}`.trim() });
export const groupTarget = (g: OktaGroup): LogTarget => ({ id: g.id, type: 'UserGroup', alternateId: 'unknown', displayName: g.profile.name });

export function audit(ctx: TwinContext<OktaData>, request: FastifyRequest, eventType: string, displayMessage: string, target: LogTarget[]): void {
  const data = ctx.store.data;
  const email = request.dtuActor?.email ?? 'unknown';
  const actor = userByLogin(data, email);
  const ip = request.ip;
  data.logs.push({
    uuid: randomUUID(),
    published: new Date(ctx.clock.now()).toISOString(),
    eventType,
    legacyEventType: LEGACY[eventType] ?? eventType,
    displayMessage,
    severity: 'INFO',
    version: '0',
    actor: { id: actor?.id ?? 'unknown', type: 'User', alternateId: email, displayName: actor ? userTarget(actor).displayName : email },
    client: { userAgent: { rawUserAgent: String(request.headers['user-agent'] ?? 'unknown') }, ipAddress: ip },
    outcome: { result: 'SUCCESS' },
    target,
    transaction: { type: 'WEB', id: String(request.id), detail: {} },
    debugContext: { debugData: { requestUri: request.url.split('?')[0] } },
    authenticationContext: { authenticationStep: 0, externalSessionId: 'unknown' },
    securityContext: {},
    request: { ipChain: [{ ip }] },
  } satisfies LogEvent);
  if (data.logs.length > LOG_LIMIT) data.logs.splice(0, data.logs.length - LOG_LIMIT);
}
