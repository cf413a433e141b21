// A scenario fixture's `channels` in the seeded workspace: public or private channels with their
// members (active people the workspace holds, and the app's bot if asked), topic, purpose and a short history, added after the
// seeded channels and history so those stay as they are. Ids derive from the seed and the channel name.
import type { Org } from '../../shared/seeding/org.js';
import type { SlackScenario } from '../../shared/seeding/scenario.js';
import { channel, EPOCH } from './seed.js';
import { formatTs, type SlackData, type SlackMessage } from './store.js';

/** Scenario messages follow the seeded history, a minute apart. */
const MESSAGE_GAP_MICROS = 60e6;

export function applySlackScenario(data: SlackData, org: Org, seed: number, scenario: SlackScenario | undefined): void {
  if (!scenario) return;
  const active = new Set(org.people.filter((p) => p.status === 'active').map((p) => p.email));
  const idOf = new Map(data.users.filter((u) => !u.is_bot && u.profile.email).map((u) => [u.profile.email!, u.id]));
  const ids = (emails: string[]) => emails.filter((e) => active.has(e)).map((e) => idOf.get(e)).filter((id): id is string => !!id);
  for (const spec of scenario.channels) {
    const people = ids(spec.members);
    const creator = people[0] ?? data.users.find((u) => u.is_primary_owner)?.id ?? '';
    const members = spec.bot ? [...people, data.app.bot_user_id] : people;
    const ch = channel(seed, data.team.id, `scenario:${spec.name}`, spec.name, creator, members, spec.purpose ?? '', {
      is_private: spec.private,
      ...(spec.topic !== undefined && { topic: { value: spec.topic, creator, last_set: EPOCH } }),
      ...(spec.purpose === undefined && { purpose: { value: '', creator: '', last_set: 0 } }),
    });
    data.channels.push(ch);
    let micros = data.lastTs;
    data.messages[ch.id] = spec.messages.flatMap((m): SlackMessage[] => {
      const user = idOf.get(m.from);
      if (!user) return [];
      micros += MESSAGE_GAP_MICROS;
      return [{ type: 'message', user, text: m.text, ts: formatTs(micros), team: data.team.id }];
    });
    data.lastTs = micros;
  }
}
