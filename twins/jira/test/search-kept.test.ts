// Jira search keeps its last result lists until the data changes (jql/index.ts), through jira.js: a
// repeated search sees every write at once, and pages walked after a write come from the new data.
import type { Version3Client } from 'jira.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Universe } from '../../../shared/universe/start-universe.js';
import { client, jiraUniverse } from './helpers.js';

let universe: Universe;
let jira: Version3Client;
beforeAll(async () => {
  universe = await jiraUniverse({ seed: 5, users: 20 });
  jira = client(universe);
});
afterAll(() => universe.close());

const keys = async (jql: string, maxResults = 100) => (await jira.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql, fields: ['key'], maxResults })).issues!.map((i) => i.key);
const create = async (summary: string) => (await jira.issues.createIssue({ fields: { project: { key: 'CORP' }, issuetype: { name: 'Task' }, summary } })).key;

describe('search results kept between writes', () => {
  it('a repeated search sees a create, an edit and a delete at once', async () => {
    const probe = 'project = CORP AND summary ~ "probe"';
    const alpha = await create('Cache probe alpha');
    expect(await keys(probe)).toEqual([alpha]);
    expect(await keys(probe)).toEqual([alpha]);
    const beta = await create('Cache probe beta');
    expect(await keys(probe)).toEqual([beta, alpha]);
    await jira.issues.editIssue({ issueIdOrKey: alpha, fields: { summary: 'Renamed' } });
    expect(await keys(probe)).toEqual([beta]);
    await jira.issues.deleteIssue({ issueIdOrKey: beta });
    expect(await keys(probe)).toEqual([]);
  });

  it('a transition moves the issue between two kept searches', async () => {
    const key = await create('Transition probe');
    const todo = `project = CORP AND statusCategory = "To Do" AND key = ${key}`;
    const started = `project = CORP AND status = "In Progress" AND key = ${key}`;
    expect([await keys(todo), await keys(started)]).toEqual([[key], []]);
    const { transitions } = await jira.issues.getTransitions({ issueIdOrKey: key });
    const start = transitions!.find((t) => t.to?.name === 'In Progress')!;
    await jira.issues.doTransition({ issueIdOrKey: key, transition: { id: start.id! } });
    expect([await keys(todo), await keys(started)]).toEqual([[], [key]]);
  });

  it('pages after a write come from the new data', async () => {
    const all = 'project = CORP ORDER BY key ASC';
    const before = await keys(all, 1000);
    const added = await create('Paging probe');
    const walked: string[] = [];
    let nextPageToken: string | undefined;
    do {
      const page = await jira.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: all, fields: ['key'], maxResults: 2, nextPageToken });
      walked.push(...page.issues!.map((i) => i.key));
      nextPageToken = page.nextPageToken;
    } while (nextPageToken);
    expect(walked).toEqual([...before, added].sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1])));
  });
});
