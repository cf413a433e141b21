// Which person a seeded-style token belongs to. Every person of the org has an access token and a
// refresh token derived from (seed, email) (shared/seeding/people-ids.ts); a user the Admin SDK
// created later (users.insert, e.g. provisioning from Okta) gets tokens derived the same way from
// their email, so a test computes them with `tokens.googleAccess(seed, email)` / `tokens.googleRefresh`.
// Both lookups are Maps: built once per (org, seed) for the org, and once per users array (replaced
// on every Directory write) for the few users who are not org people.
import { memoLast } from '../../shared/kernel/memo.js';
import { primaryAdmin } from '../../shared/seeding/admin.js';
import type { Org } from '../../shared/seeding/org.js';
import { tokens } from '../../shared/seeding/people-ids.js';
import type { GoogleUser } from './store.js';

export interface PersonToken { email: string; scopes: string[] }

interface TokenMaps { access: Map<string, PersonToken>; refresh: Map<string, string> }

function tokenMaps(seed: number, emails: Iterable<string>, scopes: string[]): TokenMaps {
  const maps: TokenMaps = { access: new Map(), refresh: new Map() };
  for (const email of emails) {
    maps.access.set(tokens.googleAccess(seed, email), { email, scopes });
    maps.refresh.set(tokens.googleRefresh(seed, email), email);
  }
  return maps;
}

/** Per org object (a new seed brings a new org), per seed: the org people's tokens, plus the admin's drive.readonly one. */
const orgTokens = memoLast((_org: Org) => new Map<number, TokenMaps>());
const orgEmails = memoLast((org: Org) => new Set(org.people.map((p) => p.email)));

function ofOrg(seed: number, org: Org, scopes: string[]): TokenMaps {
  const bySeed = orgTokens(org);
  let maps = bySeed.get(seed);
  if (!maps) {
    maps = tokenMaps(seed, org.people.map((p) => p.email), scopes);
    const admin = primaryAdmin(org).email;
    maps.access.set(tokens.googleAccess(seed, `${admin}#drive.readonly`), { email: admin, scopes: [`https://www.googleapis.com/auth/drive.readonly`] });
    bySeed.set(seed, maps);
  }
  return maps;
}

/** Users who are not org people (created through the Directory API, or renamed to a new address). */
const extraTokens = memoLast((users: GoogleUser[]) => new Map<string, TokenMaps>());

function ofExtraUsers(seed: number, org: Org, users: GoogleUser[], scopes: string[]): TokenMaps {
  const byKey = extraTokens(users);
  const key = `${seed}|${org.domain}`;
  let maps = byKey.get(key);
  if (!maps) {
    const known = orgEmails(org);
    maps = tokenMaps(seed, users.filter((u) => !known.has(u.primaryEmail)).map((u) => u.primaryEmail), scopes);
    byKey.set(key, maps);
  }
  return maps;
}

export interface TokenSource { seed: number; org: Org; users: GoogleUser[]; scopes: string[] }

/** The person a derived access token belongs to (who may since have been renamed, suspended or deleted). */
export function accessTokenOwner(source: TokenSource, token: string): PersonToken | undefined {
  return ofOrg(source.seed, source.org, source.scopes).access.get(token)
    ?? ofExtraUsers(source.seed, source.org, source.users, source.scopes).access.get(token);
}

/** The email a derived refresh token was issued for. */
export function refreshTokenOwner(source: TokenSource, token: string): string | undefined {
  return ofOrg(source.seed, source.org, source.scopes).refresh.get(token)
    ?? ofExtraUsers(source.seed, source.org, source.users, source.scopes).refresh.get(token);
}
