// Slack's error forms: HTTP 200 with {"ok":false,"error":code} for nearly everything, 429 with
// Retry-After for rate limits (the only non-200 @slack/web-api treats as meaningful).
import type { VendorErrors, VendorResponse } from '../../shared/kernel/vendor-errors.js';
import { TwinError } from '../../shared/kernel/vendor-errors.js';

export function slackResponse(error: string, extra: Record<string, unknown> = {}, status = 200): VendorResponse {
  return { status, body: { ok: false, error, ...extra } };
}

/** Throwable Slack error: `throw slackError('channel_not_found')`. */
export function slackError(error: string, extra: Record<string, unknown> = {}): TwinError {
  return new TwinError(slackResponse(error, extra), error);
}

export const slackErrors: VendorErrors = {
  unauthorized: () => slackResponse('invalid_auth'),
  forbidden: () => slackResponse('not_allowed_token_type'),
  notFound: () => slackResponse('unknown_method', {}, 404),
  invalid: (message) => slackResponse('invalid_arguments', { response_metadata: { messages: [`[ERROR] ${message}`] } }),
  tooLarge: () => slackResponse('request_too_large', {}, 413),
  rateLimited: ({ retryAfterSec }) => ({ status: 429, headers: { 'retry-after': String(retryAfterSec) }, body: { ok: false, error: 'ratelimited' } }),
  serverError: (status) => slackResponse(status === 503 ? 'service_unavailable' : 'internal_error', {}, status),
};
