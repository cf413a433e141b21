// The console's two ways to the universe: the control plane's /_dtu routes, and a twin's vendor API
// through the control plane's proxy (which adds the seeded admin's credentials server-side).

export type TwinName = 'okta' | 'slack' | 'jira' | 'google';
export const TWINS: readonly TwinName[] = ['okta', 'slack', 'jira', 'google'];

/** A non-2xx answer; `body` is the parsed JSON when there was some, else the text. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly body: unknown) {
    super(messageOf(status, body));
  }
}

function messageOf(status: number, body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, any>;
    const text = b.message ?? b.errorSummary ?? b.error?.message ?? b.errorMessages?.[0] ?? (typeof b.error === 'string' ? b.error : undefined);
    if (text) return `${status}: ${text}`;
  }
  return `${status}: ${typeof body === 'string' && body ? body.slice(0, 200) : 'request failed'}`;
}

export interface RequestInit {
  method?: string;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

async function send<T>(url: string, init: RequestInit & { form?: Record<string, string> } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  } else if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const response = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  if (text && (response.headers.get('content-type') ?? '').includes('json')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      // keep the text
    }
  }
  if (!response.ok) throw new ApiError(response.status, parsed);
  return (text === '' ? undefined : parsed) as T;
}

/** `/_dtu${path}` on the control plane; throws ApiError on non-2xx. */
export function control<T>(path: string, init: RequestInit = {}): Promise<T> {
  return send<T>(`/_dtu${path}`, init);
}

/**
 * A twin's vendor API as the seeded admin (or, with header `X-DTU-As: <email>`, as that person).
 * Slack answers ok:false with HTTP 200: the caller checks `ok`.
 */
export function twin<T>(name: TwinName, path: string, init: RequestInit & { form?: Record<string, string> } = {}): Promise<T> {
  return send<T>(`/_dtu/console/proxy/${name}${path.startsWith('/') ? path : `/${path}`}`, init);
}

let org: Promise<any> | null = null;

/**
 * GET /_dtu/org, read once per page (it lists everyone: megabytes for 10,000 people) and shared by
 * the header and the People view; `fresh` reads it again (after a reset, which may switch seed).
 */
export function orgOnce<T>(fresh = false): Promise<T> {
  if (fresh || !org) {
    org = control<T>('/org');
    org.catch(() => (org = null));
  }
  return org;
}
