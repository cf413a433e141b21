// The Slack twin's part of the universe: GET /_dtu/people (the consistency report's input) before and
// after SCIM changes, and every seeded profile (name, email, title, time zone, avatar) equal to the
// org's, as users.list shows it through WebClient.
import { describe, expect, it } from 'vitest';
import type { TwinPerson } from '../../../shared/kernel/twin-definition.js';
import { avatarUrlOfSize } from '../../../shared/seeding/avatar.js';
import type { Org } from '../../../shared/seeding/org.js';
import { scimCall } from './scim-helpers.js';
import { LUCIA, useSlack } from './setup.js';

const env = useSlack();
const dtu = async (path: string) => (await fetch(`${env.universe.urls.slack}/_dtu/${path}`)).json();
const slackPeople = async (): Promise<TwinPerson[]> => (await dtu('people')).twins.slack;

describe('GET /_dtu/people', () => {
  it('holds every person (no bot) with their Slack id, real name and status; suspended org people are deactivated', async () => {
    const org: Org = await dtu('org');
    const people = await slackPeople();
    const users = (await env.bot.users.list({})).members!;
    expect(people).toHaveLength(org.people.length);
    expect(people.map((p) => p.id)).not.toContain(env.creds.botUserId);
    for (const person of org.people) {
      const user = users.find((u) => u.profile?.email === person.email)!;
      expect(people.find((p) => p.email === person.email), person.email).toEqual({
        email: person.email, id: user.id, name: person.name, status: person.status === 'active' ? 'active' : 'deactivated',
      });
    }
  });

  it('follows SCIM: a created person is active, a deactivated one deactivated', async () => {
    const email = 'ines.moreau@northwind-robotics.example.com';
    const created = await scimCall(env, 'Users', { method: 'POST', body: { userName: 'ines.moreau', name: { givenName: 'Inès', familyName: 'Moreau' }, emails: [{ value: email }] } });
    const lucia = (await env.bot.users.lookupByEmail({ email: LUCIA })).user!.id!;
    await scimCall(env, `Users/${lucia}`, { method: 'DELETE' });
    const people = await slackPeople();
    expect(people.find((p) => p.email === email)).toEqual({ email, id: created.body.id, name: 'Inès Moreau', status: 'active' });
    expect(people.find((p) => p.email === LUCIA)).toMatchObject({ id: lucia, status: 'deactivated' });
  });
});

describe('profiles match the org', () => {
  it('name, email, title, time zone and the org\'s avatar in every size; the bot keeps its own picture; no manager field', async () => {
    const org: Org = await dtu('org');
    const users = (await env.bot.users.list({})).members!;
    for (const person of org.people) {
      const user = users.find((u) => u.profile?.email === person.email)!;
      expect(user, person.email).toMatchObject({ real_name: person.name, tz: person.timezone, profile: { real_name: person.name, email: person.email, title: person.title, first_name: person.firstName, last_name: person.lastName } });
      // The label and offset Slack gives for the zone (the seeded ones are as of January 2025).
      const zone = new Intl.DateTimeFormat('en-US', { timeZone: person.timezone, timeZoneName: 'long' }).formatToParts(new Date('2025-01-06T09:00:00Z')).find((p) => p.type === 'timeZoneName')!.value;
      expect(user.tz_label, person.email).toBe(zone);
      expect(typeof user.tz_offset).toBe('number');
      for (const size of [24, 32, 48, 72, 192, 512, 1024]) expect((user.profile as any)[`image_${size}`], `${person.email} ${size}`).toBe(avatarUrlOfSize(person.avatarUrl, size));
      expect(user.profile!.image_original).toBe(avatarUrlOfSize(person.avatarUrl, 1024));
    }
    const bot = users.find((u) => u.id === env.creds.botUserId)!;
    expect(org.people.map((p) => avatarUrlOfSize(p.avatarUrl, 72))).not.toContain(bot.profile!.image_72);

    const profile = (await env.as(env.creds.userTokens[LUCIA]).users.profile.get({})).profile as Record<string, unknown>;
    expect(profile).toMatchObject({ email: LUCIA, image_192: avatarUrlOfSize(org.people.find((p) => p.email === LUCIA)!.avatarUrl, 192) });
    // Slack's profile has no manager (only custom profile fields could hold one); the org's manager is not shown.
    expect(profile).not.toHaveProperty('manager');
  });
});
