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
}

export interface Group {
  name: string;
  /** Lower-case identifier usable as a handle or group key, e.g. "engineering", "eng-platform". */
  slug: string;
  kind: 'department' | 'team';
  department: string;
  members: string[];
}

export interface Org {
  name: string;
  domain: string;
  people: Person[];
  groups: Group[];
}
