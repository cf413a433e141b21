// The populated "worlds" of the scale bench (bench/scale.mjs). Each runs in its own child process
// (bench/scale/child.mjs): `populate(size, host)` starts the real twin(s) on port 0, fills the store
// directly (not over HTTP), and returns the endpoints to measure as plain request descriptions
// ({id, label, url, method, path, headers, body, kind}). `kind` says what growth to expect:
// 'page' = an indexed or paginated query, which must cost O(page); 'scan' = a query that is a scan by
// nature (free text, an unindexed filter, a query text never seen before), reported as measured.
// `{n}` in a path is replaced by bench/scale.mjs with a different number on every request.
// Deep pages use cursors the twin itself hands out at the middle of the collection (walked to through
// large pages where the cursor is opaque).
import { startTwin } from '../../dist/shared/kernel/twin-server.js';
import { loadOrgDefinition, OrgSource } from '../../dist/shared/seeding/fixtures.js';
import { googleTwin } from '../../dist/twins/google/index.js';
import { nextToken } from '../../dist/twins/google/directory.js';
import { jiraTwin } from '../../dist/twins/jira/index.js';
import { jiraTime, newIssue } from '../../dist/twins/jira/store.js';
import { oktaTwin } from '../../dist/twins/okta/index.js';
import { slackTwin } from '../../dist/twins/slack/index.js';
import { encodeCursor } from '../../dist/twins/slack/pagination.js';
import { formatTs } from '../../dist/twins/slack/store.js';

const SEED = 42;
const credentialsOf = async (twin) => (await fetch(`${twin.url}/_dtu/credentials`)).json();
const get = (url, path, headers, id, label, kind) => ({ id, label, kind, url, method: 'GET', path, headers });
const q = encodeURIComponent;

// ── org: N people, all four twins seeded from the same org ─────────────────────────────────────────

async function org(size, host) {
  const orgSource = new OrgSource(loadOrgDefinition(undefined, size));
  const twins = [];
  for (const definition of [oktaTwin, slackTwin, jiraTwin, googleTwin]) twins.push(await startTwin(definition, { host, port: 0, seed: SEED, orgSource }));
  const [okta, slack, , google] = twins;
  const creds = { ...(await credentialsOf(okta)), ...(await credentialsOf(slack)), ...(await credentialsOf(google)) };
  const oktaUsers = okta.runtime.store.data.users;
  const slackUsers = slack.runtime.store.data.users;
  const googleUsers = google.runtime.store.data.users;
  // The department closest to a tenth of the org: a search page scans about ten users per match at every size.
  const sizes = new Map();
  for (const person of orgSource.get(SEED).people) sizes.set(person.department, (sizes.get(person.department) ?? 0) + 1);
  const [department] = [...sizes].sort((a, b) => Math.abs(a[1] - size / 10) - Math.abs(b[1] - size / 10))[0];
  const sl = { authorization: `Bearer ${creds.slack.botToken}` };
  const ok = { authorization: `SSWS ${creds.okta.apiToken}`, accept: 'application/json' };
  const go = { authorization: `Bearer ${creds.google.accessToken}` };
  const dir = '/admin/directory/v1/users?customer=my_customer&maxResults=100';
  return {
    twins,
    endpoints: [
      get(slack.url, '/api/users.list?limit=200', sl, 'slackUsersFirst', 'Slack users.list limit=200, first page', 'page'),
      get(slack.url, `/api/users.list?limit=200&cursor=${q(encodeCursor('user', slackUsers[slackUsers.length >> 1].id))}`, sl, 'slackUsersDeep', 'Slack users.list limit=200, cursor at the middle', 'page'),
      get(okta.url, '/api/v1/users?limit=200', ok, 'oktaUsersFirst', 'Okta listUsers limit=200, first page', 'page'),
      get(okta.url, `/api/v1/users?limit=200&after=${oktaUsers[oktaUsers.length >> 1].id}`, ok, 'oktaUsersDeep', 'Okta listUsers limit=200, after= the middle user', 'page'),
      get(okta.url, `/api/v1/users?limit=200&search=${q(`profile.department eq "${department}"`)}`, ok, 'oktaUsersSearch', 'Okta listUsers search=profile.department eq "<a tenth of the org>"', 'page'),
      get(google.url, dir, go, 'directoryUsersFirst', 'Directory users.list maxResults=100, first page', 'page'),
      get(google.url, `${dir}&pageToken=${nextToken(googleUsers.length >> 1)}`, go, 'directoryUsersDeep', 'Directory users.list maxResults=100, page token at the middle', 'page'),
      get(google.url, `${dir}&query=${q('isSuspended=false')}`, go, 'directoryUsersQuery', 'Directory users.list query=isSuspended=false (most match)', 'page'),
      get(google.url, `${dir}&orderBy=email`, go, 'directoryUsersOrdered', 'Directory users.list orderBy=email, first page', 'page'),
    ],
  };
}

// ── slack: N messages in one channel, N more spread over 100 channels ───────────────────────────────

function addChannel(data, id, name, messages, firstSec) {
  const general = data.channels.find((c) => c.is_general);
  data.channels.push({ ...structuredClone(general), id, name, name_normalized: name, is_general: false, members: [data.app.bot_user_id, ...general.members] });
  const user = data.app.bot_user_id;
  const list = new Array(messages);
  // A message a minute; the middle one of the big channel carries the word the search looks for.
  for (let i = 0; i < messages; i++) list[i] = { type: 'message', user, text: `scale message ${i}`, ts: formatTs((firstSec + i * 60) * 1e6), team: data.team.id };
  data.messages[id] = list;
  return list;
}

async function slack(size, host) {
  const twin = await startTwin(slackTwin, { host, port: 0, seed: SEED, orgSource: new OrgSource(loadOrgDefinition('small', undefined)) });
  const data = twin.runtime.store.data;
  const start = 1_600_000_000;
  const big = addChannel(data, 'CSCALEBIG1', 'scale-big', size, start);
  big[size >> 1].text = 'the needle in the haystack';
  for (let c = 0; c < 100; c++) addChannel(data, `CSCALE${String(c).padStart(4, '0')}`, `scale-${c}`, Math.floor(size / 100), start);
  const { slack: creds } = await credentialsOf(twin);
  const bot = { authorization: `Bearer ${creds.botToken}` };
  const user = { authorization: `Bearer ${creds.userToken}` };
  const history = '/api/conversations.history?channel=CSCALEBIG1&limit=100';
  return {
    twins: [twin],
    endpoints: [
      get(twin.url, history, bot, 'historyFirst', 'conversations.history limit=100, newest page of the big channel', 'page'),
      get(twin.url, `${history}&cursor=${q(encodeCursor('next_ts', big[size >> 1].ts))}`, bot, 'historyDeep', 'conversations.history limit=100, cursor at the middle', 'page'),
      get(twin.url, '/api/conversations.history?channel=CSCALE0042&limit=100', bot, 'historySpread', 'conversations.history limit=100, one of 100 channels holding N/100 each', 'page'),
      get(twin.url, '/api/conversations.list?limit=200&types=public_channel', bot, 'conversationsList', 'conversations.list limit=200 (≈110 channels at every size)', 'page'),
      get(twin.url, `/api/search.messages?count=20&query=${q('needle')}`, user, 'searchMessages', 'search.messages query=needle (one match among 2N messages)', 'scan'),
    ],
  };
}

// ── drive: N files, a folder of N/10, the admin owning about a twelfth ──────────────────────────────

const MIME = ['application/vnd.google-apps.document', 'application/vnd.google-apps.spreadsheet', 'application/pdf', 'text/plain'];
const FOLDER = 'application/vnd.google-apps.folder';

async function drive(size, host) {
  const twin = await startTwin(googleTwin, { host, port: 0, seed: SEED, orgSource: new OrgSource(loadOrgDefinition('small', undefined)) });
  const data = twin.runtime.store.data;
  const { google: creds } = await credentialsOf(twin);
  const admin = creds.as;
  const people = twin.runtime.context().org().people.map((p) => p.email);
  const time = (i) => new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
  let n = 0;
  const add = (owner, parent, name, mimeType = MIME[n % MIME.length]) => {
    const id = `1scale${String(n).padStart(27, '0')}`;
    data.files[id] = {
      id, name, mimeType, parents: [parent], owner, trashed: mimeType !== FOLDER && n % 50 === 49, starred: false,
      createdTime: time(n), modifiedTime: time(n), permissions: [{ id: `perm-${owner}`, type: 'user', role: 'owner', emailAddress: owner }],
    };
    n++;
    return id;
  };
  const folderSize = Math.max(100, Math.floor(size / 10));
  const folder = add(admin, data.roots[admin], 'Scale reports', FOLDER);
  for (let i = 0; i < folderSize; i++) add(admin, folder, `Report ${i}`);
  for (let p = 0; n < size; p = (p + 1) % people.length) {
    const owner = people[p];
    const parent = add(owner, data.roots[owner], `Archive ${n}`, FOLDER);
    for (let i = 0; i < 249 && n < size; i++) add(owner, parent, `Record ${n}`);
  }
  data.files[`1scale${String(size >> 1).padStart(27, '0')}`].name = 'Quarterly needle';
  const owned = Object.values(data.files).filter((f) => f.owner === admin && !f.trashed && !f.isRoot).length;
  const auth = { authorization: `Bearer ${creds.accessToken}` };
  const list = (query, token, id, label, kind) => get(twin.url, `/drive/v3/files?pageSize=100&q=${q(query)}${token ? `&pageToken=${token}` : ''}`, auth, id, label, kind);
  const parents = `'${folder}' in parents and trashed = false`;
  const owners = `'${admin}' in owners and trashed = false`;
  return {
    twins: [twin],
    endpoints: [
      list(parents, null, 'driveParentsFirst', "files.list q='<folder of N/10>' in parents, first page", 'page'),
      list(parents, await drivePageToken(twin.url, auth, parents, folderSize >> 1), 'driveParentsDeep', 'files.list parents query, page token at the middle of the folder', 'page'),
      list(owners, null, 'driveOwnersFirst', "files.list q='<admin>' in owners, first page", 'page'),
      list(owners, await drivePageToken(twin.url, auth, owners, owned >> 1), 'driveOwnersDeep', 'files.list owners query, page token at the middle', 'page'),
      list("name contains 'needle'", null, 'driveNameContains', "files.list q=name contains 'needle' (one match)", 'scan'),
    ],
  };
}

/** The nextPageToken files.list hands out after about `offset` files, walked to through pages of 1,000. */
async function drivePageToken(url, headers, query, offset) {
  let token = '';
  for (let at = 0; at < offset; at += 1000) {
    const response = await fetch(`${url}/drive/v3/files?pageSize=${Math.min(1000, offset - at)}&q=${q(query)}${token ? `&pageToken=${token}` : ''}`, { headers });
    const body = await response.json();
    if (!response.ok || !body.nextPageToken) throw new Error(`drive walk to ${offset} stopped at ${at}: ${JSON.stringify(body).slice(0, 200)}`);
    token = body.nextPageToken;
  }
  return token;
}

// ── jira: N issues, half of them in SCALE1, the rest in four other projects ─────────────────────────

const STATUSES = ['10000', '3', '10001', '10002'];
const TYPES = ['10001', '10002', '10003'];

async function jira(size, host) {
  const twin = await startTwin(jiraTwin, { host, port: 0, seed: SEED, orgSource: new OrgSource(loadOrgDefinition(undefined, 200)) });
  const data = twin.runtime.store.data;
  const pool = data.users.filter((u) => u.active).map((u) => u.accountId).slice(0, 100);
  const epoch = Date.UTC(2025, 0, 1);
  let made = 0;
  const perProject = [size >> 1, ...Array(4).fill(Math.floor((size - (size >> 1)) / 4))];
  for (const [p, count] of perProject.entries()) {
    const project = { id: String(70_000 + p), key: `SCALE${p + 1}`, name: `Scale project ${p + 1}`, description: '', leadAccountId: pool[0], projectTypeKey: 'software', browseGroups: ['jira-software-users'], issueCounter: 0 };
    data.projects.push(project);
    for (let n = 0; n < count; n++) {
      newIssue(data, project, {
        summary: p === 0 && n === count >> 1 ? 'the needle issue' : `Scale issue ${n} of project ${p + 1}`, description: null,
        issueTypeId: TYPES[n % TYPES.length], priorityId: String(1 + (n % 5)), statusId: STATUSES[Math.floor(n / 7) % STATUSES.length],
        assigneeAccountId: pool[n % pool.length], reporterAccountId: pool[0], labels: n % 10 === 0 ? ['scale'] : [],
      }, jiraTime(epoch + made++ * 60_000));
    }
  }
  twin.runtime.store.changed();
  const { jira: creds } = await credentialsOf(twin);
  const auth = { authorization: `Basic ${Buffer.from(`${creds.email}:${creds.apiToken}`).toString('base64')}`, accept: 'application/json' };
  const search = (jql, token, id, label, kind) => get(twin.url, `/rest/api/3/search/jql?maxResults=50&fields=summary,status,assignee&jql=${q(jql)}${token ? `&nextPageToken=${token}` : ''}`, auth, id, label, kind);
  const byCreated = 'project = SCALE1 ORDER BY created DESC';
  return {
    twins: [twin],
    endpoints: [
      search(byCreated, null, 'jiraProjectFirst', 'search/jql project = SCALE1 (N/2 issues) ORDER BY created DESC, first page of 50', 'page'),
      search(byCreated, await middleToken(twin.url, auth, byCreated, perProject[0] >> 1), 'jiraProjectDeep', 'the same search, nextPageToken at the middle', 'page'),
      search('project = SCALE1 AND status = "In Progress" ORDER BY created DESC', null, 'jiraFieldFilter', 'search/jql project = SCALE1 AND status = "In Progress", first page', 'page'),
      search(`assignee = ${pool[7]} ORDER BY created DESC`, null, 'jiraAssignee', 'search/jql assignee = <one of 100> (N/100 issues), first page', 'page'),
      // A query text not seen before (the key clause changes every request): matching and sorting run in full.
      search('project = SCALE1 AND key != SCALE1-{n} ORDER BY created DESC', null, 'jiraProjectFresh', 'search/jql project = SCALE1 AND key != <a different key each time>, first page (never cached)', 'scan'),
      search('project = SCALE1 AND summary ~ "needle" AND key != SCALE1-{n}', null, 'jiraText', 'search/jql project = SCALE1 AND summary ~ "needle" (one match, never cached)', 'scan'),
      get(twin.url, `/rest/api/3/issue/SCALE1-${perProject[0] >> 1}`, auth, 'jiraGetIssue', 'getIssue SCALE1-<middle> (all fields)', 'page'),
    ],
  };
}

/** The nextPageToken Jira's search hands out at `offset`, walked to through pages of ids (5,000 a page). */
async function middleToken(url, headers, jql, offset) {
  let token = '';
  for (let at = 0; at < offset;) {
    const step = Math.min(5000, offset - at);
    const response = await fetch(`${url}/rest/api/3/search/jql?fields=id&maxResults=${step}&jql=${q(jql)}${token ? `&nextPageToken=${token}` : ''}`, { headers });
    const body = await response.json();
    if (!response.ok || !body.nextPageToken) throw new Error(`jira walk to offset ${offset} stopped at ${at}: ${JSON.stringify(body).slice(0, 200)}`);
    token = body.nextPageToken;
    at += step;
  }
  return token || null;
}

// Sizes: the issue's (default) and a quick run's (--quick).
export const WORLDS = {
  org: { unit: 'people', sizes: [1_000, 10_000, 50_000], quick: [300, 1_000, 3_000], populate: org },
  slack: { unit: 'messages in the big channel, as many again over 100 channels', sizes: [10_000, 100_000, 1_000_000], quick: [1_000, 10_000, 100_000], populate: slack },
  drive: { unit: 'files', sizes: [1_000, 10_000, 100_000], quick: [1_000, 3_000, 10_000], populate: drive },
  jira: { unit: 'issues', sizes: [1_000, 10_000, 50_000], quick: [500, 2_000, 5_000], populate: jira },
};
