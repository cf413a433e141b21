// Direct messages (IM) and group DMs (MPIM): one conversation per set of people, created on first use.
import { slackId } from '../../shared/seeding/people-ids.js';
import type { SlackChannel, SlackData } from './store.js';

const sameMembers = (c: SlackChannel, ids: string[]) => c.members.length === ids.length && ids.every((id) => c.members.includes(id));

function base(data: SlackData, id: string, name: string, members: string[], creator: string, createdSec: number): SlackChannel {
  return {
    id, name, is_channel: false, is_group: false, is_im: false, is_mpim: false, is_private: true, created: createdSec, is_archived: false, is_general: false,
    unlinked: 0, name_normalized: name, is_shared: false, is_org_shared: false, is_ext_shared: false, is_pending_ext_shared: false, pending_shared: [],
    context_team_id: data.team.id, updated: createdSec * 1000, parent_conversation: null, creator, shared_team_ids: [data.team.id],
    topic: { value: '', creator: '', last_set: 0 }, purpose: { value: '', creator: '', last_set: 0 }, previous_names: [], members,
  };
}

/** The DM between two people (or a self-DM), and whether it already existed. Ids start with D as Slack's do. */
export function ensureIm(data: SlackData, seed: number, a: string, b: string, createdSec: number): { channel: SlackChannel; existed: boolean } {
  const members = a === b ? [a] : [a, b];
  // Linear in the number of conversations: fine for seeded workspaces; an index would serve many DMs.
  const found = data.channels.find((c) => c.is_im && sameMembers(c, members));
  if (found) return { channel: found, existed: true };
  // people-ids has no D prefix, so derive a C id and swap its letter.
  const id = `D${slackId(seed, 'C', `im:${[...members].sort().join(':')}`).slice(1)}`;
  const channel = { ...base(data, id, id, members, a, createdSec), is_im: true };
  data.channels.push(channel);
  data.messages[id] = [];
  return { channel, existed: false };
}

/** The group DM of these people (the caller included), named mpdm-a--b--c-1 like Slack's. */
export function ensureMpim(data: SlackData, seed: number, ids: string[], names: string[], creator: string, createdSec: number): { channel: SlackChannel; existed: boolean } {
  const found = data.channels.find((c) => c.is_mpim && sameMembers(c, ids));
  if (found) return { channel: found, existed: true };
  const name = `mpdm-${names.join('--')}-1`;
  const id = slackId(seed, 'G', `mpim:${[...ids].sort().join(':')}`);
  const channel = { ...base(data, id, name, ids, creator, createdSec), is_mpim: true, is_group: true };
  data.channels.push(channel);
  data.messages[id] = [];
  return { channel, existed: false };
}
