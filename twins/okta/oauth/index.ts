// The OIDC / OAuth 2.0 side of the Okta twin: the org authorization server and the `default` custom
// one, Okta's classic sign-in (POST /api/v1/authn, the sign-in form) and the key-rotation control route.
// Registered as its own Fastify plugin so its form-body parser stays here. None of these routes take
// the Management API's SSWS token (config.oktaPublic); clients authenticate as OAuth says.
//
//   GET  /.well-known/openid-configuration, /.well-known/oauth-authorization-server     org server metadata
//   GET  /oauth2/default/.well-known/{openid-configuration,oauth-authorization-server}  default server metadata
//   GET|POST {/oauth2, /oauth2/default}/v1/authorize     authorize[CustomAS][WithPost]
//   POST {…}/v1/token                                    token[CustomAS]
//   GET  {…}/v1/keys                                     oauthKeys[CustomAS]
//   GET|POST {…}/v1/userinfo                             userinfo[CustomAS]
//   POST {…}/v1/introspect, {…}/v1/revoke                introspect[CustomAS], revoke[CustomAS]
//   GET|POST {…}/v1/logout                               logout[CustomAS][WithPost]
//   GET|POST /login/login.htm                            the sign-in form (fields username, password, fromURI)
//   POST /api/v1/authn                                   primary authentication → sessionToken
//   POST /_dtu/okta/rotate-keys                          control: rotate the signing keys
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { TwinError } from '../../../shared/kernel/vendor-errors.js';
import { oktaResponse } from '../errors.js';
import type { OktaData } from '../store.js';
import { authnHandler } from './authn.js';
import { authorizeHandler, signInHandler } from './authorize.js';
import { clientById } from './clients.js';
import { metadata } from './discovery.js';
import { errorPage } from './errors.js';
import { publishedKeys, rotateKeys } from './keys.js';
import { loginPage } from './login-page.js';
import { queryParams } from './params.js';
import { AUTHORIZATION_SERVERS, operationOf, type AuthorizationServerId } from './servers.js';
import { tokenHandler } from './token-endpoint.js';
import { introspectHandler, keysHandler, logoutHandler, revokeHandler, userinfoHandler } from './token-endpoints.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An Okta route that takes no Management API credential (OAuth endpoints, sign-in); auth.ts skips it. */
    oktaPublic?: boolean;
  }
}

export function oauthRoutes(app: FastifyInstance, ctx: TwinContext<OktaData>): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  const config = (operation: string) => ({ operation, oktaPublic: true });

  for (const server of AUTHORIZATION_SERVERS) {
    const wellKnown = server.id === 'org' ? '/.well-known' : `${server.prefix}/.well-known`;
    for (const kind of ['openid-configuration', 'oauth-authorization-server'] as const) {
      const operation = kind === 'openid-configuration' ? operationOf(server, 'getWellKnownOpenIDConfiguration') : operationOf(server, 'getWellKnownOAuthConfiguration');
      app.get(`${wellKnown}/${kind}`, { config: config(operation) }, async (request) => {
        const clientId = queryParams(request, () => new TwinError(oktaResponse(400, 'invalid_client', 'Invalid value for `client_id` parameter'))).client_id;
        if (clientId !== undefined && !clientById(ctx.store.data, clientId)) {
          throw new TwinError(oktaResponse(400, 'invalid_client', 'Invalid value for `client_id` parameter'));
        }
        return metadata(server, ctx.publicUrl(), kind);
      });
    }
    const v1 = `${server.prefix}/v1`;
    const withPost = (base: string) => (server.id === 'org' ? `${base}WithPost` : `${base}CustomASWithPost`);
    app.get(`${v1}/authorize`, { config: config(operationOf(server, 'authorize')) }, authorizeHandler(ctx, server));
    app.post(`${v1}/authorize`, { config: config(withPost('authorize')) }, authorizeHandler(ctx, server));
    app.post(`${v1}/token`, { config: config(operationOf(server, 'token')) }, tokenHandler(ctx, server));
    app.get(`${v1}/keys`, { config: config(operationOf(server, 'oauthKeys')) }, keysHandler(ctx, server));
    app.get(`${v1}/userinfo`, { config: config(operationOf(server, 'userinfo')) }, userinfoHandler(ctx, server));
    app.post(`${v1}/userinfo`, { config: config(operationOf(server, 'userinfo')) }, userinfoHandler(ctx, server));
    app.post(`${v1}/introspect`, { config: config(operationOf(server, 'introspect')) }, introspectHandler(ctx, server));
    app.post(`${v1}/revoke`, { config: config(operationOf(server, 'revoke')) }, revokeHandler(ctx, server));
    app.get(`${v1}/logout`, { config: config(operationOf(server, 'logout')) }, logoutHandler(ctx, server));
    app.post(`${v1}/logout`, { config: config(withPost('logout')) }, logoutHandler(ctx, server));
  }

  app.get('/login/login.htm', { config: config('signInPage') }, async (request, reply) => {
    const fromUri = queryParams(request, (name) => errorPage('invalid_request', `The '${name}' parameter is repeated.`)).fromURI ?? '';
    return reply.type('text/html; charset=utf-8').send(loginPage(ctx.org(), ctx.store.data, { fromUri }));
  });
  app.post('/login/login.htm', { config: config('signIn') }, signInHandler(ctx));
  app.post('/api/v1/authn', { config: config('authenticate') }, authnHandler(ctx));

  // Rotation: each named server (default both) signs with a new key from now on; its previous key
  // stays in the JWKS until the next rotation. DTU's own error shape, as on every /_dtu route.
  app.post('/_dtu/okta/rotate-keys', { config: { dtuControl: true, oktaPublic: true } }, async (request, reply) => {
    const body = (request.body ?? {}) as { authorizationServer?: unknown };
    const wanted = body.authorizationServer;
    if (wanted !== undefined && wanted !== 'org' && wanted !== 'default') {
      return reply.code(400).send({ ok: false, error: 'invalid_request', message: 'authorizationServer must be "org" or "default" (or left out for both)' });
    }
    const ids: AuthorizationServerId[] = wanted ? [wanted] : ['org', 'default'];
    rotateKeys(ctx.seed(), ctx.store.data, ids);
    const keys = Object.fromEntries(ids.map((id) => [id, publishedKeys(ctx.seed(), ctx.store.data, id).map((k) => k.kid)]));
    return { ok: true, keys };
  });
}
