import type { DB } from '@app/db';
import { sql, type Kysely } from 'kysely';

export interface RateLimitResult {
  allowed: boolean;
  hits: number;
}

/**
 * A fixed-window counter in PostgreSQL, so every API instance shares it. One upsert per check.
 * `bucket` should already name what is limited, e.g. `login:ip:1.2.3.4`.
 */
export async function hitRateLimit(
  db: Kysely<DB>,
  input: { bucket: string; limit: number; windowSeconds: number; now: Date },
): Promise<RateLimitResult> {
  const windowMs = input.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(input.now.getTime() / windowMs) * windowMs);
  const row = await db
    .insertInto('rate_limits')
    .values({ bucket: input.bucket, window_start: windowStart, hits: 1 })
    .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet({ hits: sql`rate_limits.hits + 1` }))
    .returning('hits')
    .executeTakeFirstOrThrow();
  return { allowed: row.hits <= input.limit, hits: row.hits };
}

/** Reads without counting (e.g. "is this login already blocked?"). */
export async function peekRateLimit(
  db: Kysely<DB>,
  input: { bucket: string; limit: number; windowSeconds: number; now: Date },
): Promise<boolean> {
  const windowMs = input.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(input.now.getTime() / windowMs) * windowMs);
  const row = await db
    .selectFrom('rate_limits')
    .select('hits')
    .where('bucket', '=', input.bucket)
    .where('window_start', '=', windowStart)
    .executeTakeFirst();
  return (row?.hits ?? 0) < input.limit;
}

export async function pruneRateLimits(db: Kysely<DB>, olderThan: Date): Promise<void> {
  await db.deleteFrom('rate_limits').where('window_start', '<', olderThan).execute();
}
