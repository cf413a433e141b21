import type { Org, Person } from './org.js';

/** The person whose tokens the credentials document hands out: the first active admin. */
export function primaryAdmin(org: Org): Person {
  return org.people.find((p) => p.admin && p.status === 'active') ?? org.people.find((p) => p.status === 'active') ?? org.people[0];
}
