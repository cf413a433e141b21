// The JQL table: queries and the issues they must find on the fixed fixture of jql-fixture.ts (worked
// out by hand from its table), run through compileJql/runJql as each caller; then ORDER BY, history,
// permissions and the errors Jira gives for bad queries.
import { beforeAll, describe, expect, it } from 'vitest';
import { generateOrg } from '../../../shared/seeding/generate-org.js';
import { compileJql, JqlError, runJql } from '../jql/index.js';
import { seedJira, type JiraData } from '../store.js';
import { buildFixture, type Fixture, FIXTURE_NOW } from './jql-fixture.js';

let data: JiraData;
let f: Fixture;
let version = 0;
beforeAll(() => {
  data = seedJira({ org: generateOrg(7, { users: 12 }), seed: 7 });
  f = buildFixture(data);
});

const user = (id: string) => data.users.find((u) => u.accountId === id)!;
const keys = (jql: string, as = f.admin) => runJql(data, compileJql(jql, { data, accountId: as, now: FIXTURE_NOW }), as, version++).map((i) => i.key.replace('ALPHA-', 'A').replace('CORP-', 'C').replace('BETA-', 'B'));
const errorOf = (jql: string, as = f.admin): string[] => {
  try { compileJql(jql, { data, accountId: as, now: FIXTURE_NOW }); } catch (e) { if (e instanceof JqlError) return e.list; throw e; }
  throw new Error(`no error for ${jql}`);
};

// [query, expected issues (A = ALPHA-, C = CORP-, B = BETA-)]; `$alice` etc. are replaced by accountIds.
const TABLE: [string, string][] = [
  ['project = ALPHA', 'A1 A2 A3 A4 A5 A6'],
  ['project = alpha', 'A1 A2 A3 A4 A5 A6'],
  ['project in (ALPHA, CORP)', 'A1 A2 A3 A4 A5 A6 C1 C2 C3'],
  ['project != ALPHA', 'B1 C1 C2 C3'],
  ['project = "CORP" AND status = "To Do"', 'C1'],
  ['status = "In Progress"', 'A2 C2'],
  ['status in ("To Do", "In Review")', 'A1 A4 A5 B1 C1'],
  ['status != Done', 'A1 A2 A4 A5 B1 C1 C2'],
  ['statusCategory = Done', 'A3 A6 C3'],
  ['statusCategory = "In Progress"', 'A2 A4 C2'],
  ['issuetype = Bug', 'A3 A5 C3'],
  ['type in (Story, Epic)', 'A1 A2 C2'],
  ['priority = High', 'A2 A5 B1'],
  ['priority > Medium', 'A2 A3 A5 B1'],
  ['priority <= Low', 'A4 A6 C3'],
  ['assignee = $alice', 'A2 A5 B1'],
  ['assignee = "$alice.email"', 'A2 A5 B1'],
  ['assignee = "$alice.name"', 'A2 A5 B1'],
  ['assignee is EMPTY', 'A1 A6'],
  ['assignee is not EMPTY AND project = ALPHA', 'A2 A3 A4 A5'],
  ['assignee != $alice', 'A3 A4 C1 C2 C3'],
  ['NOT assignee = $alice', 'A3 A4 C1 C2 C3'],
  ['assignee in ($alice, $bob) AND project = ALPHA', 'A2 A3 A5'],
  ['assignee in (EMPTY, $carol)', 'A1 A4 A6 C3'],
  ['reporter = currentUser()', 'A5 B1 C1 C2'],
  ['assignee in membersOf("alpha-team")', 'A2 A3 A4 A5 B1 C1 C3'],
  ['creator = $bob', 'A2 A6'],
  ['labels = payments', 'A2 A5'],
  ['labels in (frontend, email)', 'A2 A3 A5'],
  ['labels is EMPTY', 'A1 A6'],
  ['labels != frontend AND project = ALPHA', 'A4 A5'],
  ['labels not in (facilities, confidential)', 'A2 A3 A4 A5 C2'],
  ['component = UI', 'A2 A3'],
  ['component in (API, Docs)', 'A3 A4 A5'],
  ['component is EMPTY AND project = ALPHA', 'A1 A6'],
  ['fixVersion = "1.0"', 'A2 A3'],
  ['fixVersion in unreleasedVersions()', 'A4'],
  ['fixVersion in releasedVersions(ALPHA)', 'A2 A3'],
  ['sprint = 102', 'A2 A4'],
  ['sprint = "Alpha Sprint 1"', 'A3'],
  ['sprint in openSprints()', 'A2 A4 A5'],
  ['sprint in closedSprints()', 'A3'],
  ['sprint in futureSprints()', 'A5'],
  ['sprint is EMPTY AND project = ALPHA', 'A1 A6'],
  ['cf[10020] = 103', 'A5'],
  ['customfield_10020 = 101', 'A3'],
  ['resolution = Unresolved', 'A1 A2 A4 A5 B1 C1 C2'],
  ['resolution = "Won\'t Do"', 'A6'],
  ['resolution is not EMPTY', 'A3 A6 C3'],
  ['resolution = Done', 'A3 C3'],
  ['summary ~ checkout', 'A2 A3'],
  ['summary ~ "payment*"', 'A1 A2 A4'],
  ['summary ~ "\\"card payments\\""', 'A2'],
  ["summary ~ 'Safari'", 'A3'],
  ['summary ~ "say \\"hello\\""', ''],
  ['description ~ silently', 'A5'],
  ['comment ~ safari', 'A3'],
  ['text ~ roller', 'C3'],
  ['summary !~ checkout AND project = ALPHA', 'A1 A4 A5 A6'],
  ['created >= "2026-03-01"', 'A4 A5 B1 C1'],
  ['created < 2026/01/15', 'A1 A6'],
  ['created > -2d', 'A5'],
  ['created >= "-1w 2d"', 'A4 A5'],
  ['created >= "2026/03/12 09:00"', 'A4 A5'],
  ['updated >= startOfMonth()', 'A2 A3 A4 A5 B1 C1 C2'],
  ['created >= startOfWeek()', 'A5'],
  ['created < startOfYear()', 'A6'],
  ['created >= startOfMonth(-1)', 'A2 A3 A4 A5 B1 C1 C2'],
  ['duedate < now()', 'A3 A5'],
  ['duedate <= endOfDay()', 'A3 A5'],
  ['due is EMPTY AND project = CORP', 'C2 C3'],
  ['resolved >= "2026-03-01"', 'A3'],
  ['resolutiondate < "2026-02-01"', 'A6 C3'],
  ['parent = ALPHA-1', 'A2 A3'],
  ['"Story Points" >= 3', 'A2 A3'],
  ['cf[10016] is EMPTY AND project = ALPHA', 'A1 A5 A6'],
  ['"story points" in (2, 5)', 'A2 A4'],
  ['key = ALPHA-3', 'A3'],
  ['key in (alpha-2, CORP-1)', 'A2 C1'],
  ['issuekey > ALPHA-4', 'A5 A6'],
  ['status was "In Progress"', 'A2 A3 A4 A6 C2 C3'],
  ['status was "In Review" BY $bob', 'A3 A6'],
  ['status was not "In Progress" AND project = ALPHA', 'A1 A5'],
  ['status changed', 'A2 A3 A4 A6 C2 C3'],
  ['status changed to Done after "2026-03-01"', 'A3'],
  ['status changed from "In Progress" to "In Review" by $carol', 'A4 C3'],
  ['assignee changed', 'A4'],
  ['assignee was $alice', 'A2 A4 A5 B1'],
  ['priority changed during ("2026-03-17", "2026-03-18")', 'A5'],
  ['resolution was "Won\'t Do"', 'A6'],
  ['status was "In Review" on "2026-03-04"', 'A3'],
  ['status was "In Progress" before "2026-01-01"', 'A6'],
  ['status was in ("In Review", Done) after "2026-03-13"', 'A3 A4 A6 C3'],
  ['status was in ("In Review", Done) before "2026-03-04"', 'A3 A6 C3'],
  ['issue in watchedIssues()', 'A2 C1'],
  ['watcher = $alice', 'A2 A3'],
  ['voter = $bob', 'A5'],
  ['key in votedIssues()', 'A5'],
  ['issue in linkedIssues(ALPHA-3)', 'A2'],
  ['issue in linkedIssues(ALPHA-2, "is blocked by")', 'A3'],
  ['issue in linkedIssues(ALPHA-2, blocks)', ''],
  ['(status = "To Do" OR priority = Highest) AND project = ALPHA', 'A1 A3 A5'],
  ['project = ALPHA AND NOT (status = Done OR labels = payments)', 'A4'],
  ['project = CORP OR key = ALPHA-1', 'A1 C1 C2 C3'],
  ['issuetype = Bug AND (priority = Highest OR assignee = $alice)', 'A3 A5'],
  ['project = ALPHA && status = "To Do" || key = CORP-2', 'A1 A5 C2'],
  ['NOT project = ALPHA AND NOT project = CORP', 'B1'],
  ['PROJECT = alpha and STATUS = "to do"', 'A1 A5'],
  ['project = ALPHA AND ! (status = "To Do")', 'A2 A3 A4 A6'],
];

const fill = (jql: string) => jql.replace(/\$(alice|bob|carol)(\.email|\.name)?/g, (_m, who: 'alice' | 'bob' | 'carol', what?: string) => {
  const u = user(f[who]);
  return what === '.email' ? u.emailAddress : what === '.name' ? u.displayName : u.accountId;
});

describe('JQL table (site admin)', () => {
  it('has unique display names for the fixture people', () => {
    for (const who of [f.alice, f.bob, f.carol]) expect(data.users.filter((u) => u.displayName === user(who).displayName)).toHaveLength(1);
  });
  it.each(TABLE)('%s', (jql, expected) => {
    expect(keys(fill(jql)).sort()).toEqual(expected.split(' ').filter(Boolean).sort());
  });
});

describe('ORDER BY', () => {
  it.each([
    ['project = ALPHA', 'A5 A4 A3 A2 A1 A6'],
    ['project = ALPHA ORDER BY key ASC', 'A1 A2 A3 A4 A5 A6'],
    ['project = ALPHA order by priority DESC, key ASC', 'A3 A2 A5 A1 A4 A6'],
    ['project = ALPHA ORDER BY priority', 'A3 A2 A5 A1 A4 A6'],
    ['project = ALPHA ORDER BY duedate ASC', 'A3 A5 A2 A1 A4 A6'],
    ['project = ALPHA ORDER BY created', 'A5 A4 A3 A2 A1 A6'],
    ['project = ALPHA ORDER BY status ASC, key DESC', 'A5 A1 A2 A4 A6 A3'],
    ['project = ALPHA ORDER BY "Story Points" DESC', 'A1 A5 A6 A2 A3 A4'],
    ['project in (ALPHA, CORP) AND labels = facilities ORDER BY created ASC', 'C3 C1'],
  ])('%s', (jql, expected) => {
    expect(keys(jql)).toEqual(expected.split(' '));
  });
  it('refuses unknown and unsortable fields', () => {
    expect(errorOf('project = ALPHA ORDER BY nope')).toEqual(["Field 'nope' does not exist or you do not have permission to view it."]);
    expect(errorOf('project = ALPHA ORDER BY description')).toEqual(["Field 'description' does not support sorting."]);
  });
});

describe('permissions', () => {
  it('shows a caller only the projects they can browse, and treats the rest as unknown values', () => {
    expect(keys('assignee = currentUser()', f.alice).sort()).toEqual(['A2', 'A5']);
    expect(keys('labels = confidential', f.alice)).toEqual([]);
    expect(keys('labels = confidential')).toEqual(['B1']);
    expect(errorOf('project = BETA', f.alice)).toEqual(["The value 'BETA' does not exist for the field 'project'."]);
    expect(errorOf('key = BETA-1', f.alice)).toEqual(["An issue with key 'BETA-1' does not exist for field 'key'."]);
  });
  it('lets compileJql match one issue as webhooks do', () => {
    const compiled = compileJql('project = ALPHA AND labels = payments', { data, accountId: f.admin, now: FIXTURE_NOW });
    expect(compiled.matches(data.issues[f.ids['ALPHA-2']])).toBe(true);
    expect(compiled.matches(data.issues[f.ids['ALPHA-3']])).toBe(false);
    expect(compileJql('ORDER BY key', { data, accountId: f.admin, now: FIXTURE_NOW }).bounded).toBe(false);
  });
});

describe('errors', () => {
  it.each([
    ['invalid query', "Error in the JQL Query: Expecting operator but got 'query'. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'. (line 1, character 9)"],
    ['status', "Error in the JQL Query: Expecting operator before the end of the query. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'."],
    ['status =', 'Error in the JQL Query: Expecting either a value, list or function before the end of the query.'],
    ['status = = Done', "Error in the JQL Query: Expecting either a value, list or function but got '='. You must surround '=' in quotation marks to use it as a value. (line 1, character 10)"],
    ['project = ALPHA status = Done', "Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'status'. (line 1, character 17)"],
    ['project = ALPHA AND', 'Error in the JQL Query: Expecting a field name at the end of the query.'],
    ['(project = ALPHA', "Error in the JQL Query: Expecting ')' before the end of the query."],
    ['summary ~ "open', "Error in the JQL Query: The quoted string 'open' has not been completed. (line 1, character 11)"],
    ['project = A{B', "Error in the JQL Query: The character '{' is a reserved JQL character. You must enclose it in a string or use the escape '\\u007b' instead. (line 1, character 12)"],
    ['project = ALPHA order', "Error in the JQL Query: Expecting 'by' before the end of the query."],
    ['project = ALPHA order by key blah', "Error in the JQL Query: Expecting either 'ASC' or 'DESC' but got 'blah'. (line 1, character 30)"],
    ['cf[abc] = 1', "Error in the JQL Query: Expecting a custom field id (a positive number) but got 'abc'. (line 1, character 4)"],
    ['status = Done\nAND ) ', "Error in the JQL Query: Expecting a field name but got ')'. You must surround ')' in quotation marks to use it as a field name. (line 2, character 5)"],
    ['summary ~ select', "Error in the JQL Query: 'select' is a reserved JQL word. You must surround it in quotation marks to use it in a query. (line 1, character 11)"],
    ['universe = 42', "Field 'universe' does not exist or you do not have permission to view it."],
    ['project = NOPE', "The value 'NOPE' does not exist for the field 'project'."],
    ['status = Shipped', "The value 'Shipped' does not exist for the field 'status'."],
    ['assignee = "nobody@nowhere.example"', "The value 'nobody@nowhere.example' does not exist for the field 'assignee'."],
    ['summary = test', "The operator '=' is not supported by the 'summary' field."],
    ['summary in test', 'Operator \'in\' does not support the non-list value \'"test"\' for field \'summary\'.'],
    ['created > yesterday', "Date value 'yesterday' for field 'created' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."],
    ['assignee = bogus()', "Unable to find JQL function 'bogus()'."],
    ['created > now(1)', "Function 'now' expected '0' arguments but received '1'."],
    ['created > startOfDay("invalid")', "Duration for function 'startOfDay' should have the format (+/-)n(yMwdm), e.g -1M for 1 month earlier."],
    ['status changed after "20/12/10"', "Date value '20/12/10' for predicate 'after' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."],
    ['status changed during "2026-01-01"', 'The DURING predicate must be supplied with exactly 2 date values.'],
    ['status changed from fred', "The value 'fred' does not exist for the field 'status'."],
    ['key = ALPHA-99', "An issue with key 'ALPHA-99' does not exist for field 'key'."],
  ])('%j', (jql, message) => {
    expect(errorOf(jql)).toEqual([message]);
  });

  it('reports every validation problem at once', () => {
    expect(errorOf('foo = 1 AND status = Shipped')).toEqual(["Field 'foo' does not exist or you do not have permission to view it.", "The value 'Shipped' does not exist for the field 'status'."]);
  });

  it('refuses absurd nesting without blowing the stack', () => {
    expect(errorOf(`${'('.repeat(5000)}project = ALPHA${')'.repeat(5000)}`)[0]).toMatch(/^Error in the JQL Query: /);
  });
});

describe('fuzz', () => {
  it('answers any token soup with a result or a JqlError, never anything else', () => {
    const pieces = ['project', 'status', 'assignee', 'cf[10016]', '"Story Points"', 'sprint', 'created', 'summary', '=', '!=', '~', '!~', '<', '>=', 'in', 'not', 'is', 'empty', 'was', 'changed', 'after', 'by', 'during', 'and', 'or', '(', ')', ',', '"', "'", 'ALPHA', 'Done', '-1w', 'now()', 'startOfDay(-1)', 'membersOf(x)', 'currentUser()', 'order', 'by', 'desc', '\\', '{', '12', 'ALPHA-1', '"a\\"b"'];
    let state = 42;
    const next = () => { state = (state * 1103515245 + 12345) % 2 ** 31; return state; };
    for (let n = 0; n < 3000; n++) {
      const jql = Array.from({ length: 1 + (next() % 9) }, () => pieces[next() % pieces.length]).join(next() % 3 ? ' ' : '');
      try {
        keys(jql);
      } catch (error) {
        if (!(error instanceof JqlError)) throw new Error(`${JSON.stringify(jql)} threw ${String(error)}`);
        for (const message of error.list) expect(typeof message).toBe('string');
      }
    }
  });
});
