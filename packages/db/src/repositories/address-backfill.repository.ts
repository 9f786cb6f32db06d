import type { DbExecutor } from './db-executor';
import { addressCheckColumns, type ShippingAddress, type StoredAddressCheck } from './order.repository';

/** An order whose address was never checked (imported before the check existed), with its address. */
export interface UncheckedOrderAddress {
  orderId: string;
  address: Omit<ShippingAddress, 'name'>;
}

/**
 * Up to `limit` orders with no address check, in id order after `afterId` (a keyset walk, so each
 * batch starts where the last one stopped, whatever the table's size).
 */
export async function listOrdersWithoutAddressCheck(
  db: DbExecutor,
  afterId: string,
  limit: number,
): Promise<UncheckedOrderAddress[]> {
  const rows = await db
    .selectFrom('orders')
    .select(['id', 'ship_line1', 'ship_line2', 'ship_city', 'ship_state', 'ship_pincode'])
    .where('address_check_state', 'is', null)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    orderId: r.id,
    address: {
      line1: r.ship_line1,
      line2: r.ship_line2,
      city: r.ship_city,
      state: r.ship_state,
      pincode: r.ship_pincode,
    },
  }));
}

/**
 * Stores a backfilled check only where the order still has none: a check written meanwhile (an
 * address correction, another instance's backfill) stands. Returns how many orders it filled.
 */
export async function fillMissingAddressCheck(
  db: DbExecutor,
  orderId: string,
  check: StoredAddressCheck,
): Promise<boolean> {
  const result = await db
    .updateTable('orders')
    .set(addressCheckColumns(check))
    .where('id', '=', orderId)
    .where('address_check_state', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
