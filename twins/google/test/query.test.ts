// The `q` parser and evaluator alone: a table of queries against a few files, and malformed queries.
import { describe, expect, it } from 'vitest';
import { evaluate, parseQuery, QueryError, type FileView } from '../query.js';

const file = (over: Partial<FileView>): FileView => ({
  name: 'x', mimeType: 'application/vnd.google-apps.document', trashed: false, starred: false, sharedWithMe: false,
  parents: ['P1'], owners: ['a@x.com'], writers: ['a@x.com'], readers: ['a@x.com'],
  createdTime: '2025-03-01T10:00:00.000Z', modifiedTime: '2025-04-01T10:00:00.000Z', fullText: 'x',
  properties: {}, appProperties: {}, visibility: 'limited', ...over,
});
const FILES: Record<string, FileView> = {
  plan: file({ name: 'Engineering plan', fullText: 'Engineering plan roadmap', parents: ['P1'], appProperties: { tool: 'planner' } }),
  budget: file({ name: 'Budget 2025', mimeType: 'application/vnd.google-apps.spreadsheet', parents: ['P1'], sharedWithMe: true, owners: ['b@x.com'], writers: ['b@x.com', 'a@x.com'], readers: ['b@x.com', 'a@x.com'], properties: { dept: 'finance', year: '2025' }, visibility: 'domainCanFind' }),
  folder: file({ name: 'Projects', mimeType: 'application/vnd.google-apps.folder', parents: ['ROOT'], starred: true }),
  old: file({ name: "Bob's notes", trashed: true, parents: ['P2'], createdTime: '2024-12-31T23:59:59.000Z' }),
  hello: file({ name: 'HelloWorld', parents: ['P2'], readers: ['a@x.com', 'c@x.com'], visibility: 'anyoneWithLink', properties: { dept: 'eng' } }),
};
const run = (q: string) => Object.entries(FILES).filter(([, f]) => evaluate(parseQuery(q), f)).map(([k]) => k).sort();

describe('Drive q', () => {
  const table: [string, string[]][] = [
    ["name = 'Projects'", ['folder']],
    ["name != 'Projects'", ['budget', 'hello', 'old', 'plan']],
    ["name contains 'Eng'", ['plan']],
    ["name contains 'plan'", ['plan']],
    ["name contains 'Hello'", ['hello']],
    ["name contains 'World'", []],
    ["name = 'Bob\\'s notes'", ['old']],
    ["mimeType = 'application/vnd.google-apps.folder'", ['folder']],
    ["mimeType != 'application/vnd.google-apps.folder'", ['budget', 'hello', 'old', 'plan']],
    ["mimeType contains 'spreadsheet'", ['budget']],
    ["'P1' in parents", ['budget', 'plan']],
    ["'P1' in parents and mimeType = 'application/vnd.google-apps.spreadsheet'", ['budget']],
    ["'P1' in parents or 'P2' in parents", ['budget', 'hello', 'old', 'plan']],
    ["not 'P1' in parents", ['folder', 'hello', 'old']],
    ["trashed = true", ['old']],
    ["trashed = false and 'P2' in parents", ['hello']],
    ['trashed != true', ['budget', 'folder', 'hello', 'plan']],
    ['starred = true', ['folder']],
    ['sharedWithMe', ['budget']],
    ['sharedWithMe = false', ['folder', 'hello', 'old', 'plan']],
    ["'b@x.com' in owners", ['budget']],
    ["'a@x.com' in writers and not 'a@x.com' in owners", ['budget']],
    ["'c@x.com' in readers", ['hello']],
    ["fullText contains 'roadmap'", ['plan']],
    ["createdTime < '2025-01-01T00:00:00'", ['old']],
    ["createdTime >= '2025-01-01T00:00:00Z'", ['budget', 'folder', 'hello', 'plan']],
    ["modifiedTime > '2025-04-01T10:00:00Z'", []],
    ["modifiedTime <= '2025-04-01T10:00:00Z' and name = 'HelloWorld'", ['hello']],
    ["(name = 'Projects' or name = 'HelloWorld') and starred = true", ['folder']],
    ["name = 'Projects' or name = 'HelloWorld' and starred = true", ['folder']],
    ["not (trashed = true or starred = true)", ['budget', 'hello', 'plan']],
    ["NAME = 'x'".replace('NAME', 'name'), []],
    ["name = \"Projects\"", ['folder']],
    ["'P2' in parents AND trashed = false", ['hello']],
    ["properties has { key='dept' and value='finance' }", ['budget']],
    ["properties has { key='dept' and value='eng' } or properties has { key='year' and value='2025' }", ['budget', 'hello']],
    ["not properties has { key='dept' and value='finance' }", ['folder', 'hello', 'old', 'plan']],
    ["appProperties has { key='tool' and value='planner' }", ['plan']],
    ["properties has { key='tool' and value='planner' }", []],
    ["visibility = 'anyoneWithLink'", ['hello']],
    ["visibility = 'limited'", ['folder', 'old', 'plan']],
    ["visibility != 'limited' and trashed = false", ['budget', 'hello']],
    ["mimeType contains 'google-apps' and not mimeType contains 'folder'", ['budget', 'hello', 'old', 'plan']],
    ["'a@x.com' in owners and starred = false and trashed = false", ['hello', 'plan']],
    ["(('P1' in parents) and (not sharedWithMe))", ['plan']],
    ["createdTime > '2025-01-01T00:00:00Z' and createdTime < '2025-12-31T00:00:00Z' and 'P2' in parents", ['hello']],
    ["name contains 'b' or name contains 'B'", ['budget', 'old']],
  ];
  it.each(table)('%s', (q, expected) => { expect(run(q)).toEqual(expected); });

  it.each([
    "name = Projects", "name", "name =", "bogus = 'x'", "name > 'x'", "trashed = maybe", "'x' in names", "(name = 'x'",
    "name = 'x')", "name = 'x' and", "fullText = 'x'", "createdTime > 'yesterday'", "name = 'unterminated", "name = 'x' # 1", 'and',
    "visibility = 'everyone'", "properties has { key='a' }", "properties has { key='a' and value='b'", "properties = 'x'", "visibility contains 'any'",
  ])('refuses %s', (q) => { expect(() => parseQuery(q)).toThrow(QueryError); });
});
