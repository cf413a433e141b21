// A universe with only the Google twin, googleapis pointed at it, and raw HTTP for what the client hides.
import { google, type admin_directory_v1, type drive_v3 } from 'googleapis';
import type { AuthClient } from 'google-auth-library';
import { startUniverse, type Universe } from '../../../shared/universe/start-universe.js';

export async function googleUniverse(options: { seed?: number; users?: number; fixture?: string; rateLimits?: 'off' | 'realistic' } = {}): Promise<Universe> {
  return startUniverse({ port: 0, twins: ['google'], ...options });
}

export interface ServiceAccountKey { client_email: string; private_key: string; private_key_id: string; client_id: string; token_uri: string }
export const serviceAccount = (universe: Universe) => universe.credentials.google.serviceAccount as ServiceAccountKey;

/**
 * google-auth-library posts token requests to https://oauth2.googleapis.com/token whatever the key file
 * says; a request interceptor on the client's transporter sends them to the twin instead (README).
 */
export function pointTokenRequestsAtTwin(client: Pick<AuthClient, 'transporter'>, tokenUrl: string): void {
  client.transporter.interceptors.request.add({
    resolved: async (opts) => {
      if (String(opts.url) === 'https://oauth2.googleapis.com/token') opts.url = new URL(tokenUrl);
      return opts;
    },
  });
}

/** googleapis carries its own copy of google-auth-library: clients of either copy work at run time. */
export function directory(universe: Universe, auth: object): admin_directory_v1.Admin {
  return google.admin({ version: 'directory_v1', auth: auth as never, rootUrl: universe.credentials.google.rootUrl });
}

export function driveWith(universe: Universe, auth: object): drive_v3.Drive {
  return google.drive({ version: 'v3', auth: auth as never, rootUrl: universe.credentials.google.rootUrl });
}

export function drive(universe: Universe, accessToken = universe.credentials.google.accessToken): drive_v3.Drive {
  const auth = new google.auth.OAuth2();
  auth.setCredentials({ access_token: accessToken });
  return google.drive({ version: 'v3', auth, rootUrl: universe.credentials.google.rootUrl });
}

/** The access token of a person by email. */
export const tokenOf = (universe: Universe, email: string): string => (universe.credentials.google.userTokens as Record<string, string>)[email]!;

export async function raw(universe: Universe, path: string, init: { method?: string; body?: unknown; token?: string | null; rawBody?: string | Buffer; headers?: Record<string, string> } = {}) {
  const token = init.token === undefined ? universe.credentials.google.accessToken : init.token;
  const res = await fetch(`${universe.credentials.google.rootUrl}${path.replace(/^\//, '')}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(token && { authorization: `Bearer ${token}` }), ...((init.body !== undefined || init.rawBody !== undefined) && { 'content-type': 'application/json' }),
      ...init.headers,
    },
    body: typeof init.rawBody === 'string' ? init.rawBody : init.rawBody ? new Uint8Array(init.rawBody) : init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: any;
  try { body = text ? JSON.parse(text) : undefined; } catch { body = text; }
  return { status: res.status, headers: res.headers, body, text };
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
