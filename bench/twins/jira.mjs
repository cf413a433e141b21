// Jira twin bench: a site populated straight into the store with 55,000 issues in two separate
// "sites" of projects — BIG1…BIG10 (5,000 issues each: 50,000) and SML1…SML10 (500 each: 5,000), each
// with its own pool of 100 assignees — plus the seeded projects. Scenarios: createIssue, getIssue by
// key and a 3-clause JQL search on each site. The issue sets no number for the ratios to bare Fastify,
// so they are reported as measured; its one requirement is the scaling figure (the same search on the
// 50,000-issue site ÷ on the 5,000-issue one) ≥ 0.1, i.e. no worse than linear in site size.
// Needs the compiled twin: npx tsc -p tsconfig.build.json.
import { startTwin } from '../../dist/shared/kernel/twin-server.js';
import { loadOrgDefinition, OrgSource } from '../../dist/shared/seeding/fixtures.js';
import { jiraTwin } from '../../dist/twins/jira/index.js';
import { jiraTime, newIssue } from '../../dist/twins/jira/store.js';

const SEED = 42;
const PROJECTS = 10;
const STATUSES = ['10000', '3', '10001', '10002'];
const TYPES = ['10001', '10002', '10003'];
const POOL = 100;

/** Ten projects of `perProject` issues, assignees round-robin over `pool`, statuses and types cycling. */
function populate(data, prefix, perProject, pool, firstId) {
  const lead = pool[0];
  const epoch = Date.UTC(2025, 0, 1);
  for (let p = 0; p < PROJECTS; p++) {
    const project = { id: String(firstId + p), key: `${prefix}${p + 1}`, name: `${prefix} project ${p + 1}`, description: '', leadAccountId: lead, projectTypeKey: 'software', browseGroups: ['jira-software-users'], issueCounter: 0 };
    data.projects.push(project);
    for (let n = 0; n < perProject; n++) {
      newIssue(data, project, {
        summary: `${prefix} issue ${n} of project ${p + 1}`, description: null, issueTypeId: TYPES[n % TYPES.length], priorityId: String(1 + (n % 5)),
        statusId: STATUSES[Math.floor(n / POOL) % STATUSES.length], assigneeAccountId: pool[n % pool.length], reporterAccountId: lead, labels: n % 10 === 0 ? ['bench'] : [],
      }, jiraTime(epoch + (p * perProject + n) * 60_000));
    }
  }
}

export async function start({ host }) {
  const twin = await startTwin(jiraTwin, { host, port: 0, seed: SEED, orgSource: new OrgSource(loadOrgDefinition(undefined, 400)) });
  const data = twin.runtime.store.data;
  const active = data.users.filter((u) => u.active).map((u) => u.accountId);
  const [bigPool, smallPool] = [active.slice(0, POOL), active.slice(POOL, 2 * POOL)];
  populate(data, 'BIG', 5_000, bigPool, 50_000);
  populate(data, 'SML', 500, smallPool, 60_000);
  twin.runtime.store.changed();
  const { jira } = await (await fetch(`${twin.url}/_dtu/credentials`)).json();
  const auth = `Basic ${Buffer.from(`${jira.email}:${jira.apiToken}`).toString('base64')}`;
  return {
    port: twin.port, close: () => twin.close(),
    context: { auth, bigAssignee: bigPool[3], smallAssignee: smallPool[3], issues: Object.keys(data.issues).length },
  };
}

const headers = (context, json) => ({ authorization: context.auth, accept: 'application/json', ...(json && { 'content-type': 'application/json' }) });
const search = (project, who) => (context) => ({
  method: 'GET', headers: headers(context),
  // Jira's default fields (issue ids): the search itself, not issue rendering (getIssue measures that).
  path: `/rest/api/3/search/jql?jql=${encodeURIComponent(`project = ${project} AND status = "In Progress" AND assignee = ${context[who]}`)}`,
});

export const scenarios = [
  {
    id: 'jiraCreateIssue', label: 'POST /rest/api/3/issue (Task in CORP)',
    request: (context) => ({ method: 'POST', path: '/rest/api/3/issue', headers: headers(context, true), body: JSON.stringify({ fields: { project: { key: 'CORP' }, issuetype: { name: 'Task' }, summary: 'bench issue' } }) }),
  },
  { id: 'jiraGetIssue', label: 'GET /rest/api/3/issue/BIG4-2500 (all fields)', request: (context) => ({ method: 'GET', path: '/rest/api/3/issue/BIG4-2500', headers: headers(context) }) },
  { id: 'jiraSearch50k', label: 'GET /search/jql project = BIG3 AND status = "In Progress" AND assignee = <id> (50,000-issue site, ids)', request: search('BIG3', 'bigAssignee') },
  { id: 'jiraSearch5k', label: 'GET /search/jql project = SML3 AND status = "In Progress" AND assignee = <id> (5,000-issue site, ids)', request: search('SML3', 'smallAssignee') },
];

export const figures = [
  { id: 'jiraCreateIssueVsBare', label: 'createIssue ÷ bare Fastify', over: 'jiraCreateIssue', under: 'bare' },
  { id: 'jiraGetIssueVsBare', label: 'getIssue by key (55,000-issue twin) ÷ bare Fastify', over: 'jiraGetIssue', under: 'bare' },
  { id: 'jiraSearchVsBare', label: 'JQL search, 3 clauses, 50,000-issue site ÷ bare Fastify', over: 'jiraSearch50k', under: 'bare' },
  { id: 'jiraSearchScaling', label: 'JQL search on a 50,000-issue site ÷ the same on a 5,000-issue site (≥ 0.1: no worse than linear)', over: 'jiraSearch50k', under: 'jiraSearch5k', target: { op: '>=', value: 0.1 } },
];
