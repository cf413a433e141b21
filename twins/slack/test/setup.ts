// One universe with only the Slack twin (the small fixture's 12 people) per test file, reset before each test.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { WebClient } from '@slack/web-api';
import { startUniverse, type Universe } from '../../../shared/universe/start-universe.js';

export const PRIYA = 'priya.raman@northwind-robotics.example.com'; // first active admin: the credentials' userToken
export const LUCIA = 'lucia.fernandez@northwind-robotics.example.com'; // engineering, not an admin
export const JAMAL = 'jamal.carter@northwind-robotics.example.com'; // suspended

export function useSlack() {
  const env = {} as { universe: Universe; creds: any; bot: WebClient; user: WebClient; as: (token: string) => WebClient; api: (method: string, init?: RequestInit) => Promise<Response> };
  beforeAll(async () => {
    env.universe = await startUniverse({ port: 0, twins: ['slack'], fixture: 'small', seed: 5 });
    env.creds = env.universe.credentials.slack;
    env.as = (token: string) => new WebClient(token, { slackApiUrl: env.creds.apiUrl, retryConfig: { retries: 0 } });
    env.bot = env.as(env.creds.botToken);
    env.user = env.as(env.creds.userToken);
    env.api = (method, init) => fetch(`${env.creds.apiUrl}${method}`, init);
  });
  afterAll(() => env.universe.close());
  beforeEach(() => env.universe.reset());
  return env;
}

/** A WebClient call's Slack error code (the SDK throws platform errors with data.error). */
export async function slackErrorOf(call: Promise<unknown>): Promise<any> {
  try {
    await call;
  } catch (error) {
    return (error as { data?: unknown }).data;
  }
  throw new Error('expected the call to fail');
}
