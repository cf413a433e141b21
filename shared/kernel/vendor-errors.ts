// How a twin speaks its vendor's errors. Each twin supplies one VendorErrors; handlers throw
// TwinError, and the kernel's single error handler renders everything else (schema failures,
// malformed bodies, unknown routes, surprises) through the same renderer, so no bare 500 leaks out.

import type { RateLimitClass } from '../chaos/rate-limits.js';

export interface VendorResponse {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface RateLimitInfo {
  /** Seconds the client should wait (Retry-After). */
  retryAfterSec: number;
  /** Requested status: vendors that have two forms (Google 403 userRateLimitExceeded) use it. */
  status?: number;
  /** Bucket size and what is left, for vendors that publish X-Rate-Limit-* headers; absent for injected limits. */
  limit?: number;
  remaining?: number;
  /** When the bucket refills, epoch seconds. */
  resetAtSec: number;
  /** The twin's class that refused the request (the object its rateLimit returned); absent for injected limits. */
  limitClass?: RateLimitClass;
}

export interface VendorErrors {
  unauthorized(message: string): VendorResponse;
  forbidden(message: string): VendorResponse;
  notFound(message: string): VendorResponse;
  invalid(message: string): VendorResponse;
  /** Request body larger than the twin accepts. */
  tooLarge(message: string): VendorResponse;
  rateLimited(info: RateLimitInfo): VendorResponse;
  serverError(status: number, message: string): VendorResponse;
}

/** Thrown by handlers; the kernel sends `response` as is. */
export class TwinError extends Error {
  constructor(readonly response: VendorResponse, message?: string) {
    super(message ?? `vendor error ${response.status}`);
  }
}
