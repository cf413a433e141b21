// Okta twin bench, Management API side: listUsers pages of 200 on a 10,000-person org (fixtures/
// large-org.json, seeded straight into the store by the twin's own seeding), unfiltered, with a
// `filter` and with a `search`, against a bare Fastify route; and the O(page) figure: a filtered page
// (about one user in ten matches, so the scan covers ~10× the page) against an unfiltered page on the
// same org. A page of 200 users is ~180 KB of JSON: on a 2-core machine a bare Fastify route sending a
// constant body of that size manages about a tenth of the bare route's req/s, which bounds the ratios to
// bare. Needs the compiled twin: npx tsc -p tsconfig.build.json.
import { startTwin } from '../../dist/shared/kernel/twin-server.js';
import { loadOrgDefinition, OrgSource } from '../../dist/shared/seeding/fixtures.js';
import { oktaTwin } from '../../dist/twins/okta/index.js';

const SEED = 42;

export async function start({ host }) {
  const orgSource = new OrgSource(loadOrgDefinition('large', undefined));
  const org = orgSource.get(SEED);
  const twin = await startTwin(oktaTwin, { host, port: 0, seed: SEED, orgSource });
  const { okta } = await (await fetch(`${twin.url}/_dtu/credentials`)).json();
  // The department closest to a tenth of the org: its search page scans about ten users per match.
  const sizes = new Map();
  for (const person of org.people) sizes.set(person.department, (sizes.get(person.department) ?? 0) + 1);
  const [department] = [...sizes].sort((a, b) => Math.abs(a[1] - org.people.length / 10) - Math.abs(b[1] - org.people.length / 10))[0];
  return { port: twin.port, close: () => twin.close(), context: { token: okta.apiToken, department, people: org.people.length } };
}

const list = (query) => (context) => ({
  method: 'GET', path: `/api/v1/users?${query(context)}`,
  headers: { authorization: `SSWS ${context.token}`, accept: 'application/json' },
});

export const scenarios = [
  { id: 'oktaListUsers', label: 'GET /api/v1/users?limit=200 (10,000-person org)', request: list(() => 'limit=200') },
  // Reference: the same operation with a one-user page, i.e. the twin's per-request cost without the ~180 KB body.
  { id: 'oktaListUsersPageOf1', label: 'GET /api/v1/users?limit=1 (10,000-person org)', request: list(() => 'limit=1') },
  { id: 'oktaListUsersFilterActive', label: 'GET /api/v1/users?limit=200&filter=status eq "ACTIVE"', request: list(() => `limit=200&filter=${encodeURIComponent('status eq "ACTIVE"')}`) },
  { id: 'oktaSearchDepartment', label: 'GET /api/v1/users?limit=200&search=profile.department eq "<a tenth of the org>"', request: list((c) => `limit=200&search=${encodeURIComponent(`profile.department eq "${c.department}"`)}`) },
];

export const figures = [
  { id: 'oktaListUsersVsBare', label: 'listUsers, page of 200 ÷ bare Fastify', over: 'oktaListUsers', under: 'bare', target: { op: '>=', value: 0.5 } },
  { id: 'oktaListUsersFilteredVsBare', label: 'listUsers, filter status eq "ACTIVE", page of 200 ÷ bare Fastify', over: 'oktaListUsersFilterActive', under: 'bare', target: { op: '>=', value: 0.5 } },
  { id: 'oktaSearchPageVsPage', label: 'O(page): search page (1 in 10 match) ÷ unfiltered page, same 10,000-person org', over: 'oktaSearchDepartment', under: 'oktaListUsers', target: { op: '>=', value: 0.5 } },
];
