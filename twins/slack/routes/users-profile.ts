// users.profile.get, users.profile.set.
import type { FastifyInstance } from 'fastify';
import { slackError } from '../errors.js';
import { publishEvent } from '../events/publish.js';
import { userById, type SlackUser } from '../store.js';
import { userView } from '../views.js';
import { optString, slackMethod, type Args, type SlackContext } from '../web-api.js';

/** Profile fields a person may set (https://api.slack.com/methods/users.profile.set). */
const SETTABLE = ['display_name', 'first_name', 'last_name', 'real_name', 'title', 'phone', 'pronouns', 'status_text', 'status_emoji', 'status_expiration'] as const;

function changes(args: Args): Record<string, unknown> {
  let profile = args.profile;
  if (typeof profile === 'string') {
    try {
      profile = JSON.parse(profile);
    } catch {
      throw slackError('invalid_profile');
    }
  }
  if (profile !== undefined && (profile === null || typeof profile !== 'object' || Array.isArray(profile))) throw slackError('invalid_profile');
  const name = optString(args, 'name');
  const all = { ...(profile as Record<string, unknown> | undefined), ...(name !== undefined && { [name]: args.value ?? '' }) };
  if (Object.keys(all).length === 0) throw slackError('invalid_profile');
  for (const key of Object.keys(all)) if (!(SETTABLE as readonly string[]).includes(key)) throw slackError('invalid_profile');
  return all;
}

const normalized = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');

export function profileRoutes(app: FastifyInstance, ctx: SlackContext) {
  slackMethod(app, ctx, 'users.profile.get', { readOnly: true, scopes: ['users.profile:read'] }, ({ data, args, caller }) => {
    const user = userById(data, optString(args, 'user') ?? caller.user);
    if (!user) throw slackError('user_not_found');
    return { profile: userView(user, caller).profile };
  });

  slackMethod(app, ctx, 'users.profile.set', { scopes: ['users.profile:write'], tokenTypes: ['user'] }, ({ data, args, caller, now, request }) => {
    const target = optString(args, 'user') ?? caller.user;
    if (target !== caller.user && !caller.account.is_admin) throw slackError('not_admin');
    const user = userById(data, target);
    if (!user) throw slackError('user_not_found');
    const update = changes(args);
    // Check every field before changing any: nothing half-applied.
    for (const [key, value] of Object.entries(update)) {
      if (key === 'status_expiration' ? !Number.isFinite(Number(value)) : typeof value !== 'string') throw slackError('invalid_profile');
      if (typeof value === 'string' && value.length > 250) throw slackError('invalid_profile');
    }
    for (const [key, value] of Object.entries(update)) (user.profile as Record<string, unknown>)[key] = key === 'status_expiration' ? Number(value) : value;
    syncNames(user);
    user.updated = Math.floor(now / 1000);
    publishEvent(ctx, { type: 'user_change', user, cache_ts: user.updated });
    request.dtuTarget = { type: 'user', id: user.id };
    return { profile: userView(user, caller).profile, username: user.name };
  });
}

function syncNames(user: SlackUser) {
  const p = user.profile;
  if (typeof p.first_name === 'string' && typeof p.last_name === 'string' && !p.real_name) p.real_name = `${p.first_name} ${p.last_name}`.trim();
  p.real_name_normalized = normalized(p.real_name);
  p.display_name_normalized = normalized(p.display_name);
  user.real_name = p.real_name;
}
