// A scenario fixture's per-twin sections, as the fixture loader hands them to each twin (checked and
// resolved: emails lower-case, group slugs expanded where a twin needs people) under its config's
// `scenario` key, plus who exists in which twin: Okta's app assignments decide (Org.apps).
import type { AppTwin, Group, Org, Person } from './org.js';

/** The key of a twin's SeedContext.config that carries its scenario section (filled by the loader only). */
export const SCENARIO_KEY = 'scenario';

export type ShareRole = 'reader' | 'commenter' | 'writer';
export const SHARE_ROLES: readonly ShareRole[] = ['reader', 'commenter', 'writer'];
export type FileType = 'document' | 'spreadsheet' | 'folder' | 'file';
export type CellInput = string | number | boolean;

export interface OktaScenario {
  /** Per app twin with a fixture `apps` entry: the Okta group assignments (group slugs) and direct user assignments. */
  apps: Partial<Record<AppTwin, { everyone: boolean; groups: string[]; people: string[] }>>;
}

export interface ScenarioChannel {
  name: string;
  private: boolean;
  /** The app's bot is a member too. */
  bot: boolean;
  topic?: string;
  purpose?: string;
  /** Emails, groups expanded, in the order written, each once; only people the twin holds. */
  members: string[];
  messages: { from: string; text: string }[];
}
export interface SlackScenario { channels: ScenarioChannel[] }

export interface ScenarioIssue {
  summary: string;
  description?: string;
  type: string;
  status: string;
  priority: string;
  assignee: string | null;
  reporter: string;
  due: string | null;
  labels: string[];
}
export interface ScenarioProject {
  key: string;
  name: string;
  description?: string;
  lead: string;
  /** Names of the groups whose members browse the project; null: everyone with Jira access. */
  access: string[] | null;
  issues: ScenarioIssue[];
}
export interface JiraScenario { projects: ScenarioProject[] }

export interface ScenarioShare {
  type: 'user' | 'group' | 'domain' | 'anyone';
  role: ShareRole;
  /** user: the person; group: the group's address (slug@domain). */
  emailAddress?: string;
  /** group: the group's slug. */
  group?: string;
  domain?: string;
}
export interface ScenarioFile {
  name: string;
  owner: string;
  type: FileType;
  /** Name of a folder of this list, or null for the owner's My Drive. */
  parent: string | null;
  description?: string;
  /** document: text, one paragraph a line; spreadsheet: rows of cells; file: text. */
  content?: string | CellInput[][];
  shares: ScenarioShare[];
}
export interface GoogleScenario { files: ScenarioFile[] }

/** A twin's scenario section from its seed config, or undefined when the fixture has none for it. */
export function scenarioOf<T>(config: Record<string, unknown> | undefined): T | undefined {
  return config?.[SCENARIO_KEY] as T | undefined;
}

/** The people who exist in a twin: those assigned to its app in Okta (everyone when the org does not say). */
export function peopleIn(org: Org, twin: AppTwin): Person[] {
  const assigned = org.apps?.[twin];
  if (!assigned) return org.people;
  const set = new Set(assigned);
  return org.people.filter((p) => set.has(p.email));
}

const views = new WeakMap<Org, Partial<Record<AppTwin, Org>>>();

/**
 * The org as one twin sees it: its people only, and groups listing only members who exist there. The
 * same object when everyone is assigned, so an org without `apps` seeds exactly as before.
 */
export function orgIn(org: Org, twin: AppTwin): Org {
  if (!org.apps?.[twin]) return org;
  const cached = views.get(org)?.[twin];
  if (cached) return cached;
  const people = peopleIn(org, twin);
  const present = new Set(people.map((p) => p.email));
  const groups: Group[] = org.groups.map((g) => ({ ...g, members: g.members.filter((m) => present.has(m)) }));
  const view: Org = { ...org, people, groups };
  views.set(org, { ...views.get(org), [twin]: view });
  return view;
}
