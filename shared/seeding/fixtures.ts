// Org definitions: a generated company (generator settings) or a hand-written one (fixed people, and
// optionally the whole universe: groups, Okta app assignments, Slack channels, Jira projects, Drive
// files). `--fixture` takes a file path or the name of a file in fixtures/ ("small" → fixtures/small-org.json).
// Every problem in a file is reported as `file:line:column: path: message` (scenario-source.ts).
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fixturesDir } from '../paths.js';
import { generateOrg, slugify, type GeneratorSettings, type ProgressListener } from './generate-org.js';
import { TWIN_NAMES, type TwinName } from '../twin-names.js';
import type { Group, Org, Person } from './org.js';
import { avatarUrl } from './avatar.js';
import { SCENARIO_KEY } from './scenario.js';
import { checkFixedFixture, personEmail, type FixedPersonInput, type ResolvedGroup } from './scenario-check.js';
import { schemaProblems } from './scenario-schema.js';
import { FixtureSource, type Problem } from './scenario-source.js';

export const DEFAULT_USERS = 40;

export type { FixedPersonInput } from './scenario-check.js';

/**
 * A fixture's `twins` key: per-twin configuration that is not org data, e.g.
 * `twins: { slack: { eventSubscription: { requestUrl, events } } }`. Each twin checks its own section.
 * The loader adds each twin's scenario section (channels, projects, files, app assignments) under `scenario`.
 */
export type TwinConfigs = Partial<Record<TwinName, Record<string, unknown>>>;

export type OrgDefinition = { twins?: TwinConfigs } & (
  | { kind: 'generate'; source: string; settings: GeneratorSettings }
  | {
    kind: 'fixed'; source: string; name: string; domain: string; people: FixedPersonInput[];
    /** Teams, then the fixture's `groups`, members resolved to emails. */
    groups: ResolvedGroup[];
    apps?: Org['apps'];
  });

export class FixtureError extends Error {}

/** Top-level keys that describe people and their tools: only a hand-written org has them. */
const HAND_WRITTEN_KEYS = ['name', 'domain', 'people', 'teams', 'groups', 'apps', 'channels', 'projects', 'files'];

function fixturePath(fixture: string): string {
  const candidates = isAbsolute(fixture) ? [fixture]
    : [resolve(fixture), join(fixturesDir, fixture), join(fixturesDir, `${fixture}.json`), join(fixturesDir, `${fixture}-org.json`), join(fixturesDir, `${fixture}.yaml`), join(fixturesDir, `${fixture}-org.yaml`)];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new FixtureError(`fixture "${fixture}" not found (looked for a file path, then in ${fixturesDir})`);
  return found;
}

const refuse = (lines: string[]): never => {
  throw new FixtureError(lines.length === 1 ? lines[0] : `${lines.length} problems:\n${lines.join('\n')}`);
};

/** The fixture's own `twins` sections, each with the loader's scenario section for that twin added. */
function twinConfigs(raw: Record<string, any>, scenarios: Partial<Record<TwinName, unknown>>, problems: Problem[]): TwinConfigs {
  const twins: TwinConfigs = {};
  for (const [name, config] of Object.entries((raw.twins ?? {}) as Record<string, Record<string, unknown>>)) {
    if (SCENARIO_KEY in config) problems.push({ path: ['twins', name, SCENARIO_KEY], atKey: true, message: 'is filled from the top-level apps, channels, projects and files sections; write those instead' });
    twins[name as TwinName] = config;
  }
  for (const name of TWIN_NAMES) {
    if (scenarios[name]) twins[name] = { ...twins[name], [SCENARIO_KEY]: scenarios[name] };
  }
  return twins;
}

/** Reads a fixture (JSON or YAML) and checks it: its JSON Schema (fixtures/org.schema.json), then references. */
export function loadOrgDefinition(fixture: string | undefined, users: number | undefined): OrgDefinition {
  if (!fixture) return { kind: 'generate', source: 'default', settings: { users: users ?? DEFAULT_USERS } };
  const path = fixturePath(fixture);
  const parsed = FixtureSource.parse(path, readFileSync(path, 'utf8'));
  if ('errors' in parsed) return refuse(parsed.errors);
  const source = parsed;
  const raw = source.value;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return refuse([`${source.position([])}: must hold an object`]);
  const problems = schemaProblems(raw);
  if (problems.length) return refuse(source.format(problems));
  const fields = raw as Record<string, any>;
  const generate = fields.generate as GeneratorSettings | undefined;
  if (generate) {
    for (const key of HAND_WRITTEN_KEYS.filter((k) => k in fields)) {
      problems.push({ path: [key], atKey: true, message: 'does not go with generate (a generated org\'s people come from the seed; list people to describe them)' });
    }
    const twins = twinConfigs(fields, {}, problems);
    if (problems.length) return refuse(source.format(problems));
    return { kind: 'generate', source: path, settings: { ...generate, users: users ?? generate.users }, twins };
  }
  if (users !== undefined) throw new FixtureError(`${source.name} lists its people; --users applies only to generated orgs`);
  const checked = checkFixedFixture(fields);
  problems.push(...checked.problems);
  const twins = twinConfigs(fields, checked.resolved.scenarios, problems);
  if (problems.length) return refuse(source.format(problems));
  const { people, groups, apps } = checked.resolved;
  return { kind: 'fixed', source: path, name: fields.name, domain: fields.domain, people, groups, ...(apps && { apps }), twins };
}

/** The org of a checked hand-written fixture: pure, the same for every seed. */
function buildFixedOrg(def: Extract<OrgDefinition, { kind: 'fixed' }>): Org {
  const people: Person[] = def.people.map((p, i) => {
    const email = personEmail(p, def.domain);
    return {
      email,
      name: `${p.firstName} ${p.lastName}`,
      firstName: p.firstName,
      lastName: p.lastName,
      title: p.title,
      department: p.department,
      manager: p.manager?.toLowerCase() ?? null,
      location: p.location ?? 'San Francisco',
      timezone: p.timezone ?? 'America/Los_Angeles',
      status: p.status ?? 'active',
      admin: p.admin ?? false,
      employeeNumber: `E${String(i + 1).padStart(5, '0')}`,
      startDate: p.startDate ?? '2020-01-06',
      avatarUrl: avatarUrl(email),
    };
  });
  const departments = [...new Set(people.map((p) => p.department))];
  const groups: Group[] = departments.map((d) => ({
    name: d, slug: slugify(d), kind: 'department', department: d, members: people.filter((p) => p.department === d).map((p) => p.email),
  }));
  for (const g of def.groups) {
    const department = people.find((p) => p.email === g.members[0])?.department ?? departments[0];
    groups.push({ name: g.name, slug: g.slug, kind: g.kind, department, members: [...g.members], ...(g.description !== undefined && { description: g.description }) });
  }
  return { name: def.name, domain: def.domain, people, groups, ...(def.apps && { apps: def.apps }) };
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
