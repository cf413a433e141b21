// The System Log: every change a route makes is recorded as an Okta LogEvent with Okta's event
// type (developer.okta.com/docs/reference/api/event-types), newest LOG_LIMIT kept, and handed to
// the event hooks subscribed to its type.
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { TwinContext } from '../../shared/kernel/twin-definition.js';
import { findOAuthClientApp, type OktaApp } from './apps.js';
import { deliverToEventHooks } from './event-hooks.js';
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
  'application.lifecycle.create': 'app.generic.config.app_created',
  'application.lifecycle.update': 'app.generic.config.app_updated',
  'application.lifecycle.activate': 'app.generic.config.app_activated',
  'application.lifecycle.deactivate': 'app.generic.config.app_deactivated',
  'application.lifecycle.delete': 'app.generic.config.app_deleted',
  'application.user_membership.add': 'app.generic.provision.assign_user_to_app',
  'application.user_membership.remove': 'app.generic.provision.deactivate_user_from_app',
  'application.user_membership.change_username': 'app.generic.provision.user_name_changed',
  'group.application_assignment.add': 'app.generic.config.app_group_assignment_added',
  'group.application_assignment.remove': 'app.generic.config.app_group_assignment_removed',
  'group.rule.create': 'core.user_group_rule.created',
  'group.rule.update': 'core.user_group_rule.updated',
  'group.rule.activate': 'core.user_group_rule.activated',
  'group.rule.deactivate': 'core.user_group_rule.deactivated',
  'group.rule.delete': 'core.user_group_rule.deleted',
  'event_hook.created': 'event_hook.created',
  'event_hook.updated': 'event_hook.updated',
  'event_hook.activated': 'event_hook.activated',
  'event_hook.deactivated': 'event_hook.deactivated',
  'event_hook.deleted': 'event_hook.deleted',
  'event_hook.verified': 'event_hook.verified',
};

export const userTarget = (u: OktaUser): LogTarget => ({ id: u.id, type: 'User', alternateId: u.profile.login, displayName: `${u.profile.firstName ?? ''} ${u.profile.lastName ?? ''}`.trim() });
export const groupTarget = (g: OktaGroup): LogTarget => ({ id: g.id, type: 'UserGroup', alternateId: 'unknown', displayName: g.profile.name });
export const appTarget = (a: OktaApp): LogTarget => ({ id: a.id, type: 'AppInstance', alternateId: a.label, displayName: a.label });

/** Who acted: a person by login, or a service app acting with its own OAuth token (Okta's PublicClientApp). */
function actorOf(data: OktaData, who: FastifyRequest['dtuActor']): LogEvent['actor'] {
  if (who?.type === 'app' && who.id) {
    const app = findOAuthClientApp(data, who.id);
    return { id: who.id, type: 'PublicClientApp', alternateId: who.id, displayName: app?.app.label ?? who.id };
  }
  const email = who?.email ?? 'unknown';
  const user = who?.email ? userByLogin(data, who.email) : undefined;
  return { id: user?.id ?? 'unknown', type: 'User', alternateId: email, displayName: user ? userTarget(user).displayName : email };
}

export function audit(ctx: TwinContext<OktaData>, request: FastifyRequest, eventType: string, displayMessage: string, target: LogTarget[]): void {
  const data = ctx.store.data;
  const ip = request.ip;
  const event: LogEvent = {
    uuid: randomUUID(),
    published: new Date(ctx.clock.now()).toISOString(),
    eventType,
    legacyEventType: LEGACY[eventType] ?? eventType,
    displayMessage,
    severity: 'INFO',
    version: '0',
    actor: actorOf(data, request.dtuActor),
    client: { userAgent: { rawUserAgent: String(request.headers['user-agent'] ?? 'unknown') }, ipAddress: ip },
    outcome: { result: 'SUCCESS' },
    target,
    transaction: { type: 'WEB', id: String(request.id), detail: {} },
    debugContext: { debugData: { requestUri: request.url.split('?')[0] } },
    authenticationContext: { authenticationStep: 0, externalSessionId: 'unknown' },
    securityContext: {},
    request: { ipChain: [{ ip }] },
  };
  append(ctx, event);
}

function append(ctx: TwinContext<OktaData>, event: LogEvent): void {
  const data = ctx.store.data;
  data.logs.push(event);
  if (data.logs.length > LOG_LIMIT) data.logs.splice(0, data.logs.length - LOG_LIMIT);
  // Every logged event is the System Log's append point, so event hooks hear of each one.
  deliverToEventHooks(ctx, event);
}

/** Okta itself as the actor of background work (provisioning pushes), as its System Log shows it. */
const OKTA_SYSTEM: LogEvent['actor'] = { id: 'system@okta.com', type: 'SystemPrincipal', alternateId: 'system@okta.com', displayName: 'Okta System' };

/**
 * An event of work Okta does on its own (no request): actor Okta System, transaction type JOB, and
 * the outcome (a FAILURE carries the reason, at most 255 characters as Okta's schema allows).
 */
export function auditJob(ctx: TwinContext<OktaData>, eventType: string, displayMessage: string, target: LogTarget[],
  outcome: LogEvent['outcome'], debugData: Record<string, string> = {}): void {
  append(ctx, {
    uuid: randomUUID(),
    published: new Date(ctx.clock.now()).toISOString(),
    eventType,
    legacyEventType: LEGACY[eventType] ?? eventType,
    displayMessage,
    severity: outcome.result === 'FAILURE' ? 'WARN' : 'INFO',
    version: '0',
    actor: OKTA_SYSTEM,
    client: { userAgent: { rawUserAgent: 'unknown' } },
    outcome: outcome.reason ? { ...outcome, reason: outcome.reason.slice(0, 255) } : outcome,
    target,
    transaction: { type: 'JOB', id: randomUUID().replace(/-/g, '').slice(0, 27), detail: {} },
    debugContext: { debugData },
    authenticationContext: { authenticationStep: 0, externalSessionId: 'unknown' },
    securityContext: {},
    request: { ipChain: [] },
  });
}
