import type { Transaction } from 'kysely';
import type { DB } from '../schema';
import type { DbExecutor } from './db-executor';
import type { IntakeSource } from './order-intake.repository';
import { toOrderRecord, type OrderRecord } from './order.repository';
import { isActiveShipment } from './shipment.predicates';

/** An order a source sent before, as stored: what a newer version of it is compared with. */
export interface IntakeOrderState {
  order: OrderRecord;
  /** Its items as the source gave them, oldest first: the item's own weight text, never its product's. */
  items: { sku: string; name: string; quantity: number; unitPricePaise: number; weightText: string | null }[];
  /** A forward shipment is being booked, is booked or has an unknown outcome. */
  hasActiveShipment: boolean;
}

async function statesOf(db: DbExecutor, orders: OrderRecord[]): Promise<IntakeOrderState[]> {
  if (orders.length === 0) return [];
  const ids = orders.map((o) => o.id);
  const [items, active] = await Promise.all([
    db
      .selectFrom('order_items')
      .select(['order_id', 'sku', 'name', 'quantity', 'unit_price_paise', 'weight_text'])
      .where('order_id', 'in', ids)
      .orderBy('order_id')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('shipments')
      .select('order_id')
      .where('order_id', 'in', ids)
      .where('direction', '=', 'forward')
      .where((eb) => isActiveShipment(eb.ref('booking_state')))
      .execute(),
  ]);
  const booked = new Set(active.map((r) => r.order_id));
  const itemsByOrder = new Map<string, IntakeOrderState['items']>();
  for (const i of items) {
    const list = itemsByOrder.get(i.order_id) ?? [];
    list.push({
      sku: i.sku,
      name: i.name,
      quantity: i.quantity,
      unitPricePaise: i.unit_price_paise,
      weightText: i.weight_text,
    });
    itemsByOrder.set(i.order_id, list);
  }
  return orders.map((order) => ({
    order,
    items: itemsByOrder.get(order.id) ?? [],
    hasActiveShipment: booked.has(order.id),
  }));
}

/** The stored state of the orders a source already sent, by its external ids. */
export async function findIntakeOrderStates(
  db: DbExecutor,
  source: IntakeSource,
  externalIds: readonly string[],
): Promise<Map<string, IntakeOrderState>> {
  const result = new Map<string, IntakeOrderState>();
  if (externalIds.length === 0) return result;
  const rows = await db
    .selectFrom('orders')
    .selectAll()
    .where('source', '=', source)
    .where('external_id', 'in', [...new Set(externalIds)])
    .execute();
  for (const state of await statesOf(db, rows.map(toOrderRecord))) {
    if (state.order.externalId !== null) result.set(state.order.externalId, state);
  }
  return result;
}

/**
 * The same for orders by id, each order row locked (in id order, so two callers cannot deadlock)
 * until the transaction ends: what is read here is what an update in the same transaction changes.
 */
export async function lockIntakeOrderStates(
  tx: Transaction<DB>,
  orderIds: readonly string[],
): Promise<Map<string, IntakeOrderState>> {
  const result = new Map<string, IntakeOrderState>();
  if (orderIds.length === 0) return result;
  const rows = await tx
    .selectFrom('orders')
    .selectAll()
    .where('id', 'in', [...new Set(orderIds)])
    .orderBy('id')
    .forUpdate()
    .execute();
  for (const state of await statesOf(tx, rows.map(toOrderRecord))) result.set(state.order.id, state);
  return result;
}
