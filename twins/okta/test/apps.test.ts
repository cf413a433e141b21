// Apps and app assignments through @okta/okta-sdk-nodejs: the seeded apps, create / update / lifecycle /
// delete, app users and app groups (direct USER scope and GROUP scope), appLinks and their System Log events.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findOAuthClientApp } from '../apps.js';
import type { OktaData } from '../store.js';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { collect, oktaUniverse, raw, sdk } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await oktaUniverse({ seed: 21, users: 12 }); });
afterAll(() => universe.close());
beforeEach(() => universe.reset());

const state = async () => (await universe.snapshot()).twins.okta as OktaData;
const logTypes = async () => (await raw(universe, `/api/v1/logs?until=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&limit=1000`)).body.map((e: { eventType: string }) => e.eventType);

describe('seeded apps', () => {
  it('has the OIDC web app of the credentials, a private_key_jwt service app and SAML apps for Slack, Jira and Google Workspace', async () => {
    const client = sdk(universe);
    const apps = await collect(await client.applicationApi.listApplications({ limit: 2 }));
    expect(apps.map((a) => a.label).sort()).toEqual(expect.arrayContaining(['Slack', 'Jira Cloud', 'Google Workspace']));
    expect(apps).toHaveLength(5);
    const { clientId, clientSecret, redirectUri } = universe.credentials.okta.oidc as { clientId: string; clientSecret: string; redirectUri: string };
    const web = await client.applicationApi.getApplication({ appId: clientId }) as any;
    expect(web).toMatchObject({ signOnMode: 'OPENID_CONNECT', name: 'oidc_client', status: 'ACTIVE' });
    expect(web.credentials.oauthClient).toMatchObject({ client_id: clientId, client_secret: clientSecret, token_endpoint_auth_method: 'client_secret_basic' });
    expect(web.settings.oauthClient.redirect_uris).toContain(redirectUri);
    expect(web.settings.oauthClient.grant_types).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token']));
    const service = apps.find((a: any) => a.settings?.oauthClient?.application_type === 'service') as any;
    expect(service.credentials.oauthClient.token_endpoint_auth_method).toBe('private_key_jwt');
    expect(service.settings.oauthClient.jwks.keys[0]).toMatchObject({ kty: 'RSA', kid: expect.any(String) });
    // The authorization servers find clients through the same records.
    const found = findOAuthClientApp(await state(), clientId);
    expect(found).toMatchObject({ clientId, clientSecret, active: true, tokenEndpointAuthMethod: 'client_secret_basic' });
    expect(findOAuthClientApp(await state(), 'nope')).toBeUndefined();
  });

  it('assigns everyone to Slack through the Everyone group and departments to Jira; appLinks show both', async () => {
    const client = sdk(universe);
    const apps = await collect(await client.applicationApi.listApplications({ q: 'Sla' }));
    expect(apps.map((a) => a.label)).toEqual(['Slack']);
    const slackUsers = await collect(await client.applicationApi.listApplicationUsers({ appId: apps[0].id!, limit: 5 }));
    // Deactivated people have no apps (Okta unassigns them on deactivation).
    expect(slackUsers).toHaveLength(universe.org.people.filter((p) => p.status !== 'deactivated').length);
    expect(new Set(slackUsers.map((u) => u.scope))).toEqual(new Set(['GROUP']));
    const jira = (await collect(await client.applicationApi.listApplications({ filter: 'name eq "atlassian"' })))[0];
    const jiraGroups = await collect(await client.applicationApi.listApplicationGroupAssignments({ appId: jira.id! }));
    expect(jiraGroups.length).toBe(universe.org.groups.filter((g) => g.kind === 'department').length);
    const person = universe.org.people[3];
    const userId = (await client.userApi.getUser({ userId: person.email })).id!;
    const links = await collect(await client.userApi.listAppLinks({ userId }));
    expect(links.map((l) => l.label)).toEqual(expect.arrayContaining(['Slack', 'Jira Cloud', 'Google Workspace']));
    expect(links.every((l) => l.linkUrl?.startsWith(universe.credentials.okta.orgUrl))).toBe(true);
    const mine = await collect(await client.applicationApi.listApplications({ filter: `user.id eq "${userId}"` }));
    expect(mine.map((a) => a.label)).toContain('Slack');
  });

  it('deactivating a user takes every app away, with application.user_membership.remove events', async () => {
    const client = sdk(universe);
    const userId = (await client.userApi.getUser({ userId: universe.org.people[5].email })).id!;
    const before = (await collect(await client.userApi.listAppLinks({ userId }))).length;
    expect(before).toBeGreaterThan(0);
    await client.userApi.deactivateUser({ userId });
    expect(await collect(await client.userApi.listAppLinks({ userId }))).toEqual([]);
    const slack = (await collect(await client.applicationApi.listApplications({ q: 'Slack' })))[0];
    await expect(client.applicationApi.getApplicationUser({ appId: slack.id!, userId })).rejects.toMatchObject({ status: 404 });
    expect((await logTypes()).filter((t: string) => t === 'application.user_membership.remove')).toHaveLength(before);
  });
});

describe('createApplication, replaceApplication, lifecycle and deleteApplication', () => {
  it('creates an OIDC app with a generated client, updates it, refuses to delete it while active', async () => {
    const client = sdk(universe);
    const created = await client.applicationApi.createApplication({
      application: {
        name: 'oidc_client', label: 'Expense Tracker', signOnMode: 'OPENID_CONNECT',
        credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_post' } },
        settings: { oauthClient: { redirect_uris: ['https://expenses.example.com/cb'], grant_types: ['authorization_code'], response_types: ['code'], application_type: 'web' } },
      } as any,
    }) as any;
    expect(created.id).toMatch(/^0oa[0-9A-Za-z]{17}$/);
    expect(created.credentials.oauthClient).toMatchObject({ client_id: created.id, token_endpoint_auth_method: 'client_secret_post', client_secret: expect.any(String) });
    expect(findOAuthClientApp(await state(), created.id)?.clientSecret).toBe(created.credentials.oauthClient.client_secret);
    const renamed = await client.applicationApi.replaceApplication({ appId: created.id, application: { ...created, label: 'Expenses' } }) as any;
    expect(renamed.label).toBe('Expenses');
    expect(renamed.credentials.oauthClient.client_secret).toBe(created.credentials.oauthClient.client_secret);
    await expect(client.applicationApi.deleteApplication({ appId: created.id })).rejects.toMatchObject({ status: 403, errorCode: 'E0000056' });
    await client.applicationApi.deactivateApplication({ appId: created.id });
    expect((await client.applicationApi.getApplication({ appId: created.id })).status).toBe('INACTIVE');
    expect(findOAuthClientApp(await state(), created.id)?.active).toBe(false);
    await client.applicationApi.deleteApplication({ appId: created.id });
    await expect(client.applicationApi.getApplication({ appId: created.id })).rejects.toMatchObject({ status: 404, errorCode: 'E0000007' });
    expect(await logTypes()).toEqual(expect.arrayContaining(['application.lifecycle.create', 'application.lifecycle.update', 'application.lifecycle.deactivate', 'application.lifecycle.delete']));
  });

  it('creates a SAML app inactive with activate=false and a bookmark app; lists by status', async () => {
    const client = sdk(universe);
    const saml = await client.applicationApi.createApplication({ activate: false, application: { label: 'Payroll', signOnMode: 'SAML_2_0', settings: { app: {} } } as any });
    expect(saml.status).toBe('INACTIVE');
    const bookmark = await client.applicationApi.createApplication({ application: { name: 'bookmark', label: 'Wiki', signOnMode: 'BOOKMARK', settings: { app: { url: 'https://wiki.example.com' } } } as any });
    expect(bookmark.status).toBe('ACTIVE');
    const inactive = await collect(await client.applicationApi.listApplications({ filter: 'status eq "INACTIVE"' }));
    expect(inactive.map((a) => a.label)).toEqual(['Payroll']);
  });

  it('refuses invalid apps with E0000001 and one cause per problem, storing nothing', async () => {
    const before = (await state()).apps.length;
    const bad = await raw(universe, '/api/v1/apps', { method: 'POST', body: { signOnMode: 'OPENID_CONNECT', settings: { oauthClient: { grant_types: ['authorization_code'], redirect_uris: [] } }, credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errorCode).toBe('E0000001');
    expect(bad.body.errorCauses.map((c: { errorSummary: string }) => c.errorSummary)).toEqual(expect.arrayContaining([
      'label: The field cannot be left blank', expect.stringContaining('redirect_uris'), expect.stringContaining('jwks'),
    ]));
    expect((await raw(universe, '/api/v1/apps', { method: 'POST', body: { label: 'X', signOnMode: 'BOOKMARK', colour: 'red', settings: { app: { url: 'https://x.example' } } } })).body.errorCode).toBe('E0000003');
    expect((await raw(universe, '/api/v1/apps?filter=label%20co%20%22x%22')).body.errorCode).toBe('E0000031');
    expect((await state()).apps.length).toBe(before);
  });
});

describe('app users and app groups', () => {
  it('assigns, updates and unassigns a user directly, with application.user_membership events', async () => {
    const client = sdk(universe);
    const app = await client.applicationApi.createApplication({ application: { name: 'bookmark', label: 'Board', signOnMode: 'BOOKMARK', settings: { app: { url: 'https://board.example.com' } } } as any });
    const userId = (await client.userApi.getUser({ userId: universe.org.people[1].email })).id!;
    const assigned = await client.applicationApi.assignUserToApplication({ appId: app.id!, appUser: { id: userId, scope: 'USER', profile: { role: 'editor' } } as any });
    expect(assigned).toMatchObject({ id: userId, scope: 'USER', profile: { role: 'editor' }, credentials: { userName: universe.org.people[1].email } });
    const updated = await client.applicationApi.updateApplicationUser({ appId: app.id!, userId, appUser: { credentials: { userName: 'board-user' }, profile: { role: 'admin' } } as any });
    expect(updated).toMatchObject({ profile: { role: 'admin' }, credentials: { userName: 'board-user' } });
    expect((await client.applicationApi.getApplicationUser({ appId: app.id!, userId })).credentials?.userName).toBe('board-user');
    expect((await collect(await client.applicationApi.listApplicationUsers({ appId: app.id! }))).map((u) => u.id)).toEqual([userId]);
    await client.applicationApi.unassignUserFromApplication({ appId: app.id!, userId });
    await expect(client.applicationApi.getApplicationUser({ appId: app.id!, userId })).rejects.toMatchObject({ status: 404, errorCode: 'E0000007' });
    const types = await logTypes();
    expect(types).toEqual(expect.arrayContaining(['application.user_membership.add', 'application.user_membership.change_username', 'application.user_membership.remove']));
  });

  it('a group assignment gives its members (and later members) the app with scope GROUP; removing it takes it away', async () => {
    const client = sdk(universe);
    const app = await client.applicationApi.createApplication({ application: { label: 'Design Tool', signOnMode: 'SAML_2_0', settings: { app: {} } } as any });
    const group = await client.groupApi.createGroup({ group: { profile: { name: 'Designers' } } });
    const [first, second] = await Promise.all(universe.org.people.slice(0, 2).map((p) => client.userApi.getUser({ userId: p.email })));
    await client.groupApi.assignUserToGroup({ groupId: group.id!, userId: first.id! });
    const assignment = await client.applicationApi.assignGroupToApplication({ appId: app.id!, groupId: group.id!, applicationGroupAssignment: { priority: 0 } });
    expect(assignment.id).toBe(group.id);
    await client.groupApi.assignUserToGroup({ groupId: group.id!, userId: second.id! });
    const users = await collect(await client.applicationApi.listApplicationUsers({ appId: app.id! }));
    expect(users.map((u) => u.id).sort()).toEqual([first.id, second.id].sort());
    expect(users.every((u) => u.scope === 'GROUP')).toBe(true);
    // A GROUP-scoped user cannot be unassigned on its own.
    expect((await raw(universe, `/api/v1/apps/${app.id}/users/${first.id}`, { method: 'DELETE' })).status).toBe(400);
    expect((await collect(await client.groupApi.listAssignedApplicationsForGroup({ groupId: group.id! }))).map((a) => a.id)).toEqual([app.id]);
    await client.applicationApi.unassignApplicationFromGroup({ appId: app.id!, groupId: group.id! });
    expect(await collect(await client.applicationApi.listApplicationUsers({ appId: app.id! }))).toEqual([]);
    const events = (await raw(universe, `/api/v1/logs?until=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&filter=${encodeURIComponent('eventType eq "application.user_membership.add"')}`)).body;
    expect(events.filter((e: any) => e.target.some((t: any) => t.id === app.id)).map((e: any) => e.target[0].id).sort()).toEqual([first.id, second.id].sort());
  });
});
