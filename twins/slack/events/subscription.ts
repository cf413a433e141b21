// The app's Events API subscription: Request URL, subscribed events and delivery timing. It is
// configuration, hence data (SlackData.eventSubscription): snapshots export it, resets re-seed it.
import type { SlackData, SlackEventSubscription } from '../store.js';

/**
 * Slack retries a failed delivery three times: at once, after one minute and after five minutes
 * (docs.slack.dev/apis/events-api, "Error handling"). Tests shorten it per subscription.
 */
export const SLACK_RETRY_DELAYS_MS = [0, 60_000, 300_000];
/** Slack wants an answer (HTTP) or an ack (Socket Mode) within three seconds. */
export const SLACK_TIMEOUT_MS = 3_000;

/** Every event the twin emits; the seeded app subscribes to all of them (as an app whose config lists them). */
export const TWIN_EVENTS = [
  'message.channels', 'message.groups', 'message.im', 'message.mpim', 'app_mention', 'reaction_added', 'reaction_removed',
  'member_joined_channel', 'member_left_channel', 'channel_created', 'channel_archive', 'channel_unarchive', 'channel_rename',
  'group_archive', 'group_unarchive', 'group_rename', 'user_change', 'team_join', 'pin_added', 'pin_removed',
  'file_shared', 'file_created', 'file_change', 'file_deleted', 'subteam_created', 'subteam_updated', 'subteam_members_changed',
];

/** The seeded subscription: every event, no Request URL (Socket Mode works at once; HTTP needs a PUT). */
export function seededSubscription(): SlackEventSubscription {
  return { requestUrl: null, events: [...TWIN_EVENTS], retryDelaysMs: [...SLACK_RETRY_DELAYS_MS], timeoutMs: SLACK_TIMEOUT_MS };
}

/** The current subscription (state seeded without the twin definition has none: the seeded one applies). */
export function subscriptionOf(data: SlackData): SlackEventSubscription {
  return (data.eventSubscription ??= seededSubscription());
}

const EVENT_NAME = /^[a-z_]+(\.[a-z_]+)?$/;
const KEYS = ['requestUrl', 'events', 'retryDelaysMs', 'timeoutMs'];
const MAX_DELAY_MS = 3_600_000;

const isObject = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

function checkUrl(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') return 'requestUrl must be an http(s) URL or null';
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? null : 'requestUrl must be an http(s) URL or null';
  } catch {
    return `requestUrl is not a URL: ${JSON.stringify(value)}`;
  }
}

/** Why a (stored or requested) subscription is malformed, or null. */
export function subscriptionProblem(value: unknown): string | null {
  if (!isObject(value)) return 'must be an object';
  const unknown = Object.keys(value).filter((k) => !KEYS.includes(k));
  if (unknown.length) return `has unknown field(s) ${unknown.join(', ')} (allowed: ${KEYS.join(', ')})`;
  const urlProblem = checkUrl(value.requestUrl);
  if (urlProblem) return urlProblem;
  const { events, retryDelaysMs, timeoutMs } = value;
  if (!Array.isArray(events) || events.some((e) => typeof e !== 'string' || !EVENT_NAME.test(e))) {
    return 'events must be a list of event names such as "message.channels" or "app_mention"';
  }
  if (!Array.isArray(retryDelaysMs) || retryDelaysMs.length > 10 || retryDelaysMs.some((d) => !Number.isInteger(d) || d < 0 || d > MAX_DELAY_MS)) {
    return `retryDelaysMs must be a list of at most 10 whole milliseconds between 0 and ${MAX_DELAY_MS}`;
  }
  if (!Number.isInteger(timeoutMs) || (timeoutMs as number) < 1 || (timeoutMs as number) > 60_000) return 'timeoutMs must be whole milliseconds between 1 and 60000';
  return null;
}

/**
 * A PUT body as the subscription it asks for: `requestUrl` and `events` as CONTRACT.md has them;
 * `requestUrl: null` subscribes without a URL (Socket Mode); `retryDelaysMs` and `timeoutMs` are
 * optional and default to Slack's own. Throws a message for a malformed body.
 */
export function requestedSubscription(body: unknown): SlackEventSubscription {
  if (!isObject(body)) throw new Error('body must be {"requestUrl":"https://…","events":["message.channels",…]}');
  if (!('requestUrl' in body)) throw new Error('requestUrl is required (an http(s) URL, or null for Socket Mode only)');
  if (!('events' in body)) throw new Error('events is required (a list of event names such as "message.channels")');
  const candidate: Record<string, unknown> = { retryDelaysMs: [...SLACK_RETRY_DELAYS_MS], timeoutMs: SLACK_TIMEOUT_MS, ...body };
  const problem = subscriptionProblem(candidate);
  if (problem) throw new Error(problem);
  return { ...(candidate as unknown as SlackEventSubscription), events: [...new Set(candidate.events as string[])] };
}

/** The import check for the subscription part of a snapshot. */
export function validateSubscriptionState(data: unknown): string | null {
  if (!isObject(data) || data.eventSubscription === undefined) return null;
  const problem = subscriptionProblem(data.eventSubscription);
  return problem ? `"eventSubscription" ${problem}` : null;
}
