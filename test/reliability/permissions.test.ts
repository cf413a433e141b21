// The cross-tenant / permission matrix: every row is a read route of a twin that returns an object
// owned by or scoped to someone, the owner's credential (which must see it: the row cannot pass
// vacuously) and an intruder's credential, which must get the vendor's own refusal (status + body
// shape + code) and an answer with no trace of the object (no title, text or id the intruder did
// not send). Rows marked `filtered` are list/search routes: the intruder's answer succeeds but
// leaves the object out. Objects are made in permissions-fixture.ts. Raw HTTP, since the point is
// the exact status and body the vendor's SDKs would turn into their errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUniverse, type Universe } from '../../shared/universe/start-universe.js';
import { buildFixture, http, jiraBasic, mail, type Fixture } from './permissions-fixture.js';

type Json = Record<string, any>;
type Headers = Record<string, string>;
/** A credential: the headers one party sends (from the fixture), and what the matrix calls it. */
interface Credential { label: string; headers: (fx: Fixture) => Headers }
interface Row {
  route: string;
  request: (fx: Fixture) => { url: string; method?: string; json?: unknown };
  owner: Credential;
  intruder: Credential;
  /** The refusal: status and a subset of the body; `filtered`: a successful answer without the object. */
  refusal: { status: number; body?: Json } | 'filtered';
  /** What must never reach the intruder; the first is what the owner must see. */
  secrets: (fx: Fixture) => string[];
}

// --- credentials -------------------------------------------------------------------------------------
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const slackUser = (who: string): Credential => ({ label: `Slack user token of ${who}`, headers: (fx) => bearer(fx.creds.slack.userTokens[mail(who)]) });
const slackBot: Credential = { label: 'Slack bot token', headers: (fx) => bearer(fx.creds.slack.botToken) };
const slackLimitedBot: Credential = { label: 'Slack bot token with channels:read only', headers: (fx) => bearer(fx.creds.slack.limitedBotToken) };
const slackOtherSeed: Credential = { label: "another seed's Slack bot token", headers: (fx) => bearer(fx.otherCreds.slack.botToken) };
const jiraUser = (who: string): Credential => ({ label: `Jira API token of ${who}`, headers: (fx) => jiraBasic(fx.creds.jira, who) });
const jiraBearer = (who: string): Credential => ({ label: `Jira OAuth 2.0 access token of ${who}`, headers: (fx) => ({ ...bearer(fx.creds.jira.accessTokens[mail(who)]), accept: 'application/json' }) });
const jiraOtherSeed = (who: string): Credential => ({ label: `another seed's Jira API token of ${who}`, headers: (fx) => jiraBasic(fx.otherCreds.jira, who) });
const googleUser = (who: string): Credential => ({ label: `Google token of ${who}`, headers: (fx) => bearer(fx.creds.google.userTokens[mail(who)]) });
const googleOtherSeed = (who: string): Credential => ({ label: `another seed's Google token of ${who}`, headers: (fx) => bearer(fx.otherCreds.google.userTokens[mail(who)]) });
const googleDriveReadonly: Credential = { label: 'Google admin token with drive.readonly only', headers: (fx) => bearer(fx.creds.google.readonlyAccessToken) };
const oktaAdmin: Credential = { label: 'Okta super admin API token', headers: (fx) => ({ authorization: `SSWS ${fx.creds.okta.apiToken}` }) };
const oktaReadOnlyAdmin: Credential = { label: 'Okta read-only admin API token', headers: (fx) => ({ authorization: `SSWS ${fx.creds.okta.readOnlyApiToken}` }) };
const oktaOtherSeed: Credential = { label: "another seed's Okta API token", headers: (fx) => ({ authorization: `SSWS ${fx.otherCreds.okta.apiToken}` }) };
const oktaNoToken: Credential = { label: 'no credentials', headers: () => ({}) };
const oktaGroupsOnly: Credential = { label: 'Okta service-app token with okta.groups.read only', headers: (fx) => bearer(fx.okta.groupsOnlyToken) };
const oktaCustomAs: Credential = { label: 'access token of the default (custom) authorization server', headers: (fx) => bearer(fx.okta.customAsToken) };

// --- expected refusals, in each vendor's shape ------------------------------------------------------------
const slackError = (error: string) => ({ status: 200, body: { ok: false, error } });
const jiraIssueHidden = { status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} } };
const driveNotFound = (id: (fx: Fixture) => string) => (fx: Fixture) => ({ status: 404, body: { error: { code: 404, message: `File not found: ${id(fx)}.`, errors: [{ reason: 'notFound', location: 'fileId' }] } } });
const googleDenied = { status: 403, body: { error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' } } };
const directoryDenied = { status: 403, body: { error: { code: 403, message: 'Not Authorized to access this resource/api', errors: [{ reason: 'forbidden' }] } } };
const googleUnauthenticated = { status: 401, body: { error: { code: 401, status: 'UNAUTHENTICATED' } } };
const oktaInvalidToken = { status: 401, body: { errorCode: 'E0000011', errorSummary: 'Invalid token provided' } };
const oktaForbidden = { status: 403, body: { errorCode: 'E0000006', errorSummary: 'You do not have permission to perform the requested action' } };

const slack = (method: string, args: (fx: Fixture) => Record<string, string>) =>
  (fx: Fixture) => ({ url: `${fx.creds.slack.apiUrl}${method}?${new URLSearchParams(args(fx))}` });
const jira = (path: (fx: Fixture) => string, json?: (fx: Fixture) => unknown) => (fx: Fixture) => ({ url: `${fx.creds.jira.host}${path(fx)}`, ...(json ? { method: 'POST', json: json(fx) } : {}) });
const google = (path: (fx: Fixture) => string) => (fx: Fixture) => ({ url: `${fx.creds.google.rootUrl}${path(fx)}` });
const okta = (path: (fx: Fixture) => string) => (fx: Fixture) => ({ url: `${fx.creds.okta.orgUrl}${path(fx)}` });

type Refusal = Row['refusal'] | ((fx: Fixture) => { status: number; body?: Json });
type RowSpec = Omit<Row, 'refusal'> & { refusal: Refusal };
const leadership = (fx: Fixture) => ({ channel: fx.slack.leadership });

const MATRIX: RowSpec[] = [
  // Slack: the private #leadership (admins), a DM between Priya and Tom, a file Priya uploaded to no channel.
  { route: 'conversations.history #leadership', request: slack('conversations.history', leadership), owner: slackUser('priya.raman'), intruder: slackUser('lucia.fernandez'), refusal: slackError('channel_not_found'), secrets: (fx) => [fx.slack.secret] },
  { route: 'conversations.history #leadership', request: slack('conversations.history', leadership), owner: slackUser('priya.raman'), intruder: slackBot, refusal: slackError('channel_not_found'), secrets: (fx) => [fx.slack.secret] },
  { route: 'conversations.history #leadership', request: slack('conversations.history', leadership), owner: slackUser('priya.raman'), intruder: slackLimitedBot, refusal: slackError('missing_scope'), secrets: (fx) => [fx.slack.secret] },
  { route: 'conversations.history #leadership', request: slack('conversations.history', leadership), owner: slackUser('priya.raman'), intruder: slackOtherSeed, refusal: slackError('invalid_auth'), secrets: (fx) => [fx.slack.secret] },
  { route: 'conversations.history #leadership', request: slack('conversations.history', leadership), owner: slackUser('priya.raman'), intruder: slackUser('jamal.carter'), refusal: slackError('account_inactive'), secrets: (fx) => [fx.slack.secret] },
  { route: 'conversations.replies #leadership', request: slack('conversations.replies', (fx) => ({ channel: fx.slack.leadership, ts: fx.slack.leadershipTs })), owner: slackUser('tom.becker'), intruder: slackUser('lucia.fernandez'), refusal: slackError('channel_not_found'), secrets: (fx) => [fx.slack.replyText, fx.slack.secret] },
  { route: 'conversations.info #leadership', request: slack('conversations.info', leadership), owner: slackUser('priya.raman'), intruder: slackUser('lucia.fernandez'), refusal: slackError('channel_not_found'), secrets: () => ['leadership'] },
  { route: 'conversations.members #leadership', request: slack('conversations.members', leadership), owner: slackUser('priya.raman'), intruder: slackUser('lucia.fernandez'), refusal: slackError('channel_not_found'), secrets: (fx) => [fx.slack.tomId] },
  { route: 'reactions.get #leadership message', request: slack('reactions.get', (fx) => ({ channel: fx.slack.leadership, timestamp: fx.slack.leadershipTs })), owner: slackUser('priya.raman'), intruder: slackUser('lucia.fernandez'), refusal: slackError('channel_not_found'), secrets: (fx) => [fx.slack.secret] },
  { route: 'conversations.history DM', request: slack('conversations.history', (fx) => ({ channel: fx.slack.dm })), owner: slackUser('tom.becker'), intruder: slackUser('lucia.fernandez'), refusal: slackError('channel_not_found'), secrets: (fx) => [fx.slack.dmText] },
  { route: 'conversations.history DM', request: slack('conversations.history', (fx) => ({ channel: fx.slack.dm })), owner: slackUser('priya.raman'), intruder: slackBot, refusal: slackError('channel_not_found'), secrets: (fx) => [fx.slack.dmText] },
  { route: 'conversations.info DM', request: slack('conversations.info', (fx) => ({ channel: fx.slack.dm })), owner: slackUser('priya.raman'), intruder: slackUser('lucia.fernandez'), refusal: slackError('channel_not_found'), secrets: (fx) => [fx.slack.tomId] },
  { route: 'conversations.list private + im', request: slack('conversations.list', () => ({ types: 'private_channel,im', limit: '200' })), owner: slackUser('priya.raman'), intruder: slackUser('lucia.fernandez'), refusal: 'filtered', secrets: (fx) => [fx.slack.leadership, fx.slack.dm] },
  { route: 'users.conversations private + im', request: slack('users.conversations', () => ({ types: 'private_channel,im', limit: '200' })), owner: slackUser('priya.raman'), intruder: slackUser('lucia.fernandez'), refusal: 'filtered', secrets: (fx) => [fx.slack.leadership, fx.slack.dm] },
  { route: 'users.conversations of another person', request: slack('users.conversations', (fx) => ({ user: fx.slack.tomId, types: 'private_channel,im', limit: '200' })), owner: slackUser('priya.raman'), intruder: slackUser('lucia.fernandez'), refusal: 'filtered', secrets: (fx) => [fx.slack.leadership, fx.slack.dm] },
  { route: 'conversations.list private + im', request: slack('conversations.list', () => ({ types: 'private_channel,im', limit: '200' })), owner: slackUser('priya.raman'), intruder: slackBot, refusal: 'filtered', secrets: (fx) => [fx.slack.leadership, fx.slack.dm] },
  { route: 'search.messages', request: slack('search.messages', (fx) => ({ query: fx.slack.secret })), owner: slackUser('tom.becker'), intruder: slackUser('lucia.fernandez'), refusal: 'filtered', secrets: (fx) => [fx.slack.leadershipTs, fx.slack.leadership] },
  { route: 'search.messages (DM)', request: slack('search.messages', (fx) => ({ query: fx.slack.dmText })), owner: slackUser('priya.raman'), intruder: slackUser('lucia.fernandez'), refusal: 'filtered', secrets: (fx) => [fx.slack.dm] },
  { route: 'files.info private file', request: slack('files.info', (fx) => ({ file: fx.slack.fileId })), owner: slackUser('priya.raman'), intruder: slackUser('lucia.fernandez'), refusal: slackError('file_not_found'), secrets: (fx) => [fx.slack.fileName] },
  { route: 'files.info private file', request: slack('files.info', (fx) => ({ file: fx.slack.fileId })), owner: slackUser('priya.raman'), intruder: slackBot, refusal: slackError('file_not_found'), secrets: (fx) => [fx.slack.fileName] },
  { route: 'files.list', request: slack('files.list', () => ({ count: '100' })), owner: slackUser('priya.raman'), intruder: slackUser('lucia.fernandez'), refusal: 'filtered', secrets: (fx) => [fx.slack.fileId, fx.slack.fileName] },
  { route: 'url_private of a private file', request: (fx) => ({ url: fx.slack.fileUrl }), owner: slackUser('priya.raman'), intruder: slackUser('lucia.fernandez'), refusal: { status: 404 }, secrets: (fx) => [fx.slack.fileText] },
  { route: 'url_private of a private file', request: (fx) => ({ url: fx.slack.fileUrl }), owner: slackUser('priya.raman'), intruder: slackOtherSeed, refusal: { status: 403 }, secrets: (fx) => [fx.slack.fileText] },

  // Jira: an Engineering issue (Luca is Sales), a SITE issue (admins only), a comment restricted to administrators.
  { route: 'getIssue ENGI', request: jira((fx) => `/rest/api/3/issue/${fx.jira.engKey}`), owner: jiraUser('dana.whitfield'), intruder: jiraUser('luca.romano'), refusal: jiraIssueHidden, secrets: (fx) => [fx.jira.engSummary] },
  { route: 'getIssue ENGI (v2)', request: jira((fx) => `/rest/api/2/issue/${fx.jira.engKey}`), owner: jiraUser('dana.whitfield'), intruder: jiraUser('luca.romano'), refusal: jiraIssueHidden, secrets: (fx) => [fx.jira.engSummary] },
  { route: 'getIssue ENGI (OAuth 2.0 bearer)', request: jira((fx) => `/rest/api/3/issue/${fx.jira.engKey}`), owner: jiraBearer('dana.whitfield'), intruder: jiraBearer('luca.romano'), refusal: jiraIssueHidden, secrets: (fx) => [fx.jira.engSummary] },
  { route: 'getComments ENGI', request: jira((fx) => `/rest/api/3/issue/${fx.jira.engKey}/comment`), owner: jiraUser('dana.whitfield'), intruder: jiraUser('luca.romano'), refusal: jiraIssueHidden, secrets: (fx) => [fx.jira.engComment] },
  { route: 'getChangeLogs ENGI', request: jira((fx) => `/rest/api/3/issue/${fx.jira.engKey}/changelog`), owner: jiraUser('dana.whitfield'), intruder: jiraUser('luca.romano'), refusal: jiraIssueHidden, secrets: () => ['"values"'] },
  { route: 'getTransitions ENGI', request: jira((fx) => `/rest/api/3/issue/${fx.jira.engKey}/transitions`), owner: jiraUser('dana.whitfield'), intruder: jiraUser('luca.romano'), refusal: jiraIssueHidden, secrets: () => ['"transitions"'] },
  { route: 'getIssueWatchers ENGI', request: jira((fx) => `/rest/api/3/issue/${fx.jira.engKey}/watchers`), owner: jiraUser('dana.whitfield'), intruder: jiraUser('luca.romano'), refusal: jiraIssueHidden, secrets: () => ['"watchers"'] },
  { route: 'getProject ENGI', request: jira(() => '/rest/api/3/project/ENGI'), owner: jiraUser('dana.whitfield'), intruder: jiraUser('luca.romano'), refusal: { status: 404, body: { errorMessages: ["No project could be found with key 'ENGI'."] } }, secrets: () => ['Engineering'] },
  { route: 'searchForIssuesUsingJqlEnhancedSearch', request: jira(() => '/rest/api/3/search/jql', (fx) => ({ jql: `summary ~ "${fx.jira.engSummary}"`, fields: ['summary'] })), owner: jiraUser('dana.whitfield'), intruder: jiraUser('luca.romano'), refusal: 'filtered', secrets: (fx) => [fx.jira.engKey] },
  { route: 'getIssuePickerResource', request: jira((fx) => `/rest/api/3/issue/picker?query=${fx.jira.engSummary}`), owner: jiraUser('dana.whitfield'), intruder: jiraUser('luca.romano'), refusal: 'filtered', secrets: (fx) => [fx.jira.engKey] },
  { route: 'getCommentsByIds ENGI comment', request: jira(() => '/rest/api/3/comment/list', (fx) => ({ ids: [Number(fx.jira.engCommentId)] })), owner: jiraUser('dana.whitfield'), intruder: jiraUser('luca.romano'), refusal: 'filtered', secrets: (fx) => [fx.jira.engComment] },
  { route: 'browseIssue page ENGI (with credentials)', request: jira((fx) => `/browse/${fx.jira.engKey}`), owner: jiraUser('dana.whitfield'), intruder: jiraUser('luca.romano'), refusal: { status: 404 }, secrets: (fx) => [fx.jira.engSummary] },
  { route: 'getIssue SITE (admins only)', request: jira((fx) => `/rest/api/3/issue/${fx.jira.siteKey}`), owner: jiraUser('priya.raman'), intruder: jiraUser('lucia.fernandez'), refusal: jiraIssueHidden, secrets: (fx) => [fx.jira.siteSummary] },
  { route: 'getComments (group-restricted comment)', request: jira((fx) => `/rest/api/3/issue/${fx.jira.corpKey}/comment`), owner: jiraUser('priya.raman'), intruder: jiraUser('lucia.fernandez'), refusal: 'filtered', secrets: (fx) => [fx.jira.hiddenComment] },
  { route: 'getCommentsByIds (group-restricted comment)', request: jira(() => '/rest/api/3/comment/list', (fx) => ({ ids: [Number(fx.jira.hiddenCommentId)] })), owner: jiraUser('priya.raman'), intruder: jiraUser('lucia.fernandez'), refusal: 'filtered', secrets: (fx) => [fx.jira.hiddenComment] },
  { route: 'getIssue ENGI', request: jira((fx) => `/rest/api/3/issue/${fx.jira.engKey}`), owner: jiraUser('dana.whitfield'), intruder: jiraOtherSeed('dana.whitfield'), refusal: { status: 401 }, secrets: (fx) => [fx.jira.engSummary] },
  { route: 'getIssue CORP (company-wide)', request: jira((fx) => `/rest/api/3/issue/${fx.jira.corpKey}`), owner: jiraUser('lucia.fernandez'), intruder: jiraUser('jamal.carter'), refusal: { status: 401 }, secrets: (fx) => [fx.jira.corpSummary] },

  // Google: Lucia's own Doc, Dana's budget Sheet (Engineering group only), the Engineering shared drive, the Directory.
  { route: 'drive.files.get private Doc', request: google((fx) => `drive/v3/files/${fx.google.docId}`), owner: googleUser('lucia.fernandez'), intruder: googleUser('omar.haddad'), refusal: driveNotFound((fx) => fx.google.docId), secrets: (fx) => [fx.google.docTitle] },
  { route: 'drive.files.get private Doc', request: google((fx) => `drive/v3/files/${fx.google.docId}`), owner: googleUser('lucia.fernandez'), intruder: googleUser('priya.raman'), refusal: driveNotFound((fx) => fx.google.docId), secrets: (fx) => [fx.google.docTitle] },
  { route: 'drive.files.export private Doc', request: google((fx) => `drive/v3/files/${fx.google.docId}/export?mimeType=text/plain`), owner: googleUser('lucia.fernandez'), intruder: googleUser('omar.haddad'), refusal: driveNotFound((fx) => fx.google.docId), secrets: (fx) => [fx.google.docText] },
  { route: 'drive.permissions.list private Doc', request: google((fx) => `drive/v3/files/${fx.google.docId}/permissions`), owner: googleUser('lucia.fernandez'), intruder: googleUser('omar.haddad'), refusal: driveNotFound((fx) => fx.google.docId), secrets: () => [mail('lucia.fernandez')] },
  { route: 'drive.files.list by name', request: google((fx) => `drive/v3/files?q=${encodeURIComponent(`name contains '${fx.google.docTitle}'`)}`), owner: googleUser('lucia.fernandez'), intruder: googleUser('omar.haddad'), refusal: 'filtered', secrets: (fx) => [fx.google.docId] },
  { route: 'docs.documents.get private Doc', request: google((fx) => `v1/documents/${fx.google.docId}`), owner: googleUser('lucia.fernandez'), intruder: googleUser('omar.haddad'), refusal: googleDenied, secrets: (fx) => [fx.google.docText, fx.google.docTitle] },
  { route: 'sheets.spreadsheets.get budget', request: google((fx) => `v4/spreadsheets/${fx.google.budgetId}?includeGridData=true`), owner: googleUser('dana.whitfield'), intruder: googleUser('luca.romano'), refusal: googleDenied, secrets: (fx) => [fx.google.budgetCell, fx.google.budgetTitle] },
  { route: 'sheets.spreadsheets.values.get budget', request: google((fx) => `v4/spreadsheets/${fx.google.budgetId}/values/A1`), owner: googleUser('dana.whitfield'), intruder: googleUser('luca.romano'), refusal: googleDenied, secrets: (fx) => [fx.google.budgetCell] },
  { route: 'drive.drives.get Engineering shared drive', request: google((fx) => `drive/v3/drives/${fx.google.teamDriveId}`), owner: googleUser('dana.whitfield'), intruder: googleUser('luca.romano'), refusal: (fx) => ({ status: 404, body: { error: { code: 404, message: `Shared drive not found: ${fx.google.teamDriveId}`, errors: [{ reason: 'notFound' }] } } }), secrets: (fx) => [fx.google.teamDriveName] },
  { route: 'directory.users.get (non-admin)', request: google(() => `admin/directory/v1/users/${mail('dana.whitfield')}`), owner: googleUser('priya.raman'), intruder: googleUser('lucia.fernandez'), refusal: directoryDenied, secrets: (fx) => [fx.google.danaId] },
  { route: 'directory.users.list (non-admin)', request: google(() => 'admin/directory/v1/users?customer=my_customer'), owner: googleUser('priya.raman'), intruder: googleUser('lucia.fernandez'), refusal: directoryDenied, secrets: (fx) => [fx.google.danaId] },
  { route: 'directory.groups.list (non-admin)', request: google(() => 'admin/directory/v1/groups?customer=my_customer'), owner: googleUser('priya.raman'), intruder: googleUser('lucia.fernandez'), refusal: directoryDenied, secrets: () => ['admin#directory#group'] },
  { route: 'directory.members.list (non-member, non-admin)', request: google(() => `admin/directory/v1/groups/${encodeURIComponent(mail('engineering'))}/members`), owner: googleUser('priya.raman'), intruder: googleUser('luca.romano'), refusal: directoryDenied, secrets: () => [mail('dana.whitfield')] },
  { route: 'directory.users.list (no directory scope)', request: google(() => 'admin/directory/v1/users?customer=my_customer'), owner: googleUser('priya.raman'), intruder: googleDriveReadonly, refusal: { status: 403, body: { error: { code: 403, status: 'PERMISSION_DENIED', errors: [{ reason: 'insufficientPermissions' }] } } }, secrets: (fx) => [fx.google.danaId] },
  { route: 'drive.files.get private Doc', request: google((fx) => `drive/v3/files/${fx.google.docId}`), owner: googleUser('lucia.fernandez'), intruder: googleOtherSeed('lucia.fernandez'), refusal: googleUnauthenticated, secrets: (fx) => [fx.google.docTitle] },
  { route: 'drive.files.get domain-shared file', request: google((fx) => `drive/v3/files/${fx.google.domainFileId}`), owner: googleUser('luca.romano'), intruder: googleUser('jamal.carter'), refusal: googleUnauthenticated, secrets: (fx) => [fx.google.domainFileName] },

  // Okta: a user only admins may read; tokens without the scope, of another org, of the wrong server.
  { route: 'getUser', request: okta((fx) => `/api/v1/users/${fx.okta.userId}`), owner: oktaReadOnlyAdmin, intruder: oktaOtherSeed, refusal: oktaInvalidToken, secrets: (fx) => [fx.okta.lastName] },
  { route: 'getUser', request: okta((fx) => `/api/v1/users/${fx.okta.userId}`), owner: oktaAdmin, intruder: oktaNoToken, refusal: { status: 403, body: { errorCode: 'E0000005', errorSummary: 'Invalid session' } }, secrets: (fx) => [fx.okta.lastName] },
  { route: 'getUser', request: okta((fx) => `/api/v1/users/${fx.okta.userId}`), owner: oktaAdmin, intruder: oktaGroupsOnly, refusal: oktaForbidden, secrets: (fx) => [fx.okta.lastName] },
  { route: 'getUser', request: okta((fx) => `/api/v1/users/${fx.okta.userId}`), owner: oktaAdmin, intruder: oktaCustomAs, refusal: oktaInvalidToken, secrets: (fx) => [fx.okta.lastName] },
  { route: 'listUsers', request: okta(() => '/api/v1/users?limit=200'), owner: oktaAdmin, intruder: oktaGroupsOnly, refusal: oktaForbidden, secrets: (fx) => [fx.okta.userId, fx.okta.lastName] },
  { route: 'listUserGroups', request: okta((fx) => `/api/v1/users/${fx.okta.userId}/groups`), owner: oktaAdmin, intruder: oktaGroupsOnly, refusal: oktaForbidden, secrets: () => ['Everyone'] },
  { route: 'listUsers', request: okta(() => '/api/v1/users?limit=200'), owner: oktaAdmin, intruder: oktaCustomAs, refusal: oktaInvalidToken, secrets: (fx) => [fx.okta.userId, fx.okta.lastName] },
  { route: 'listLogEvents', request: okta(() => '/api/v1/logs?limit=1000'), owner: oktaAdmin, intruder: oktaGroupsOnly, refusal: oktaForbidden, secrets: (fx) => [fx.okta.userId, fx.okta.lastName] },
];

// --- the run -----------------------------------------------------------------------------------------------
let universe: Universe;
let fx: Fixture;
beforeAll(async () => {
  const other = await startUniverse({ port: 0, seed: 62, fixture: 'small-org', console: false });
  try {
    universe = await startUniverse({ port: 0, seed: 61, fixture: 'small-org', console: false });
    fx = await buildFixture(universe, other);
  } finally {
    await other.close();
  }
}, 60_000);
afterAll(() => universe?.close());

/** Secrets the intruder did not send themselves (an error may echo the id or key that was asked for). */
function unsent(secrets: string[], request: { url: string; json?: unknown }): string[] {
  const sent = decodeURIComponent(request.url) + JSON.stringify(request.json ?? '');
  return secrets.filter((s) => !sent.includes(s));
}

describe('cross-tenant / permission matrix', () => {
  it.each(MATRIX.map((row) => [`${row.route}: ${row.intruder.label} (owner: ${row.owner.label})`, row] as const))('%s', async (_name, row) => {
    const request = row.request(fx);
    const secrets = row.secrets(fx);
    const send = (who: Credential) => http(request.url, { method: request.method, json: request.json, headers: { accept: 'application/json', ...who.headers(fx) } });

    const owner = await send(row.owner);
    expect(owner.status, owner.text.slice(0, 300)).toBeLessThan(300);
    if (owner.body && 'ok' in owner.body) expect(owner.body.ok, owner.text.slice(0, 300)).toBe(true);
    expect(owner.text, 'the owner sees the object').toContain(secrets[0]);

    const intruder = await send(row.intruder);
    const refusal = typeof row.refusal === 'function' ? row.refusal(fx) : row.refusal;
    if (refusal === 'filtered') {
      expect(intruder.status, intruder.text.slice(0, 300)).toBe(200);
      if (intruder.body && 'ok' in intruder.body) expect(intruder.body.ok).toBe(true);
    } else {
      expect({ status: intruder.status, body: intruder.body }, intruder.text.slice(0, 300)).toMatchObject(refusal.body ? refusal : { status: refusal.status });
    }
    for (const secret of unsent(secrets, request)) expect(intruder.text, 'no trace of the object').not.toContain(secret);
  });
});
