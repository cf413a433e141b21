// What provisioning asks of a target system, and the one way it calls one: through ctx.outbound.send
// (journaled in Okta's events as direction "out"; the target journals the same request as inbound).
// An answer that is not 2xx becomes a PushError saying whether a retry may help.
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import type { TwinName } from '../../../shared/twin-names.js';
import type { OktaApp } from '../apps.js';
import type { OktaData } from '../store.js';

/** The user as Okta wants them in the target. */
export interface DesiredUser {
  email: string;
  /** The app user name (Okta's username template: the email for these apps). */
  userName: string;
  givenName: string;
  familyName: string;
  displayName: string;
  title: string;
  department: string;
  timezone: string;
  managerEmail: string;
}

/** The user as the target holds them (what provisioning compares and updates). */
export interface TargetUser {
  id: string;
  active: boolean;
  email: string;
  givenName: string;
  familyName: string;
  title: string;
  /** Present where the target models it. */
  department?: string;
  timezone?: string;
}

export interface TargetGroup {
  id: string;
  name: string;
}

/** One target's provisioning connector (Okta's app integration), bound to the target's credentials. */
export interface Connector {
  findUser(ref: { externalId?: string; email: string }): Promise<TargetUser | null>;
  createUser(user: DesiredUser): Promise<TargetUser>;
  /** Brings an existing account to `user` (when `active`) or deactivates / suspends it. */
  updateUser(existing: TargetUser, user: DesiredUser, active: boolean): Promise<void>;
  /** Every account (SCIM list pages), for resolving many group members at once; absent where members are emails. */
  listUsers?(): Promise<TargetUser[]>;
  /** Which of the compared attributes differ (empty: in sync). */
  differences(existing: TargetUser, user: DesiredUser): string[];
  findGroup(ref: { id: string | null; name: string }): Promise<TargetGroup | null>;
  createGroup(name: string): Promise<TargetGroup>;
  renameGroup(group: TargetGroup, name: string): Promise<void>;
  /** The group's members as target user ids (or emails, for a target keyed by email: see memberKey). */
  groupMembers(group: TargetGroup): Promise<string[]>;
  /** How a member is named in groupMembers/updateMembers: by the target user id or by email. */
  memberKey: 'id' | 'email';
  updateMembers(group: TargetGroup, add: string[], remove: string[]): Promise<void>;
}

export class PushError extends Error {
  constructor(message: string, readonly status: number, readonly retryable: boolean, readonly retryAfterMs?: number) {
    super(message);
  }
}

/** Thrown when the state a task started from was replaced (reset, snapshot import): its work is void. */
export class StaleError extends Error {}

export interface CallContext {
  ctx: TwinContext<OktaData>;
  /** The state the task started from. */
  data: OktaData;
  app: OktaApp;
  target: TwinName;
}

/**
 * Sends one request to the target. Answers 2xx (and 404 when `allow404`) return the parsed body
 * (null for 404 or an empty body); anything else throws a PushError: no answer, 429 and 5xx may be
 * retried (429 with its Retry-After), other 4xx are permanent.
 */
export async function call(c: CallContext, operation: string, method: string, url: string, headers: Record<string, string>, body?: unknown, allow404 = false): Promise<any> {
  const result = await c.ctx.outbound.send({
    url, method, operation, timeoutMs: 5_000,
    headers: { accept: 'application/json', ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    actor: { type: 'app', id: c.app.id },
    target: { app: c.app.id, twin: c.target },
  });
  if (c.ctx.store.data !== c.data) throw new StaleError('state replaced');
  const where = `${c.target} ${operation} ${method} ${new URL(url).pathname}`;
  if (result.status >= 200 && result.status < 300) {
    try {
      return result.body ? JSON.parse(result.body) : null;
    } catch {
      throw new PushError(`${where}: ${result.status} with a body that is not JSON`, result.status, false);
    }
  }
  if (result.status === 404 && allow404) return null;
  const said = result.status === 0 ? `no answer (${result.error ?? 'connection failed'})` : `${result.status} ${result.body.slice(0, 300)}`;
  const message = `${where}: ${said}`;
  if (result.status === 429) {
    const seconds = Number(result.headers?.get('retry-after'));
    throw new PushError(message, 429, true, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined);
  }
  // Google says "rate limited" as a 403 with reason userRateLimitExceeded / rateLimitExceeded: retried like a 429.
  const googleRateLimit = result.status === 403 && /"reason"\s*:\s*"(user)?[rR]ateLimitExceeded"/.test(result.body);
  throw new PushError(message, result.status, result.status === 0 || result.status >= 500 || googleRateLimit);
}
