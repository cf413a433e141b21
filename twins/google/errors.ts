// Google's JSON error {"error":{code,message,errors:[{domain,reason,message}],status}} as Drive,
// Sheets and Docs send it (developers.google.com/drive/api/guides/handle-errors).
import type { VendorErrors, VendorResponse } from '../../shared/kernel/vendor-errors.js';
import { TwinError } from '../../shared/kernel/vendor-errors.js';
import type { GoogleLimit } from './rate-limits.js';

/** The Cloud project number quota messages name (the twin's one project). */
const PROJECT_NUMBER = '407408718192';

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 409: 'ALREADY_EXISTS',
  412: 'FAILED_PRECONDITION', 413: 'INVALID_ARGUMENT', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE',
};

export function googleResponse(code: number, reason: string, message: string, domain = 'global', headers?: Record<string, string>): VendorResponse {
  return {
    status: code,
    headers,
    body: { error: { code, message, errors: [{ message, domain, reason }], status: STATUS_NAMES[code] ?? (code >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION') } },
  };
}

export function googleError(code: number, reason: string, message: string, domain = 'global'): TwinError {
  return new TwinError(googleResponse(code, reason, message, domain), message);
}

export const googleErrors: VendorErrors = {
  unauthorized: () => googleResponse(401, 'authError',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    'global', { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' }),
  forbidden: (message) => googleResponse(403, 'insufficientPermissions', message || 'Insufficient Permission'),
  notFound: (message) => googleResponse(404, 'notFound', message),
  invalid: (message) => googleResponse(400, 'badRequest', message),
  tooLarge: (message) => googleResponse(413, 'uploadTooLarge', message),
  rateLimited: (hit) => {
    // Under --rate-limits realistic the kernel passes its bucket decision; chaos passes the rule's status.
    const realistic = hit.limitClass as GoogleLimit | undefined;
    if (realistic?.style === 'quota429') {
      return googleResponse(429, 'rateLimitExceeded', `Quota exceeded for quota metric '${realistic.metric}' and limit '${realistic.metric} per minute per user' of service '${realistic.service}' for consumer 'project_number:${PROJECT_NUMBER}'.`,
        'global', { 'retry-after': String(hit.retryAfterSec) });
    }
    return hit.status === 403 || realistic?.style === 'user403'
      ? googleResponse(403, 'userRateLimitExceeded', 'User rate limit exceeded.', 'usageLimits')
      : googleResponse(429, 'rateLimitExceeded', 'Rate limit exceeded.', 'usageLimits', { 'retry-after': String(hit.retryAfterSec) });
  },
  serverError: (status) => googleResponse(status, 'backendError', status === 503 ? 'The service is currently unavailable.' : 'Internal error encountered.'),
};

/** A 400 naming the parameter at fault, as Drive sends for a bad `q`, `pageToken` or `fields`. */
export function googleInvalidParameter(location: string, message = 'Invalid Value', reason = 'invalid', code = 400): TwinError {
  return new TwinError({
    status: code,
    body: { error: { code, message, errors: [{ message, domain: 'global', reason, location, locationType: 'parameter' }], status: STATUS_NAMES[code] } },
  }, message);
}

/** 403 for a token whose scopes do not cover the method. */
export function googleScopeInsufficient(service: string): TwinError {
  return new TwinError({
    status: 403,
    body: {
      error: {
        code: 403, message: 'Request had insufficient authentication scopes.',
        errors: [{ message: 'Insufficient Permission', domain: 'global', reason: 'insufficientPermissions' }],
        status: 'PERMISSION_DENIED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', domain: 'googleapis.com', metadata: { service } }],
      },
    },
  }, 'insufficient scopes');
}

export const driveFail = {
  fileNotFound: (id: string) => googleInvalidParameter('fileId', `File not found: ${id}.`, 'notFound', 404),
  cannotModify: (id: string) => googleError(403, 'insufficientFilePermissions', `The user does not have sufficient permissions for file ${id}.`),
  permissionNotFound: (id: string) => googleInvalidParameter('permissionId', `Permission not found: ${id}.`, 'notFound', 404),
  required: (what: string) => googleError(400, 'required', `Required parameter: ${what}`),
  invalid: (message: string) => googleError(400, 'invalid', message),
};
