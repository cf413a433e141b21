// Scenario fixtures that are wrong: every problem is named as file:line:column: path: message (JSON
// Schema problems and reference checks alike, YAML and JSON alike), and the CLI prints them and exits 1.
// Also: scenario sections that add nothing leave the seed exactly as it was.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FixtureError, loadOrgDefinition } from '../../shared/seeding/fixtures.js';
import { startUniverse } from '../../shared/universe/start-universe.js';
import { runDtu } from '../helpers/spawn-dtu.js';
import { fixturesDir } from '../../shared/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'dtu-scenario-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
/** The FixtureError message loading `text` gives, with the directory taken out. */
const problems = (name: string, text: string): string => {
  const path = write(name, text);
  try {
    loadOrgDefinition(path, undefined);
  } catch (error) {
    expect(error).toBeInstanceOf(FixtureError);
    return (error as Error).message.replaceAll(relative(process.cwd(), path), name).replaceAll(path, name);
  }
  throw new Error(`${name} loaded without a problem`);
};

const HEAD = `name: Acme
domain: acme.test
people:
  - { firstName: Dana, lastName: Reyes, title: Sales Director, department: Sales, admin: true }
  - { firstName: Leo, lastName: Martins, title: Account Executive, department: Sales }
  - { firstName: Omar, lastName: Haddad, title: Engineer, department: Engineering }
`;

describe('scenario fixture errors name the file, line, column and field', () => {
  it('a channel member who is nobody, and a channel name Slack refuses', () => {
    const message = problems('channels.yaml', `${HEAD}channels:
  - name: deals
    members: [sales]
  - name: Sales Team
    members:
      - dana.reyes@acme.test
      - leo.martins@acme.test
      - dana@acme.test
`);
    expect(message).toContain('channels.yaml:10:11: channels[1].name: "Sales Team" is not a channel name Slack accepts (invalid_name');
    expect(message).toContain('channels.yaml:14:9: channels[1].members[2]: "dana@acme.test" is not a person in this file');
    expect(message.split('\n')[0]).toBe('2 problems:');
  });

  it('an unknown group, a person not assigned to the app, a duplicate project key', () => {
    const message = problems('projects.yaml', `${HEAD}apps:
  jira: { groups: [engineering, finance] }
projects:
  - { key: DEALS, name: Deals, lead: dana.reyes@acme.test }
  - key: DEALS
    name: More deals
    lead: leo.martins@acme.test
`);
    expect(message).toContain('projects.yaml:8:33: apps.jira.groups[1]: "finance" is not a group in this file (groups: sales, engineering)');
    expect(message).toContain('projects.yaml:11:10: projects[1].key: "DEALS" is used by another project in this file');
    expect(message).toContain('projects.yaml:13:11: projects[1].lead: "leo.martins@acme.test" is not assigned to the jira app (apps.jira)');
    // Dana is the admin the credentials act as: assigned whatever the fixture says, so her project is fine.
    expect(message).not.toContain('projects[0]');
  });

  it('a share role Drive does not have, a share with two targets, a parent that is not a folder', () => {
    const message = problems('files.yaml', `${HEAD}files:
  - { name: Plan, owner: dana.reyes@acme.test, type: document }
  - name: Budget
    owner: dana.reyes@acme.test
    type: spreadsheet
    parent: Plan
    shares:
      - { group: sales, role: editor }
      - { group: sales, email: leo.martins@acme.test, role: reader }
`);
    expect(message).toContain('files.yaml:14:31: files[1].shares[0].role: "editor" is not one of "reader", "commenter", "writer"');
    // Schema problems come first: the reference checks run on a file the schema accepts.
    expect(message).not.toContain('parent');
    const fixed = problems('files2.yaml', `${HEAD}files:
  - { name: Plan, owner: dana.reyes@acme.test, type: document }
  - name: Budget
    owner: dana.reyes@acme.test
    type: spreadsheet
    parent: Plan
    content: "a,b"
    shares:
      - { group: sales, email: leo.martins@acme.test, role: reader }
`);
    expect(fixed).toContain('files2.yaml:12:13: files[1].parent: "Plan" is a document, not a folder');
    expect(fixed).toContain('files2.yaml:13:14: files[1].content: a spreadsheet\'s content is a list of rows');
    expect(fixed).toContain('files2.yaml:15:9: files[1].shares[0]: needs exactly one of email, group, domain, anyone (has email, group)');
  });

  it('JSON files get positions too; unknown fields and YAML syntax errors are placed', () => {
    const json = problems('org.json', JSON.stringify({
      name: 'X', domain: 'x.test', people: [{ firstName: 'A', lastName: 'B', title: 'T', department: 'D', status: 'gone', manger: 'a@x.test' }],
    }, null, 2));
    expect(json).toContain('org.json:10:17: people[0].status: "gone" is not one of "active", "suspended", "deactivated"');
    expect(json).toContain('org.json:11:7: people[0].manger: is not a known field here (known: firstName, lastName, email, title');
    expect(problems('syntax.yaml', `${HEAD}channels: [ { name: x\n`)).toMatch(/^syntax\.yaml:\d+:\d+: not valid JSON or YAML/);
    expect(problems('generated.yaml', 'generate: { users: 5 }\nchannels: []\n')).toContain('generated.yaml:2:1: channels: does not go with generate');
  });

  it('dtu up prints the problems and exits 1, without a stack trace', async () => {
    const path = write('cli.yaml', `${HEAD}channels:\n  - { name: deals, members: [nobody@acme.test] }\n`);
    const { code, output } = await runDtu(['up', '--fixture', path, '--port-base', '0']);
    expect(code).toBe(1);
    expect(output).toContain(':8:30: channels[0].members[0]: "nobody@acme.test" is not a person in this file');
    expect(output).not.toMatch(/\n\s+at /);
  });
});

describe('scenario sections that add nothing', () => {
  it('leave every twin\'s seed as it was (the same seed gives byte-identical state)', async () => {
    const small = JSON.parse(readFileSync(join(fixturesDir, 'small-org.json'), 'utf8'));
    const emptyScenario = write('small-plus.json', JSON.stringify({ ...small, apps: { slack: 'everyone', google: 'everyone' }, channels: [], projects: [], files: [] }));
    const state = async (fixture: string) => {
      const universe = await startUniverse({ fixture, port: 0, seed: 42, twins: ['slack', 'jira', 'google'] });
      try {
        return JSON.stringify((await universe.snapshot()).twins);
      } finally {
        await universe.close();
      }
    };
    expect(await state(emptyScenario)).toBe(await state('small'));
  });
});
