// OAuth 2.0 errors as Okta's authorization servers send them: {"error","error_description"} (RFC 6749
// §5.2; wording from Okta's published OAuth description and what Okta answers), and the HTML error
// page /authorize and /logout show when they cannot trust the redirect URI.
import { TwinError } from '../../../shared/kernel/vendor-errors.js';

export function oauthError(status: number, error: string, description: string, headers?: Record<string, string>): TwinError {
  return new TwinError({ status, headers: { 'cache-control': 'no-store', pragma: 'no-cache', ...headers }, body: { error, error_description: description } }, description);
}

export const oauthFail = {
  invalidRequest: (description: string) => oauthError(400, 'invalid_request', description),
  /** 401 with the challenge RFC 6749 asks for when the client tried HTTP Basic. */
  invalidClient: (description: string, basic = false) => oauthError(401, 'invalid_client', description, basic ? { 'www-authenticate': 'Basic realm="Okta"' } : undefined),
  unknownClient: () => oauthError(401, 'invalid_client', 'Invalid value for \'client_id\' parameter.'),
  noClientCredentials: () => oauthError(401, 'invalid_client', 'No client credentials found.'),
  wrongSecret: (basic: boolean) => oauthFail.invalidClient('The client secret supplied for a confidential client is invalid.', basic),
  invalidGrant: (description: string) => oauthError(400, 'invalid_grant', description),
  invalidCode: () => oauthError(400, 'invalid_grant', 'The authorization code is invalid or has expired.'),
  invalidRefreshToken: () => oauthError(400, 'invalid_grant', 'The refresh token is invalid or expired.'),
  invalidScope: (description = 'One or more scopes are not configured for the authorization server resource.') => oauthError(400, 'invalid_scope', description),
  unsupportedGrantType: () => oauthError(400, 'unsupported_grant_type', 'The grant type in the request isn\'t supported.'),
  unauthorizedClient: (grantTypes: string[]) => oauthError(400, 'unauthorized_client', `The client is not authorized to use the provided grant type. Configured grant types: [${grantTypes.join(', ')}].`),
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Okta's error page: shown, never redirected, when the client or redirect URI is not trustworthy. */
export function errorPage(error: string, description: string): TwinError {
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>400 Bad Request</title></head><body>
<h1>400 Bad Request</h1><p>Identity Provider: Unknown</p><p>Error Code: <code id="error-code">${escapeHtml(error)}</code></p>
<p>Description: <span id="error-description">${escapeHtml(description)}</span></p></body></html>`;
  return new TwinError({ status: 400, headers: { 'content-type': 'text/html; charset=utf-8' }, body: html }, description);
}

export { escapeHtml };
