// Okta provisions Slack and Google (Jira: see the todo below) through their own public APIs: a whole
// universe in-process, driven through the Okta SDK and checked in the targets through their SDKs.
import okta from '@okta/okta-sdk-nodejs';
import { WebClient } from '@slack/web-api';
import { google, type admin_directory_v1 } from 'googleapis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tokens } from '../../../shared/seeding/people-ids.js';
import { startUniverse, type Universe } from '../../../shared/universe/start-universe.js';
import { collect, raw, sdk } from './helpers.js';

let universe: Universe;
let client: okta.Client;
let slack: WebClient;
let directory: admin_directory_v1.Admin;

beforeAll(async () => {
  universe = await startUniverse({ seed: 31, port: 0 });
});
afterAll(() => universe.close());
beforeEach(async () => {
  await universe.reset();
  client = sdk(universe);
  slack = new WebClient(universe.credentials.slack.botToken, { slackApiUrl: universe.credentials.slack.apiUrl, retryConfig: { retries: 0 } });
  const auth = new google.auth.OAuth2();
  auth.setCredentials({ access_token: universe.credentials.google.accessToken });
  directory = google.admin({ version: 'directory_v1', auth, rootUrl: universe.credentials.google.rootUrl });
  apps = (await raw(universe, '/api/v1/apps?limit=200')).body;
});

const domain = () => universe.org.domain;
let apps: { id: string; name: string }[] = [];
const appId = (name: string) => apps.find((a) => a.name === name)!.id;
const googleUser = async (email: string) => (await directory.users.get({ userKey: email }, { retry: false })).data;
const slackUser = async (email: string) => (await slack.users.lookupByEmail({ email })).user!;
/** The person's Jira account as Atlassian's SCIM directory shows it (no official client covers SCIM). */
async function jiraScimUser(email: string): Promise<{ id: string; active: boolean; title?: string } | undefined> {
  const { baseUrl, apiKey } = universe.credentials.jira.scim as { baseUrl: string; apiKey: string };
  const res = await fetch(`${baseUrl}/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`, { headers: { authorization: `Bearer ${apiKey}` } });
  return ((await res.json()) as { Resources: { id: string; active: boolean }[] }).Resources[0];
}
async function jiraScimGroup(name: string): Promise<{ id: string; members: { value: string }[] }> {
  const { baseUrl, apiKey } = universe.credentials.jira.scim as { baseUrl: string; apiKey: string };
  const res = await fetch(`${baseUrl}/Groups?filter=${encodeURIComponent(`displayName eq "${name}"`)}`, { headers: { authorization: `Bearer ${apiKey}` } });
  return ((await res.json()) as { Resources: { id: string; members: { value: string }[] }[] }).Resources[0];
}
/** The twins Okta assigns the person to, and whether any twin drifts from Okta for them. */
async function assignedAndDrift(email: string) {
  const report = await (await fetch(`${universe.urls.control}/_dtu/consistency`)).json() as { people: { email: string; assigned?: string[]; drift: unknown[] }[] };
  const person = report.people.find((p) => p.email === email)!;
  return { assigned: person.assigned ?? [], drift: person.drift };
}
const logs = async (eventType: string) => (await raw(universe, `/api/v1/logs?filter=${encodeURIComponent(`eventType eq "${eventType}"`)}&limit=100`)).body as { outcome: { result: string; reason?: string }; target: { type: string; id: string }[] }[];

async function hire(login: string, extra: Record<string, string> = {}) {
  const user = await client.userApi.createUser({
    body: { profile: { firstName: 'Noor', lastName: 'Haddad', email: login, login, title: 'Analyst', department: 'Finance', ...extra }, credentials: { password: { value: 'Tr0ub4dor&Zebra' } } },
    activate: true,
  });
  return user;
}

describe('onboarding, profile changes and offboarding', () => {
  it('a new hire (Everyone is assigned Slack and Google) gets an active account in both, with Okta\'s profile', async () => {
    const email = `noor.haddad@${domain()}`;
    const user = await hire(email);
    await universe.control.settle();

    const s = await slackUser(email);
    expect(s).toMatchObject({ deleted: false, real_name: 'Noor Haddad', profile: { title: 'Analyst', email } });
    const g = await googleUser(email);
    expect(g).toMatchObject({ primaryEmail: email, suspended: false, name: { givenName: 'Noor', familyName: 'Haddad' } });
    expect(g.organizations?.[0]).toMatchObject({ title: 'Analyst', department: 'Finance' });

    // The App User in Okta: provisioned, synchronized, linked to the Slack id.
    const appUser = await client.applicationApi.getApplicationUser({ appId: appId('slack'), userId: user.id! });
    expect(appUser).toMatchObject({ status: 'PROVISIONED', syncState: 'SYNCHRONIZED', externalId: s.id });
    expect(appUser.lastSync).toBeTruthy();

    // One push event per app, and the calls are in Okta's journal (out) and in each target's (in).
    const pushes = await logs('application.provision.user.push');
    expect(pushes.filter((e) => e.outcome.result === 'SUCCESS' && e.target.some((t) => t.id === user.id))).toHaveLength(2);
    const { events } = await universe.events({ limit: 1000 });
    expect(events.some((e) => e.twin === 'okta' && e.direction === 'out' && e.operation === 'scim.Users.create' && e.status === 201)).toBe(true);
    expect(events.some((e) => e.twin === 'slack' && e.direction === 'in' && e.operation === 'scim.Users.create')).toBe(true);
    expect(events.some((e) => e.twin === 'google' && e.direction === 'in' && e.operation === 'directory.users.insert')).toBe(true);
    // Consistency: Okta, Slack and Google agree on the new hire.
    const people = await universe.control.people();
    expect(people.okta.find((p) => p.email === email)).toMatchObject({ status: 'active', apps: expect.arrayContaining(['slack', 'google']) });
  });

  it('pushes a profile change to Slack and Google', async () => {
    const person = universe.org.people.find((p) => p.status === 'active' && !p.admin)!;
    const user = await client.userApi.getUser({ userId: person.email });
    await client.userApi.updateUser({ userId: user.id!, user: { profile: { title: 'Chief Cartographer', lastName: 'Okafor' } } });
    await universe.control.settle();
    expect(await slackUser(person.email)).toMatchObject({ real_name: `${person.firstName} Okafor`, profile: { title: 'Chief Cartographer' } });
    const g = await googleUser(person.email);
    expect(g.name?.familyName).toBe('Okafor');
    expect(g.organizations?.[0]?.title).toBe('Chief Cartographer');
    const { assigned, drift } = await assignedAndDrift(person.email);
    expect(drift).toEqual([]);
    if (assigned.includes('jira')) expect(await jiraScimUser(person.email)).toMatchObject({ active: true, title: 'Chief Cartographer' });
    expect((await logs('application.provision.user.push_profile')).filter((e) => e.outcome.result === 'SUCCESS')).toHaveLength(assigned.length);
  });

  it('deactivation deactivates the Slack account and suspends the Google one; their tokens stop working', async () => {
    const person = universe.org.people.find((p) => p.status === 'active' && !p.admin)!;
    const user = await client.userApi.getUser({ userId: person.email });
    const { assigned } = await assignedAndDrift(person.email);
    await client.userApi.deactivateUser({ userId: user.id! });
    await universe.control.settle();

    const info = await slack.users.list({});
    expect(info.members!.find((m) => m.profile?.email === person.email)).toMatchObject({ deleted: true });
    const personal = new WebClient(universe.credentials.slack.userTokens[person.email], { slackApiUrl: universe.credentials.slack.apiUrl, retryConfig: { retries: 0 } });
    await expect(personal.auth.test()).rejects.toMatchObject({ data: { error: 'account_inactive' } });

    expect((await googleUser(person.email)).suspended).toBe(true);
    const own = new google.auth.OAuth2();
    own.setCredentials({ access_token: universe.credentials.google.userTokens[person.email] });
    const drive = google.drive({ version: 'v3', auth: own, rootUrl: universe.credentials.google.rootUrl });
    await expect(drive.about.get({ fields: 'user' }, { retry: false })).rejects.toMatchObject({ status: 401 });

    if (assigned.includes('jira')) expect(await jiraScimUser(person.email)).toMatchObject({ active: false });
    expect((await logs('application.provision.user.deactivate')).filter((e) => e.outcome.result === 'SUCCESS')).toHaveLength(assigned.length);
    expect((await assignedAndDrift(person.email)).drift).toEqual([]);

    // Reactivated in Okta: the accounts come back.
    await client.userApi.activateUser({ userId: user.id!, sendEmail: false });
    await universe.control.settle();
    expect((await slack.users.list({})).members!.find((m) => m.profile?.email === person.email)).toMatchObject({ deleted: false });
    expect((await googleUser(person.email)).suspended).toBe(false);
    expect((await logs('application.provision.user.reactivate')).length).toBe(assigned.length);
    expect((await assignedAndDrift(person.email)).drift).toEqual([]);
  });

  it('suspension suspends in Google and deactivates in Slack; unassigning a directly assigned user deactivates', async () => {
    const [a] = universe.org.people.filter((p) => p.status === 'active' && !p.admin);
    const user = await client.userApi.getUser({ userId: a.email });
    await client.userApi.suspendUser({ userId: user.id! });
    await universe.control.settle();
    expect((await googleUser(a.email)).suspended).toBe(true);
    expect((await slack.users.list({})).members!.find((m) => m.profile?.email === a.email)).toMatchObject({ deleted: true });
    expect((await assignedAndDrift(a.email)).drift).toEqual([]);
    await client.userApi.unsuspendUser({ userId: user.id! });
    await universe.control.settle();
    expect((await googleUser(a.email)).suspended).toBe(false);
    expect((await assignedAndDrift(a.email)).drift).toEqual([]);

    // STAGED users are not provisioned; once active they are (Slack and Google through Everyone).
    const email = `direct.hire@${domain()}`;
    const created = await client.userApi.createUser({ body: { profile: { firstName: 'Dir', lastName: 'Ect', email, login: email }, credentials: { password: { value: 'Tr0ub4dor&Zebra' } } }, activate: false });
    await universe.control.settle();
    await expect(slack.users.lookupByEmail({ email })).rejects.toMatchObject({ data: { error: 'users_not_found' } });
    await client.userApi.activateUser({ userId: created.id!, sendEmail: false });
    await universe.control.settle();
    expect(await slackUser(email)).toMatchObject({ deleted: false });
    // Jira is assigned to departments only: a direct assignment provisions, unassigning deactivates.
    expect(await jiraScimUser(email)).toBeUndefined();
    await client.applicationApi.assignUserToApplication({ appId: appId('atlassian'), appUser: { id: created.id! } });
    await universe.control.settle();
    expect(await jiraScimUser(email)).toMatchObject({ active: true });
    expect(await client.applicationApi.getApplicationUser({ appId: appId('atlassian'), userId: created.id! })).toMatchObject({ scope: 'USER', syncState: 'SYNCHRONIZED' });
    await client.applicationApi.unassignUserFromApplication({ appId: appId('atlassian'), userId: created.id! });
    await universe.control.settle();
    expect(await jiraScimUser(email)).toMatchObject({ active: false });
    expect((await assignedAndDrift(email)).drift).toEqual([]);
  });
});

describe('group push', () => {
  it('pushes a membership change of a seeded group, and a new mapping creates the group in the target', async () => {
    const team = universe.org.groups.find((g) => g.kind === 'team')!;
    const outsider = universe.org.people.find((p) => p.status === 'active' && !team.members.includes(p.email))!;
    const groups = await collect(await client.groupApi.listGroups({ q: team.name }));
    const group = groups.find((g) => g.profile?.name === team.name)!;
    const user = await client.userApi.getUser({ userId: outsider.email });
    await client.groupApi.assignUserToGroup({ groupId: group.id!, userId: user.id! });
    await universe.control.settle();

    const usergroup = (await slack.usergroups.list({ include_users: true })).usergroups!.find((g) => g.name === team.name)!;
    const slackOutsider = await slackUser(outsider.email);
    expect(usergroup.users).toContain(slackOutsider.id);
    const members = (await directory.members.list({ groupKey: `${team.slug}@${domain()}` }, { retry: false })).data.members!.map((m) => m.email);
    expect(members).toContain(outsider.email);
    const pushes = await logs('application.provision.group_push.push_memberships');
    expect(pushes.filter((e) => e.outcome.result === 'FAILURE')).toEqual([]);
    expect(pushes.length).toBe(3); // Slack, Google and Jira (everyone is in a department, so assigned to Jira)
    expect((await raw(universe, '/_dtu/okta/provisioning', { token: null })).body.tasks).toEqual([]);
    const jiraGroup = await jiraScimGroup(team.name);
    expect(jiraGroup.members.map((m) => m.value)).toContain((await jiraScimUser(outsider.email))!.id);

    // Seeded mappings are listed through the SDK's GroupPushMappingApi.
    const mappings = await collect(await client.groupPushMappingApi.listGroupPushMappings({ appId: appId('google'), sourceGroupId: group.id! }));
    expect(mappings).toHaveLength(1);
    expect(mappings[0]).toMatchObject({ status: 'ACTIVE', sourceGroupId: group.id });

    // A new Okta group with a member, pushed by a new mapping: created in Slack with that member.
    const created = await client.groupApi.createGroup({ group: { profile: { name: 'Launch Crew', description: 'ad hoc' } } });
    await client.groupApi.assignUserToGroup({ groupId: created.id!, userId: user.id! });
    const mapping = await client.groupPushMappingApi.createGroupPushMapping({ appId: appId('slack'), body: { sourceGroupId: created.id!, targetGroupName: 'Launch Crew', status: 'ACTIVE' } });
    expect(mapping).toMatchObject({ sourceGroupId: created.id, status: 'ACTIVE' });
    await universe.control.settle();
    const crew = (await slack.usergroups.list({ include_users: true })).usergroups!.find((g) => g.name === 'Launch Crew')!;
    expect(crew.users).toEqual([slackOutsider.id]);
    expect((await client.groupPushMappingApi.getGroupPushMapping({ appId: appId('slack'), mappingId: mapping.id! })).targetGroupId).toBe(crew.id);
    // Renaming the Okta group renames the pushed group.
    await client.groupApi.replaceGroup({ groupId: created.id!, group: { profile: { name: 'Launch Crew II' } } });
    await universe.control.settle();
    expect((await slack.usergroups.list({})).usergroups!.some((g) => g.id === crew.id && g.name === 'Launch Crew II')).toBe(true);
    // An active mapping cannot be deleted; an inactive one can.
    await expect(client.groupPushMappingApi.deleteGroupPushMapping({ appId: appId('slack'), mappingId: mapping.id!, deleteTargetGroup: false })).rejects.toMatchObject({ status: 400 });
    await client.groupPushMappingApi.updateGroupPushMapping({ appId: appId('slack'), mappingId: mapping.id!, body: { status: 'INACTIVE' } });
    await client.groupPushMappingApi.deleteGroupPushMapping({ appId: appId('slack'), mappingId: mapping.id!, deleteTargetGroup: false });
    await expect(client.groupPushMappingApi.getGroupPushMapping({ appId: appId('slack'), mappingId: mapping.id! })).rejects.toMatchObject({ status: 404 });
  });
});

describe('group push of a big new group', () => {
  it('resolves many seeded members with one listing of the target accounts, not a lookup each', async () => {
    const people = universe.org.people.filter((p) => p.status === 'active').slice(0, 25);
    expect(people.length).toBe(25);
    const group = await client.groupApi.createGroup({ group: { profile: { name: 'All Hands Volunteers' } } });
    for (const p of people) await client.groupApi.assignUserToGroup({ groupId: group.id!, userId: (await client.userApi.getUser({ userId: p.email })).id! });
    await client.groupPushMappingApi.createGroupPushMapping({ appId: appId('slack'), body: { sourceGroupId: group.id!, targetGroupName: 'All Hands Volunteers' } });
    await universe.control.settle();
    const usergroup = (await slack.usergroups.list({ include_users: true })).usergroups!.find((g) => g.name === 'All Hands Volunteers')!;
    expect(usergroup.users).toHaveLength(25);
    const { events } = await universe.events({ twin: 'okta', limit: 1000 });
    const lists = events.filter((e) => e.direction === 'out' && e.operation === 'scim.Users.list');
    expect(lists.length).toBe(1);
    expect(lists[0].url).toContain('startIndex=1&count=1000');
  });
});

describe('failures and retries', () => {
  it('a 503 from Slack: the task waits (syncState ERROR, System Log FAILURE) and succeeds on the retry a minute later', async () => {
    await universe.chaos.add({ twin: 'slack', match: { operation: 'scim.Users.create' }, effect: 'error', status: 503, times: 1 });
    const email = `retry.me@${domain()}`;
    const user = await hire(email);
    const settled = await universe.control.settle();
    expect(settled.pending).toBe(1);
    const appUser = await client.applicationApi.getApplicationUser({ appId: appId('slack'), userId: user.id! });
    expect(appUser.syncState).toBe('ERROR');
    const failures = (await logs('application.provision.user.push')).filter((e) => e.outcome.result === 'FAILURE');
    expect(failures).toHaveLength(1);
    expect(failures[0].outcome.reason).toMatch(/503/);
    const tasks = (await raw(universe, '/_dtu/okta/provisioning', { token: null })).body.tasks;
    expect(tasks).toEqual([expect.objectContaining({ kind: 'user', state: 'waiting', attempts: 1, user: { id: user.id, login: email }, lastError: expect.stringMatching(/503/) })]);
    await expect(slack.users.lookupByEmail({ email })).rejects.toMatchObject({ data: { error: 'users_not_found' } });

    await universe.clock.advance('2m');
    expect((await universe.control.settle()).pending).toBe(0);
    expect(await slackUser(email)).toMatchObject({ deleted: false });
    expect((await client.applicationApi.getApplicationUser({ appId: appId('slack'), userId: user.id! })).syncState).toBe('SYNCHRONIZED');
    expect((await raw(universe, '/_dtu/okta/provisioning', { token: null })).body.tasks).toEqual([]);
    // Every attempt is journaled by Okta as outbound.
    const { events } = await universe.events({ twin: 'okta', limit: 1000 });
    expect(events.filter((e) => e.direction === 'out' && e.operation === 'scim.Users.create').map((e) => e.status)).toEqual([503, 201]);
  });

  it('Google not answering is retried later; a 4xx is a permanent failure until retried by hand', async () => {
    await universe.chaos.add({ twin: 'google', match: { operation: 'directory.users.insert' }, effect: 'reset', times: 1 });
    const first = `down.time@${domain()}`;
    await hire(first);
    expect((await universe.control.settle()).pending).toBe(1);
    const [task] = (await raw(universe, '/_dtu/okta/provisioning', { token: null })).body.tasks;
    expect(task).toMatchObject({ state: 'waiting', app: { target: 'google' }, lastError: expect.stringMatching(/no answer/) });
    await universe.clock.advance('61s');
    await universe.control.settle();
    expect((await googleUser(first)).suspended).toBe(false);

    await universe.chaos.add({ twin: 'google', match: { operation: 'directory.users.insert' }, effect: 'error', status: 400, times: 1 });
    const second = `bad.request@${domain()}`;
    await hire(second, { firstName: 'Bad' });
    expect((await universe.control.settle()).pending).toBe(0);
    expect((await raw(universe, '/_dtu/okta/provisioning', { token: null })).body.tasks).toEqual([expect.objectContaining({ state: 'failed', attempts: 1 })]);
    await universe.clock.advance('2h');
    await universe.control.settle();
    await expect(directory.users.get({ userKey: second }, { retry: false })).rejects.toMatchObject({ status: 404 });
    const retried = await raw(universe, '/_dtu/okta/provisioning/retry', { method: 'POST', token: null });
    expect(retried.body).toEqual({ ok: true, retried: 1 });
    await universe.control.settle();
    expect((await googleUser(second)).name?.givenName).toBe('Bad');
  });
});
