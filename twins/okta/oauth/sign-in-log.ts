// System Log events of sign-ins and token grants, with Okta's event types: user.session.start,
// user.authentication.sso, user.session.end, app.oauth2.authorize.code / app.oauth2.as.authorize.code,
// and one app.oauth2[.as].token.grant.<token type> per token minted (developer.okta.com event types).
import type { FastifyRequest } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { appTarget, audit, userTarget } from '../logs.js';
import type { OktaData, OktaUser } from '../store.js';
import type { OAuthClient } from './clients.js';
import type { AuthorizationServer } from './servers.js';

/** Sets the request's actor (journal and System Log) to the user. */
export function actAsUser(request: FastifyRequest, user: OktaUser): void {
  request.dtuActor = { type: 'user', id: user.id, email: user.profile.login };
}

export function logSessionStart(ctx: TwinContext<OktaData>, request: FastifyRequest, user: OktaUser): void {
  actAsUser(request, user);
  audit(ctx, request, 'user.session.start', 'User login to Okta', [userTarget(user)]);
}

export function logSessionEnd(ctx: TwinContext<OktaData>, request: FastifyRequest, user: OktaUser): void {
  actAsUser(request, user);
  audit(ctx, request, 'user.session.end', 'User logout from Okta', [userTarget(user)]);
}

export function logSso(ctx: TwinContext<OktaData>, request: FastifyRequest, user: OktaUser, server: AuthorizationServer, client: OAuthClient): void {
  actAsUser(request, user);
  audit(ctx, request, 'user.authentication.sso', `User single sign on to app ${client.name}`, [appTarget(client.app), userTarget(user)]);
  const kind = server.id === 'org' ? 'app.oauth2.authorize.code' : 'app.oauth2.as.authorize.code';
  audit(ctx, request, kind, 'OAuth2 authorization code request', [appTarget(client.app), userTarget(user)]);
}

/**
 * One event per token type minted. A client-credentials grant has no user: its actor is the client
 * app (Okta logs it as a PublicClientApp); the token request carries no actor yet, so it is set here.
 */
export function logTokenGrant(ctx: TwinContext<OktaData>, request: FastifyRequest, server: AuthorizationServer, client: OAuthClient, kinds: string[], user?: OktaUser): void {
  const prefix = server.id === 'org' ? 'app.oauth2.token.grant' : 'app.oauth2.as.token.grant';
  const logs = ctx.store.data.logs;
  if (user) actAsUser(request, user);
  for (const kind of kinds) {
    audit(ctx, request, `${prefix}.${kind}`, `OAuth2 ${kind.replace('_', ' ')} is granted`, user ? [appTarget(client.app), userTarget(user)] : [appTarget(client.app)]);
    if (!user) logs[logs.length - 1].actor = { id: client.clientId, type: 'PublicClientApp', alternateId: client.clientId, displayName: client.name };
  }
}
