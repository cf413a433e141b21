// The organisation model every twin maps into its own entities (users, groups, channels...).
// It is plain JSON so it can be served at /_dtu/org and compared across processes.

export type PersonStatus = 'active' | 'suspended' | 'deactivated';

export interface Person {
  /** Unique within the org; twins derive their vendor ids from (seed, email). */
  email: string;
  name: string;
  firstName: string;
  lastName: string;
  title: string;
  department: string;
  /** Email of the person's manager, null for the head of the company. */
  manager: string | null;
  location: string;
  timezone: string;
  status: PersonStatus;
  /** Workspace / org administrator (Okta super admin, Google super admin, Jira site admin). */
  admin: boolean;
  employeeNumber: string;
  startDate: string;
  /** The person's picture, the same URL in every twin (shared/seeding/avatar.ts). */
  avatarUrl: string;
}

export interface Group {
  name: string;
  /** Lower-case identifier usable as a handle or group key, e.g. "engineering", "eng-platform". */
  slug: string;
  /** department: derived from people; team: a fixture's `teams`; group: a fixture's `groups`. */
  kind: 'department' | 'team' | 'group';
  department: string;
  members: string[];
  /** A hand-written fixture's description for the group (twins fall back to their own wording). */
  description?: string;
}

/** The twins whose apps Okta assigns people to (the SAML integrations seeded in Okta). */
export type AppTwin = 'slack' | 'jira' | 'google';
export const APP_TWINS: readonly AppTwin[] = ['slack', 'jira', 'google'];

export interface Org {
  name: string;
  domain: string;
  people: Person[];
  groups: Group[];
  /**
   * Who is assigned to each twin's app in Okta, as emails in people order (a hand-written fixture's
   * `apps`). A twin without an entry has everyone; a person not listed does not exist in that twin.
   * Read it through peopleIn / orgIn (shared/seeding/scenario.ts).
   */
  apps?: Partial<Record<AppTwin, string[]>>;
}
