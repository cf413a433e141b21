// Slack Web API calls the Slack view makes through the console proxy, and the message row it renders.
import { twin } from '../api';
import { href } from '../router';
import { Avatar, formatTime } from './vendor-data';

export interface SlackUser {
  id: string;
  name: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  profile?: { email?: string; image_48?: string; display_name?: string; real_name?: string };
}

export interface SlackChannel {
  id: string;
  name: string;
  is_private?: boolean;
  is_archived?: boolean;
  num_members?: number;
  topic?: { value: string };
  purpose?: { value: string };
}

export interface SlackMessage {
  ts: string;
  user?: string;
  username?: string;
  bot_id?: string;
  bot_profile?: { name?: string };
  text?: string;
  subtype?: string;
  reply_count?: number;
  thread_ts?: string;
  reactions?: { name: string; count: number; users?: string[] }[];
  files?: { id: string; name?: string; title?: string }[];
}

interface SlackAnswer {
  ok: boolean;
  error?: string;
  response_metadata?: { next_cursor?: string };
}

/** One Slack method; throws with Slack's error code when the answer is ok:false. */
export async function slack<T extends SlackAnswer>(method: string, args: Record<string, string | number> = {}, as?: string): Promise<T> {
  const query = new URLSearchParams(Object.entries(args).map(([k, v]) => [k, String(v)])).toString();
  const answer = await twin<T>('slack', `/api/${method}${query ? `?${query}` : ''}`, as ? { headers: { 'X-DTU-As': as } } : {});
  if (!answer.ok) throw new Error(`Slack ${method}: ${answer.error ?? 'failed'}`);
  return answer;
}

/** Every page of a cursor-paged list method (capped, so a huge workspace cannot stall the view). */
export async function slackAll<T>(method: string, key: string, args: Record<string, string | number>, maxPages = 20): Promise<T[]> {
  const all: T[] = [];
  let cursor = '';
  for (let page = 0; page < maxPages; page++) {
    const answer = await slack<SlackAnswer & Record<string, unknown>>(method, { ...args, ...(cursor && { cursor }) });
    all.push(...((answer[key] as T[]) ?? []));
    cursor = answer.response_metadata?.next_cursor ?? '';
    if (!cursor) break;
  }
  return all;
}

export function userName(user: SlackUser | undefined, message?: SlackMessage): string {
  if (user) return user.profile?.real_name || user.real_name || user.name;
  return message?.bot_profile?.name ?? message?.username ?? message?.user ?? message?.bot_id ?? 'unknown';
}

/** One message: avatar, author, time, text, files, reactions and (outside a thread) its reply count. */
export function SlackMessageRow({ message, users, channelId, inThread }: {
  message: SlackMessage; users: Map<string, SlackUser>; channelId: string; inThread?: boolean;
}) {
  const user = message.user ? users.get(message.user) : undefined;
  const name = userName(user, message);
  return (
    <li class="slack-message">
      <Avatar src={user?.profile?.image_48} name={name} size={36} />
      <div class="slack-message-body">
        <p class="slack-message-head">
          <strong class="slack-author">{name}</strong> <time class="slack-time">{formatTime(message.ts)}</time>
        </p>
        {message.text && <p class="slack-text">{message.text}</p>}
        {message.files && message.files.length > 0 && (
          <ul class="slack-files" aria-label="Files">
            {message.files.map((f) => <li key={f.id} class="slack-file"><span class="slack-file-kind">file</span> {f.name ?? f.title ?? f.id}</li>)}
          </ul>
        )}
        {message.reactions && message.reactions.length > 0 && (
          <ul class="slack-reactions" aria-label="Reactions">
            {message.reactions.map((r) => (
              <li key={r.name} class="slack-reaction" title={`${r.count} × :${r.name}:`}>:{r.name}: {r.count}</li>
            ))}
          </ul>
        )}
        {!inThread && (message.reply_count ?? 0) > 0 && (
          <a class="slack-replies" href={href('slack', channelId, message.thread_ts ?? message.ts)}>
            {message.reply_count} {message.reply_count === 1 ? 'reply' : 'replies'}
          </a>
        )}
      </div>
    </li>
  );
}
