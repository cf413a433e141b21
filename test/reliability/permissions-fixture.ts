// The objects the permission matrix (permissions.test.ts) probes, made through each twin's API by their
// owners in a universe on the small-org fixture, plus the credentials that must not see them.
// People: Priya and Tom are admins (Slack #leadership, Jira SITE, Workspace admins); Dana and Lucia are
// Engineering, Luca is Sales; Jamal is suspended. Every secret is a word nobody else could have seen.
import { importPKCS8, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import type { Universe } from '../../shared/universe/start-universe.js';

export const DOMAIN = 'northwind-robotics.example.com';
export const mail = (name: string) => `${name}@${DOMAIN}`;

type Json = Record<string, any>;
export interface Answer { status: number; text: string; body: Json | null }

export async function http(url: string, init: { method?: string; headers?: Record<string, string>; json?: unknown; raw?: string } = {}): Promise<Answer> {
  const body = init.json === undefined ? init.raw : JSON.stringify(init.json);
  const response = await fetch(url, {
    method: init.method ?? 'GET', body,
    headers: { ...(init.json === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
  });
  const text = await response.text();
  let parsed: Json | null = null;
  try { parsed = JSON.parse(text) as Json; } catch { /* HTML or plain text */ }
  return { status: response.status, text, body: parsed };
}

async function ok(answer: Promise<Answer>, what: string): Promise<Json> {
  const a = await answer;
  if (a.status >= 300 || a.body?.ok === false) throw new Error(`fixture: ${what} failed: ${a.status} ${a.text.slice(0, 300)}`);
  return a.body ?? {};
}

export interface Fixture {
  creds: Json;
  /** Credentials of a universe on another seed (same people), for "a token of another universe". */
  otherCreds: Json;
  slack: { leadership: string; leadershipTs: string; replyText: string; dm: string; dmText: string; fileId: string; fileName: string; fileUrl: string; fileText: string; secret: string; tomId: string };
  jira: { engKey: string; engSummary: string; engComment: string; engCommentId: string; siteKey: string; siteSummary: string; corpKey: string; corpSummary: string; hiddenComment: string; hiddenCommentId: string };
  google: { docId: string; docTitle: string; docText: string; budgetId: string; budgetTitle: string; budgetCell: string; teamDriveId: string; teamDriveName: string; danaId: string; domainFileId: string; domainFileName: string };
  okta: { userId: string; lastName: string; groupsOnlyToken: string; customAsToken: string };
}

export async function buildFixture(universe: Universe, other: Universe): Promise<Fixture> {
  const creds = universe.credentials;
  const word = (label: string) => `${label}${randomUUID().slice(0, 8)}`;
  return {
    creds, otherCreds: other.credentials,
    slack: await slackObjects(creds.slack, word),
    jira: await jiraObjects(creds.jira, word),
    google: await googleObjects(creds.google, word),
    okta: await oktaObjects(creds.okta, word),
  };
}

async function slackObjects(slack: Json, word: (l: string) => string): Promise<Fixture['slack']> {
  const as = (who: string) => ({ authorization: `Bearer ${slack.userTokens[mail(who)]}` });
  const call = (method: string, who: string, json: Json) => ok(http(`${slack.apiUrl}${method}`, { method: 'POST', headers: as(who), json }), method);
  const channels = (await call('conversations.list', 'priya.raman', { types: 'public_channel,private_channel', limit: 200 })).channels as Json[];
  const leadership = channels.find((c) => c.name === 'leadership')!.id as string;
  const secret = word('slackboardsecret');
  const leadershipTs = (await call('chat.postMessage', 'priya.raman', { channel: leadership, text: `${secret} layoffs plan` })).ts as string;
  const replyText = word('slackthreadsecret');
  await call('chat.postMessage', 'tom.becker', { channel: leadership, thread_ts: leadershipTs, text: replyText });
  const tom = (await call('users.lookupByEmail', 'priya.raman', { email: mail('tom.becker') })).user.id as string;
  const dm = (await call('conversations.open', 'priya.raman', { users: tom })).channel.id as string;
  const dmText = word('slackdmsecret');
  await call('chat.postMessage', 'priya.raman', { channel: dm, text: dmText });
  // A file uploaded without a channel is private to its uploader.
  const fileName = `${word('salaries')}.csv`;
  const fileText = word('salarysecret');
  const bytes = `name,salary\n${fileText},1\n`;
  const upload = await call('files.getUploadURLExternal', 'priya.raman', { filename: fileName, length: bytes.length });
  await ok(http(upload.upload_url, { method: 'POST', raw: bytes, headers: { 'content-type': 'text/csv' } }), 'upload');
  const completed = await call('files.completeUploadExternal', 'priya.raman', { files: [{ id: upload.file_id, title: fileName }] });
  return { leadership, leadershipTs, replyText, dm, dmText, fileId: upload.file_id, fileName, fileUrl: completed.files[0].url_private, fileText, secret, tomId: tom };
}

export const jiraBasic = (jira: Json, who: string) =>
  ({ authorization: `Basic ${Buffer.from(`${mail(who)}:${jira.userTokens[mail(who)]}`).toString('base64')}`, accept: 'application/json' });

async function jiraObjects(jira: Json, word: (l: string) => string): Promise<Fixture['jira']> {
  const create = async (who: string, project: string, summary: string) =>
    (await ok(http(`${jira.host}/rest/api/3/issue`, { method: 'POST', headers: jiraBasic(jira, who), json: { fields: { project: { key: project }, summary, issuetype: { name: 'Task' } } } }), `create ${project}`)).key as string;
  const engSummary = word('jiraengsecret');
  const siteSummary = word('jirasitesecret');
  const engKey = await create('dana.whitfield', 'ENGI', engSummary);
  const siteKey = await create('priya.raman', 'SITE', siteSummary);
  const corpSummary = word('jiracorpsummary');
  const corpKey = await create('priya.raman', 'CORP', corpSummary);
  const engComment = word('jiraengcomment');
  const engCommentId = (await ok(http(`${jira.host}/rest/api/2/issue/${engKey}/comment`, { method: 'POST', headers: jiraBasic(jira, 'dana.whitfield'), json: { body: engComment } }), 'comment')).id as string;
  const hiddenComment = word('jiraadmincomment');
  const hiddenCommentId = (await ok(http(`${jira.host}/rest/api/2/issue/${corpKey}/comment`, { method: 'POST', headers: jiraBasic(jira, 'priya.raman'), json: { body: hiddenComment, visibility: { type: 'group', value: 'administrators' } } }), 'restricted comment')).id as string;
  return { engKey, engSummary, engComment, engCommentId, siteKey, siteSummary, corpKey, corpSummary, hiddenComment, hiddenCommentId };
}

async function googleObjects(google: Json, word: (l: string) => string): Promise<Fixture['google']> {
  const as = (who: string) => ({ authorization: `Bearer ${google.userTokens[mail(who)]}` });
  const docTitle = word('lucianotes');
  const docText = word('googledocsecret');
  const doc = await ok(http(`${google.rootUrl}v1/documents`, { method: 'POST', headers: as('lucia.fernandez'), json: { title: docTitle } }), 'docs.create');
  await ok(http(`${google.rootUrl}v1/documents/${doc.documentId}:batchUpdate`, { method: 'POST', headers: as('lucia.fernandez'), json: { requests: [{ insertText: { location: { index: 1 }, text: docText } }] } }), 'docs.batchUpdate');
  // Dana's budget is shared with the Engineering group only; she writes a figure nobody outside saw.
  const files = await ok(http(`${google.rootUrl}drive/v3/files?q=${encodeURIComponent("name = 'Engineering budget Whitfield'")}&fields=files(id,name)`, { headers: as('dana.whitfield') }), 'files.list');
  const budget = files.files[0] as Json;
  const budgetCell = word('googlecellsecret');
  await ok(http(`${google.rootUrl}v4/spreadsheets/${budget.id}/values/A1?valueInputOption=RAW`, { method: 'PUT', headers: as('dana.whitfield'), json: { values: [[budgetCell]] } }), 'values.update');
  const drives = await ok(http(`${google.rootUrl}drive/v3/drives`, { headers: as('dana.whitfield') }), 'drives.list');
  const teamDrive = (drives.drives as Json[]).find((d) => d.name.startsWith('Engineering'))!;
  const domainFileName = 'About Priya Raman';
  const domainFile = (await ok(http(`${google.rootUrl}drive/v3/files?q=${encodeURIComponent(`name = '${domainFileName}'`)}`, { headers: as('priya.raman') }), 'files.list')).files[0] as Json;
  const dana = await ok(http(`${google.rootUrl}admin/directory/v1/users/${mail('dana.whitfield')}`, { headers: as('priya.raman') }), 'users.get');
  return { docId: doc.documentId, docTitle, docText, budgetId: budget.id, budgetTitle: budget.name, budgetCell, teamDriveId: teamDrive.id, teamDriveName: teamDrive.name, danaId: dana.id, domainFileId: domainFile.id, domainFileName };
}

async function oktaObjects(okta: Json, word: (l: string) => string): Promise<Fixture['okta']> {
  const lastName = word('oktasecret');
  const login = `${lastName}@${DOMAIN}`;
  const user = await ok(http(`${okta.orgUrl}/api/v1/users?activate=false`, { method: 'POST', headers: { authorization: `SSWS ${okta.apiToken}` }, json: { profile: { firstName: 'Hidden', lastName, email: login, login } } }), 'createUser');
  // The service app's token with only okta.groups.read (Okta: client_credentials + private_key_jwt at the org server).
  const app = okta.serviceApp as Json;
  const assertion = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: app.keyId }).setIssuer(app.clientId).setSubject(app.clientId)
    .setAudience(app.tokenUrl).setIssuedAt().setExpirationTime('5m').setJti(randomUUID()).sign(await importPKCS8(app.privateKey, 'RS256'));
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const formHeaders = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  const groupsOnly = await ok(http(app.tokenUrl, { method: 'POST', headers: formHeaders, raw: form({ grant_type: 'client_credentials', scope: 'okta.groups.read', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }) }), 'service token');
  // An access token of the default (custom) authorization server: for the app's API, not Okta's.
  const basic = `Basic ${Buffer.from(`${okta.oidc.clientId}:${okta.oidc.clientSecret}`).toString('base64')}`;
  const custom = await ok(http(`${okta.oidc.issuer}/v1/token`, { method: 'POST', headers: { ...formHeaders, authorization: basic }, raw: form({ grant_type: 'client_credentials', scope: okta.oidc.scope }) }), 'custom AS token');
  return { userId: user.id, lastName, groupsOnlyToken: groupsOnly.access_token, customAsToken: custom.access_token };
}
