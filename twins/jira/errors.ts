// Jira's ErrorCollection {errorMessages, errors} (Jira platform OpenAPI). 429 carries Retry-After,
// X-RateLimit-Limit/Remaining/NearLimit, X-RateLimit-Reset (ISO 8601) and RateLimit-Reason.
import type { VendorErrors, VendorResponse } from '../../shared/kernel/vendor-errors.js';
import { TwinError } from '../../shared/kernel/vendor-errors.js';

export function jiraResponse(status: number, errorMessages: string[], errors: Record<string, string> = {}, headers?: Record<string, string>): VendorResponse {
  return { status, headers, body: { errorMessages, errors } };
}

export function jiraError(status: number, message: string, errors: Record<string, string> = {}): TwinError {
  return new TwinError(jiraResponse(status, message ? [message] : [], errors), message);
}

export const jiraErrors: VendorErrors = {
  unauthorized: () => jiraResponse(401, ['You are not authenticated. Authentication required to perform this operation.']),
  forbidden: (message) => jiraResponse(403, [message || 'You do not have permission to perform this operation.']),
  notFound: (message) => jiraResponse(404, [message]),
  invalid: (message) => jiraResponse(400, [message]),
  tooLarge: (message) => jiraResponse(413, [message]),
  rateLimited: ({ retryAfterSec, limit, remaining, resetAtSec }) => jiraResponse(429, ['Rate limit exceeded.'], {}, {
    'retry-after': String(retryAfterSec),
    'x-ratelimit-limit': String(limit ?? 350),
    'x-ratelimit-remaining': String(remaining ?? 0),
    'x-ratelimit-nearlimit': 'true',
    'x-ratelimit-reset': new Date(resetAtSec * 1000).toISOString(),
    'ratelimit-reason': 'jira-burst-based',
  }),
  serverError: (status) => jiraResponse(status, ['Internal server error'], {}, status === 503 ? { 'retry-after': '1' } : undefined),
};
