import { sql, type Transaction } from 'kysely';
import type { DB } from '../schema';

/**
 * Runs `fn` inside a savepoint of the caller's transaction: when `fn` throws, only its writes are
 * undone and the transaction goes on (so a stored webhook survives a failure to apply it). The
 * error is returned, not thrown, for the caller to record.
 */
export async function withSavepoint<T>(
  tx: Transaction<DB>,
  fn: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  await sql`savepoint apply_step`.execute(tx);
  try {
    const value = await fn();
    await sql`release savepoint apply_step`.execute(tx);
    return { ok: true, value };
  } catch (error) {
    await sql`rollback to savepoint apply_step`.execute(tx);
    return { ok: false, error };
  }
}
