// Generates a plausible company from a seed: same seed and settings → byte-identical org, in any
// process. All randomness comes from faker seeded with the universe seed; nothing reads the clock.
import { faker } from '@faker-js/faker/locale/en';
import type { Group, Org, Person } from './org.js';
import { COMPANY_SUFFIXES, DEPARTMENTS, OFFICES, type DepartmentPlan } from './org-plan.js';
import { avatarUrl } from './avatar.js';

export interface GeneratorSettings {
  /** Head count, the CEO included. */
  users: number;
  /** People per team before a department is split into teams. */
  teamSize?: number;
  /** Company name; generated from the seed when absent. */
  name?: string;
  domain?: string;
}

export type ProgressListener = (done: number, total: number) => void;

export function slugify(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** ASCII local part for an email address: "Zoë O'Connor" → "zoe.oconnor". */
function emailLocalPart(firstName: string, lastName: string): string {
  const clean = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]/g, '');
  return `${clean(firstName)}.${clean(lastName)}`;
}

/** Splits `total` seats over departments by weight (largest remainder), at least one each. */
function headCounts(departments: DepartmentPlan[], total: number): number[] {
  const weightSum = departments.reduce((sum, d) => sum + d.weight, 0);
  const spare = total - departments.length;
  const exact = departments.map((d) => (spare * d.weight) / weightSum);
  const counts = exact.map((x) => 1 + Math.floor(x));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % byRemainder.length, left--) counts[byRemainder[k].i]++;
  return counts;
}

export function generateOrg(seed: number, settings: GeneratorSettings, onProgress?: ProgressListener): Org {
  const total = Math.max(1, Math.floor(settings.users));
  const teamSize = Math.max(2, settings.teamSize ?? 7);
  faker.seed(seed);

  const companyName = settings.name ?? `${faker.person.lastName()} ${faker.helpers.arrayElement(COMPANY_SUFFIXES)}`;
  const domain = settings.domain ?? `${slugify(companyName)}.example.com`;
  const usedEmails = new Set<string>();
  const officeChoices = OFFICES.map((o) => ({ weight: o.weight, value: o }));
  const people: Person[] = [];
  const groups: Group[] = [];

  const newPerson = (title: string, department: string, manager: string | null): Person => {
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    const base = emailLocalPart(firstName, lastName);
    let local = base;
    for (let n = 2; usedEmails.has(local); n++) local = `${base}${n}`;
    usedEmails.add(local);
    const office = faker.helpers.weightedArrayElement(officeChoices);
    const email = `${local}@${domain}`;
    const person: Person = {
      email,
      name: `${firstName} ${lastName}`,
      firstName,
      lastName,
      title,
      department,
      manager,
      location: office.location,
      timezone: office.timezone,
      status: 'active',
      admin: false,
      employeeNumber: `E${String(people.length + 1).padStart(5, '0')}`,
      startDate: faker.date.between({ from: '2015-01-01T00:00:00Z', to: '2026-06-30T00:00:00Z' }).toISOString().slice(0, 10),
      avatarUrl: avatarUrl(email),
    };
    people.push(person);
    if (onProgress && people.length % 1000 === 0) onProgress(people.length, total);
    return person;
  };

  const ceo = newPerson('Chief Executive Officer', 'Executive', null);
  groups.push({ name: 'Executive', slug: 'executive', kind: 'department', department: 'Executive', members: [ceo.email] });

  const departmentCount = Math.min(DEPARTMENTS.length, Math.max(1, Math.min(Math.ceil((total - 1) / 6), total - 1)));
  const departments = total > 1 ? DEPARTMENTS.slice(0, Math.max(1, departmentCount)) : [];
  const counts = departments.length ? headCounts(departments, total - 1) : [];

  departments.forEach((plan, d) => {
    const head = newPerson(plan.head, plan.name, ceo.email);
    const members = [head.email];
    const staff = counts[d] - 1;
    // Small departments are one team; larger ones split into teams, each with a lead.
    const teamCount = staff > teamSize ? Math.ceil(staff / teamSize) : 0;
    if (teamCount === 0) {
      for (let i = 0; i < staff; i++) members.push(newPerson(faker.helpers.arrayElement(plan.titles), plan.name, head.email).email);
    } else {
      for (let t = 0; t < teamCount; t++) {
        const size = Math.floor(staff / teamCount) + (t < staff % teamCount ? 1 : 0);
        const round = Math.floor(t / plan.teams.length);
        const teamName = plan.teams[t % plan.teams.length] + (round ? ` ${round + 1}` : '');
        const lead = newPerson(plan.lead, plan.name, head.email);
        const team = [lead.email];
        for (let i = 1; i < size; i++) team.push(newPerson(faker.helpers.arrayElement(plan.titles), plan.name, lead.email).email);
        members.push(...team);
        groups.push({ name: `${plan.name} · ${teamName}`, slug: slugify(`${plan.name}-${teamName}`), kind: 'team', department: plan.name, members: team });
      }
    }
    groups.splice(groups.length - teamCount, 0, { name: plan.name, slug: slugify(plan.name), kind: 'department', department: plan.name, members });
  });

  // One or two administrators: the head of IT and the first IT staff member (or the CEO in tiny orgs).
  const itPeople = people.filter((p) => p.department === 'IT');
  for (const admin of itPeople.length ? itPeople.slice(0, 2) : [ceo]) admin.admin = true;
  onProgress?.(people.length, total);
  return { name: companyName, domain, people, groups };
}
