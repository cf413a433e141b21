// seedSlack: a pure, deterministic mapping of the org into one workspace.
import { describe, expect, it } from 'vitest';
import { buildOrg, loadOrgDefinition } from '../../../shared/seeding/fixtures.js';
import { slackTwin } from '../index.js';
import { seedSlack } from '../seed.js';

const small = buildOrg(5, loadOrgDefinition('small', undefined));

describe('seedSlack', () => {
  it('is a pure function of org and seed', () => {
    const before = JSON.stringify(small);
    expect(seedSlack(small, 5)).toEqual(seedSlack(small, 5));
    expect(JSON.stringify(small)).toBe(before);
    expect(seedSlack(small, 6).team.id).not.toBe(seedSlack(small, 5).team.id);
  });

  it('has a user per person plus the bot, with U… ids and unique names', () => {
    const data = seedSlack(small, 5);
    expect(data.users).toHaveLength(small.people.length + 1);
    for (const u of data.users) expect(u.id).toMatch(/^U[0-9A-Z]{10}$/);
    expect(new Set(data.users.map((u) => u.name)).size).toBe(data.users.length);
  });

  it('has a user group per org group (departments and teams), with the group’s active members', () => {
    const data = seedSlack(small, 5);
    const active = new Set(small.people.filter((p) => p.status === 'active').map((p) => p.email));
    expect(data.usergroups.map((g) => [g.handle, g.user_count])).toEqual(small.groups.map((g) => [g.slug, g.members.filter((m) => active.has(m)).length]));
    expect(data.usergroups.filter((g) => ['platform-team', 'on-call'].includes(g.handle)).map((g) => g.user_count)).toEqual([4, 3]);
    for (const g of data.usergroups) expect(g.id).toMatch(/^S/);
  });

  it('its tokens are exactly the ones the credentials hand out, each with a scope set', () => {
    const data = seedSlack(small, 5);
    const creds = slackTwin.credentials({ org: small, seed: 5, publicUrl: 'http://x' }) as any;
    const handedOut = [creds.botToken, creds.limitedBotToken, creds.scimToken, ...Object.values(creds.userTokens)];
    expect(Object.keys(data.tokens).sort()).toEqual([...handedOut].sort());
    expect(data.tokens[creds.limitedBotToken].scopes).toEqual(['channels:read']);
    expect(data.tokens[creds.scimToken]).toMatchObject({ type: 'user', user: data.tokens[creds.userToken].user, scopes: expect.arrayContaining(['admin']) });
    expect(data.tokens[creds.userToken].scopes).not.toContain('admin');
    expect(data.tokens[creds.botToken]).toMatchObject({ type: 'bot', user: creds.botUserId });
    expect(data.app).toMatchObject({ id: creds.appId, bot_user_id: creds.botUserId });
  });

  it('history: ts sorted per channel and below lastTs; every thread belongs to a parent that counts it', () => {
    const data = seedSlack(small, 5);
    for (const [channel, list] of Object.entries(data.messages)) {
      expect(list.map((m) => m.ts)).toEqual(list.map((m) => m.ts).sort());
      for (const m of list.filter((x) => x.reply_count)) expect(data.replies[`${channel}/${m.ts}`]).toHaveLength(m.reply_count!);
    }
    const all = [...Object.values(data.messages), ...Object.values(data.replies)].flat().map((m) => m.ts).sort();
    expect(Number(all.at(-1)!.replace('.', ''))).toBeLessThanOrEqual(data.lastTs);
  });

  it('seeds a generated 2,000-person org quickly', () => {
    const org = buildOrg(9, loadOrgDefinition(undefined, 2000));
    const started = performance.now();
    const data = seedSlack(org, 9);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(data.users).toHaveLength(2001);
  });
});

describe('importing a snapshot', () => {
  const reference = seedSlack(small, 5);
  const validate = slackTwin.validateState!;

  it('accepts a seeded state and refuses broken message lists, channels and tokens', () => {
    expect(validate(reference)).toBeNull();
    const outOfOrder = structuredClone(reference);
    const [first] = Object.values(outOfOrder.messages);
    first.push({ ...first[0] });
    expect(validate(outOfOrder)).toContain('strictly increasing');
    const noMembers = structuredClone(reference) as any;
    delete noMembers.channels[0].members;
    expect(validate(noMembers)).toContain('channels[0]');
    const badToken = structuredClone(reference) as any;
    badToken.tokens[Object.keys(badToken.tokens)[0]].type = 'god';
    expect(validate(badToken)).toContain('tokens.');
  });
});
