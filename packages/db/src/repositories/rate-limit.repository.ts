import { sql } from 'kysely';
import type { DbExecutor } from './db-executor';

/** Counts one hit in a fixed window and returns the window's total (one upsert: every instance shares the count). */
export async function countRateLimitHit(db: DbExecutor, bucket: string, windowStart: Date): Promise<number> {
  const row = await db
    .insertInto('rate_limits')
    .values({ bucket, window_start: windowStart, hits: 1 })
    .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet({ hits: sql`rate_limits.hits + 1` }))
    .returning('hits')
    .executeTakeFirstOrThrow();
  return row.hits;
}

export async function pruneRateLimits(db: DbExecutor, olderThan: Date): Promise<void> {
  await db.deleteFrom('rate_limits').where('window_start', '<', olderThan).execute();
}

/** Takes one hit back from a window (never below zero). */
export async function refundRateLimitHit(db: DbExecutor, bucket: string, windowStart: Date): Promise<void> {
  await db
    .updateTable('rate_limits')
    .set({ hits: sql`greatest(rate_limits.hits - 1, 0)` })
    .where('bucket', '=', bucket)
    .where('window_start', '=', windowStart)
    .execute();
}
