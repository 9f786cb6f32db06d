import type { BookingState, ShipmentStatus } from '@app/shipping';
import { sql } from 'kysely';
import type { Shipment, WeightDiscrepancy } from '../schema';
import type { DbExecutor } from './db-executor';
import { NotFoundError } from './errors';
import { isRowId } from './ids';
import { isActiveBookingState, isActiveShipment } from './shipment.predicates';

export interface ShipmentRecord {
  id: string;
  orderId: string;
  provider: string;
  bookingState: BookingState;
  /** Whether this is the order's one active shipment (booking, booked or unknown). */
  isActive: boolean;
  status: ShipmentStatus | null;
  carrierStatusCode: string | null;
  clientRef: string;
  providerShipmentId: string | null;
  awb: string | null;
  courierId: string | null;
  courierName: string | null;
  trackingUrl: string | null;
  mode: 'S' | 'E';
  weightGrams: number;
  weightFallback: boolean;
  lengthCm: number;
  breadthCm: number;
  heightCm: number;
  codAmountPaise: number;
  quotedCostPaise: number | null;
  failureReason: string | null;
  needsReview: boolean;
  reviewReason: string | null;
  weightDiscrepancy: WeightDiscrepancy | null;
  bookedAt: Date | null;
  lastEventAt: Date | null;
  lastSyncedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toShipmentRecord(row: Shipment): ShipmentRecord {
  return {
    id: row.id,
    orderId: row.order_id,
    provider: row.provider,
    bookingState: row.booking_state,
    isActive: isActiveBookingState(row.booking_state),
    status: row.status,
    carrierStatusCode: row.carrier_status_code,
    clientRef: row.client_ref,
    providerShipmentId: row.provider_shipment_id,
    awb: row.awb,
    courierId: row.courier_id,
    courierName: row.courier_name,
    trackingUrl: row.tracking_url,
    mode: row.mode,
    weightGrams: row.weight_grams,
    weightFallback: row.weight_fallback,
    lengthCm: row.length_cm,
    breadthCm: row.breadth_cm,
    heightCm: row.height_cm,
    codAmountPaise: row.cod_amount_paise,
    quotedCostPaise: row.quoted_cost_paise,
    failureReason: row.failure_reason,
    needsReview: row.needs_review,
    reviewReason: row.review_reason,
    weightDiscrepancy: row.weight_discrepancy,
    bookedAt: row.booked_at,
    lastEventAt: row.last_event_at,
    lastSyncedAt: row.last_synced_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The shipment an order is "on": its active one, else the most recent attempt. Shared by the
 * orders list (AWB and courier columns), the detail view and tracking, so all three agree.
 */
export function pickCurrentShipment(shipmentsNewestFirst: readonly ShipmentRecord[]): ShipmentRecord | null {
  return shipmentsNewestFirst.find((s) => s.isActive) ?? shipmentsNewestFirst[0] ?? null;
}

export async function findShipmentById(db: DbExecutor, shipmentId: string): Promise<ShipmentRecord | undefined> {
  if (!isRowId(shipmentId)) return undefined;
  const row = await db.selectFrom('shipments').selectAll().where('id', '=', shipmentId).executeTakeFirst();
  return row && toShipmentRecord(row);
}

/** Throws NotFoundError when there is no such shipment. */
export async function getShipmentById(db: DbExecutor, shipmentId: string): Promise<ShipmentRecord> {
  const shipment = await findShipmentById(db, shipmentId);
  if (!shipment) throw new NotFoundError('shipment', shipmentId);
  return shipment;
}

/**
 * The shipment carrying this AWB. A voided booking may share an AWB with a later one, so the
 * non-void holder (unique by index) wins, then the newest.
 */
export async function findShipmentByAwb(db: DbExecutor, awb: string): Promise<ShipmentRecord | undefined> {
  const row = await db
    .selectFrom('shipments')
    .selectAll()
    .where('awb', '=', awb)
    .orderBy(sql`booking_state = 'void'`)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && toShipmentRecord(row);
}

/** Every attempt for the order, newest first. */
export async function listShipmentsForOrder(db: DbExecutor, orderId: string): Promise<ShipmentRecord[]> {
  if (!isRowId(orderId)) return [];
  const rows = await db
    .selectFrom('shipments')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toShipmentRecord);
}

/** The order's active shipment, else its latest attempt; undefined when it was never booked. */
export async function findCurrentShipment(db: DbExecutor, orderId: string): Promise<ShipmentRecord | undefined> {
  if (!isRowId(orderId)) return undefined;
  const row = await db
    .selectFrom('shipments')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy(isActiveShipment(sql.ref('booking_state')), 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && toShipmentRecord(row);
}
