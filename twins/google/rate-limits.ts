// Realistic rate limits (--rate-limits realistic), per API family by the operation's discovery id, per
// credential (the kernel's bucket key is the Authorization header, i.e. per user of a token):
//   Drive        12,000 queries / 60 s per user      → 403 userRateLimitExceeded (developers.google.com/drive/api/guides/limits)
//   Directory     2,400 queries / 60 s per user      → 403 userRateLimitExceeded
//   Sheets          60 reads and 60 writes / min per user → 429 RESOURCE_EXHAUSTED (developers.google.com/sheets/api/limits)
//   Docs           300 reads, 60 writes / min per user    → 429 RESOURCE_EXHAUSTED (developers.google.com/docs/api/limits)
// The kernel hands the refusing class back to errors.rateLimited (info.limitClass), which picks the form.
import type { FastifyRequest } from 'fastify';
import type { RateLimitClass } from '../../shared/chaos/rate-limits.js';

export interface GoogleLimit extends RateLimitClass {
  /** How Google refuses: Drive/Directory 403 userRateLimitExceeded, Sheets/Docs 429 RESOURCE_EXHAUSTED. */
  style: 'user403' | 'quota429';
  service: string;
  metric: string;
}

const limit = (name: string, perMinute: number, style: GoogleLimit['style'], service: string, metric: string): GoogleLimit =>
  ({ name, limit: perMinute, windowSec: 60, style, service, metric });

const DRIVE = limit('google:drive:per-user', 12_000, 'user403', 'drive.googleapis.com', 'Queries');
const DIRECTORY = limit('google:directory:per-user', 2_400, 'user403', 'admin.googleapis.com', 'Queries');
const SHEETS_READ = limit('google:sheets:read-per-user', 60, 'quota429', 'sheets.googleapis.com', 'Read requests');
const SHEETS_WRITE = limit('google:sheets:write-per-user', 60, 'quota429', 'sheets.googleapis.com', 'Write requests');
const DOCS_READ = limit('google:docs:read-per-user', 300, 'quota429', 'docs.googleapis.com', 'Read requests');
const DOCS_WRITE = limit('google:docs:write-per-user', 60, 'quota429', 'docs.googleapis.com', 'Write requests');

const READ_METHOD = /\.(get|list|batchGet|batchGetByDataFilter|getByDataFilter|search)$/;

export function googleRateLimit(request: FastifyRequest): RateLimitClass | null {
  const operation = request.routeOptions.config?.operation;
  if (operation?.startsWith('drive.')) return DRIVE;
  if (operation?.startsWith('directory.')) return DIRECTORY;
  if (operation?.startsWith('sheets.')) return READ_METHOD.test(operation) ? SHEETS_READ : SHEETS_WRITE;
  if (operation?.startsWith('docs.')) return READ_METHOD.test(operation) ? DOCS_READ : DOCS_WRITE;
  return null;
}
