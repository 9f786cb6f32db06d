import { sql, type RawBuilder } from 'kysely';
import type { DbExecutor } from './db-executor';

/**
 * For bookkeeping whose loss is harmless (rate-limit counters) or covered by a later durable commit
 * (an idempotency claim whose order commits durably afterwards): a statement run on its own that
 * commits without waiting for its WAL to reach disk. Its effects are visible to every other session
 * at once; only a crash in the next few hundred milliseconds could lose them, and any later durable
 * commit flushes them first (WAL is flushed in order). Each one saves an fsync per API call.
 *
 * How: a FROM item (give it an alias) of one row whose evaluation turns synchronous_commit off for
 * the statement's own implicit transaction: set_config's local setting lasts to the end of the
 * transaction, its commit included, and the session's own setting is back afterwards. A transaction
 * with `set local synchronous_commit = off` took four round trips (begin, set, the statement,
 * commit); this takes one. Inside a caller's transaction it would make that whole transaction's
 * commit asynchronous, so it refuses one: callers in a transaction run the statement as it is.
 */
export function asyncCommitRow(db: DbExecutor): RawBuilder<unknown> {
  if (db.isTransaction) throw new Error('asyncCommitRow is for a statement of its own, not inside a transaction');
  return sql`(select set_config('synchronous_commit', 'off', true) as async_commit)`;
}
