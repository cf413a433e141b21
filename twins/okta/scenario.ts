// A scenario fixture's `apps` section in Okta: who is assigned to the Slack, Jira and Google apps.
// Group entries become group assignments (scope GROUP), people direct ones (scope USER); an app the
// fixture leaves out keeps the seeded assignments (Everyone; Jira: the department groups and the admin).
import type { OktaScenario } from '../../shared/seeding/scenario.js';
import { oktaId } from '../../shared/seeding/people-ids.js';
import { APP_TWINS } from '../../shared/seeding/org.js';
import type { AppGroupAssignment, DirectAppUser } from './assignments.js';

export function applyOktaScenario(
  scenario: OktaScenario | undefined, seed: number, appIds: Record<string, string>, everyoneId: string,
  userIdOf: (email: string) => string | undefined, stamp: string,
  appGroups: Record<string, AppGroupAssignment[]>, appUsers: Record<string, Record<string, DirectAppUser>>,
): void {
  for (const twin of APP_TWINS) {
    const spec = scenario?.apps[twin];
    if (!spec) continue;
    const appId = appIds[twin];
    const groupIds = spec.everyone ? [everyoneId] : spec.groups.map((slug) => oktaId(seed, '00g', slug));
    appGroups[appId] = groupIds.map((id, priority) => ({ id, lastUpdated: stamp, priority, profile: {} }));
    appUsers[appId] = {};
    for (const email of spec.people) {
      const userId = userIdOf(email);
      if (userId) appUsers[appId][userId] = { created: stamp, lastUpdated: stamp, statusChanged: stamp, profile: {} };
    }
  }
}
