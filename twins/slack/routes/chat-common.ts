// What chat methods share: message content arguments and channel resolution by id or name.
import { visibleChannel } from '../access.js';
import type { Caller } from '../auth.js';
import { slackError } from '../errors.js';
import { channelById, channelByName, type SlackData } from '../store.js';
import { optJsonArray, optString, type Args } from '../web-api.js';

/** text, blocks, attachments; no_text when all are missing. */
export function content(args: Args) {
  const text = optString(args, 'text');
  const blocks = optJsonArray(args, 'blocks');
  const attachments = optJsonArray(args, 'attachments');
  if (attachments && attachments.length > 100) throw slackError('too_many_attachments');
  if (blocks && blocks.length > 50) throw slackError('invalid_blocks');
  if (text === undefined && !blocks?.length && !attachments?.length) throw slackError('no_text');
  if (text !== undefined && text.length > 40_000) throw slackError('msg_too_long');
  // Slack numbers attachments from 1 in what it stores and returns.
  const numbered = attachments?.map((a, i) => (a && typeof a === 'object' && !Array.isArray(a) ? { id: i + 1, ...a } : a));
  return { text: text ?? '', ...(blocks && { blocks }), ...(numbered && { attachments: numbered }) };
}

/** chat methods take a channel id or name ("general", "#general"). */
export function resolveChannel(data: SlackData, caller: Caller, value: string) {
  if (channelById(data, value)) return visibleChannel(data, caller, value);
  return visibleChannel(data, caller, channelByName(data, value.replace(/^#/, ''))?.id ?? value);
}
