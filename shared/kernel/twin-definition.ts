// What a twin hands the kernel: its name, how it seeds its state from the org, its credentials,
// its routes and how its vendor renders errors. Everything else (control plane, chaos, journal,
// persistence, logging) the kernel provides identically to every twin.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RateLimitClass } from '../chaos/rate-limits.js';
import type { Org } from '../seeding/org.js';
import type { Store } from '../state/store.js';
import type { TwinName } from '../twin-names.js';
import type { Clock } from './clock.js';
import type { Journal } from './journal.js';
import type { ApiDocRules } from './openapi.js';
import type { Outbound } from './outbound.js';
import type { Peers } from './peers.js';
import type { VendorErrors } from './vendor-errors.js';

export interface SeedContext {
  org: Org;
  seed: number;
  /** This twin's section of the fixture's `twins` key, checked by `checkConfig` first; absent when the fixture has none. */
  config?: Record<string, unknown>;
}

export interface CredentialContext extends SeedContext {
  /** The twin's public base URL without a trailing slash, e.g. http://127.0.0.1:4102. */
  publicUrl: string;
}

/** Given to a twin's routes: everything they may touch. Read `store.data` afresh on each request: reset replaces it. */
export interface TwinContext<D extends object> {
  name: TwinName;
  store: Store<D>;
  journal: Journal;
  clock: Clock;
  errors: VendorErrors;
  outbound: Outbound;
  seed(): number;
  org(): Org;
  publicUrl(): string;
  /** The other twins, reached over their public HTTP APIs (base URLs and the credentials they hand out). */
  peers: Peers;
}

/**
 * One person as a twin holds them, for GET /_dtu/people and the universe's consistency report.
 * `status` is in the universe's terms: "active"; "pending" (created, not yet activated: Okta STAGED;
 * Okta's PROVISIONED users get active accounts in their apps, so they count as active); "suspended" (present, cannot sign in, comes back on reactivation: Okta SUSPENDED, a
 * suspended Google user); "deactivated" (Okta DEPROVISIONED, a deleted Slack user, an inactive Jira
 * account). People a twin does not hold are simply not listed.
 */
export interface TwinPerson {
  email: string;
  /** The twin's own id for them (Okta user id, Slack U…, Jira accountId, Google user id). */
  id: string;
  status: 'active' | 'pending' | 'suspended' | 'deactivated';
  /** Display name, compared across twins. */
  name?: string;
  /** Okta only: the twins whose apps the person is assigned to (directly or through a group). */
  apps?: TwinName[];
}

export interface TwinDefinition<D extends object = object> {
  name: TwinName;
  errors: VendorErrors;
  /**
   * The error forms of another API the twin serves under a path (Slack's and Atlassian's SCIM), for
   * what the kernel answers itself there: unknown paths, unreadable bodies, router refusals.
   */
  errorsFor?(url: string): VendorErrors | undefined;
  /** Pure mapping org → this twin's state; randomness only from the seed. Must not mutate the org. */
  seedState(ctx: SeedContext): D;
  /** This twin's section of /_dtu/credentials; a pure function of seed and public URL. */
  credentials(ctx: CredentialContext): Record<string, unknown>;
  /**
   * Labels of the seed-derived RSA keys (shared/seeding/rsa-keys.ts) that seeding or the credentials
   * need. The kernel derives them on the thread pool before seeding, so a start or a reset to a new
   * seed does not spend 0.1–0.2 s per key on the main thread.
   */
  derivedKeys?: readonly string[];
  /** How the twin's OpenAPI document (/_dtu/openapi.json) titles, groups and names its operations. */
  apiDocs?: ApiDocRules;
  /** Registers the vendor routes (an encapsulated Fastify plugin). Each route names its vendor operation in `config.operation`. */
  routes(app: FastifyInstance, ctx: TwinContext<D>): void | Promise<void>;
  /**
   * Class and limit of a request under `--rate-limits realistic`, or null for unlimited. Called after
   * body parsing and the twin's onRequest hooks (auth), so arguments and request.dtuActor are known.
   */
  rateLimit?(request: FastifyRequest): RateLimitClass | null;
  /** Checks this twin's section of a fixture's `twins` key at start; returns an error message or null. */
  checkConfig?(config: Record<string, unknown>): string | null;
  /** Extra check on imported state beyond the default same-shape check; returns an error message or null. */
  validateState?(data: unknown): string | null;
  /**
   * Called whenever the state was (re)placed: at start, after reset and after a snapshot import. The
   * clock's timers were all dropped just before; a twin with time-based state (scheduled messages,
   * expiries) re-arms them here with ctx.clock.schedule.
   */
  stateLoaded?(ctx: TwinContext<D>): void;
  /** The people this twin holds (human users only, not bots or service accounts), for the consistency report. */
  people?(ctx: TwinContext<D>): TwinPerson[];
  /**
   * Resolves once work the twin started on its own (provisioning pushes, deliveries) and that is due
   * now has finished; answers how many tasks still wait for a later time (a retry after backoff).
   */
  settle?(ctx: TwinContext<D>): Promise<{ pending: number }>;
}
