// SCIM /Users as an identity provider (Okta's Slack integration) drives it, over raw fetch; the effects
// seen through WebClient (users.info, lookupByEmail, auth.test with the person's own token) and the
// Events API (team_join, user_change, subteam_members_changed).
import { describe, expect, it } from 'vitest';
import { avatarUrl, avatarUrlOfSize } from '../../../shared/seeding/avatar.js';
import { slackId, tokens } from '../../../shared/seeding/people-ids.js';
import { filterQuery, PATCH_OP, scimCall, useEventReceiver } from './scim-helpers.js';
import { LUCIA, slackErrorOf, useSlack } from './setup.js';

const env = useSlack();
const events = useEventReceiver(env, ['team_join', 'user_change', 'subteam_members_changed']);
const scim = (path: string, init?: Parameters<typeof scimCall>[2]) => scimCall(env, path, init);
const SEED = 5; // setup.ts starts the universe with seed 5; the first test checks it

const NORA = 'nora.quinn@northwind-robotics.example.com';
const NORA_BODY = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'nora.quinn', externalId: '00u-okta-nora', active: true, title: 'Analyst',
  name: { givenName: 'Nora', familyName: 'Quinn' }, displayName: 'Nora', timezone: 'Europe/Berlin', emails: [{ value: NORA, type: 'work', primary: true }],
};

const idOf = async (email: string) => (await env.bot.users.lookupByEmail({ email })).user!.id!;

describe('SCIM /Users lookups as identity providers make them', () => {
  it('pages 10 by default and by startIndex/count (at most 1000), with totalResults and itemsPerPage', async () => {
    expect(env.creds.userTokens[LUCIA]).toBe(tokens.slackUser(SEED, LUCIA));
    const first = (await scim('Users')).body;
    expect(first).toMatchObject({ totalResults: 12, itemsPerPage: 10, startIndex: 1 });
    expect(first.Resources).toHaveLength(10);
    const rest = (await scim('Users?startIndex=11&count=10')).body;
    expect(rest).toMatchObject({ totalResults: 12, itemsPerPage: 2, startIndex: 11 });
    const all = (await scim('Users?count=5000')).body;
    expect(all.itemsPerPage).toBe(12);
    expect([...first.Resources, ...rest.Resources].map((u: any) => u.id)).toEqual(all.Resources.map((u: any) => u.id));
    expect(all.Resources.map((u: any) => u.id)).not.toContain(env.creds.botUserId);
    expect((await scim('Users?startIndex=13')).body).toMatchObject({ totalResults: 12, itemsPerPage: 0, Resources: [] });
  });

  it('filters by userName (also given as the email), emails.value, email, externalId and id; no match is an empty list', async () => {
    const lucia = await idOf(LUCIA);
    for (const expression of ['userName eq "lucia.fernandez"', `userName eq "${LUCIA}"`, `emails.value eq "${LUCIA}"`, `email eq "${LUCIA.toUpperCase()}"`, `id eq "${lucia}"`]) {
      const page = (await scim(`Users?${filterQuery(expression)}`)).body;
      expect(page, expression).toMatchObject({ totalResults: 1, itemsPerPage: 1, Resources: [{ id: lucia, userName: 'lucia.fernandez' }] });
    }
    for (const expression of ['userName eq "nobody"', 'email eq "nobody@northwind-robotics.example.com"', 'userName eq "dtu-bot"', 'externalId eq "00u-none"']) {
      expect((await scim(`Users?${filterQuery(expression)}`)).body, expression).toMatchObject({ totalResults: 0, itemsPerPage: 0, Resources: [] });
    }
    const created = (await scim('Users', { method: 'POST', body: NORA_BODY })).body;
    expect((await scim(`Users?${filterQuery('externalId eq "00u-okta-nora"')}`)).body.Resources.map((u: any) => u.id)).toEqual([created.id]);
  });
});

describe('SCIM POST /Users', () => {
  it('creates the person with the id and user token derived from the email, their avatar and time zone; team_join', async () => {
    const created = await scim('Users', { method: 'POST', body: NORA_BODY });
    expect(created.status).toBe(201);
    const id = slackId(SEED, 'U', NORA);
    expect(created.body).toMatchObject({ id, userName: 'nora.quinn', externalId: '00u-okta-nora', active: true, timezone: 'Europe/Berlin', photos: [{ value: avatarUrlOfSize(avatarUrl(NORA), 192) }] });

    const nora = env.as(tokens.slackUser(SEED, NORA));
    expect(await nora.auth.test()).toMatchObject({ user_id: id, user: 'nora.quinn' });
    const user = (await env.bot.users.info({ user: id })).user!;
    expect(user).toMatchObject({ real_name: 'Nora Quinn', deleted: false, tz: 'Europe/Berlin', tz_label: 'Central European Standard Time', tz_offset: 3600 });
    for (const size of [24, 32, 48, 72, 192, 512, 1024]) expect((user.profile as any)[`image_${size}`]).toBe(avatarUrlOfSize(avatarUrl(NORA), size));
    expect((await events.eventOf('team_join')).user).toMatchObject({ id, name: 'nora.quinn', deleted: false, profile: { email: NORA } });
  });

  it('answers 409 in Slack\'s SCIM error shape when the userName or the email is taken, and creates nothing', async () => {
    const before = await env.universe.snapshot();
    const taken = [
      [{ ...NORA_BODY, userName: 'lucia.fernandez' }, 'username_taken'],
      [{ ...NORA_BODY, userName: LUCIA, emails: [{ value: LUCIA }] }, 'username_taken'],
      [{ ...NORA_BODY, emails: [{ value: LUCIA.toUpperCase(), primary: true }] }, 'email_taken'],
    ] as const;
    for (const [body, description] of taken) {
      expect(await scim('Users', { method: 'POST', body })).toEqual({ status: 409, body: { Errors: { description, code: 409 } } });
    }
    expect(await env.universe.snapshot()).toEqual(before);
  });
});

describe('SCIM deactivation and reactivation', () => {
  it('active:false (Okta\'s path-less replace) deactivates: deleted, not found by email, tokens refused, out of channels and groups', async () => {
    const lucia = await idOf(LUCIA);
    const platform = (await env.bot.usergroups.list({ include_users: true })).usergroups!.find((g) => g.users?.includes(lucia))!;
    const patched = await scim(`Users/${lucia}`, { method: 'PATCH', body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] } });
    expect(patched).toMatchObject({ status: 200, body: { id: lucia, active: false, groups: [] } });

    expect((await env.bot.users.info({ user: lucia })).user).toMatchObject({ deleted: true });
    expect(await slackErrorOf(env.bot.users.lookupByEmail({ email: LUCIA }))).toMatchObject({ error: 'users_not_found' });
    expect(await slackErrorOf(env.as(tokens.slackUser(SEED, LUCIA)).auth.test())).toMatchObject({ error: 'account_inactive' });
    expect((await env.bot.usergroups.users.list({ usergroup: platform.id! })).users).not.toContain(lucia);
    const engineering = (await env.bot.conversations.list({})).channels!.find((c) => c.name === 'engineering')!.id!;
    expect((await env.bot.conversations.members({ channel: engineering })).members).not.toContain(lucia);
    expect((await events.eventOf('user_change', (e) => e.user.id === lucia)).user).toMatchObject({ deleted: true });
    expect(await events.eventOf('subteam_members_changed', (e) => e.subteam_id === platform.id)).toMatchObject({ removed_users: [lucia], removed_users_count: 1, added_users: [] });
  });

  it('PUT with active:true reactivates: tokens work again, found by email, back in #general but not in the channels they left (as Slack does)', async () => {
    const lucia = await idOf(LUCIA);
    expect((await scim(`Users/${lucia}`, { method: 'DELETE' })).status).toBe(204);
    expect((await scim(`Users/${lucia}`)).body.active).toBe(false);
    expect((await scim(`Users/${lucia}`, { method: 'DELETE' })).status).toBe(204);

    const current = (await scim(`Users/${lucia}`)).body;
    const put = await scim(`Users/${lucia}`, { method: 'PUT', body: { ...current, active: true } });
    expect(put).toMatchObject({ status: 200, body: { id: lucia, active: true } });
    expect(await env.as(tokens.slackUser(SEED, LUCIA)).auth.test()).toMatchObject({ user_id: lucia });
    expect((await env.bot.users.lookupByEmail({ email: LUCIA })).user).toMatchObject({ id: lucia, deleted: false });
    const channels = (await env.bot.conversations.list({})).channels!;
    const members = async (name: string) => (await env.bot.conversations.members({ channel: channels.find((c) => c.name === name)!.id! })).members;
    expect(await members('general')).toContain(lucia);
    expect(await members('engineering')).not.toContain(lucia);
    expect((await events.eventOf('user_change', (e) => e.user.id === lucia && e.user.deleted === false)).user.profile.email).toBe(LUCIA);
  });
});

describe('SCIM PATCH of profile attributes', () => {
  it('changes name, title, displayName, email and time zone as Okta sends them; Slack shows the change and announces user_change', async () => {
    const lucia = await idOf(LUCIA);
    const moved = 'lucia.f@northwind-robotics.example.com';
    const patched = await scim(`Users/${lucia}`, {
      method: 'PATCH',
      body: {
        schemas: [PATCH_OP], Operations: [
          { op: 'replace', path: 'name.givenName', value: 'Lucía' },
          { op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:title', value: 'Staff Engineer' },
          { op: 'replace', path: 'displayName', value: 'lucia.f' },
          { op: 'replace', path: 'emails[type eq "work"].value', value: moved },
          { op: 'replace', value: { timezone: 'Asia/Tokyo' } },
        ],
      },
    });
    expect(patched).toMatchObject({ status: 200, body: { name: { givenName: 'Lucía', familyName: 'Fernandez' }, title: 'Staff Engineer', displayName: 'lucia.f', timezone: 'Asia/Tokyo', emails: [{ value: moved }] } });
    const user = (await env.bot.users.info({ user: lucia })).user!;
    expect(user).toMatchObject({ real_name: 'Lucía Fernandez', tz: 'Asia/Tokyo', tz_label: 'Japan Standard Time', tz_offset: 32400, profile: { title: 'Staff Engineer', display_name: 'lucia.f', email: moved } });
    expect((await env.as(tokens.slackUser(SEED, LUCIA)).users.profile.get({})).profile).toMatchObject({ first_name: 'Lucía', title: 'Staff Engineer' });
    expect((await env.bot.users.lookupByEmail({ email: moved })).user!.id).toBe(lucia);
    expect(await slackErrorOf(env.bot.users.lookupByEmail({ email: LUCIA }))).toMatchObject({ error: 'users_not_found' });
    expect((await events.eventOf('user_change', (e) => e.user.id === lucia)).user).toMatchObject({ real_name: 'Lucía Fernandez', tz: 'Asia/Tokyo', profile: { email: moved } });
  });

  it('refuses an unknown time zone with a 400 and writes nothing', async () => {
    const lucia = await idOf(LUCIA);
    const before = await env.universe.snapshot();
    const answer = await scim(`Users/${lucia}`, { method: 'PATCH', body: { Operations: [{ op: 'replace', path: 'title', value: 'x' }, { op: 'replace', path: 'timezone', value: 'Mars/Olympus' }] } });
    expect(answer).toEqual({ status: 400, body: { Errors: { description: 'invalid_timezone', code: 400 } } });
    expect(await env.universe.snapshot()).toEqual(before);
  });
});
