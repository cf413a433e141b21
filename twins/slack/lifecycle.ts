// A person joining, leaving and coming back, as Slack applies it (SCIM drives it): a new member
// joins #general; a deactivated one is `deleted`, their tokens answer account_inactive, and they
// drop out of channel member lists and user groups; reactivation brings them back to #general.
import type { TwinPerson } from '../../shared/kernel/twin-definition.js';
import { avatarUrl } from '../../shared/seeding/avatar.js';
import { slackId, tokens } from '../../shared/seeding/people-ids.js';
import type { Person } from '../../shared/seeding/org.js';
import { personUser, tzInfo } from './seed.js';
import { USER_SCOPES } from './scopes.js';
import { nextTs, type SlackData, type SlackUser, type SlackUsergroup } from './store.js';

/** What a provisioning request says about a person. */
export interface PersonFields {
  userName: string;
  email: string;
  givenName: string;
  familyName: string;
  displayName: string;
  title: string;
  timezone?: string;
}

function joinGeneral(data: SlackData, userId: string, nowMs: number) {
  const general = data.channels.find((c) => c.is_general);
  if (!general || general.members.includes(userId)) return;
  general.members.push(userId);
  (data.messages[general.id] ??= []).push({ type: 'message', subtype: 'channel_join', user: userId, text: `<@${userId}> has joined the channel`, ts: nextTs(data, nowMs), team: data.team.id });
}

/**
 * Adds a person: the user (id derived from the email, as seeded people's are), a user token derived
 * the same way as the seeded ones (so `tokens.slackUser(seed, email)` works for them too), #general.
 * Their picture is `avatarUrl(email)`, the URL every twin shows for that address.
 */
export function createUser(data: SlackData, seed: number, fields: PersonFields, nowMs: number): SlackUser {
  const person: Person = {
    email: fields.email, name: `${fields.givenName} ${fields.familyName}`.trim() || fields.userName, firstName: fields.givenName, lastName: fields.familyName,
    title: fields.title, department: '', manager: null, location: '', timezone: fields.timezone ?? 'America/Los_Angeles', status: 'active', admin: false,
    employeeNumber: '', startDate: '', avatarUrl: avatarUrl(fields.email),
  };
  const user = personUser(seed, data.team.id, person, data.users.length, '', new Map());
  user.name = fields.userName;
  user.profile.display_name = fields.displayName;
  user.profile.display_name_normalized = fields.displayName;
  user.updated = Math.floor(nowMs / 1000);
  // Keep the bot last, as seeded, so people come first in users.list.
  const botAt = data.users.findIndex((u) => u.is_bot);
  if (botAt < 0) data.users.push(user);
  else data.users.splice(botAt, 0, user);
  data.tokens[tokens.slackUser(seed, fields.email)] = { type: 'user', user: user.id, scopes: USER_SCOPES };
  joinGeneral(data, user.id, nowMs);
  return user;
}

/** The id a person with this email gets. */
export const userIdFor = (seed: number, email: string) => slackId(seed, 'U', email);

/** Applies changed fields to a user (profile and name). */
export function updateUser(data: SlackData, user: SlackUser, fields: PersonFields, nowMs: number) {
  // The email and name indexes are memoized per users array: a new array makes lookups see the change.
  if (user.profile.email !== fields.email || user.name !== fields.userName) data.users = data.users.slice();
  const realName = `${fields.givenName} ${fields.familyName}`.trim() || fields.userName;
  user.name = fields.userName;
  user.real_name = realName;
  if (fields.timezone && fields.timezone !== user.tz) Object.assign(user, { tz: fields.timezone, ...tzInfo(fields.timezone) });
  Object.assign(user.profile, {
    email: fields.email, first_name: fields.givenName, last_name: fields.familyName, real_name: realName,
    real_name_normalized: realName.normalize('NFD').replace(/[\u0300-\u036f]/g, ''), display_name: fields.displayName,
    display_name_normalized: fields.displayName.normalize('NFD').replace(/[\u0300-\u036f]/g, ''), title: fields.title,
  });
  user.updated = Math.floor(nowMs / 1000);
}

/** Deactivates: out of every channel (DMs stay, as in Slack) and user group; tokens stop working. Answers the groups left. */
export function deactivateUser(data: SlackData, user: SlackUser, nowMs: number): LeftGroup[] {
  if (user.deleted) return [];
  const sec = Math.floor(nowMs / 1000);
  user.deleted = true;
  user.updated = sec;
  for (const channel of data.channels) {
    if (channel.is_im || !channel.members.includes(user.id)) continue;
    channel.members = channel.members.filter((m) => m !== user.id);
  }
  const left: LeftGroup[] = [];
  for (const group of data.usergroups) {
    if (!group.users.includes(user.id)) continue;
    left.push({ group, previousUpdate: group.date_update });
    group.users = group.users.filter((u) => u !== user.id);
    Object.assign(group, { user_count: group.users.length, date_update: sec });
  }
  delete data.presence[user.id];
  return left;
}

/** A user group a deactivated person was taken out of, and when it had changed before. */
export interface LeftGroup {
  group: SlackUsergroup;
  previousUpdate: number;
}

/**
 * Reactivates: the person's tokens work again and they are back in #general (everyone is), but, as
 * Slack's help says of reactivated members, not in the other channels or user groups they left.
 */
export function reactivateUser(data: SlackData, user: SlackUser, nowMs: number) {
  if (!user.deleted) return;
  user.deleted = false;
  user.updated = Math.floor(nowMs / 1000);
  joinGeneral(data, user.id, nowMs);
}

/** The people of the workspace for the universe's consistency report: every user but bots, deleted = deactivated. */
export function slackPeople(data: SlackData): TwinPerson[] {
  const people: TwinPerson[] = [];
  for (const user of data.users) {
    if (user.is_bot || !user.profile.email) continue;
    people.push({ email: user.profile.email, id: user.id, status: user.deleted ? 'deactivated' : 'active', name: user.real_name });
  }
  return people;
}
