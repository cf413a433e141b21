// Shared by the OIDC / OAuth tests: openid-client pointed at the twin (http issuers need
// allowInsecureRequests, openid-client's documented option), a headless sign-in through the HTML
// form, and form posts for the raw-HTTP checks.
import * as oidc from 'openid-client';
import type { Universe } from '../../../shared/universe/start-universe.js';

export interface OidcCredentials {
  issuer: string; clientId: string; clientSecret: string; scope: string; audience: string; redirectUri: string; people: Record<string, string>;
}
export interface ServiceAppCredentials { clientId: string; keyId: string; privateKey: string; scopes: string; tokenUrl: string }

export const oidcCredentials = (universe: Universe) => universe.credentials.okta.oidc as unknown as OidcCredentials;
export const serviceApp = (universe: Universe) => (universe.credentials.okta as unknown as { serviceApp: ServiceAppCredentials }).serviceApp;

export async function webAppConfig(universe: Universe, issuer = oidcCredentials(universe).issuer, auth?: oidc.ClientAuth): Promise<oidc.Configuration> {
  const { clientId, clientSecret } = oidcCredentials(universe);
  return oidc.discovery(new URL(issuer), clientId, auth ? undefined : clientSecret, auth, { execute: [oidc.allowInsecureRequests] });
}

/** Form-posts to a twin path; `basic` is [user, password] for HTTP Basic as RFC 6749 encodes it. */
export async function postForm(universe: Universe, path: string, fields: Record<string, string>, init: { basic?: [string, string]; cookie?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (init.basic) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(init.basic[0])}:${encodeURIComponent(init.basic[1])}`).toString('base64')}`;
  if (init.cookie) headers.cookie = init.cookie;
  const res = await fetch(`${universe.credentials.okta.orgUrl}${path}`, { method: 'POST', headers, body: new URLSearchParams(fields), redirect: 'manual' });
  const text = await res.text();
  let body: unknown = text;
  try { body = text ? JSON.parse(text) : undefined; } catch { /* HTML */ }
  return { status: res.status, headers: res.headers, body };
}

/** The `sid=…` pair of a Set-Cookie header. */
export const sidCookie = (headers: Headers) => /(?:^|,\s*)(sid=[^;]*)/.exec(headers.get('set-cookie') ?? '')?.[1];

/**
 * Signs a person in the way a browser does: GET the authorize URL (the sign-in page), post the form's
 * fields back to its action, and return where the twin redirects (the client's callback) and the session cookie.
 */
export async function signInThroughForm(universe: Universe, authorizeUrl: URL, email: string, password: string) {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  const html = await page.text();
  if (page.status !== 200) throw new Error(`expected the sign-in page, got ${page.status}`);
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  const fromUri = /name="fromURI" value="([^"]*)"/.exec(html)?.[1]?.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));
  if (!action || fromUri === undefined) throw new Error('no sign-in form on the page');
  const posted = await postForm(universe, action, { username: email, password, fromURI: fromUri });
  return { status: posted.status, location: posted.headers.get('location'), cookie: sidCookie(posted.headers), body: posted.body, html };
}
