import { countRateLimitHit, pruneRateLimits as pruneRateLimitRows, readRateLimitHits, type DbExecutor } from '@app/db';

export interface RateLimitResult {
  allowed: boolean;
  hits: number;
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
  const hits = await countRateLimitHit(db, input.bucket, windowStart(input));
  return { allowed: hits <= input.limit, hits };
}

/** Reads without counting (e.g. "is this login already blocked?"). */
export async function peekRateLimit(db: DbExecutor, input: Window): Promise<boolean> {
  return (await readRateLimitHits(db, input.bucket, windowStart(input))) < input.limit;
}

export async function pruneRateLimits(db: DbExecutor, olderThan: Date): Promise<void> {
  await pruneRateLimitRows(db, olderThan);
}
