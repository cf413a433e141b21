// Scenario fixtures: fixtures/offboarding.yaml and fixtures/onboarding.yaml seed the whole universe —
// Okta app assignments, Slack channels, Jira projects, Drive files — and each section is checked here
// through the vendor's official SDK; a person not assigned to an app does not exist in that twin.
import okta from '@okta/okta-sdk-nodejs';
import { WebClient } from '@slack/web-api';
import { google } from 'googleapis';
import { Version3Client } from 'jira.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUniverse, type Universe } from '../../shared/universe/start-universe.js';

const ACME = (local: string) => `${local}@acme.example.com`;
const GLOBEX = (local: string) => `${local}@globex.example.com`;
const DANA = ACME('dana.reyes');

const slackAs = (u: Universe, email: string) => new WebClient((u.credentials.slack.userTokens as Record<string, string>)[email], { slackApiUrl: u.credentials.slack.apiUrl, retryConfig: { retries: 0 } });
const jiraAs = (u: Universe, email: string) => new Version3Client({ host: u.credentials.jira.host, authentication: { basic: { email, apiToken: (u.credentials.jira.userTokens as Record<string, string>)[email] } } });
const googleAuth = (u: Universe, email: string) => {
  const auth = new google.auth.OAuth2();
  auth.setCredentials({ access_token: (u.credentials.google.userTokens as Record<string, string>)[email] });
  return auth;
};
const driveAs = (u: Universe, email: string) => google.drive({ version: 'v3', auth: googleAuth(u, email), rootUrl: u.credentials.google.rootUrl });
const oktaClient = (u: Universe) => new okta.Client({ orgUrl: u.credentials.okta.orgUrl, token: u.credentials.okta.apiToken, requestExecutor: new okta.DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 0 }) });
async function collect<T>(items: AsyncIterable<T>): Promise<NonNullable<T>[]> {
  const out: NonNullable<T>[] = [];
  for await (const item of items) if (item !== null && item !== undefined) out.push(item);
  return out;
}
/** Okta's seeded SAML app for a twin. */
async function samlApp(client: okta.Client, label: string) {
  const apps = await collect(await client.applicationApi.listApplications({ q: label }));
  return apps.find((a) => a.label === label)!;
}
const consistency = async (u: Universe) => (await fetch(`${u.urls.control}/_dtu/consistency`)).json();

describe('fixtures/offboarding.yaml', () => {
  let u: Universe;
  beforeAll(async () => { u = await startUniverse({ fixture: 'offboarding', port: 0, seed: 42 }); });
  afterAll(() => u?.close());

  it('Slack: Dana\'s private channel with its members, topic, purpose and history; a group-made public channel', async () => {
    const slack = slackAs(u, DANA);
    const list = await slack.conversations.list({ types: 'private_channel', exclude_archived: true });
    const channel = list.channels!.find((c) => c.name === 'sales-leadership')!;
    expect(channel).toMatchObject({ is_private: true, topic: { value: 'Pipeline, pricing and people' }, purpose: { value: 'Dana\'s private channel for the sales leads' } });
    const { members } = await slack.conversations.members({ channel: channel.id! });
    const idOf = async (email: string) => (await slack.users.lookupByEmail({ email })).user!.id!;
    expect(new Set(members)).toEqual(new Set(await Promise.all(['dana.reyes', 'leo.martins', 'priya.shah', 'maya.chen'].map((l) => idOf(ACME(l))))));
    expect(channel.creator).toBe(await idOf(DANA));
    const history = await slack.conversations.history({ channel: channel.id! });
    expect(history.messages!.map((m) => m.text).reverse()).toEqual([
      'Q3 pipeline review moves to Thursday; the forecast sheet is in the Sales Team folder.',
      'I\'ll have my numbers in the sheet by Wednesday night.',
      'Thanks both. Dana, can you walk me through the two big renewals first?',
    ]);
    expect(history.messages!.at(-1)!.user).toBe(await idOf(DANA));
    // Someone outside the private channel does not see it.
    const outsider = await slackAs(u, ACME('grace.kim')).conversations.list({ types: 'private_channel' });
    expect(outsider.channels!.map((c) => c.name)).not.toContain('sales-leadership');
    // A channel whose members are a group: the Deal Desk's three people.
    const deals = (await slack.conversations.list({ types: 'public_channel' })).channels!.find((c) => c.name === 'deal-desk')!;
    const dealMembers = (await slack.conversations.members({ channel: deals.id! })).members!;
    expect(new Set(dealMembers)).toEqual(new Set([...await Promise.all(['dana.reyes', 'sam.okoro', 'hugo.laurent'].map((l) => idOf(ACME(l)))), u.credentials.slack.botUserId]));
    // `bot: true`: the app's bot is in #deal-desk and reads it; it is not in Dana's private channel.
    const bot = new WebClient(u.credentials.slack.botToken, { slackApiUrl: u.credentials.slack.apiUrl, retryConfig: { retries: 0 } });
    expect(dealMembers).toContain(u.credentials.slack.botUserId);
    expect((await bot.conversations.history({ channel: deals.id! })).messages![0].text).toContain('18% off the Northwind renewal');
    await expect(bot.conversations.history({ channel: channel.id! })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    const groups = await slack.usergroups.list({ include_users: true });
    expect(groups.usergroups!.find((g) => g.handle === 'deal-desk')).toMatchObject({ name: 'Deal Desk', description: 'Approves discounts and non-standard contract terms' });
  });

  it('Jira: Dana leads DEALS, which only Sales and the Deal Desk browse; JQL finds its issues with assignee, status and due date', async () => {
    const jira = jiraAs(u, DANA);
    const me = await jira.myself.getCurrentUser();
    const project = await jira.projects.getProject({ projectIdOrKey: 'DEALS' });
    expect(project).toMatchObject({ key: 'DEALS', name: 'Deal Desk', description: 'Contract reviews and discount approvals' });
    expect(project.lead?.accountId).toBe(me.accountId);
    const found = await jira.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'project = DEALS ORDER BY key ASC', fields: ['summary', 'status', 'assignee', 'duedate', 'labels', 'issuetype', 'priority'] });
    expect(found.issues!.map((i) => [i.key, i.fields.summary, i.fields.status?.name, i.fields.issuetype?.name])).toEqual([
      ['DEALS-1', 'Approve Northwind renewal discount', 'In Progress', 'Task'],
      ['DEALS-2', 'Update the standard MSA template', 'To Do', 'Story'],
      ['DEALS-3', 'Q2 deal retrospective', 'Done', 'Task'],
    ]);
    expect(found.issues![0].fields).toMatchObject({ duedate: '2026-02-13', labels: ['renewal', 'discount'], assignee: { accountId: me.accountId } });
    expect(found.issues![1].fields.priority?.name).toBe('High');
    const mine = await jira.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'project = DEALS AND assignee = currentUser() AND statusCategory != Done ORDER BY key ASC', fields: ['summary'] });
    expect(mine.issues!.map((i) => i.key)).toEqual(['DEALS-1', 'DEALS-2']);
    // An engineer does not browse DEALS (Jira answers 404), but does browse PLAT.
    const grace = jiraAs(u, ACME('grace.kim'));
    await expect(grace.projects.getProject({ projectIdOrKey: 'DEALS' })).rejects.toMatchObject({ status: 404 });
    expect((await grace.projects.getProject({ projectIdOrKey: 'PLAT' })).lead?.displayName).toBe('Nina Volkova');
  });

  it('Google Drive: Dana\'s folder, Doc, Sheet and file with their shares; her team reads them, others do not', async () => {
    const drive = driveAs(u, DANA);
    const mine = await drive.files.list({ q: `'${DANA}' in owners and trashed = false`, fields: 'files(id,name,mimeType,parents)', pageSize: 100 });
    const byName = new Map(mine.data.files!.map((f) => [f.name, f]));
    const folder = byName.get('Sales Team')!;
    expect(folder.mimeType).toBe('application/vnd.google-apps.folder');
    expect(byName.get('Q3 Pipeline')).toMatchObject({ mimeType: 'application/vnd.google-apps.spreadsheet', parents: [folder.id] });
    expect(byName.get('Q3 Sales Playbook')).toMatchObject({ mimeType: 'application/vnd.google-apps.document', parents: [folder.id] });
    expect(byName.get('customer-contacts.csv')?.mimeType).toBe('text/csv');
    const sheet = byName.get('Q3 Pipeline')!;
    const perms = await drive.permissions.list({ fileId: sheet.id!, fields: 'permissions(type,role,emailAddress)' });
    expect(perms.data.permissions).toEqual(expect.arrayContaining([
      expect.objectContaining({ type: 'user', role: 'owner', emailAddress: DANA }),
      expect.objectContaining({ type: 'group', role: 'writer', emailAddress: 'sales@acme.example.com' }),
      expect.objectContaining({ type: 'group', role: 'commenter', emailAddress: 'deal-desk@acme.example.com' }),
    ]));
    expect(perms.data.permissions).toHaveLength(3);
    // Leo (Sales) reads the Sheet's values (the total is a formula) and the Doc; Grace (Engineering) cannot see them.
    const sheets = google.sheets({ version: 'v4', auth: googleAuth(u, ACME('leo.martins')), rootUrl: u.credentials.google.rootUrl });
    const values = await sheets.spreadsheets.values.get({ spreadsheetId: sheet.id!, range: 'A1:D5' });
    expect(values.data.values?.[1]).toEqual(['Northwind', 'Leo', 'Negotiation', '120000']);
    expect(values.data.values?.[4]?.[3]).toBe('245000');
    const docs = google.docs({ version: 'v1', auth: googleAuth(u, ACME('leo.martins')), rootUrl: u.credentials.google.rootUrl });
    const doc = await docs.documents.get({ documentId: byName.get('Q3 Sales Playbook')!.id! });
    expect(JSON.stringify(doc.data.body)).toContain('Discounts above 15% go to the Deal Desk.');
    const media = await driveAs(u, ACME('hugo.laurent')).files.get({ fileId: byName.get('customer-contacts.csv')!.id!, alt: 'media' }, { responseType: 'text' });
    expect(String(media.data)).toContain('Northwind,Ana Ruiz');
    await expect(driveAs(u, ACME('grace.kim')).files.get({ fileId: sheet.id! })).rejects.toMatchObject({ status: 404 });
  });

  it('Okta: the Jira app is assigned to four groups; Maya (CEO) is not assigned, so she has no Jira account, but is in Slack and Google', async () => {
    const client = oktaClient(u);
    const jiraApp = await samlApp(client, 'Jira Cloud');
    const groupIds = (await collect(await client.applicationApi.listApplicationGroupAssignments({ appId: jiraApp.id! }))).map((g) => g.id);
    const groupNames = await Promise.all(groupIds.map(async (id) => (await client.groupApi.getGroup({ groupId: id! })).profile!.name));
    expect(groupNames.sort()).toEqual(['Deal Desk', 'Engineering', 'IT', 'Sales']);
    const jiraUsers = (await collect(await client.applicationApi.listApplicationUsers({ appId: jiraApp.id! }))).map((a) => a.credentials?.userName);
    expect(jiraUsers).toContain(DANA);
    expect(jiraUsers).toContain(ACME('hugo.laurent')); // through the Deal Desk
    expect(jiraUsers).not.toContain(ACME('maya.chen'));
    const slackApp = await samlApp(client, 'Slack');
    expect((await collect(await client.applicationApi.listApplicationUsers({ appId: slackApp.id! }))).map((a) => a.credentials?.userName)).toContain(ACME('maya.chen'));

    const users = await jiraAs(u, DANA).userSearch.findUsers({ query: 'maya.chen' });
    expect(users).toEqual([]);
    expect((await jiraAs(u, DANA).userSearch.findUsers({ query: 'hugo.laurent' })).map((x) => x.emailAddress)).toEqual([ACME('hugo.laurent')]);
    expect((await slackAs(u, DANA).users.lookupByEmail({ email: ACME('maya.chen') })).user?.real_name).toBe('Maya Chen');
  });

  it('a reset seeds the scenario again', async () => {
    const slack = slackAs(u, DANA);
    const channel = (await slack.conversations.list({ types: 'public_channel' })).channels!.find((c) => c.name === 'deal-desk')!;
    await slack.conversations.archive({ channel: channel.id! });
    await u.reset();
    const again = (await slack.conversations.list({ types: 'public_channel', exclude_archived: true })).channels!.find((c) => c.name === 'deal-desk');
    expect(again).toMatchObject({ id: channel.id, is_archived: false });
  });

  it('the control plane finds the scenario consistent with Okta', async () => {
    const report = await consistency(u);
    expect(report.drifting).toBe(0);
    expect(report.ok).toBe(true);
    const maya = report.people.find((p: { email: string }) => p.email === ACME('maya.chen'));
    expect(maya.twins.jira).toBe('absent');
  });
});

describe('fixtures/onboarding.yaml', () => {
  let u: Universe;
  beforeAll(async () => { u = await startUniverse({ fixture: 'onboarding', port: 0, seed: 7 }); });
  afterAll(() => u?.close());

  it('the new starters are in Okta and Slack but not in Jira or Google, until they are assigned', async () => {
    const client = oktaClient(u);
    const ivy = await client.userApi.getUser({ userId: GLOBEX('ivy.turner') });
    expect(ivy.status).toBe('ACTIVE');
    for (const label of ['Jira Cloud', 'Google Workspace']) {
      const app = await samlApp(client, label);
      const assigned = (await collect(await client.applicationApi.listApplicationUsers({ appId: app.id! }))).map((a) => a.credentials?.userName);
      expect(assigned).toContain(GLOBEX('femi.adeyemi'));
      expect(assigned).not.toContain(GLOBEX('ivy.turner'));
      expect(assigned).not.toContain(GLOBEX('ben.carter'));
      expect(assigned).toContain(GLOBEX('tom.becker')); // the admin the credentials act as
    }
    const slack = slackAs(u, GLOBEX('carmen.ortiz'));
    expect((await slack.users.lookupByEmail({ email: GLOBEX('ivy.turner') })).user?.real_name).toBe('Ivy Turner');
    const channel = (await slack.conversations.list({ types: 'public_channel' })).channels!.find((c) => c.name === 'new-starters')!;
    expect((await slack.conversations.members({ channel: channel.id! })).members).toHaveLength(4);

    const jira = jiraAs(u, GLOBEX('tom.becker'));
    expect(await jira.userSearch.findUsers({ query: 'ivy.turner' })).toEqual([]);
    const onb = await jira.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'project = ONB AND labels = onboarding ORDER BY key ASC', fields: ['summary', 'duedate'] });
    expect(onb.issues!.map((i) => [i.fields.summary, i.fields.duedate])).toEqual([['Provision accounts for Ivy Turner', '2026-01-12'], ['Provision accounts for Ben Carter', '2026-01-12']]);

    const admin = google.admin({ version: 'directory_v1', auth: googleAuth(u, GLOBEX('tom.becker')), rootUrl: u.credentials.google.rootUrl });
    await expect(admin.users.get({ userKey: GLOBEX('ivy.turner') })).rejects.toMatchObject({ status: 404 });
    expect((await admin.users.get({ userKey: GLOBEX('femi.adeyemi') })).data.primaryEmail).toBe(GLOBEX('femi.adeyemi'));
    const members = await admin.members.list({ groupKey: `engineering@globex.example.com` });
    expect(members.data.members!.map((m) => m.email).sort()).toEqual([GLOBEX('femi.adeyemi'), GLOBEX('wei.zhang')]);
    // The checklist is shared with the Onboarded group: Femi reads it.
    const files = await driveAs(u, GLOBEX('femi.adeyemi')).files.list({ q: "name = 'Onboarding checklist'", fields: 'files(id,owners(emailAddress))' });
    expect(files.data.files![0].owners![0].emailAddress).toBe(GLOBEX('carmen.ortiz'));

    const report = await consistency(u);
    expect(report.ok).toBe(true);
    expect(report.people.find((p: { email: string }) => p.email === GLOBEX('ivy.turner')).twins).toMatchObject({ jira: 'absent', google: 'absent' });
  });
});
