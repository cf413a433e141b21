// Org definitions: a generated company (generator settings) or a hand-written one (fixed people).
// `--fixture` takes a file path or the name of a file in fixtures/ ("small" → fixtures/small-org.json).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { fixturesDir } from '../paths.js';
import { generateOrg, slugify, type GeneratorSettings, type ProgressListener } from './generate-org.js';
import { TWIN_NAMES, type TwinName } from '../twin-names.js';
import type { Group, Org, Person, PersonStatus } from './org.js';
import { avatarUrl } from './avatar.js';

export const DEFAULT_USERS = 40;

export interface FixedPersonInput {
  firstName: string;
  lastName: string;
  email?: string;
  title: string;
  department: string;
  manager?: string | null;
  location?: string;
  timezone?: string;
  status?: PersonStatus;
  admin?: boolean;
  startDate?: string;
}

/**
 * A fixture's `twins` key: per-twin configuration that is not org data, e.g.
 * `twins: { slack: { eventSubscription: { requestUrl, events } } }`. Each twin checks its own section.
 */
export type TwinConfigs = Partial<Record<TwinName, Record<string, unknown>>>;

export type OrgDefinition = { twins?: TwinConfigs } & (
  | { kind: 'generate'; source: string; settings: GeneratorSettings }
  | { kind: 'fixed'; source: string; name: string; domain: string; people: FixedPersonInput[]; teams: { name: string; members: string[] }[] });

export class FixtureError extends Error {}

const require = createRequire(import.meta.url);
/** The yaml parser is loaded when a fixture file is read: a default start (a generated org) never pays for it. */
const parseYaml = (text: string): unknown => (require('yaml') as typeof import('yaml')).parse(text);

function fixturePath(fixture: string): string {
  const candidates = isAbsolute(fixture) ? [fixture]
    : [resolve(fixture), join(fixturesDir, fixture), join(fixturesDir, `${fixture}.json`), join(fixturesDir, `${fixture}-org.json`), join(fixturesDir, `${fixture}.yaml`), join(fixturesDir, `${fixture}-org.yaml`)];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new FixtureError(`fixture "${fixture}" not found (looked for a file path, then in ${fixturesDir})`);
  return found;
}

const STATUSES: PersonStatus[] = ['active', 'suspended', 'deactivated'];

function fail(source: string, where: string, message: string): never {
  throw new FixtureError(`${source}: ${where} ${message}`);
}

function parseFixed(source: string, raw: Record<string, unknown>): OrgDefinition {
  const { name, domain, people, teams = [] } = raw as { name?: unknown; domain?: unknown; people?: unknown; teams?: unknown };
  if (typeof name !== 'string' || !name) fail(source, 'name', 'must be a non-empty string');
  if (typeof domain !== 'string' || !/^[a-z0-9.-]+\.[a-z]+$/i.test(domain)) fail(source, 'domain', 'must be a domain name like acme.example.com');
  if (!Array.isArray(people) || people.length === 0) fail(source, 'people', 'must be a non-empty list');
  people.forEach((p, i) => {
    const where = `people[${i}]`;
    if (!p || typeof p !== 'object') fail(source, where, 'must be an object');
    for (const field of ['firstName', 'lastName', 'title', 'department'] as const) {
      if (typeof (p as Record<string, unknown>)[field] !== 'string') fail(source, `${where}.${field}`, 'is required and must be a string');
    }
    const status = (p as FixedPersonInput).status;
    if (status !== undefined && !STATUSES.includes(status)) fail(source, `${where}.status`, `must be one of ${STATUSES.join(', ')}`);
  });
  if (!Array.isArray(teams)) fail(source, 'teams', 'must be a list');
  return { kind: 'fixed', source, name, domain, people: people as FixedPersonInput[], teams: teams as { name: string; members: string[] }[] };
}

function parseTwinConfigs(source: string, twins: unknown): TwinConfigs {
  if (twins === undefined) return {};
  if (!twins || typeof twins !== 'object' || Array.isArray(twins)) fail(source, 'twins', 'must be an object keyed by twin name');
  for (const [name, config] of Object.entries(twins)) {
    if (!(TWIN_NAMES as readonly string[]).includes(name)) fail(source, `twins.${name}`, `is not a twin (twins are ${TWIN_NAMES.join(', ')})`);
    if (!config || typeof config !== 'object' || Array.isArray(config)) fail(source, `twins.${name}`, 'must be an object');
  }
  return twins as TwinConfigs;
}

/** Reads a fixture (JSON or YAML). `users` overrides a generator's head count. */
export function loadOrgDefinition(fixture: string | undefined, users: number | undefined): OrgDefinition {
  if (!fixture) return { kind: 'generate', source: 'default', settings: { users: users ?? DEFAULT_USERS } };
  const path = fixturePath(fixture);
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new FixtureError(`${path}: not valid JSON or YAML (${(error as Error).message.split('\n')[0]})`);
  }
  if (!raw || typeof raw !== 'object') throw new FixtureError(`${path}: must hold an object`);
  const generate = (raw as { generate?: GeneratorSettings }).generate;
  const twins = parseTwinConfigs(path, (raw as { twins?: unknown }).twins);
  if (generate) {
    if (typeof generate.users !== 'number' || generate.users < 1) fail(path, 'generate.users', 'must be a positive number');
    return { kind: 'generate', source: path, settings: { ...generate, users: users ?? generate.users }, twins };
  }
  if (users !== undefined) throw new FixtureError(`${path} lists its people; --users applies only to generated orgs`);
  return { ...parseFixed(path, raw as Record<string, unknown>), twins };
}

function buildFixedOrg(def: Extract<OrgDefinition, { kind: 'fixed' }>): Org {
  const people: Person[] = def.people.map((p, i) => {
    const email = (p.email ?? `${slugify(p.firstName).replace(/-/g, '')}.${slugify(p.lastName).replace(/-/g, '')}@${def.domain}`).toLowerCase();
    return {
      email,
      name: `${p.firstName} ${p.lastName}`,
      firstName: p.firstName,
      lastName: p.lastName,
      title: p.title,
      department: p.department,
      manager: p.manager ?? null,
      location: p.location ?? 'San Francisco',
      timezone: p.timezone ?? 'America/Los_Angeles',
      status: p.status ?? 'active',
      admin: p.admin ?? false,
      employeeNumber: `E${String(i + 1).padStart(5, '0')}`,
      startDate: p.startDate ?? '2020-01-06',
      avatarUrl: avatarUrl(email),
    };
  });
  const emails = new Set<string>();
  people.forEach((p, i) => {
    if (emails.has(p.email)) fail(def.source, `people[${i}].email`, `"${p.email}" is used twice`);
    emails.add(p.email);
  });
  people.forEach((p, i) => {
    if (p.manager !== null && !emails.has(p.manager)) fail(def.source, `people[${i}].manager`, `"${p.manager}" is not a person in this fixture`);
  });
  const departments = [...new Set(people.map((p) => p.department))];
  const groups: Group[] = departments.map((d) => ({
    name: d, slug: slugify(d), kind: 'department', department: d, members: people.filter((p) => p.department === d).map((p) => p.email),
  }));
  def.teams.forEach((team, i) => {
    if (typeof team?.name !== 'string' || !Array.isArray(team.members)) fail(def.source, `teams[${i}]`, 'needs a name and a members list');
    team.members.forEach((m, j) => { if (!emails.has(m)) fail(def.source, `teams[${i}].members[${j}]`, `"${m}" is not a person in this fixture`); });
    const department = people.find((p) => p.email === team.members[0])?.department ?? departments[0];
    groups.push({ name: team.name, slug: slugify(team.name), kind: 'team', department, members: [...team.members] });
  });
  return { name: def.name, domain: def.domain, people, groups };
}

export function buildOrg(seed: number, def: OrgDefinition, onProgress?: ProgressListener): Org {
  return def.kind === 'generate' ? generateOrg(seed, def.settings, onProgress) : buildFixedOrg(def);
}

/**
 * Builds orgs on demand and remembers the last one: twins in one process share a single org object
 * per seed instead of generating it once each.
 */
export class OrgSource {
  private cached?: { seed: number; org: Org };
  constructor(readonly definition: OrgDefinition, private readonly onProgress?: ProgressListener) {}

  get(seed: number): Org {
    if (this.cached?.seed !== seed) this.cached = { seed, org: buildOrg(seed, this.definition, this.onProgress) };
    return this.cached.org;
  }
}
