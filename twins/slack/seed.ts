// seedSlack(org, seed): the org as one Slack workspace — users, the app's bot, channels, a little
// deterministic history, user groups and tokens. A pure mapping: randomness only from the seed.
import { primaryAdmin } from '../../shared/seeding/admin.js';
import { avatarUrlOfSize } from '../../shared/seeding/avatar.js';
import { deriveHex } from '../../shared/seeding/deterministic.js';
import type { Org, Person } from '../../shared/seeding/org.js';
import { slackId, tokens } from '../../shared/seeding/people-ids.js';
import { hash32, mulberry32 } from '../../shared/seeding/prng.js';
import { BOT_KEY, BOT_SCOPES, LIMITED_BOT_KEY, scimTokenKey, USER_SCOPES } from './scopes.js';
import { ensureIm } from './dms.js';
import { orgIn, type SlackScenario } from '../../shared/seeding/scenario.js';
import { applySlackScenario } from './scenario.js';
import { formatTs, nextTs, threadKey, type SlackChannel, type SlackData, type SlackMessage, type SlackUser, type SlackUsergroup } from './store.js';

/** Seeded objects date from here (2025-01-06T09:00:00Z): fixed, so every process seeds the same state. */
export const EPOCH = 1_736_154_000;
const COLORS = ['9f69e7', '4bbe2e', 'e7392d', '3c989f', '674b1b', 'e96699', '5b89d5', 'd58247'];
const BOT_NAME = 'dtu-bot';

/** tz_label and tz_offset of an IANA zone (as on 2025-01-06, so seeding is deterministic); falls back to the zone's name and 0. */
export const tzInfo = (tz: string) => {
  const at = new Date(EPOCH * 1000);
  try {
    const label = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'long' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? tz;
    const local = new Date(at.toLocaleString('en-US', { timeZone: tz }));
    const utc = new Date(at.toLocaleString('en-US', { timeZone: 'UTC' }));
    return { tz_label: label, tz_offset: Math.round((local.getTime() - utc.getTime()) / 1000) };
  } catch {
    return { tz_label: tz, tz_offset: 0 };
  }
};

/** Slack's profile pictures, image_24 … image_1024 and image_original, from one URL per pixel size. */
function images(url: (size: number) => string) {
  return { image_24: url(24), image_32: url(32), image_48: url(48), image_72: url(72), image_192: url(192), image_512: url(512), image_1024: url(1024), image_original: url(1024) };
}

/** A person's pictures: their `avatarUrl`, the one every twin shows, in each size. */
const personImages = (avatarUrl: string) => images((size) => avatarUrlOfSize(avatarUrl, size));

export function personUser(seed: number, teamId: string, p: Person, i: number, owner: string, tzCache: Map<string, ReturnType<typeof tzInfo>>): SlackUser {
  const tz = tzCache.get(p.timezone) ?? tzCache.set(p.timezone, tzInfo(p.timezone)).get(p.timezone)!;
  const hash = deriveHex(seed, `slack:avatar:${p.email}`, 32);
  return {
    id: slackId(seed, 'U', p.email), team_id: teamId, name: p.email.split('@')[0], deleted: p.status !== 'active', color: COLORS[i % COLORS.length],
    real_name: p.name, tz: p.timezone, ...tz,
    profile: {
      title: p.title, phone: '', skype: '', real_name: p.name, real_name_normalized: p.name.normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
      display_name: p.firstName, display_name_normalized: p.firstName.normalize('NFD').replace(/[\u0300-\u036f]/g, ''), fields: null,
      status_text: '', status_emoji: '', status_emoji_display_info: [], status_expiration: 0, avatar_hash: hash.slice(0, 12),
      email: p.email, first_name: p.firstName, last_name: p.lastName, ...personImages(p.avatarUrl), team: teamId,
    },
    is_admin: p.admin, is_owner: p.email === owner, is_primary_owner: p.email === owner, is_restricted: false, is_ultra_restricted: false,
    is_bot: false, is_app_user: false, updated: EPOCH, is_email_confirmed: true,
  };
}

function botUser(seed: number, teamId: string, app: SlackData['app']): SlackUser {
  const hash = deriveHex(seed, 'slack:avatar:bot', 32);
  return {
    id: app.bot_user_id, team_id: teamId, name: BOT_NAME, deleted: false, color: '757575', real_name: 'DTU Bot',
    tz: 'America/Los_Angeles', tz_label: 'Pacific Standard Time', tz_offset: -28800,
    profile: {
      title: '', phone: '', skype: '', real_name: 'DTU Bot', real_name_normalized: 'DTU Bot', display_name: '', display_name_normalized: '', fields: null,
      status_text: '', status_emoji: '', status_emoji_display_info: [], status_expiration: 0, avatar_hash: hash.slice(0, 12),
      api_app_id: app.id, always_active: true, bot_id: app.bot_id, first_name: 'DTU', last_name: 'Bot',
      ...images((size) => `https://secure.gravatar.com/avatar/${hash}.jpg?s=${size}&d=identicon`), team: teamId,
    },
    is_admin: false, is_owner: false, is_primary_owner: false, is_restricted: false, is_ultra_restricted: false,
    is_bot: true, is_app_user: false, updated: EPOCH,
  };
}

export function channel(seed: number, teamId: string, key: string, name: string, creator: string, members: string[], purpose: string, extra: Partial<SlackChannel> = {}): SlackChannel {
  const isPrivate = extra.is_private ?? false;
  return {
    id: slackId(seed, isPrivate ? 'G' : 'C', key), name, is_channel: !isPrivate, is_group: isPrivate, is_im: false, is_mpim: false, is_private: isPrivate,
    created: EPOCH, is_archived: false, is_general: false, unlinked: 0, name_normalized: name, is_shared: false, is_org_shared: false,
    is_ext_shared: false, is_pending_ext_shared: false, pending_shared: [], context_team_id: teamId, updated: EPOCH * 1000, parent_conversation: null,
    creator, shared_team_ids: [teamId], topic: { value: '', creator: '', last_set: 0 }, purpose: { value: purpose, creator, last_set: EPOCH },
    previous_names: [], members, ...extra,
  };
}

const LINES = [
  'Morning all! Anything blocking today?', 'Reminder: planning review is at 2pm.', 'Shipped the fix for the login redirect.',
  'Can someone take a look at the draft I shared?', 'Great work on the launch, everyone.', 'Who owns the quarterly report this time?',
  'Notes from the sync are in the doc.', 'Heads up: the staging environment is down for maintenance.',
];
const REPLIES = ['On it.', 'Thanks for the heads up!', 'I can take a look this afternoon.', 'Done, let me know if anything is off.'];
const EMOJI = ['thumbsup', 'tada', 'eyes', 'white_check_mark', 'raised_hands'];

/** A few days of history: per channel up to six messages, the first with a two-reply thread and a reaction. */
function seedHistory(seed: number, data: SlackData) {
  let last = 0;
  for (const [index, ch] of data.channels.entries()) {
    // Each channel's history spans the same few days; the offset keeps ts distinct across channels.
    let micros = EPOCH * 1e6 + index * 1e6;
    const people = ch.members.filter((m) => m !== data.app.bot_user_id);
    if (people.length === 0) continue;
    const random = mulberry32(hash32(`${seed}:slack:history:${ch.id}`));
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
    const top: SlackMessage[] = [];
    for (let day = 0; day < 3; day++) {
      for (let n = 0; n < 2; n++) {
        micros += Math.floor(3600e6 + random() * 7200e6) + (n === 0 && day > 0 ? 86400e6 / 2 : 0);
        top.push({ type: 'message', user: pick(people), text: pick(LINES), ts: formatTs(micros), team: data.team.id });
      }
    }
    const parent = top[0];
    const replies = [0, 1].map(() => {
      micros += Math.floor(60e6 + random() * 600e6);
      return { type: 'message', user: pick(people), text: pick(REPLIES), ts: formatTs(micros), team: data.team.id, thread_ts: parent.ts, parent_user_id: parent.user } as SlackMessage;
    });
    const replyUsers = [...new Set(replies.map((r) => r.user))];
    Object.assign(parent, { thread_ts: parent.ts, reply_count: replies.length, reply_users_count: replyUsers.length, reply_users: replyUsers, latest_reply: replies[1].ts });
    parent.reactions = [{ name: pick(EMOJI), users: [pick(people)], count: 1 }];
    top.sort((a, b) => (a.ts < b.ts ? -1 : 1));
    data.messages[ch.id] = top;
    data.replies[threadKey(ch.id, parent.ts)] = replies;
    last = Math.max(last, micros);
  }
  data.lastTs = last;
}

/** A DM from the bot to the workspace owner, and one between two colleagues of the largest department. */
function seedDms(seed: number, data: SlackData, ownerId: string, channels: SlackChannel[]) {
  const message = (user: string, text: string): SlackMessage => ({ type: 'message', user, text, ts: nextTs(data, 0), team: data.team.id });
  const welcome = ensureIm(data, seed, data.app.bot_user_id, ownerId, EPOCH).channel;
  data.messages[welcome.id].push({ ...message(data.app.bot_user_id, `Hi <@${ownerId}>! I'm ${data.app.name}; I'll post updates here.`), bot_id: data.app.bot_id, app_id: data.app.id });
  const department = channels.filter((c) => !c.is_general && c.name !== 'random' && !c.is_private).sort((a, b) => b.members.length - a.members.length)[0];
  if (!department || department.members.length < 2) return;
  const [a, b] = department.members;
  const dm = ensureIm(data, seed, a, b, EPOCH).channel;
  data.messages[dm.id].push(message(a, 'Do you have a minute to go over the review comments?'), message(b, 'Sure, give me five.'));
}

export function seedSlack(fullOrg: Org, seed: number, scenario?: SlackScenario): SlackData {
  // Only people assigned to the Slack app in Okta are in the workspace (everyone, unless the fixture says).
  const org = orgIn(fullOrg, 'slack');
  const teamId = slackId(seed, 'T', 'team');
  const app = { id: slackId(seed, 'A', 'app'), bot_id: slackId(seed, 'B', BOT_KEY), bot_user_id: slackId(seed, 'U', BOT_KEY), name: 'DTU App' };
  const owner = primaryAdmin(org).email;
  const tzCache = new Map<string, ReturnType<typeof tzInfo>>();
  const people = org.people.map((p, i) => personUser(seed, teamId, p, i, owner, tzCache));
  const idOf = new Map(org.people.map((p, i) => [p.email, people[i].id]));
  const active = org.people.filter((p) => p.status === 'active').map((p) => idOf.get(p.email)!);
  const ownerId = idOf.get(owner)!;
  const isActive = new Set(org.people.filter((p) => p.status === 'active').map((p) => p.email));
  const activeIds = (emails: string[]) => emails.filter((e) => isActive.has(e)).map((e) => idOf.get(e)!);
  const admins = org.people.filter((p) => p.admin && p.status === 'active').map((p) => idOf.get(p.email)!);

  const channels: SlackChannel[] = [
    channel(seed, teamId, 'general', 'general', ownerId, [...active, app.bot_user_id], 'This is the one channel that will always include everyone.', { is_general: true }),
    channel(seed, teamId, 'random', 'random', ownerId, active, 'A place for non-work-related flimflam.'),
    ...org.groups.filter((g) => g.kind === 'department').map((g) => channel(seed, teamId, `dept:${g.slug}`, g.slug, ownerId, activeIds(g.members), `The ${g.name} department.`)),
    channel(seed, teamId, 'private:leadership', 'leadership', ownerId, admins.length ? admins : [ownerId], 'Admins only.', { is_private: true }),
  ];
  // Every org group is a user group (departments too, beside their channel), as the contract says,
  // so Okta's group push finds each one by its handle.
  const usergroups: SlackUsergroup[] = org.groups.map((g) => {
    const users = activeIds(g.members);
    const description = g.description ?? (g.kind === 'department' ? `The ${g.name} department.` : `${g.name} team (${g.department})`);
    return {
      id: slackId(seed, 'S', `team:${g.slug}`), team_id: teamId, is_usergroup: true, is_subteam: true, name: g.name, description,
      handle: g.slug, is_external: false, date_create: EPOCH, date_update: EPOCH, date_delete: 0, auto_type: null, auto_provision: false, enterprise_subteam_id: '', channel_count: 0, created_by: ownerId,
      updated_by: ownerId, deleted_by: null, prefs: { channels: [], groups: [] }, users, user_count: users.length,
    };
  });
  const tokenMap: SlackData['tokens'] = {
    [tokens.slackBot(seed, BOT_KEY)]: { type: 'bot', user: app.bot_user_id, scopes: BOT_SCOPES },
    [tokens.slackBot(seed, LIMITED_BOT_KEY)]: { type: 'bot', user: app.bot_user_id, scopes: ['channels:read'] },
  };
  for (const p of org.people) tokenMap[tokens.slackUser(seed, p.email)] = { type: 'user', user: idOf.get(p.email)!, scopes: USER_SCOPES };
  tokenMap[tokens.slackUser(seed, scimTokenKey(owner))] = { type: 'user', user: ownerId, scopes: [...USER_SCOPES, 'admin'] };

  const data: SlackData = {
    team: { id: teamId, name: org.name, domain: org.domain.split('.')[0].toLowerCase(), email_domain: org.domain },
    app, users: [...people, botUser(seed, teamId, app)], channels, messages: {}, replies: {}, usergroups, tokens: tokenMap, scheduled: [], bookmarks: {}, pins: {}, presence: {}, reads: {}, closed: {}, files: [], uploads: {}, fileData: {}, scimExternalIds: {}, lastTs: 0,
  };
  seedHistory(seed, data);
  seedDms(seed, data, ownerId, channels);
  applySlackScenario(data, org, seed, scenario);
  return data;
}
