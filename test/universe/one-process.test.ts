// The universe's stories with every twin in this process: Okta provisions Slack, Google and Jira over
// their public APIs (loopback HTTP), exactly as it does when they run in separate containers.
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { startUniverse, type Universe } from '../../shared/universe/start-universe.js';
import { driftStory, groupPushStory, offboardingStory, onboardingStory, retryStory, type UniverseEnv } from './stories.js';

let universe: Universe;
let env: UniverseEnv;

beforeAll(async () => {
  universe = await startUniverse({ port: 0, seed: 21, users: 24 });
  env = { urls: universe.urls as UniverseEnv['urls'], credentials: universe.credentials, seed: universe.seed };
});
afterAll(() => universe.close());
beforeEach(() => universe.reset());

describe('one universe, one process', () => {
  it('onboarding: created in Okta and added to a department group → active in Slack, Google and Jira with the Okta profile', () => onboardingStory(env));
  it('offboarding: deactivated in Okta → deactivated or suspended everywhere, tokens refused, Drive files still owned', () => offboardingStory(env));
  it('group push: joining and leaving an Okta group changes the Slack user group, the Google group and the Jira group', () => groupPushStory(env));
  it('a push that meets a dropped connection waits for its retry (app user ERROR, System Log FAILURE, drift) and lands once the clock passes the backoff', () => retryStory(env));
  it('changes made behind Okta’s back show as drift in /_dtu/consistency', () => driftStory(env));
});
