// A universe with only the Jira twin, jira.js pointed at it as any person, and raw HTTP for what the client hides.
import { Version3Client } from 'jira.js';
import type { Person } from '../../../shared/seeding/org.js';
import { startUniverse, type Universe } from '../../../shared/universe/start-universe.js';

export async function jiraUniverse(options: { seed?: number; users?: number; fixture?: string; rateLimits?: 'off' | 'realistic' } = {}): Promise<Universe> {
  return startUniverse({ port: 0, twins: ['jira'], ...options });
}

/** jira.js as `email` (default: the site admin from the credentials document). */
export function client(universe: Universe, email = universe.credentials.jira.email as string): Version3Client {
  const { host, userTokens } = universe.credentials.jira as { host: string; userTokens: Record<string, string> };
  return new Version3Client({ host, authentication: { basic: { email, apiToken: userTokens[email] } } });
}

export async function raw(universe: Universe, path: string, init: { method?: string; body?: unknown; rawBody?: string; as?: string | null } = {}) {
  const { host, userTokens, email } = universe.credentials.jira as { host: string; email: string; userTokens: Record<string, string> };
  const who = init.as === undefined ? email : init.as;
  const auth: Record<string, string> = who ? { authorization: `Basic ${Buffer.from(`${who}:${userTokens[who]}`).toString('base64')}` } : {};
  const res = await fetch(`${host}${path}`, {
    method: init.method ?? 'GET',
    headers: { accept: 'application/json', ...auth, ...((init.body !== undefined || init.rawBody !== undefined) && { 'content-type': 'application/json' }) },
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, headers: res.headers, body: text ? (json ? JSON.parse(text) : text) : undefined };
}

/** An active non-admin person and the key of their department's project. */
export function member(universe: Universe): Person {
  return universe.org.people.find((p) => !p.admin && p.status === 'active')!;
}

export const adf = (text: string) => ({ type: 'doc' as const, version: 1 as const, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
