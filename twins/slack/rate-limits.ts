// Slack's published rate-limit tiers per method, for --rate-limits realistic (api.slack.com/docs/rate-limits):
// Tier 1 1+/min, Tier 2 20+/min, Tier 3 50+/min, Tier 4 100+/min; chat.postMessage is "special", about
// one message per second per channel with short bursts.
import type { FastifyRequest } from 'fastify';
import type { RateLimitClass } from '../../shared/chaos/rate-limits.js';

const PER_MINUTE = { 1: 1, 2: 20, 3: 50, 4: 100 } as const;

/** Method → tier, from each method's documentation page. Unlisted methods are Tier 3. */
export const TIERS: Record<string, 1 | 2 | 3 | 4> = {
  'api.test': 4, 'auth.test': 4, 'team.info': 3,
  'users.list': 2, 'users.info': 4, 'users.lookupByEmail': 3,
  'conversations.list': 2, 'conversations.info': 3, 'conversations.history': 3, 'conversations.replies': 3, 'conversations.members': 4,
  'conversations.create': 2, 'conversations.join': 3, 'conversations.leave': 3, 'conversations.invite': 3, 'conversations.archive': 2,
  'chat.update': 3, 'chat.delete': 3,
  'reactions.add': 3, 'reactions.remove': 2, 'reactions.get': 3, 'reactions.list': 2,
  'users.conversations': 3, 'users.getPresence': 3, 'users.setPresence': 2, 'users.profile.get': 4, 'users.profile.set': 3,
  'conversations.kick': 3, 'conversations.unarchive': 2, 'conversations.rename': 2, 'conversations.setTopic': 3,
  'conversations.setPurpose': 3, 'conversations.mark': 3, 'conversations.open': 3, 'conversations.close': 2,
  'chat.postEphemeral': 4, 'chat.meMessage': 3, 'chat.getPermalink': 4,
  'pins.add': 2, 'pins.remove': 2, 'pins.list': 2, 'emoji.list': 2,
  'usergroups.list': 2, 'usergroups.users.list': 2, 'usergroups.create': 2, 'usergroups.update': 2, 'usergroups.users.update': 2,
  'usergroups.disable': 2, 'usergroups.enable': 2,
  'bookmarks.add': 2, 'bookmarks.edit': 2, 'bookmarks.list': 3, 'bookmarks.remove': 2,
  'search.messages': 2, 'chat.scheduleMessage': 3, 'chat.scheduledMessages.list': 3, 'chat.deleteScheduledMessage': 3,
  'files.getUploadURLExternal': 4, 'files.completeUploadExternal': 4, 'files.info': 4, 'files.list': 3, 'files.delete': 3,
  'apps.connections.open': 1,
};

/**
 * The kernel keys buckets by the Authorization header; a token sent as the `token` argument instead
 * gets its own bucket through the class name, so it is not lumped with anonymous calls.
 */
function tokenArgKey(request: FastifyRequest): string {
  if (request.headers.authorization) return '';
  const body = typeof request.body === 'object' && request.body ? (request.body as { token?: unknown }) : {};
  const token = body.token ?? (request.query as { token?: unknown }).token;
  return typeof token === 'string' && token ? `:${token.slice(-12)}` : '';
}

/**
 * The bucket a request falls in. Buckets are per credential (the kernel keys them by the
 * Authorization header), which for one workspace and one app is Slack's "per method, per app, per
 * workspace". chat.postMessage has a bucket per channel: about one message a second, bursts of five.
 */
export function slackRateLimit(request: FastifyRequest): RateLimitClass | null {
  const path = request.url.split('?')[0];
  if (!path.startsWith('/api/')) return null;
  const method = path.slice(5);
  if (method === 'chat.postMessage') {
    const args = { ...(request.query as object), ...(typeof request.body === 'object' ? (request.body as object) : {}) } as { channel?: unknown };
    return { name: `slack:special:chat.postMessage:${String(args.channel ?? '')}${tokenArgKey(request)}`, limit: 5, windowSec: 5 };
  }
  const tier = TIERS[method] ?? 3;
  return { name: `slack:tier${tier}:${method}${tokenArgKey(request)}`, limit: PER_MINUTE[tier], windowSec: 60 };
}
