// Request signing as Slack does it (docs.slack.dev/authentication/verifying-requests-from-slack):
// X-Slack-Signature = "v0=" + hex HMAC-SHA256(signing secret, "v0:" + timestamp + ":" + raw body),
// X-Slack-Request-Timestamp = the Unix seconds used. Bolt recomputes exactly this.
import { createHmac } from 'node:crypto';
import { tokens } from '../../../shared/seeding/people-ids.js';

/** The app's signing secret (credentials.slack.signingSecret): a pure function of the seed. */
export const signingSecretOf = (seed: number) => tokens.hexSecret(seed, 'slack:signing-secret');

/** The deprecated verification token Slack still puts in every payload's `token` field. */
export const verificationTokenOf = (seed: number) => tokens.lowerAlnum(seed, 'slack:verification-token', 24);

export function slackSignature(secret: string, timestampSec: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

/**
 * Headers of one delivery attempt. The timestamp is wall-clock time, not the universe clock: receivers
 * such as Bolt refuse requests more than five minutes off their own clock, and a frozen or advanced
 * twin clock would make every delivery look forged.
 */
export function signedHeaders(secret: string, body: string): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    'content-type': 'application/json',
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(secret, timestamp, body),
  };
}
