// A Jira universe holding the JQL fixture (jql-fixture.ts), loaded through snapshot and restore.
import type { Universe } from '../../../shared/universe/start-universe.js';
import type { JiraData } from '../store.js';
import { jiraUniverse } from './helpers.js';
import { buildFixture, type Fixture } from './jql-fixture.js';

export interface FixtureUniverse { universe: Universe; fixture: Fixture; emails: { admin: string; alice: string; bob: string; carol: string }; load(): Promise<void> }

export async function fixtureUniverse(): Promise<FixtureUniverse> {
  const universe = await jiraUniverse({ seed: 7, users: 12 });
  const snapshot = await universe.snapshot();
  const data = snapshot.twins.jira as JiraData;
  const fixture = buildFixture(data);
  const email = (id: string) => data.users.find((u) => u.accountId === id)!.emailAddress;
  const frozen = JSON.parse(JSON.stringify(snapshot));
  const load = () => universe.restore(JSON.parse(JSON.stringify(frozen)));
  await load();
  return { universe, fixture, emails: { admin: email(fixture.admin), alice: email(fixture.alice), bob: email(fixture.bob), carol: email(fixture.carol) }, load };
}
