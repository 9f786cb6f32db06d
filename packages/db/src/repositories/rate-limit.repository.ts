import { sql } from 'kysely';
import { asyncCommitRow } from './async-commit';
import type { DbExecutor } from './db-executor';

/**
 * Counts one hit in a fixed window and returns the window's total (one upsert: every instance shares
 * the count). `asyncCommit` (outside a transaction only): the counter commits without waiting for
 * its fsync, in the same one round trip (see asyncCommitRow); a count lost in a crash is harmless.
 */
export async function countRateLimitHit(
  db: DbExecutor,
  bucket: string,
  windowStart: Date,
  options: { asyncCommit?: boolean } = {},
): Promise<number> {
  if (options.asyncCommit && !db.isTransaction) {
    const { rows } = await sql<{ hits: number }>`
      insert into rate_limits (bucket, window_start, hits)
      select ${bucket}::text, ${windowStart}::timestamptz, 1 from ${asyncCommitRow(db)} as async_commit
      on conflict (bucket, window_start) do update set hits = rate_limits.hits + 1
      returning hits`.execute(db);
    const row = rows[0];
    if (!row) throw new Error('the rate-limit upsert returned no row');
    return row.hits;
  }
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

/** Locks a sign-in device cookie out until `until` (a longer lock already there is kept). */
export async function lockOutLoginDevice(db: DbExecutor, deviceId: string, until: Date): Promise<void> {
  await db
    .insertInto('login_device_lockouts')
    .values({ device_id: deviceId, locked_until: until })
    .onConflict((oc) =>
      oc.column('device_id').doUpdateSet({
        locked_until: sql`greatest(login_device_lockouts.locked_until, excluded.locked_until)`,
      }),
    )
    .execute();
}

/** True while the device cookie is locked out. */
export async function isLoginDeviceLockedOut(db: DbExecutor, deviceId: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('login_device_lockouts')
    .select('device_id')
    .where('device_id', '=', deviceId)
    .where('locked_until', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}

export async function pruneLoginDeviceLockouts(db: DbExecutor, now: Date): Promise<void> {
  await db.deleteFrom('login_device_lockouts').where('locked_until', '<=', now).execute();
}
