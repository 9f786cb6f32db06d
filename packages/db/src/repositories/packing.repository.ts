import type { ShipmentStatus } from '@app/shipping';
import type { ShipmentDirection } from '@app/shipping';
import type { DbExecutor } from './db-executor';
import { isRowId } from './ids';
import { selectItemsWithWeights } from './order-items.query';
import { toOrderItemRecord, toOrderRecord, type OrderItemRecord, type OrderRecord } from './order.repository';
import { toShipmentRecord, type ShipmentRecord } from './shipment.repository';

/** Booked and not yet with the courier: what goes on the pickup manifest. */
export const AWAITING_PICKUP_STATUSES = [
  'pending_pickup',
  'pickup_scheduled',
  'manifested',
] as const satisfies readonly ShipmentStatus[];

export interface OrderForPacking {
  order: OrderRecord;
  items: OrderItemRecord[];
}

/**
 * The orders (with items, weighed as booking weighs them) among `orderIds`, keyed by id; ids that are
 * not orders are simply absent.
 */
export async function listOrdersWithItems(
  db: DbExecutor,
  orderIds: readonly string[],
): Promise<Map<string, OrderForPacking>> {
  const ids = [...new Set(orderIds.filter(isRowId))];
  const found = new Map<string, OrderForPacking>();
  if (ids.length === 0) return found;
  const [orders, items] = await Promise.all([
    db.selectFrom('orders').selectAll().where('id', 'in', ids).execute(),
    selectItemsWithWeights(db).where('oi.order_id', 'in', ids).orderBy('oi.order_id').orderBy('oi.id').execute(),
  ]);
  for (const row of orders) found.set(row.id, { order: toOrderRecord(row), items: [] });
  for (const row of items) found.get(row.order_id)?.items.push(toOrderItemRecord(row));
  return found;
}

/**
 * Each order's latest booked shipment in `direction` (what its label is printed for), keyed by
 * order id; orders without one are absent.
 */
export async function listBookedShipmentsFor(
  db: DbExecutor,
  orderIds: readonly string[],
  direction: ShipmentDirection,
): Promise<Map<string, ShipmentRecord>> {
  const ids = [...new Set(orderIds.filter(isRowId))];
  const found = new Map<string, ShipmentRecord>();
  if (ids.length === 0) return found;
  const rows = await db
    .selectFrom('shipments')
    .selectAll()
    .where('order_id', 'in', ids)
    .where('direction', '=', direction)
    .where('booking_state', '=', 'booked')
    .orderBy('id', 'desc')
    .execute();
  for (const row of rows) if (!found.has(row.order_id)) found.set(row.order_id, toShipmentRecord(row));
  return found;
}

/** "Printed": shown in the order views so the packer sees which parcels already have a label. */
export async function stampLabelsPrinted(db: DbExecutor, shipmentIds: readonly string[], now: Date): Promise<void> {
  if (shipmentIds.length === 0) return;
  await db.updateTable('shipments').set({ label_printed_at: now }).where('id', 'in', shipmentIds).execute();
}

export interface PickupRow {
  shipmentId: string;
  orderId: string;
  orderNumber: string;
  awb: string;
  courierName: string | null;
  status: ShipmentStatus;
  weightGrams: number;
  codAmountPaise: number;
  consigneeCity: string;
  consigneePincode: string;
  bookedAt: Date | null;
  labelPrintedAt: Date | null;
}

/**
 * Forward parcels booked before `bookedBefore` that the courier has not picked up yet, by courier
 * then booking time: the pickup manifest. At most `limit` rows (the caller asks for one more than
 * it can print, to tell "too many").
 */
export async function listAwaitingPickup(
  db: DbExecutor,
  input: { bookedBefore: Date; limit: number },
): Promise<PickupRow[]> {
  const rows = await db
    .selectFrom('shipments as s')
    .innerJoin('orders as o', 'o.id', 's.order_id')
    .select([
      's.id',
      's.order_id',
      'o.order_number',
      's.awb',
      's.courier_name',
      's.status',
      's.weight_grams',
      's.cod_amount_paise',
      'o.ship_city',
      'o.ship_pincode',
      's.booked_at',
      's.label_printed_at',
    ])
    .where('s.booking_state', '=', 'booked')
    .where('s.direction', '=', 'forward')
    .where('s.status', 'in', AWAITING_PICKUP_STATUSES)
    .where('s.awb', 'is not', null)
    .where('s.booked_at', '<', input.bookedBefore)
    .orderBy('s.courier_name')
    .orderBy('s.booked_at')
    .orderBy('s.id')
    .limit(input.limit)
    .execute();
  return rows.flatMap((r) =>
    r.awb && r.status
      ? [
          {
            shipmentId: r.id,
            orderId: r.order_id,
            orderNumber: r.order_number,
            awb: r.awb,
            courierName: r.courier_name,
            status: r.status,
            weightGrams: r.weight_grams,
            codAmountPaise: r.cod_amount_paise,
            consigneeCity: r.ship_city,
            consigneePincode: r.ship_pincode,
            bookedAt: r.booked_at,
            labelPrintedAt: r.label_printed_at,
          },
        ]
      : [],
  );
}
