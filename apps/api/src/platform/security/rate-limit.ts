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
}

function windowStart(input: Window): Date {
  const windowMs = input.windowSeconds * 1000;
  return new Date(Math.floor(input.now.getTime() / windowMs) * windowMs);
}

/**
 * A fixed-window counter in PostgreSQL, so every API instance shares it. One upsert per check.
 * `bucket` should already name what is limited, e.g. `login:ip:1.2.3.4`.
 */
export async function hitRateLimit(db: DbExecutor, input: Window): Promise<RateLimitResult> {
  const start = windowStart(input);
  const hits = await countRateLimitHit(db, input.bucket, start);
  return { allowed: hits <= input.limit, hits, refund: () => refundRateLimitHit(db, input.bucket, start) };
}

export async function pruneRateLimits(db: DbExecutor, olderThan: Date): Promise<void> {
  await pruneRateLimitRows(db, olderThan);
}
