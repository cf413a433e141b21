// A universe with only the Google twin, googleapis pointed at it, and raw HTTP for what the client hides.
import { google, type drive_v3 } from 'googleapis';
import { startUniverse, type Universe } from '../../../shared/universe/start-universe.js';

export async function googleUniverse(options: { seed?: number; users?: number } = {}): Promise<Universe> {
  return startUniverse({ port: 0, twins: ['google'], ...options });
}

export function drive(universe: Universe, accessToken = universe.credentials.google.accessToken): drive_v3.Drive {
  const auth = new google.auth.OAuth2();
  auth.setCredentials({ access_token: accessToken });
  return google.drive({ version: 'v3', auth, rootUrl: universe.credentials.google.rootUrl });
}

/** The access token of a person by email. */
export const tokenOf = (universe: Universe, email: string): string => (universe.credentials.google.userTokens as Record<string, string>)[email]!;

export async function raw(universe: Universe, path: string, init: { method?: string; body?: unknown; token?: string | null; rawBody?: string } = {}) {
  const token = init.token === undefined ? universe.credentials.google.accessToken : init.token;
  const res = await fetch(`${universe.credentials.google.rootUrl}${path.replace(/^\//, '')}`, {
    method: init.method ?? 'GET',
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...((init.body !== undefined || init.rawBody !== undefined) && { 'content-type': 'application/json' }) },
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

/** Every file of a files.list, following nextPageToken. */
export async function listAll(client: drive_v3.Drive, params: drive_v3.Params$Resource$Files$List = {}): Promise<drive_v3.Schema$File[]> {
  const out: drive_v3.Schema$File[] = [];
  let pageToken: string | undefined;
  do {
    const { data } = await client.files.list({ ...params, pageToken });
    out.push(...(data.files ?? []));
    pageToken = data.nextPageToken ?? undefined;
  } while (pageToken);
  return out;
}
