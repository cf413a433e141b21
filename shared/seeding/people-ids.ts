// Vendor-style identifiers and secrets for people and apps, derived from (seed, twin, email) so every
// process computes the same ones. Formats follow what each vendor's ids look like.
import { deriveDigits, deriveHex, deriveString } from './deterministic.js';

const UPPER_ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER_ALNUM = '0123456789abcdefghijklmnopqrstuvwxyz';

export const oktaId = (seed: number, prefix: '00u' | '00g' | '0oa', key: string) => `${prefix}${deriveString(seed, `okta:${prefix}:${key}`, 17)}`;
export const slackId = (seed: number, prefix: 'U' | 'T' | 'A' | 'C' | 'G' | 'S' | 'B', key: string) => `${prefix}${deriveString(seed, `slack:${prefix}:${key}`, 10, UPPER_ALNUM)}`;
export const jiraAccountId = (seed: number, email: string) => `712020:${[8, 4, 4, 4, 12].map((n, i) => deriveHex(seed, `jira:account:${email}:${i}`, n)).join('-')}`;
export const googleId = (seed: number, key: string) => `1${deriveDigits(seed, `google:id:${key}`, 20)}`;

export const tokens = {
  oktaApi: (seed: number, who: string) => `00${deriveString(seed, `okta:api-token:${who}`, 40)}`,
  oktaPassword: (seed: number, email: string) => `Dtu-${deriveString(seed, `okta:password:${email}`, 10)}-1`,
  slackBot: (seed: number, who: string) => `xoxb-${deriveDigits(seed, 'slack:team-number', 12)}-${deriveDigits(seed, `slack:bot:${who}`, 13)}-${deriveString(seed, `slack:bot-secret:${who}`, 24)}`,
  slackUser: (seed: number, email: string) => `xoxp-${deriveDigits(seed, 'slack:team-number', 12)}-${deriveDigits(seed, `slack:user-number:${email}`, 12)}-${deriveDigits(seed, `slack:user-token:${email}`, 13)}-${deriveHex(seed, `slack:user-secret:${email}`, 32)}`,
  slackApp: (seed: number, appId: string) => `xapp-1-${appId}-${deriveDigits(seed, 'slack:app-token', 13)}-${deriveHex(seed, 'slack:app-secret', 64)}`,
  jiraApi: (seed: number, email: string) => `ATATT3xFfGF0${deriveString(seed, `jira:api-token:${email}`, 48)}`,
  googleAccess: (seed: number, who: string) => `ya29.${deriveString(seed, `google:access:${who}`, 64)}`,
  googleRefresh: (seed: number, email: string) => `1//${deriveString(seed, `google:refresh:${email}`, 48)}`,
  hexSecret: (seed: number, purpose: string, length = 32) => deriveHex(seed, purpose, length),
  lowerAlnum: (seed: number, purpose: string, length: number) => deriveString(seed, purpose, length, LOWER_ALNUM),
};
