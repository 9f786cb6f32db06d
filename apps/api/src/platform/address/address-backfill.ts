import { fillMissingAddressCheck, listOrdersWithoutAddressCheck } from '@app/db';
import type { AppDeps } from '../core/deps';
import { checkOrderAddress, pincodeDirectory } from './address-check';

export interface BackfillOptions {
  /** Orders per batch (one read, then one update per order in a transaction). */
  batchSize?: number;
  /** Asked between batches: true stops the walk (shutdown); the rest is done at the next start. */
  shouldStop?: () => boolean;
}

/**
 * Checks the addresses of orders stored before the address check existed (issue 24), in batches,
 * at each start until none is left. Idempotent: only orders with no check are read and written, so
 * a second run (or a second instance at once) finds nothing to do and a newer check is never
 * overwritten. Returns how many orders it checked.
 */
export async function backfillAddressChecks(
  deps: Pick<AppDeps, 'db' | 'logger'>,
  options: BackfillOptions = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  let after = '0';
  let filled = 0;
  for (;;) {
    if (options.shouldStop?.()) break;
    const batch = await listOrdersWithoutAddressCheck(deps.db, after, batchSize);
    if (batch.length === 0) break;
    const directory = await pincodeDirectory();
    await deps.db.transaction().execute(async (tx) => {
      for (const order of batch) {
        if (await fillMissingAddressCheck(tx, order.orderId, checkOrderAddress(order.address, directory))) filled++;
      }
    });
    after = batch[batch.length - 1]?.orderId ?? after;
    if (batch.length < batchSize) break;
  }
  if (filled > 0) deps.logger.info({ filled }, 'address check: orders stored before it existed are now checked');
  return filled;
}
