// The universe's end-to-end stories, written against URLs and credentials only, so the same story runs
// on a universe in this process and on twins in separate processes (docker-compose.yml's services).
// Each story drives Okta through its official SDK and checks every target through that target's own
// official client, then returns what it saw, so two runs can be compared.
import okta from '@okta/okta-sdk-nodejs';
import { WebClient } from '@slack/web-api';
import { google, type admin_directory_v1, type drive_v3 } from 'googleapis';
import { Version3Client } from 'jira.js';
import { expect } from 'vitest';
import { tokens } from '../../shared/seeding/people-ids.js';

export interface UniverseEnv {
  urls: { control: string; okta: string; slack: string; jira: string; google: string };
  credentials: Record<string, any>;
  seed: number;
}

export async function control(env: UniverseEnv, path: string, init: { method?: string; body?: unknown } = {}): Promise<any> {
  const response = await fetch(`${env.urls.control}/_dtu${path}`, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} /_dtu${path} answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

/** Waits until the twins finished what Okta started (pushes in flight); answers tasks waiting for a retry. */
export const settle = async (env: UniverseEnv): Promise<number> => (await control(env, '/settle', { method: 'POST', body: {} })).pending;

export const oktaClient = (env: UniverseEnv) =>
  new okta.Client({ orgUrl: env.credentials.okta.orgUrl, token: env.credentials.okta.apiToken, requestExecutor: new okta.DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 0 }) });

export const slackAs = (env: UniverseEnv, token: string) =>
  new WebClient(token, { slackApiUrl: env.credentials.slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });

function googleAuth(token: string) {
  const auth = new google.auth.OAuth2();
  auth.setCredentials({ access_token: token });
  return auth;
}
// retry: false, so an injected failure reaches the story instead of being retried away.
export const googleAdmin = (env: UniverseEnv): admin_directory_v1.Admin =>
  google.admin({ version: 'directory_v1', auth: googleAuth(env.credentials.google.accessToken), rootUrl: env.credentials.google.rootUrl, retry: false });
export const driveAs = (env: UniverseEnv, token: string): drive_v3.Drive =>
  google.drive({ version: 'v3', auth: googleAuth(token), rootUrl: env.credentials.google.rootUrl, retry: false });

export const jiraAs = (env: UniverseEnv, email: string, apiToken: string) =>
  new Version3Client({ host: env.credentials.jira.host, authentication: { basic: { email, apiToken } } });

/** A person's own tokens in each twin, derived from the seed as the twins derive them. */
export const personTokens = (env: UniverseEnv, email: string) => ({
  slack: tokens.slackUser(env.seed, email),
  google: tokens.googleAccess(env.seed, email),
  jira: tokens.jiraApi(env.seed, email),
});

/**
 * System Log reads with both ends given: with `since` alone Okta answers a polling query whose
 * `next` link never ends (as the real System Log does), so `for await` would never finish.
 */
const BOUNDED_LOG_QUERY = { since: '2000-01-01T00:00:00Z', until: '2100-01-01T00:00:00Z' };

async function slackError(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    return (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
  }
}

async function httpStatusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    const e = error as { status?: number; code?: number; response?: { status?: number } };
    return e.response?.status ?? e.status ?? (typeof e.code === 'number' ? e.code : -1);
  }
}

/** The consistency report's entry for one person. */
export async function consistencyOf(env: UniverseEnv, email: string) {
  const report = await control(env, '/consistency');
  return { ok: report.ok as boolean, person: report.people.find((p: { email: string }) => p.email === email) };
}

// ------------------------------------------------------------------------------------------ onboarding

/**
 * HR hires someone: created and activated in Okta (so in the Everyone group, which the Slack and
 * Google apps are assigned to), then added to their department's group (which the Jira app is
 * assigned to). They must appear, active and with their Okta profile, in Slack, Google and Jira.
 */
export async function onboardingStory(env: UniverseEnv) {
  const org = await control(env, '/org');
  const department = org.groups.find((g: { kind: string }) => g.kind === 'department');
  const email = `nova.hire@${org.domain}`;
  const client = oktaClient(env);
  const user = await client.userApi.createUser({
    body: { profile: { login: email, email, firstName: 'Nova', lastName: 'Hire', title: 'Platform Engineer', department: department.department } as any },
    activate: true,
  });
  const groupId = await oktaGroupId(env, department.name);
  await client.groupApi.assignUserToGroup({ groupId, userId: user.id! });
  expect(await settle(env)).toBe(0);

  // Slack: the admin finds them by email, with Okta's profile; their own token works.
  const slackAdmin = slackAs(env, env.credentials.slack.userToken);
  const slackUser = (await slackAdmin.users.lookupByEmail({ email })).user!;
  expect(slackUser).toMatchObject({ deleted: false, real_name: 'Nova Hire', profile: { title: 'Platform Engineer', email } });
  const own = personTokens(env, email);
  expect((await slackAs(env, own.slack).auth.test()).user_id).toBe(slackUser.id);

  // Google: a Workspace user, not suspended, who can use Drive with their own token.
  const googleUser = (await googleAdmin(env).users.get({ userKey: email })).data;
  expect(googleUser).toMatchObject({ primaryEmail: email, suspended: false, name: { givenName: 'Nova', familyName: 'Hire' } });
  expect((await driveAs(env, own.google).about.get({ fields: 'user' })).data.user?.emailAddress).toBe(email);

  // Jira: an active account, found by the admin and able to call Jira with their own API token.
  const jiraAdmin = jiraAs(env, env.credentials.jira.email, env.credentials.jira.apiToken);
  const [jiraUser] = await jiraAdmin.userSearch.findUsers({ query: email });
  expect(jiraUser).toMatchObject({ emailAddress: email, displayName: 'Nova Hire', active: true });
  expect((await jiraAs(env, email, own.jira).myself.getCurrentUser()).accountId).toBe(jiraUser.accountId);

  const { ok, person } = await consistencyOf(env, email);
  expect(person.drift).toEqual([]);
  expect(person.assigned.sort()).toEqual(['google', 'jira', 'slack']);
  return { oktaId: user.id, slackId: slackUser.id, googleId: googleUser.id, jiraAccountId: jiraUser.accountId, consistent: ok };
}

// ----------------------------------------------------------------------------------------- offboarding

/** An active, non-admin person who owns Drive files (offboarding must leave the files in place). */
async function personWithFiles(env: UniverseEnv): Promise<{ email: string; fileIds: string[] }> {
  const org = await control(env, '/org');
  const drive = driveAs(env, env.credentials.google.accessToken);
  for (const person of org.people.filter((p: { admin: boolean; status: string }) => !p.admin && p.status === 'active')) {
    const files = (await drive.files.list({ q: `'${person.email}' in owners`, fields: 'files(id)', pageSize: 10 })).data.files ?? [];
    if (files.length) return { email: person.email, fileIds: files.map((f) => f.id!).sort() };
  }
  throw new Error('no person owns Drive files in this org');
}

/**
 * HR deactivates someone in Okta. They must be deactivated (Slack, Jira) or suspended (Google)
 * everywhere, their tokens refused everywhere, and their Drive files still there, still theirs.
 */
export async function offboardingStory(env: UniverseEnv) {
  const { email, fileIds } = await personWithFiles(env);
  const client = oktaClient(env);
  const user = await client.userApi.getUser({ userId: email });
  const own = personTokens(env, email);
  const slackId = (await slackAs(env, own.slack).auth.test()).user_id!;

  await client.userApi.deactivateUser({ userId: user.id! });
  expect(await settle(env)).toBe(0);

  // Slack: deleted, and their token refused as Slack refuses a deactivated account's.
  const slackAdmin = slackAs(env, env.credentials.slack.userToken);
  expect((await slackAdmin.users.info({ user: slackId })).user).toMatchObject({ deleted: true });
  expect(await slackError(slackAs(env, own.slack).auth.test())).toBe('account_inactive');

  // Google: suspended; their token refused; their files still exist and are still theirs.
  const googleUser = (await googleAdmin(env).users.get({ userKey: email })).data;
  expect(googleUser.suspended).toBe(true);
  expect(await httpStatusOf(driveAs(env, own.google).about.get({ fields: 'user' }))).toBe(401);
  const stillOwned = (await driveAs(env, env.credentials.google.accessToken).files.list({ q: `'${email}' in owners`, fields: 'files(id)', pageSize: 10 })).data.files ?? [];
  expect(stillOwned.map((f) => f.id!).sort()).toEqual(fileIds);

  // Jira: an inactive account whose API token is refused.
  const jiraAdmin = jiraAs(env, env.credentials.jira.email, env.credentials.jira.apiToken);
  const [jiraUser] = await jiraAdmin.userSearch.findUsers({ query: email, includeInactive: true } as any);
  expect(jiraUser).toMatchObject({ emailAddress: email, active: false });
  expect(await httpStatusOf(jiraAs(env, email, own.jira).myself.getCurrentUser())).toBe(401);

  // Okta's System Log shows the pushes.
  const pushes: string[] = [];
  for await (const event of await client.systemLogApi.listLogEvents({ filter: `target.id eq "${user.id}"`, ...BOUNDED_LOG_QUERY })) {
    if (event?.eventType?.startsWith('application.provision.user')) pushes.push(`${event.eventType} ${event.outcome?.result}`);
  }
  expect(pushes.length).toBeGreaterThanOrEqual(3);
  expect(pushes.every((p) => p.endsWith('SUCCESS'))).toBe(true);

  const { person } = await consistencyOf(env, email);
  expect(person.drift).toEqual([]);
  expect(person.twins).toMatchObject({ okta: { status: 'deactivated' }, slack: { status: 'deactivated' }, google: { status: 'suspended' }, jira: { status: 'deactivated' } });
  return { email, fileIds, slackId, googleId: googleUser.id, jiraAccountId: jiraUser.accountId, statuses: person.twins };
}

// ---------------------------------------------------------------------------------------- group push

async function oktaGroupId(env: UniverseEnv, name: string): Promise<string> {
  for await (const group of await oktaClient(env).groupApi.listGroups({ q: name })) if (group?.profile?.name === name) return group.id!;
  throw new Error(`no Okta group named ${name}`);
}

/** Where each target twin shows an org group's members, as emails. */
async function targetMembers(env: UniverseEnv, group: { name: string; slug: string }, domain: string) {
  const slackAdmin = slackAs(env, env.credentials.slack.userToken);
  const usergroup = ((await slackAdmin.usergroups.list({})).usergroups ?? []).find((g) => g.handle === group.slug);
  expect(usergroup, `Slack user group @${group.slug}`).toBeDefined();
  const slackIds = (await slackAdmin.usergroups.users.list({ usergroup: usergroup!.id! })).users ?? [];
  const slack = await Promise.all(slackIds.map(async (id) => (await slackAdmin.users.info({ user: id })).user!.profile!.email!));
  const google = ((await googleAdmin(env).members.list({ groupKey: `${group.slug}@${domain}` })).data.members ?? []).map((m) => m.email!);
  const jiraAdmin = jiraAs(env, env.credentials.jira.email, env.credentials.jira.apiToken);
  const jira = ((await jiraAdmin.groups.getUsersFromGroup({ groupname: group.name, maxResults: 1000 })).values ?? []).map((u) => u.emailAddress!);
  return { slack: slack.sort(), google: google.sort(), jira: jira.sort() };
}

/**
 * Okta group push: joining and leaving a pushed Okta group changes the Slack, Google and Jira groups,
 * and with the Google group, who reaches a Drive file shared to it.
 */
export async function groupPushStory(env: UniverseEnv) {
  const org = await control(env, '/org');
  const team = org.groups.find((g: { kind: string }) => g.kind === 'team');
  const joiner = org.people.find((p: { email: string; status: string; admin: boolean }) => p.status === 'active' && !p.admin && !team.members.includes(p.email));
  const client = oktaClient(env);
  const groupId = await oktaGroupId(env, team.name);
  const userId = (await client.userApi.getUser({ userId: joiner.email })).id!;
  const before = await targetMembers(env, team, org.domain);
  expect(before).toEqual({ slack: [...team.members].sort(), google: [...team.members].sort(), jira: [...team.members].sort() });
  // A team member shares a Drive file with the team's Google group: the joiner reaches it only while in the group.
  const owner = team.members[0];
  const file = (await driveAs(env, personTokens(env, owner).google).files.create({ requestBody: { name: 'Team runbook', mimeType: 'application/vnd.google-apps.document' }, fields: 'id' })).data;
  await driveAs(env, personTokens(env, owner).google).permissions.create({ fileId: file.id!, requestBody: { type: 'group', role: 'reader', emailAddress: `${team.slug}@${org.domain}` } });
  const joinerReads = () => httpStatusOf(driveAs(env, personTokens(env, joiner.email).google).files.get({ fileId: file.id!, fields: 'id,name' }));
  expect(await joinerReads()).toBe(404);

  await client.groupApi.assignUserToGroup({ groupId, userId });
  expect(await settle(env)).toBe(0);
  const joined = [...team.members, joiner.email].sort();
  expect(await targetMembers(env, team, org.domain)).toEqual({ slack: joined, google: joined, jira: joined });
  expect(await joinerReads()).toBe(200);

  await client.groupApi.unassignUserFromGroup({ groupId, userId });
  expect(await settle(env)).toBe(0);
  expect(await targetMembers(env, team, org.domain)).toEqual(before);
  expect(await joinerReads()).toBe(404);
  return { group: team.slug, joiner: joiner.email };
}

// ------------------------------------------------------------------------------ retries under chaos

async function appUserOf(env: UniverseEnv, label: string, userId: string) {
  const client = oktaClient(env);
  let appId: string | undefined;
  for await (const app of await client.applicationApi.listApplications({ q: label })) if (app?.label === label) appId = app.id;
  return client.applicationApi.getApplicationUser({ appId: appId!, userId });
}

/**
 * A profile change whose push to Slack first meets a dropped connection: the task waits for its
 * retry (Okta shows the app user in ERROR and logs a failure), the drift shows in the consistency
 * report, and once the universe clock passes the backoff the push goes through.
 */
export async function retryStory(env: UniverseEnv) {
  const org = await control(env, '/org');
  const person = org.people.find((p: { status: string; admin: boolean }) => p.status === 'active' && !p.admin);
  const client = oktaClient(env);
  const user = await client.userApi.getUser({ userId: person.email });
  await control(env, '/chaos', { method: 'POST', body: { id: 'scim-down', twin: 'slack', match: { path: '/scim/v2/Users*' }, effect: 'reset', times: 1 } });

  await client.userApi.updateUser({ userId: user.id!, user: { profile: { ...user.profile, lastName: 'Renamed' } as any } });
  expect(await settle(env)).toBeGreaterThanOrEqual(1);
  expect((await appUserOf(env, 'Slack', user.id!)).syncState).toBe('ERROR');
  const failures: string[] = [];
  for await (const event of await client.systemLogApi.listLogEvents({ filter: `outcome.result eq "FAILURE"`, ...BOUNDED_LOG_QUERY })) {
    if (event?.eventType?.startsWith('application.provision')) failures.push(event.eventType);
  }
  expect(failures.length).toBeGreaterThanOrEqual(1);
  const drifting = await consistencyOf(env, person.email);
  expect(drifting.person.drift).toEqual([expect.objectContaining({ twin: 'slack', field: 'name', expected: `${person.firstName} Renamed` })]);

  await control(env, '/clock/advance', { method: 'POST', body: { by: '10m' } });
  expect(await settle(env)).toBe(0);
  expect((await appUserOf(env, 'Slack', user.id!)).syncState).toBe('SYNCHRONIZED');
  const slackAdmin = slackAs(env, env.credentials.slack.userToken);
  expect((await slackAdmin.users.lookupByEmail({ email: person.email })).user?.real_name).toBe(`${person.firstName} Renamed`);
  expect((await consistencyOf(env, person.email)).person.drift).toEqual([]);
  return { email: person.email };
}

// ------------------------------------------------------------------------------------------- drift

/**
 * Changes behind Okta's back: someone deactivated in Slack directly (SCIM) while active in Okta, and
 * someone deactivated in Okta but reactivated in Slack. The consistency report names both.
 */
export async function driftStory(env: UniverseEnv) {
  const org = await control(env, '/org');
  const [stays, leaves] = org.people.filter((p: { status: string; admin: boolean }) => p.status === 'active' && !p.admin);
  const client = oktaClient(env);
  await client.userApi.deactivateUser({ userId: (await client.userApi.getUser({ userId: leaves.email })).id! });
  expect(await settle(env)).toBe(0);

  const scim = (path: string, method: string, body?: unknown) => fetch(`${env.urls.slack}/scim/v2${path}`, {
    method, headers: { authorization: `Bearer ${env.credentials.slack.scimToken}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const staysId = (await (await scim(`/Users?filter=${encodeURIComponent(`email eq "${stays.email}"`)}`, 'GET')).json()).Resources[0].id;
  expect((await scim(`/Users/${staysId}`, 'DELETE')).status).toBeLessThan(300);
  const leavesId = (await slackAs(env, env.credentials.slack.userToken).users.list({})).members!.find((m) => m.profile?.email === leaves.email)!.id!;
  expect((await scim(`/Users/${leavesId}`, 'PATCH', { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: true }] })).status).toBeLessThan(300);

  const report = await control(env, '/consistency?drift=true');
  expect(report.ok).toBe(false);
  const byEmail = Object.fromEntries(report.people.map((p: { email: string; drift: unknown[] }) => [p.email, p.drift]));
  expect(byEmail[stays.email]).toEqual([expect.objectContaining({ twin: 'slack', expected: 'active', actual: 'deactivated' })]);
  expect(byEmail[leaves.email]).toEqual([expect.objectContaining({ twin: 'slack', expected: 'not active', actual: 'active', message: 'active in slack but deactivated in okta' })]);
  expect(Object.keys(byEmail).sort()).toEqual([stays.email, leaves.email].sort());
  return { drifting: report.drifting };
}
