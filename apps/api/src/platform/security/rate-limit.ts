import { countRateLimitHit, pruneRateLimits as pruneRateLimitRows, refundRateLimitHit, type DbExecutor } from '@app/db';

export interface RateLimitResult {
  allowed: boolean;
  hits: number;
  /** Takes this hit back (an attempt that turned out right should not count against anyone). */
  refund(): Promise<void>;
}

interface Window {
  bucket: string;
  limit: number;
  windowSeconds: number;
  now: Date;
  /**
   * Commit the count without waiting for its fsync (outside a transaction; one round trip): for
   * counters whose loss in a crash is harmless and which run on every call (the Orders API's).
   */
  asyncCommit?: boolean;
}

/** The start of the fixed window `now` falls in. */
export function windowStart(input: Pick<Window, 'windowSeconds' | 'now'>): Date {
  const windowMs = input.windowSeconds * 1000;
  return new Date(Math.floor(input.now.getTime() / windowMs) * windowMs);
}

/**
 * A fixed-window counter in PostgreSQL, so every API instance shares it. One upsert per check.
 * `bucket` should already name what is limited, e.g. `login:ip:1.2.3.4`.
 */
export async function hitRateLimit(db: DbExecutor, input: Window): Promise<RateLimitResult> {
  const start = windowStart(input);
  const hits = await countRateLimitHit(db, input.bucket, start, { asyncCommit: input.asyncCommit ?? false });
  return { allowed: hits <= input.limit, hits, refund: () => refundRateLimitHit(db, input.bucket, start) };
}

export async function pruneRateLimits(db: DbExecutor, olderThan: Date): Promise<void> {
  await pruneRateLimitRows(db, olderThan);
}
