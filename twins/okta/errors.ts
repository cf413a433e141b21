// Okta's error body {errorCode, errorSummary, errorLink, errorId, errorCauses} with its E0000xxx codes
// (developer.okta.com/docs/reference/error-codes). 429 carries X-Rate-Limit-* (reset in epoch seconds).
import { randomBytes } from 'node:crypto';
import type { VendorErrors, VendorResponse } from '../../shared/kernel/vendor-errors.js';
import { TwinError } from '../../shared/kernel/vendor-errors.js';

/** Okta's default per-minute limit for most management endpoints, used when a 429 is injected. */
export const OKTA_DEFAULT_LIMIT = 600;

export function oktaResponse(status: number, errorCode: string, errorSummary: string, causes: string[] = [], headers?: Record<string, string>): VendorResponse {
  return {
    status,
    // Okta sends a request id on every response; the SDK quotes it back in X-Okta-Retry-For when it retries.
    headers: { 'x-okta-request-id': randomBytes(15).toString('base64url'), ...headers },
    body: {
      errorCode,
      errorSummary,
      errorLink: errorCode,
      errorId: `oae${randomBytes(16).toString('base64url').slice(0, 22)}`,
      errorCauses: causes.map((errorSummary) => ({ errorSummary })),
    },
  };
}

export function oktaError(status: number, errorCode: string, errorSummary: string, causes: string[] = []): TwinError {
  return new TwinError(oktaResponse(status, errorCode, errorSummary, causes), errorSummary);
}

export const oktaErrors: VendorErrors = {
  unauthorized: () => oktaResponse(401, 'E0000011', 'Invalid token provided'),
  forbidden: () => oktaResponse(403, 'E0000006', 'You do not have permission to perform the requested action'),
  notFound: (message) => oktaResponse(404, 'E0000007', `Not found: Resource not found: ${message}`),
  invalid: (message) => oktaResponse(400, 'E0000001', 'Api validation failed: request', [message]),
  tooLarge: (message) => oktaResponse(413, 'E0000001', 'Api validation failed: request', [message]),
  rateLimited: ({ retryAfterSec, limit, remaining, resetAtSec }) => oktaResponse(429, 'E0000047', 'API call exceeded rate limit due to too many requests.', [], {
    'x-rate-limit-limit': String(limit ?? OKTA_DEFAULT_LIMIT),
    'x-rate-limit-remaining': String(remaining ?? 0),
    'x-rate-limit-reset': String(resetAtSec),
    'retry-after': String(retryAfterSec),
  }),
  serverError: (status) => oktaResponse(status, 'E0000009', 'Internal Server Error'),
};

// The errors routes raise, in Okta's words (developer.okta.com/docs/reference/error-codes).
export const oktaFail = {
  notFound: (id: string, kind: 'User' | 'Group') => oktaError(404, 'E0000007', `Not found: Resource not found: ${id} (${kind})`),
  /** E0000001 with one cause per field, e.g. validation('login', 'login: An object with this field already exists…'). */
  validation: (what: string, ...causes: string[]) => oktaError(400, 'E0000001', `Api validation failed: ${what}`, causes),
  malformed: () => oktaError(400, 'E0000003', 'The request body was not well-formed.'),
  badSearch: () => oktaError(400, 'E0000031', 'Invalid search criteria.'),
  forbidden: () => oktaError(403, 'E0000006', 'You do not have permission to perform the requested action'),
  /** No API credential at all: Okta falls back to the browser session, and there is none. */
  invalidSession: () => oktaError(403, 'E0000005', 'Invalid session'),
  alreadyActive: () => oktaError(403, 'E0000016', 'Activation failed because the user is already active'),
  resetNotAllowed: () => oktaError(403, 'E0000017', "Reset password is not allowed in the user's current status."),
  unlockNotAllowed: () => oktaError(403, 'E0000032', 'Unlock is not allowed for this user.'),
  builtInGroup: () => oktaError(403, 'E0000006', 'You do not have permission to perform the requested action'),
};
