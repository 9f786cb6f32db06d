import type { BookingState, ShipmentStatus } from '@app/shipping';
import { sql, type Transaction } from 'kysely';
import type { ShipmentDirection, ShipmentMode } from '@app/shipping';
import type { DB, Shipment, StuckStage, WeightDiscrepancy } from '../schema';
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
  mode: ShipmentMode;
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
  /** Forward: to the customer. Return: a return pickup (iCarry reverse shipment) back to the store. */
  direction: ShipmentDirection;
  /** Returns: the delivered forward shipment this one brings back. */
  forwardShipmentId: string | null;
  returnReason: string | null;
  refundNote: string | null;
  labelPrintedAt: Date | null;
  /** The last forward status move or new courier scan (what the stuck watchdog measures). */
  lastMovementAt: Date | null;
  stuckStage: StuckStage | null;
  stuckSince: Date | null;
  /** What iCarry billed (billing sync), beside quotedCostPaise; null until it has billed. */
  billedPaise: number | null;
  billedWeightGrams: number | null;
  /** yyyy-mm-dd */
  billedOn: string | null;
  billedAt: Date | null;
  billingFlagged: boolean;
  /** Why this courier was booked (the policy and its figures), as Order Details shows it. */
  courierChoice: string | null;
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
    direction: row.direction,
    forwardShipmentId: row.forward_shipment_id,
    returnReason: row.return_reason,
    refundNote: row.refund_note,
    labelPrintedAt: row.label_printed_at,
    lastMovementAt: row.last_movement_at,
    stuckStage: row.stuck_stage,
    stuckSince: row.stuck_since,
    billedPaise: row.billed_paise,
    billedWeightGrams: row.billed_weight_grams,
    billedOn: row.billed_on,
    billedAt: row.billed_at,
    billingFlagged: row.billing_flagged,
    courierChoice: row.courier_choice ?? null,
  };
}

/**
 * The shipment an order is "on": its active one, else the most recent attempt, in one direction
 * (forward by default: the parcel to the customer; a return pickup never replaces it). Shared by
 * the orders list (AWB and courier columns), the detail view and tracking, so all three agree.
 */
export function pickCurrentShipment(
  shipmentsNewestFirst: readonly ShipmentRecord[],
  direction: ShipmentDirection = 'forward',
): ShipmentRecord | null {
  const inDirection = shipmentsNewestFirst.filter((s) => s.direction === direction);
  return inDirection.find((s) => s.isActive) ?? inDirection[0] ?? null;
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

/** The order's active shipment, else its latest attempt; undefined when it was never booked. Forward unless asked. */
export async function findCurrentShipment(
  db: DbExecutor,
  orderId: string,
  direction: ShipmentDirection = 'forward',
): Promise<ShipmentRecord | undefined> {
  if (!isRowId(orderId)) return undefined;
  const row = await db
    .selectFrom('shipments')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('direction', '=', direction)
    .orderBy(isActiveShipment(sql.ref('booking_state')), 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && toShipmentRecord(row);
}

/**
 * The order's one shipment in booking, booked or unknown state in a direction (the partial unique
 * index allows one per direction); forward unless asked.
 */
export async function findActiveShipment(
  db: DbExecutor,
  orderId: string,
  direction: ShipmentDirection = 'forward',
): Promise<ShipmentRecord | undefined> {
  if (!isRowId(orderId)) return undefined;
  const row = await db
    .selectFrom('shipments')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('direction', '=', direction)
    .where(isActiveShipment(sql.ref('booking_state')))
    .executeTakeFirst();
  return row && toShipmentRecord(row);
}

/** The order's latest booked shipment (what tracking, labels and the sandbox controls act on); forward unless asked. */
export async function findBookedShipment(
  db: DbExecutor,
  orderId: string,
  direction: ShipmentDirection = 'forward',
): Promise<ShipmentRecord | undefined> {
  if (!isRowId(orderId)) return undefined;
  const row = await db
    .selectFrom('shipments')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('direction', '=', direction)
    .where('booking_state', '=', 'booked')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && toShipmentRecord(row);
}

/** A booking whose outcome an admin may settle: `unknown`, or `booking` (the caller decides whether it is stale). */
export async function findUnsettledShipment(
  db: DbExecutor,
  orderId: string,
  direction: ShipmentDirection = 'forward',
): Promise<ShipmentRecord | undefined> {
  if (!isRowId(orderId)) return undefined;
  const row = await db
    .selectFrom('shipments')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('direction', '=', direction)
    .where('booking_state', 'in', ['unknown', 'booking'])
    .executeTakeFirst();
  return row && toShipmentRecord(row);
}

/** Attempts so far (every direction, or one), for numbering client refs. */
export async function countShipmentsForOrder(
  db: DbExecutor,
  orderId: string,
  direction?: ShipmentDirection,
): Promise<number> {
  let query = db
    .selectFrom('shipments')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('order_id', '=', orderId);
  if (direction) query = query.where('direction', '=', direction);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findShipmentByProviderId(
  db: DbExecutor,
  providerShipmentId: string,
): Promise<ShipmentRecord | undefined> {
  const row = await db
    .selectFrom('shipments')
    .selectAll()
    .where('provider', '=', 'icarry')
    .where('provider_shipment_id', '=', providerShipmentId)
    .executeTakeFirst();
  return row && toShipmentRecord(row);
}

/** Locks one shipment row; every change to a shipment goes through this lock, so concurrent pushes serialise. */
export async function lockShipment(tx: Transaction<DB>, shipmentId: string): Promise<ShipmentRecord | undefined> {
  const row = await tx.selectFrom('shipments').selectAll().where('id', '=', shipmentId).forUpdate().executeTakeFirst();
  return row && toShipmentRecord(row);
}

/** A booked forward parcel with what a courier needs to carry it (the order's address and contents). */
export interface BookedParcel {
  providerShipmentId: string;
  awb: string;
  courierId: string | null;
  courierName: string | null;
  clientRef: string;
  mode: ShipmentMode;
  carrierStatusCode: string | null;
  weightGrams: number;
  lengthCm: number;
  breadthCm: number;
  heightCm: number;
  paymentMethod: 'prepaid' | 'cod';
  codAmountPaise: number;
  totalPaise: number;
  bookedAt: Date;
  lastEventAt: Date | null;
  address: { name: string; line1: string; line2: string | null; city: string; state: string; pincode: string };
  contactPhone: string;
}

/**
 * The newest `limit` booked forward parcels iCarry gave an id and AWB, oldest of them first (the
 * sandbox takes them in at start).
 */
export async function listBookedForwardParcels(db: DbExecutor, limit: number): Promise<BookedParcel[]> {
  const rows = await db
    .selectFrom('shipments as s')
    .innerJoin('orders as o', 'o.id', 's.order_id')
    .select([
      's.provider_shipment_id',
      's.awb',
      's.courier_id',
      's.courier_name',
      's.client_ref',
      's.mode',
      's.carrier_status_code',
      's.weight_grams',
      's.length_cm',
      's.breadth_cm',
      's.height_cm',
      's.cod_amount_paise',
      's.booked_at',
      's.created_at',
      's.last_event_at',
      'o.payment_method',
      'o.total_paise',
      'o.ship_name',
      'o.ship_line1',
      'o.ship_line2',
      'o.ship_city',
      'o.ship_state',
      'o.ship_pincode',
      'o.contact_phone',
    ])
    .where('s.direction', '=', 'forward')
    .where('s.booking_state', '=', 'booked')
    .where('s.provider_shipment_id', 'is not', null)
    .where('s.awb', 'is not', null)
    .orderBy('s.id', 'desc')
    .limit(limit)
    .execute();
  rows.reverse();
  return rows.map((r) => ({
    providerShipmentId: r.provider_shipment_id ?? '',
    awb: r.awb ?? '',
    courierId: r.courier_id,
    courierName: r.courier_name,
    clientRef: r.client_ref,
    mode: r.mode,
    carrierStatusCode: r.carrier_status_code,
    weightGrams: r.weight_grams,
    lengthCm: r.length_cm,
    breadthCm: r.breadth_cm,
    heightCm: r.height_cm,
    paymentMethod: r.payment_method,
    codAmountPaise: r.cod_amount_paise,
    totalPaise: r.total_paise,
    bookedAt: r.booked_at ?? r.created_at,
    lastEventAt: r.last_event_at,
    address: {
      name: r.ship_name,
      line1: r.ship_line1,
      line2: r.ship_line2,
      city: r.ship_city,
      state: r.ship_state,
      pincode: r.ship_pincode,
    },
    contactPhone: r.contact_phone,
  }));
}
