// Realistic vendor rate limits (--rate-limits realistic): token buckets per (credential, operation
// class). Each twin says how a request is classed and what its vendor allows; the kernel keeps buckets.

export interface RateLimitClass {
  /** The vendor's name for the limit, e.g. "slack:tier3:conversations.history" or "okta:/api/v1/users". */
  name: string;
  /** Requests allowed per window. */
  limit: number;
  windowSec: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetAtSec: number;
  retryAfterSec: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class RateLimiter {
  private buckets = new Map<string, Bucket>();

  take(limit: RateLimitClass, credential: string, nowMs: number): RateLimitDecision {
    const key = `${limit.name}|${credential}`;
    const perMs = limit.limit / (limit.windowSec * 1000);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: limit.limit, updatedMs: nowMs };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(limit.limit, bucket.tokens + (nowMs - bucket.updatedMs) * perMs);
    bucket.updatedMs = nowMs;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    const msToNextToken = allowed ? 0 : (1 - bucket.tokens) / perMs;
    const msToFull = (limit.limit - bucket.tokens) / perMs;
    return {
      allowed,
      limit: limit.limit,
      remaining: Math.floor(bucket.tokens),
      resetAtSec: Math.ceil((nowMs + msToFull) / 1000),
      retryAfterSec: Math.max(1, Math.ceil(msToNextToken / 1000)),
    };
  }

  clear(): void {
    this.buckets.clear();
  }
}
