import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../schema';

/**
 * Runs `fn` in a transaction that commits without waiting for its WAL to reach disk
 * (synchronous_commit = off, for this transaction only). Its effects are visible to every other
 * session at once; only a crash in the next few hundred milliseconds could lose them, and any
 * later durable commit flushes them first (WAL is flushed in order). For bookkeeping whose loss is
 * harmless (rate-limit counters) or covered by a later durable commit (an idempotency claim whose
 * order commits durably afterwards): each one saved an fsync per API call.
 */
export async function withAsyncCommit<T>(db: Kysely<DB>, fn: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`set local synchronous_commit = off`.execute(tx);
    return fn(tx);
  });
}
