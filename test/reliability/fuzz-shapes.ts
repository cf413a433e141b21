// What a vendor's error looks like, per twin and route family (twins/<twin>/errors.ts, the SCIM
// modules, and the OAuth endpoints' RFC 6749 form). shapeProblem answers null for an acceptable
// answer, or what is wrong with it.
import type { TwinName } from '../../shared/twin-names.js';

export interface Answer {
  status: number;
  contentType: string;
  body: string;
  wwwAuthenticate?: string;
}

type Check = (body: any, status: number) => string | null;

const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);
const isString = (value: unknown) => typeof value === 'string' && value.length > 0;

const slackApi: Check = (body, status) => {
  if (!isObject(body) || body.ok !== false || !isString(body.error)) return 'not Slack {ok:false,error}';
  // Slack answers argument and auth errors with HTTP 200; only these statuses carry their own meaning.
  return status === 200 || [404, 413, 429].includes(status) ? null : `Slack error with HTTP ${status}`;
};
const slackScim: Check = (body, status) =>
  isObject(body) && isObject(body.Errors) && isString(body.Errors.description) && body.Errors.code === status ? null : 'not Slack SCIM {Errors:{description,code}}';
const okta: Check = (body) => {
  if (!isObject(body)) return 'not an Okta error object';
  const keys = Object.keys(body).sort().join(',');
  if (keys !== 'errorCauses,errorCode,errorId,errorLink,errorSummary') return `Okta error keys ${keys}`;
  return /^E\d{7}$/.test(String(body.errorCode)) && isString(body.errorSummary) && Array.isArray(body.errorCauses) ? null : 'malformed Okta error';
};
/** Okta's OAuth endpoints also answer in the management shape with an OAuth code, e.g. errorCode "invalid_client". */
const oktaOAuth: Check = (body) => (isObject(body) && isString(body.errorCode) && isString(body.errorSummary) && Array.isArray(body.errorCauses) ? null : 'not an Okta error');
const oauth: Check = (body) => (isObject(body) && isString(body.error) && (body.error_description === undefined || typeof body.error_description === 'string') ? null : 'not OAuth {error,error_description}');
const jiraCollection = (body: any) =>
  isObject(body) && Array.isArray(body.errorMessages) && body.errorMessages.every(isString) && isObject(body.errors) && (body.errorMessages.length > 0 || Object.keys(body.errors).length > 0)
    ? null : 'not Jira {errorMessages,errors}';
const jira: Check = (body) => jiraCollection(body);
/** Bulk create refuses with the issues it made and one ErrorCollection per failed element. */
const jiraBulk: Check = (body) =>
  isObject(body) && Array.isArray(body.errors) && body.errors.length > 0 && body.errors.every((e: any) => isObject(e) && jiraCollection(e.elementErrors) === null)
    ? null : 'not Jira bulk {issues,errors:[{elementErrors}]}';
const jiraScim: Check = (body, status) =>
  isObject(body) && Array.isArray(body.schemas) && body.schemas.includes('urn:ietf:params:scim:api:messages:2.0:Error') && body.status === String(status) && isString(body.detail)
    ? null : 'not SCIM {schemas:[Error],status,detail}';
const google: Check = (body, status) => {
  const error = isObject(body) ? body.error : undefined;
  if (!isObject(error)) return 'not Google {error:{…}}';
  return error.code === status && isString(error.message) && Array.isArray(error.errors) && error.errors.length > 0 && isString(error.status) ? null : 'malformed Google error';
};
const either = (...checks: Check[]): Check => (body, status) => {
  const problems = checks.map((check) => check(body, status));
  return problems.includes(null) ? null : problems.join(' / ');
};

/** DTU's control routes answer in DTU's own shape {ok:false,error,message}. */
const dtu: Check = (body) => (isObject(body) && body.ok === false && isString(body.error) ? null : 'not DTU {ok:false,error,message}');

/** The error form(s) a route's refusals must take, or 'page' for routes a browser reads (HTML answers). */
function errorShapeOf(twin: TwinName, url: string): Check | 'page' {
  // A twin's own control routes (/_dtu/okta/…) sit behind its body parser: a malformed body gets the vendor's 400.
  if (url.startsWith('/_dtu/')) return either(dtu, { okta, slack: slackApi, jira, google }[twin]);
  return vendorShapeOf(twin, url);
}

function vendorShapeOf(twin: TwinName, url: string): Check | 'page' {
  switch (twin) {
    case 'slack':
      if (url.startsWith('/scim/')) return slackScim;
      if (url.startsWith('/api/')) return slackApi;
      return 'page'; // file downloads, upload URLs, permalinks: what a browser or curl fetches
    case 'okta':
      if (url.startsWith('/api/')) return okta;
      // A bad authorize or logout request is shown to the user as an HTML error page.
      if (/\/v1\/(authorize|logout)$/.test(url)) return 'page';
      if (url.includes('/oauth2/') || url.startsWith('/.well-known/')) return either(oauth, oktaOAuth);
      return 'page';
    case 'jira':
      if (url.startsWith('/scim/')) return jiraScim;
      if (/\/issue\/bulk$/.test(url)) return either(jiraBulk, jira);
      if (url.startsWith('/rest/')) return jira;
      return 'page';
    case 'google':
      if (url.startsWith('/token') || url.startsWith('/oauth2/')) return either(oauth, google);
      return google;
  }
}

export function shapeProblem(twin: TwinName, url: string, answer: Answer): string | null {
  if (answer.status >= 500) return `HTTP ${answer.status}`;
  const check = errorShapeOf(twin, url);
  let body: unknown;
  const json = answer.contentType.includes('json');
  if (json) {
    try { body = JSON.parse(answer.body); } catch { return 'JSON content type with a body that is not JSON'; }
  }
  if (check === 'page') return null;
  if (!isRefusal(twin, url, answer, body)) return null;
  // An OAuth resource server refuses a bearer token with WWW-Authenticate and no body (RFC 6750 §3).
  if (answer.status === 401 && answer.wwwAuthenticate?.startsWith('Bearer') && !answer.body && url.includes('/oauth2/')) return null;
  // Jira's XSRF guard on attachment uploads answers in plain text, before the REST layer.
  if (twin === 'jira' && answer.status === 403 && answer.body === 'XSRF check failed') return null;
  if (!json) return `error HTTP ${answer.status} as ${answer.contentType || 'no content type'}`;
  const problem = check(body, answer.status);
  return problem && `${problem} (HTTP ${answer.status})`;
}

/** Slack's Web API refuses with HTTP 200 and ok:false; everything else with a 4xx. */
export function isRefusal(twin: TwinName, url: string, answer: Answer, body: unknown = parseJson(answer.body)): boolean {
  return answer.status >= 400 || (twin === 'slack' && url.startsWith('/api/') && (body as any)?.ok === false);
}

function parseJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return undefined; }
}
