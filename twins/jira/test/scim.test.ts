// Atlassian's user-provisioning (SCIM 2.0) API on the Jira twin through raw fetch (there is no
// official client), and its effects on Jira through jira.js: accounts created, deactivated and
// reactivated (their API tokens refused and accepted again), groups and their members.
import { Version3Client } from 'jira.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { avatarUrl, avatarUrlOfSize } from '../../../shared/seeding/avatar.js';
import { tokens } from '../../../shared/seeding/people-ids.js';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { client, jiraUniverse, member } from './helpers.js';

let universe: Universe;
beforeAll(async () => { universe = await jiraUniverse({ seed: 11, users: 30 }); });
afterAll(() => universe.close());

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const settings = () => universe.credentials.jira.scim as { baseUrl: string; directoryId: string; apiKey: string };

async function scim(path: string, init: { method?: string; body?: unknown; rawBody?: string; key?: string | null } = {}) {
  const key = init.key === undefined ? settings().apiKey : init.key;
  const res = await fetch(`${settings().baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { accept: 'application/scim+json', ...(key && { authorization: `Bearer ${key}` }), ...((init.body !== undefined || init.rawBody !== undefined) && { 'content-type': 'application/scim+json' }) },
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

/** jira.js as someone with the API token derived from seed + email, as for every person. */
const jiraAs = (email: string) => new Version3Client({ host: universe.urls.jira!, authentication: { basic: { email, apiToken: tokens.jiraApi(universe.seed, email) } } });
const patch = (...Operations: unknown[]) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations });
const byUserName = async (email: string) => (await scim(`/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`)).body.Resources[0];

describe('directory API key', () => {
  it('refuses a missing or wrong key with a SCIM 401 and an unknown directory with a 404', async () => {
    const missing = await scim('/Users', { key: null });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toContain('application/scim+json');
    expect(missing.body).toEqual({ schemas: [ERROR], status: '401', detail: expect.any(String) });
    expect((await scim('/Users', { key: 'ATCTT3xFfGN0wrong' })).body).toMatchObject({ schemas: [ERROR], status: '401' });
    // A person's Jira API token is not the directory's key.
    expect((await scim('/Users', { key: universe.credentials.jira.apiToken })).status).toBe(401);
    const other = await fetch(settings().baseUrl.replace(settings().directoryId, 'not-this-directory') + '/Users', { headers: { authorization: `Bearer ${settings().apiKey}` } });
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ schemas: [ERROR], status: '404' });
  });
});

describe('scim.Users', () => {
  it('lists the seeded directory in pages and finds a person by userName', async () => {
    const page = await scim('/Users?startIndex=3&count=5');
    expect(page.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: universe.org.people.length, startIndex: 3, itemsPerPage: 5 });
    const person = member(universe);
    const found = await scim(`/Users?filter=${encodeURIComponent(`userName eq "${person.email.toUpperCase()}"`)}`);
    expect(found.body.totalResults).toBe(1);
    const user = found.body.Resources[0];
    const account = await client(universe).users.getUser({ accountId: user['urn:scim:schemas:extension:atlassian-external:1.1'].atlassianAccountId });
    expect(account.emailAddress).toBe(person.email);
    expect(user).toMatchObject({ userName: person.email, displayName: person.name, title: person.title, active: true, name: { givenName: person.firstName, familyName: person.lastName } });
    expect(user.meta.location).toBe(`${settings().baseUrl}/Users/${user.id}`);
    expect((await scim(`/Users/${user.id}`)).body).toEqual(user);
    const bad = await scim(`/Users?filter=${encodeURIComponent('title co "x"')}`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidFilter' });
    expect((await scim('/Users/nope')).body).toMatchObject({ schemas: [ERROR], status: '404' });
  });

  it('creates a user who becomes a Jira user: found, assignable, signed in with a seed-derived token', async () => {
    const email = `new.starter@${universe.org.domain}`;
    const created = await scim('/Users', { method: 'POST', body: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: email, emails: [{ value: email, type: 'work', primary: true }],
      name: { givenName: 'New', familyName: 'Starter' }, displayName: 'New Starter', title: 'Analyst', active: true,
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Finance' },
    } });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${settings().baseUrl}/Users/${created.body.id}`);
    expect(created.body).toMatchObject({ userName: email, displayName: 'New Starter', title: 'Analyst', department: 'Finance', active: true });
    const accountId = created.body['urn:scim:schemas:extension:atlassian-external:1.1'].atlassianAccountId;

    const [found] = await client(universe).userSearch.findUsers({ query: 'new.starter' });
    expect(found).toMatchObject({ accountId, displayName: 'New Starter', active: true, accountType: 'atlassian' });
    expect(found.avatarUrls?.['48x48']).toBe(avatarUrlOfSize(avatarUrl(email), 48));
    expect((await jiraAs(email).myself.getCurrentUser()).accountId).toBe(accountId);
    await client(universe).issues.assignIssue({ issueIdOrKey: 'CORP-2', accountId });
    expect((await jiraAs(email).issues.getIssue({ issueIdOrKey: 'CORP-2' })).fields.assignee?.accountId).toBe(accountId);

    const again = await scim('/Users', { method: 'POST', body: { userName: email } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
  });

  it('refuses bad bodies with SCIM 400s and writes nothing', async () => {
    const before = (await scim('/Users?count=1')).body.totalResults;
    const malformed = await scim('/Users', { method: 'POST', rawBody: '{"userName":' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidSyntax' });
    expect((await scim('/Users', { method: 'POST', body: { displayName: 'No Name' } })).body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect((await scim('/Users', { method: 'POST', body: { userName: 'x@y.z', active: 'yes' } })).status).toBe(400);
    const person = await byUserName(member(universe).email);
    expect((await scim(`/Users/${person.id}`, { method: 'PATCH', body: patch({ op: 'replace', path: 'title', value: 'Boss' }, { op: 'replace', path: 'favouriteColour', value: 'red' }) })).body)
      .toMatchObject({ status: '400', scimType: 'invalidPath' });
    expect((await scim(`/Users/${person.id}`)).body.title).toBe(person.title);
    expect((await scim('/Users?count=1')).body.totalResults).toBe(before);
  });

  it('deactivates with PATCH active:false (Jira refuses the token) and reactivates', async () => {
    const person = universe.org.people.filter((p) => !p.admin && p.status === 'active')[1];
    const user = await byUserName(person.email);
    const off = await scim(`/Users/${user.id}`, { method: 'PATCH', body: patch({ op: 'replace', path: 'active', value: false }) });
    expect(off.body.active).toBe(false);
    await expect(jiraAs(person.email).myself.getCurrentUser()).rejects.toMatchObject({ status: 401 });
    const bearer = await fetch(`${universe.urls.jira}/rest/api/3/myself`, { headers: { authorization: `Bearer ${universe.credentials.jira.accessTokens[person.email]}` } });
    expect(bearer.status).toBe(401);
    expect((await client(universe).users.getUser({ accountId: off.body['urn:scim:schemas:extension:atlassian-external:1.1'].atlassianAccountId })).active).toBe(false);
    expect((await universe.control.people()).jira.find((p) => p.email === person.email)?.status).toBe('deactivated');

    // Okta's form: no path, the attributes as the value; and a name change reaches Jira's displayName.
    const on = await scim(`/Users/${user.id}`, { method: 'PATCH', body: patch({ op: 'replace', value: { active: true, 'name.givenName': 'Renamed', displayName: 'Renamed Person', title: 'Lead' } }) });
    expect(on.body).toMatchObject({ active: true, title: 'Lead', name: { givenName: 'Renamed' } });
    expect((await jiraAs(person.email).myself.getCurrentUser()).displayName).toBe('Renamed Person');
  });

  it('replaces with PUT; DELETE takes the user out of the directory and its groups, deactivating the account but keeping its issues', async () => {
    const person = universe.org.people.filter((p) => !p.admin && p.status === 'active')[2];
    const user = await byUserName(person.email);
    const accountId = user['urn:scim:schemas:extension:atlassian-external:1.1'].atlassianAccountId;
    const replaced = await scim(`/Users/${user.id}`, { method: 'PUT', body: { userName: person.email, displayName: 'Put Person', emails: [{ value: person.email, primary: true }] } });
    expect(replaced.body).toMatchObject({ displayName: 'Put Person', active: true });
    expect(replaced.body.title).toBeUndefined();

    const jira = client(universe);
    await jira.issues.assignIssue({ issueIdOrKey: 'CORP-3', accountId });
    expect(user.groups.length).toBeGreaterThan(0);
    expect((await scim(`/Users/${user.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await scim(`/Users/${user.id}`)).status).toBe(404);
    expect((await byUserName(person.email))).toBeUndefined();
    expect((await jira.users.getUser({ accountId })).active).toBe(false);
    expect((await jira.issues.getIssue({ issueIdOrKey: 'CORP-3' })).fields.assignee?.accountId).toBe(accountId);
    const names = new Set<string>(user.groups.map((g: { display: string }) => g.display));
    for (const name of names) {
      const members = await jira.groups.getUsersFromGroup({ groupname: name, includeInactiveUsers: true });
      expect(members.values?.map((m) => m.accountId)).not.toContain(accountId);
    }
  });
});

describe('bad input', () => {
  it('answers any PATCH soup with a SCIM 2xx or 4xx, never a 5xx, and a refused one changes nothing', async () => {
    const person = await byUserName(universe.org.people.filter((p) => !p.admin && p.status === 'active')[5].email);
    const paths = [undefined, 'active', 'name', 'name.givenName', 'name.nope', 'emails', 'emails[type eq "work"].value', 'emails[type eq "a\\q"].value', 'emails[primary eq true]',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', 'userName', 'title', 'x[', ''];
    const values = [undefined, null, true, 'text', 3, [], [1], [{ value: 'a@b.c' }], {}, { active: 'no' }, { givenName: 7 }, { 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': 'x' }];
    let state = 7;
    const pick = <T>(list: T[]) => list[(state = (state * 1103515245 + 12345) % 2 ** 31) % list.length];
    for (let i = 0; i < 60; i++) {
      const before = (await scim(`/Users/${person.id}`)).body;
      const operations = Array.from({ length: 1 + (i % 3) }, () => ({ op: pick(['add', 'replace', 'remove', 'Replace', 'move']), path: pick(paths), value: pick(values) }));
      const res = await scim(`/Users/${person.id}`, { method: 'PATCH', body: patch(...operations) });
      expect(res.status, JSON.stringify(operations)).toBeLessThan(500);
      if (res.status >= 400) {
        expect(res.body).toMatchObject({ schemas: [ERROR], status: String(res.status) });
        expect((await scim(`/Users/${person.id}`)).body).toEqual(before);
      }
    }
  });

  it('takes SCIM JSON with a charset parameter', async () => {
    const res = await fetch(`${settings().baseUrl}/Users`, {
      method: 'POST', headers: { authorization: `Bearer ${settings().apiKey}`, 'content-type': 'application/scim+json; charset=utf-8' },
      body: JSON.stringify({ userName: `charset@${universe.org.domain}` }),
    });
    expect(res.status).toBe(201);
  });
});

describe('scim.Groups', () => {
  it('maps directory groups onto Jira groups: create, add and remove members, rename, delete', async () => {
    const department = universe.org.groups.find((g) => g.kind === 'department')!;
    const listed = await scim(`/Groups?filter=${encodeURIComponent(`displayName eq "${department.name}"`)}`);
    expect(listed.body.totalResults).toBe(1);
    expect(listed.body.Resources[0].members).toHaveLength(department.members.length);

    const [a, b] = await Promise.all(universe.org.people.filter((p) => p.status === 'active' && !p.admin).slice(3, 5).map((p) => byUserName(p.email)));
    const accountOf = (u: { [k: string]: { atlassianAccountId: string } }) => u['urn:scim:schemas:extension:atlassian-external:1.1'].atlassianAccountId;
    const created = await scim('/Groups', { method: 'POST', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Okta Pushed', members: [{ value: a.id }] } });
    expect(created.status).toBe(201);
    const jira = client(universe);
    const members = async (groupname: string) => (await jira.groups.getUsersFromGroup({ groupname })).values?.map((m) => m.accountId);
    expect(await members('Okta Pushed')).toEqual([accountOf(a)]);
    expect((await scim('/Groups', { method: 'POST', body: { displayName: 'okta pushed' } })).status).toBe(409);

    const id = created.body.id;
    await scim(`/Groups/${id}`, { method: 'PATCH', body: patch({ op: 'add', path: 'members', value: [{ value: b.id }] }) });
    expect(await members('Okta Pushed')).toEqual([accountOf(a), accountOf(b)]);
    await scim(`/Groups/${id}`, { method: 'PATCH', body: patch({ op: 'remove', path: `members[value eq "${a.id}"]` }, { op: 'replace', path: 'displayName', value: 'Okta Renamed' }) });
    expect(await members('Okta Renamed')).toEqual([accountOf(b)]);
    expect((await scim(`/Groups/${id}`)).body).toMatchObject({ displayName: 'Okta Renamed', members: [{ value: b.id }] });

    // An unknown member fails the whole request: the rename before it is not applied either.
    const bad = await scim(`/Groups/${id}`, { method: 'PATCH', body: patch({ op: 'replace', path: 'displayName', value: 'Half' }, { op: 'add', path: 'members', value: [{ value: 'nobody' }] }) });
    expect(bad.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect((await scim(`/Groups/${id}`)).body.displayName).toBe('Okta Renamed');

    const put = await scim(`/Groups/${id}`, { method: 'PUT', body: { displayName: 'Okta Renamed', members: [{ value: a.id }, { value: b.id }] } });
    expect(put.body.members.map((m: { value: string }) => m.value)).toEqual([a.id, b.id]);
    expect(await members('Okta Renamed')).toEqual([accountOf(a), accountOf(b)]);

    expect((await scim(`/Groups/${id}`, { method: 'DELETE' })).status).toBe(204);
    await expect(jira.groups.getUsersFromGroup({ groupname: 'Okta Renamed' })).rejects.toMatchObject({ status: 404 });
    expect((await scim(`/Groups/${id}`)).status).toBe(404);
  });
});
