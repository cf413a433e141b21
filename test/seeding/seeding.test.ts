// Deterministic org seeding: the same seed gives the same org, ids and credentials, in any process.
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateOrg } from '../../shared/seeding/generate-org.js';
import { buildOrg, loadOrgDefinition, FixtureError } from '../../shared/seeding/fixtures.js';
import { TWINS } from '../../twins/index.js';
import { startTwinProcess, type DtuProcess } from '../helpers/spawn-dtu.js';

describe('generated orgs', () => {
  it('the same seed gives an identical org; another seed a different one', () => {
    expect(generateOrg(5, { users: 60 })).toEqual(generateOrg(5, { users: 60 }));
    expect(generateOrg(6, { users: 60 }).people.map((p) => p.email)).not.toEqual(generateOrg(5, { users: 60 }).people.map((p) => p.email));
  });

  it('each twin maps the org identically for the same seed', () => {
    const org = generateOrg(5, { users: 30 });
    for (const twin of Object.values(TWINS)) {
      expect(twin.seedState({ org, seed: 5 })).toEqual(twin.seedState({ org: generateOrg(5, { users: 30 }), seed: 5 }));
      expect(twin.credentials({ org, seed: 5, publicUrl: 'http://x' })).toEqual(twin.credentials({ org, seed: 5, publicUrl: 'http://x' }));
    }
  });

  it('is a plausible company: unique emails at the domain, a reporting line to one CEO, department and team groups', () => {
    const org = generateOrg(9, { users: 400, teamSize: 7 });
    expect(org.people).toHaveLength(400);
    const emails = new Set(org.people.map((p) => p.email));
    expect(emails.size).toBe(400);
    expect(org.people.filter((p) => p.manager === null)).toHaveLength(1);
    for (const person of org.people) {
      expect(person.email.endsWith(`@${org.domain}`)).toBe(true);
      expect(person.email).toMatch(/^[a-z0-9.]+@/);
      if (person.manager) expect(emails.has(person.manager)).toBe(true);
      expect(person.timezone).toMatch(/^[A-Z][a-z]+\/[A-Za-z_]+$/);
    }
    const departments = new Set(org.people.map((p) => p.department));
    const departmentGroups = org.groups.filter((g) => g.kind === 'department');
    expect(new Set(departmentGroups.map((g) => g.name))).toEqual(departments);
    for (const group of departmentGroups) expect(group.members.length).toBe(org.people.filter((p) => p.department === group.name).length);
    expect(org.groups.some((g) => g.kind === 'team')).toBe(true);
    expect(new Set(org.groups.map((g) => g.slug)).size).toBe(org.groups.length);
    expect(org.people.filter((p) => p.admin).length).toBeGreaterThanOrEqual(1);
  });

  it('handles tiny orgs', () => {
    expect(generateOrg(1, { users: 1 }).people).toHaveLength(1);
    expect(generateOrg(1, { users: 2 }).people).toHaveLength(2);
  });
});

describe('fixtures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dtu-fixture-'));
  const write = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('loads the hand-written small org by name, with its suspended person and teams', () => {
    const org = buildOrg(1, loadOrgDefinition('small', undefined));
    expect(org.name).toBe('Northwind Robotics');
    expect(org.people).toHaveLength(12);
    expect(org.people.find((p) => p.email === 'jamal.carter@northwind-robotics.example.com')?.status).toBe('suspended');
    expect(org.groups.find((g) => g.name === 'Platform Team')?.members).toHaveLength(4);
  });

  it('loads generator settings, and --users overrides the head count', () => {
    const def = loadOrgDefinition(write('gen.yaml', 'generate:\n  users: 12\n  name: Acme Test\n'), 20);
    const org = buildOrg(3, def);
    expect([org.name, org.people.length]).toEqual(['Acme Test', 20]);
  });

  it.each([
    ['a missing file', 'no-such-fixture', 'not found'],
    ['bad JSON/YAML', ['bad.json', '{"name": '], 'not valid JSON or YAML'],
    ['a person without a title', ['no-title.json', JSON.stringify({ name: 'X', domain: 'x.example.com', people: [{ firstName: 'A', lastName: 'B', department: 'D' }] })], 'people[0].title'],
    ['an unknown manager', ['bad-manager.json', JSON.stringify({ name: 'X', domain: 'x.example.com', people: [{ firstName: 'A', lastName: 'B', title: 'T', department: 'D', manager: 'ghost@x.example.com' }] })], 'people[0].manager'],
    ['a bad status', ['bad-status.json', JSON.stringify({ name: 'X', domain: 'x.example.com', people: [{ firstName: 'A', lastName: 'B', title: 'T', department: 'D', status: 'gone' }] })], 'people[0].status'],
  ])('refuses %s with a message naming file and field', (_name, input, message) => {
    const fixture = typeof input === 'string' ? input : write(input[0], input[1]);
    expect(() => buildOrg(1, loadOrgDefinition(fixture, undefined))).toThrow(FixtureError);
    expect(() => buildOrg(1, loadOrgDefinition(fixture, undefined))).toThrow(message);
  });

  it('refuses --users with a hand-written fixture', () => {
    expect(() => loadOrgDefinition('small', 5)).toThrow('--users applies only to generated orgs');
  });
});

describe('across separate processes', () => {
  const running: DtuProcess[] = [];
  afterAll(() => Promise.all(running.map((p) => p.kill())));

  it('two processes with the same seed serve the same org and credentials; another seed differs', async () => {
    const [a, b, c] = await Promise.all([
      startTwinProcess('slack', ['--seed', '77', '--users', '25']),
      startTwinProcess('okta', [], { DTU_SEED: '77', DTU_USERS: '25' }),
      startTwinProcess('okta', ['--seed', '78', '--users', '25']),
    ]);
    running.push(a, b, c);
    const get = async (url: string, path: string) => (await fetch(`${url}/_dtu/${path}`)).json();
    const [orgA, orgB, orgC] = await Promise.all([get(a.url, 'org'), get(b.url, 'org'), get(c.url, 'org')]);
    expect(orgA).toEqual(orgB);
    expect(orgA.people).toHaveLength(25);
    expect(orgC).not.toEqual(orgA);
    // The okta process's credentials equal what this process derives for seed 77 at that URL.
    const local = TWINS.okta.credentials({ org: buildOrg(77, loadOrgDefinition(undefined, 25)), seed: 77, publicUrl: b.url });
    expect((await get(b.url, 'credentials')).okta).toEqual(local);
    expect((await get(a.url, 'snapshot')).twins.slack).toEqual(TWINS.slack.seedState({ org: orgA, seed: 77 }));
  });
});
