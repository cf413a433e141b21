// The Slack twin's state: one workspace as plain JSON, in Slack's own field names so handlers can
// hand most objects out as stored. Lookup indexes are derived (memoized per array), never saved.

/** A workspace member as users.info returns it. */
export interface SlackUser {
  id: string;
  team_id: string;
  name: string;
  deleted: boolean;
  color: string;
  real_name: string;
  tz: string;
  tz_label: string;
  tz_offset: number;
  profile: Record<string, unknown> & { email?: string; real_name: string; display_name: string; title: string };
  is_admin: boolean;
  is_owner: boolean;
  is_primary_owner: boolean;
  is_restricted: boolean;
  is_ultra_restricted: boolean;
  is_bot: boolean;
  is_app_user: boolean;
  updated: number;
  is_email_confirmed?: boolean;
}

/** A public or private channel; `members` is the twin's own list (Slack serves it via conversations.members). */
export interface SlackChannel {
  id: string;
  name: string;
  is_channel: boolean;
  is_group: boolean;
  is_im: boolean;
  is_mpim: boolean;
  is_private: boolean;
  created: number;
  is_archived: boolean;
  is_general: boolean;
  unlinked: number;
  name_normalized: string;
  is_shared: boolean;
  is_org_shared: boolean;
  is_ext_shared: boolean;
  is_pending_ext_shared: boolean;
  pending_shared: string[];
  context_team_id: string;
  updated: number;
  parent_conversation: null;
  creator: string;
  shared_team_ids: string[];
  topic: { value: string; creator: string; last_set: number };
  purpose: { value: string; creator: string; last_set: number };
  previous_names: string[];
  members: string[];
}

export interface SlackReaction {
  name: string;
  users: string[];
  count: number;
}

/** A message as conversations.history returns it. */
export interface SlackMessage {
  type: 'message';
  subtype?: string;
  user: string;
  text: string;
  ts: string;
  team: string;
  bot_id?: string;
  app_id?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  parent_user_id?: string;
  reply_count?: number;
  reply_users_count?: number;
  reply_users?: string[];
  latest_reply?: string;
  edited?: { user: string; ts: string };
  pinned_to?: string[];
  reactions?: SlackReaction[];
  /** file_share messages: the shared files as they were when shared (a tombstone once deleted). */
  files?: unknown[];
  upload?: boolean;
  display_as_bot?: boolean;
}

/** A file once files.completeUploadExternal has completed it; URLs are derived when shown (files.ts). */
export interface SlackFile {
  id: string;
  created: number;
  timestamp: number;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  pretty_type: string;
  user: string;
  size: number;
  alt_txt?: string;
  /** Where it was shared: channel id → the share messages' ts. */
  shares: Record<string, { ts: string; thread_ts?: string }[]>;
}

/** A file between files.getUploadURLExternal and files.completeUploadExternal. */
export interface SlackUpload {
  filename: string;
  length: number;
  user: string;
  created: number;
  /** The secret part of the upload URL. */
  key: string;
  alt_txt?: string;
  /** Set once the bytes arrived at the upload URL. */
  received?: boolean;
}

export interface SlackUsergroup {
  id: string;
  team_id: string;
  is_usergroup: true;
  is_subteam: true;
  name: string;
  description: string;
  handle: string;
  is_external: boolean;
  date_create: number;
  date_update: number;
  date_delete: number;
  auto_type: null;
  auto_provision: boolean;
  enterprise_subteam_id: string;
  channel_count: number;
  created_by: string;
  updated_by: string;
  deleted_by: string | null;
  prefs: { channels: string[]; groups: string[] };
  users: string[];
  user_count: number;
}

/** A channel bookmark as bookmarks.list returns it. */
export interface SlackBookmark {
  id: string;
  channel_id: string;
  title: string;
  link: string;
  emoji: string | null;
  icon_url: string | null;
  type: 'link';
  entity_id: string | null;
  date_created: number;
  date_updated: number;
  rank: string;
  last_updated_by_user_id: string;
  last_updated_by_team_id: string;
  shortcut_id: string | null;
  app_id: string | null;
}

/** A message waiting for its post_at (chat.scheduleMessage). */
export interface SlackScheduled {
  id: string;
  channel_id: string;
  post_at: number;
  date_created: number;
  text: string;
  thread_ts?: string;
  message: SlackMessage;
}

/** Who a token acts for and what it may do. */
export interface SlackToken {
  type: 'bot' | 'user';
  user: string;
  scopes: string[];
}

export interface SlackData {
  team: { id: string; name: string; domain: string; email_domain: string };
  /** The seeded app and its bot user. */
  app: { id: string; bot_id: string; bot_user_id: string; name: string };
  users: SlackUser[];
  channels: SlackChannel[];
  /** Channel id → top-level messages in ts order (oldest first); replies live in `replies`. */
  messages: Record<string, SlackMessage[]>;
  /** `<channel>/<thread_ts>` → the thread's replies in ts order. */
  replies: Record<string, SlackMessage[]>;
  usergroups: SlackUsergroup[];
  /** Token → holder: tokens are a pure function of the seed but live here so later users can get some. */
  tokens: Record<string, SlackToken>;
  /** Scheduled messages not yet posted, in post_at order. */
  scheduled: SlackScheduled[];
  /** Channel id → its bookmarks, in the order added. */
  bookmarks: Record<string, SlackBookmark[]>;
  /** Channel id → its pinned messages, in pin order. */
  pins: Record<string, { ts: string; created: number; created_by: string }[]>;
  /** User id → presence set with users.setPresence ("auto" unless set). */
  presence: Record<string, 'auto' | 'away'>;
  /** `<dm>/<user>` → true when that person closed the DM (conversations.close). */
  closed: Record<string, boolean>;
  /** `<channel>/<user>` → the ts conversations.mark set. */
  reads: Record<string, string>;
  /** Completed files, oldest first. */
  files: SlackFile[];
  /** File id → an upload in progress. */
  uploads: Record<string, SlackUpload>;
  /** File id → its bytes, base64 (state is plain JSON). */
  fileData: Record<string, string>;
  /** User id → the externalId an identity provider gave it over SCIM. */
  scimExternalIds: Record<string, string>;
  /** Microseconds of the newest ts handed out: ts are unique and strictly increasing. */
  lastTs: number;
  /**
   * The app's Events API subscription (events/subscription.ts). Seeded by the twin definition
   * (index.ts), so resets and snapshots carry it; optional only so seedSlack() alone stays valid.
   */
  eventSubscription?: SlackEventSubscription;
}

/** Where and what the Events API delivers (PUT /_dtu/slack/event-subscription). */
export interface SlackEventSubscription {
  /** The Request URL for HTTP deliveries; null when there is none (Socket Mode only, or removed). */
  requestUrl: string | null;
  /** Subscribed event names as in the app config: message.channels, app_mention, reaction_added, … */
  events: string[];
  /** Wait before each retry; its length is the number of retries (Slack: immediately, 1 min, 5 min). */
  retryDelaysMs: number[];
  /** How long the receiver has to answer (HTTP) or to ack (Socket Mode) before a retry; Slack: 3 s. */
  timeoutMs: number;
}

export const threadKey = (channel: string, threadTs: string) => `${channel}/${threadTs}`;

const indexes = new WeakMap<object, { length: number; map: Map<string, number> }>();

/** Position of each item by a key, memoized per array and rebuilt when its length changes. */
export function positionIndex<T>(items: T[], key: (item: T) => string | undefined, tag = 'id'): Map<string, number> {
  let byTag = indexes.get(items) as unknown as Map<string, { length: number; map: Map<string, number> }> | undefined;
  if (!byTag) indexes.set(items, (byTag = new Map()) as never);
  const cached = byTag.get(tag);
  if (cached && cached.length === items.length) return cached.map;
  const map = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    if (k !== undefined) map.set(k, i);
  });
  byTag.set(tag, { length: items.length, map });
  return map;
}

export function userById(data: SlackData, id: string): SlackUser | undefined {
  const i = positionIndex(data.users, (u) => u.id).get(id);
  return i === undefined ? undefined : data.users[i];
}

export function userByEmail(data: SlackData, email: string): SlackUser | undefined {
  const i = positionIndex(data.users, (u) => u.profile.email?.toLowerCase(), 'email').get(email.toLowerCase());
  return i === undefined ? undefined : data.users[i];
}

export function channelById(data: SlackData, id: string): SlackChannel | undefined {
  const i = positionIndex(data.channels, (c) => c.id).get(id);
  return i === undefined ? undefined : data.channels[i];
}

export function channelByName(data: SlackData, name: string): SlackChannel | undefined {
  // Renames change names in place, so the index is only a hint and a miss falls back to a scan.
  const i = positionIndex(data.channels, (c) => (c.is_im || c.is_mpim ? undefined : c.name), 'name').get(name);
  if (i !== undefined && data.channels[i].name === name) return data.channels[i];
  return data.channels.find((c) => c.name === name && !c.is_im && !c.is_mpim);
}

/** Canonical `1700000000.000100` form of a microsecond count. */
export const formatTs = (micros: number) => `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;

/** A client-supplied ts ("1700000000", "1700000000.5", "1700000000.000100") in microseconds, or null. */
export function parseTs(value: string): number | null {
  const match = /^(\d{1,12})(?:\.(\d{0,6}))?$/.exec(value);
  if (!match) return null;
  return Number(match[1]) * 1e6 + Number((match[2] ?? '').padEnd(6, '0'));
}

/** The next ts: now, or one microsecond after the last one, whichever is later. */
export function nextTs(data: SlackData, nowMs: number): string {
  const micros = Math.max(Math.floor(nowMs) * 1000, data.lastTs + 1);
  data.lastTs = micros;
  return formatTs(micros);
}

/** First index in a ts-sorted list whose ts is >= (or > with `after`) the given ts. */
export function bound(list: SlackMessage[], ts: string, after: boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].ts < ts || (after && list[mid].ts === ts)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
