// User lifecycle operations and Okta's status state machine. A transition the state machine does not
// allow is refused with the error Okta gives for it (developer.okta.com/docs/reference/api/users/#lifecycle-operations).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { oktaError, oktaFail } from '../errors.js';
import { unassignDeactivated } from '../assignments.js';
import { provisionUser } from '../provisioning/index.js';
import { audit, userTarget } from '../logs.js';
import { transition as setStatus, type OktaData, type OktaUser, type UserStatus } from '../store.js';
import { userView } from '../views.js';
import { queryFlag } from './params.js';
import { findUser } from './users.js';

const token = () => randomBytes(15).toString('base64url');
const notAllowed = (operation: string, cause: string) => oktaError(400, 'E0000001', `Api validation failed: ${operation}`, [cause]);

export function userLifecycleRoutes(app: FastifyInstance, ctx: TwinContext<OktaData>): void {
  const now = () => new Date(ctx.clock.now()).toISOString();
  const target = (request: { params: unknown; dtuTarget: Record<string, unknown> | null }) => {
    const user = findUser(ctx.store.data, (request.params as { id: string }).id);
    request.dtuTarget = { user: user.id };
    return user;
  };
  /** Changes the status, records the System Log event Okta emits for it and syncs the user's app accounts. */
  const transition = (request: FastifyRequest, user: OktaUser, status: UserStatus, eventType: string, message: string) => {
    setStatus(user, status, now());
    audit(ctx, request, eventType, message, [userTarget(user)]);
    provisionUser(ctx, user);
  };
  const sendEmail = (query: unknown, fallback: boolean) => queryFlag((query as Record<string, unknown>).sendEmail, 'sendEmail', fallback);

  app.post('/api/v1/users/:id/lifecycle/activate', { config: { operation: 'activateUser' } }, (request) => {
    const user = target(request);
    const email = sendEmail(request.query, true);
    if (!['STAGED', 'PROVISIONED', 'DEPROVISIONED'].includes(user.status)) throw oktaFail.alreadyActive();
    // With a password the user is ACTIVE at once; without one Okta waits for the activation link (PROVISIONED).
    transition(request, user, user.id in ctx.store.data.passwords ? 'ACTIVE' : 'PROVISIONED', 'user.lifecycle.activate', 'Activate Okta user');
    if (user.status === 'PROVISIONED') user.activated = user.statusChanged;
    if (email) return {};
    const activationToken = token();
    return { activationUrl: `${ctx.publicUrl()}/welcome/${activationToken}`, activationToken };
  });

  app.post('/api/v1/users/:id/lifecycle/reactivate', { config: { operation: 'reactivateUser' } }, (request) => {
    const user = target(request);
    const email = sendEmail(request.query, false);
    if (user.status !== 'PROVISIONED') throw notAllowed('reactivateUser', "This operation is not allowed in the user's current status.");
    transition(request, user, 'PROVISIONED', 'user.lifecycle.reactivate', 'Reactivate Okta user');
    if (email) return {};
    const activationToken = token();
    return { activationUrl: `${ctx.publicUrl()}/welcome/${activationToken}`, activationToken };
  });

  app.post('/api/v1/users/:id/lifecycle/deactivate', { config: { operation: 'deactivateUser' } }, (request) => {
    const user = target(request);
    sendEmail(request.query, false);
    // Deactivating a DEPROVISIONED user changes nothing and is not an error.
    if (user.status !== 'DEPROVISIONED') {
      unassignDeactivated(ctx, request, user);
      transition(request, user, 'DEPROVISIONED', 'user.lifecycle.deactivate', 'Deactivate Okta user');
    }
    return {};
  });

  app.post('/api/v1/users/:id/lifecycle/suspend', { config: { operation: 'suspendUser' } }, (request) => {
    const user = target(request);
    if (user.status !== 'ACTIVE') throw notAllowed('suspendUser', 'Cannot suspend a user that is not active');
    transition(request, user, 'SUSPENDED', 'user.lifecycle.suspend', 'Suspend Okta user');
    return {};
  });

  app.post('/api/v1/users/:id/lifecycle/unsuspend', { config: { operation: 'unsuspendUser' } }, (request) => {
    const user = target(request);
    if (user.status !== 'SUSPENDED') throw notAllowed('unsuspendUser', 'Cannot unsuspend a user that is not suspended');
    transition(request, user, 'ACTIVE', 'user.lifecycle.unsuspend', 'Unsuspend Okta user');
    return {};
  });

  app.post('/api/v1/users/:id/lifecycle/unlock', { config: { operation: 'unlockUser' } }, (request) => {
    const user = target(request);
    if (user.status !== 'LOCKED_OUT') throw oktaFail.unlockNotAllowed();
    transition(request, user, 'ACTIVE', 'user.account.unlock', 'Unlock user account');
    return {};
  });

  app.post('/api/v1/users/:id/lifecycle/reset_password', { config: { operation: 'resetPassword' } }, (request) => {
    const user = target(request);
    const email = sendEmail(request.query, true);
    if (!['ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT'].includes(user.status)) throw oktaFail.resetNotAllowed();
    transition(request, user, 'RECOVERY', 'user.account.reset_password', 'Fired when the user\'s Okta password is reset');
    return email ? {} : { resetPasswordUrl: `${ctx.publicUrl()}/reset_password/${token()}` };
  });

  app.post('/api/v1/users/:id/lifecycle/expire_password', { config: { operation: 'expirePassword' } }, (request) => {
    const user = target(request);
    if (!['ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT'].includes(user.status)) throw notAllowed('expirePassword', "This operation is not allowed in the user's current status.");
    transition(request, user, 'PASSWORD_EXPIRED', 'user.account.expire_password', 'Expire user password');
    return userView(ctx.store.data, user, ctx.publicUrl());
  });
}
