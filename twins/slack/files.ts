// Files as Slack shows them: type from the file name, URLs on the twin (url_private needs the token),
// who may see a file (its uploader, and whoever can see a conversation it was shared in).
import { isMember, membersOnly } from './access.js';
import type { Caller } from './auth.js';
import { channelById, positionIndex, type SlackData, type SlackFile } from './store.js';

/** Extension → [mimetype, filetype, pretty_type], the common ones with Slack's names for them. */
const TYPES: Record<string, [string, string, string]> = {
  txt: ['text/plain', 'text', 'Plain Text'], md: ['text/markdown', 'markdown', 'Markdown (raw)'], csv: ['text/csv', 'csv', 'CSV'],
  json: ['application/json', 'json', 'JSON'], html: ['text/html', 'html', 'HTML'], xml: ['application/xml', 'xml', 'XML'],
  js: ['text/javascript', 'javascript', 'JavaScript'], ts: ['text/plain', 'typescript', 'TypeScript'], py: ['text/plain', 'python', 'Python'],
  png: ['image/png', 'png', 'PNG'], jpg: ['image/jpeg', 'jpg', 'JPEG'], jpeg: ['image/jpeg', 'jpg', 'JPEG'], gif: ['image/gif', 'gif', 'GIF'],
  svg: ['image/svg+xml', 'svg', 'SVG'], webp: ['image/webp', 'webp', 'WebP'], pdf: ['application/pdf', 'pdf', 'PDF'],
  zip: ['application/zip', 'zip', 'Zip'], gz: ['application/gzip', 'gzip', 'GZip'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx', 'Word Document'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx', 'Excel Spreadsheet'],
  mp4: ['video/mp4', 'mp4', 'MPEG 4 Video'], mp3: ['audio/mpeg', 'mp3', 'MP3'],
};

export function fileType(name: string): { mimetype: string; filetype: string; pretty_type: string } {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  const [mimetype, filetype, pretty_type] = TYPES[ext] ?? ['application/octet-stream', 'binary', 'Binary'];
  return { mimetype, filetype, pretty_type };
}

/** files.list `types`: Slack's groups of file types. */
export const TYPE_GROUPS: Record<string, (f: SlackFile) => boolean> = {
  all: () => true,
  images: (f) => f.mimetype.startsWith('image/'),
  pdfs: (f) => f.filetype === 'pdf',
  zips: (f) => f.filetype === 'zip' || f.filetype === 'gzip',
  snippets: (f) => f.mimetype.startsWith('text/') || f.filetype === 'json',
  gdocs: () => false,
  spaces: () => false,
};

export function fileById(data: SlackData, id: string): SlackFile | undefined {
  const i = positionIndex(data.files, (f) => f.id).get(id);
  return i === undefined ? undefined : data.files[i];
}

/** Shared into a conversation the caller can see, or their own. */
export function canSeeFile(data: SlackData, caller: Caller, file: SlackFile): boolean {
  if (file.user === caller.user) return true;
  return Object.keys(file.shares).some((id) => {
    const channel = channelById(data, id);
    return Boolean(channel) && (!membersOnly(channel!) || isMember(channel!, caller.user));
  });
}

/** The path url_private serves on the twin (Slack's https://files.slack.com/files-pri/T…-F…/name). */
export const filePath = (data: SlackData, file: SlackFile) => `/files-pri/${data.team.id}-${file.id}`;

/** A file as files.info shows it to `caller` (null: everyone), with URLs on the twin at `base`. */
export function fileView(data: SlackData, file: SlackFile, base: string, caller: Caller | null) {
  const path = `${base}${filePath(data, file)}`;
  const name = encodeURIComponent(file.name);
  const shares: { public?: Record<string, unknown[]>; private?: Record<string, unknown[]> } = {};
  const channels: string[] = [];
  const groups: string[] = [];
  const ims: string[] = [];
  for (const [id, list] of Object.entries(file.shares)) {
    const channel = channelById(data, id);
    if (!channel || (caller && membersOnly(channel) && !isMember(channel, caller.user))) continue;
    (channel.is_im ? ims : channel.is_private || channel.is_mpim ? groups : channels).push(id);
    const kind = membersOnly(channel) ? 'private' : 'public';
    (shares[kind] ??= {})[id] = list.map((s) => ({
      reply_users: [], reply_users_count: 0, reply_count: 0, ts: s.ts, ...(s.thread_ts && { thread_ts: s.thread_ts }),
      channel_name: channel.name, team_id: data.team.id, share_user_id: file.user, source: 'UNKNOWN',
    }));
  }
  return {
    id: file.id, created: file.created, timestamp: file.timestamp, name: file.name, title: file.title, mimetype: file.mimetype,
    filetype: file.filetype, pretty_type: file.pretty_type, user: file.user, user_team: data.team.id, editable: false, size: file.size,
    mode: 'hosted', is_external: false, external_type: '', is_public: channels.length > 0, public_url_shared: false, display_as_bot: false,
    username: '', url_private: `${path}/${name}`, url_private_download: `${path}/download/${name}`,
    permalink: `https://${data.team.domain}.slack.com/files/${file.user}/${file.id}/${name}`,
    permalink_public: `https://slack-files.com/${data.team.id}-${file.id}-${file.id.slice(1, 11).toLowerCase()}`,
    ...(file.alt_txt && { alt_txt: file.alt_txt }),
    channels, groups, ims, shares, comments_count: 0, is_starred: false, has_rich_preview: false, file_access: 'visible',
  };
}
