import type { BookingState, ShipmentStatus } from '@app/shipping';
import { sql, type Transaction } from 'kysely';
import type { DB, Shipment, ShipmentDirection, ShipmentMode, StuckStage, WeightDiscrepancy } from '../schema';
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

export interface NewBookingShipment {
  orderId: string;
  clientRef: string;
  mode: ShipmentMode;
  weightGrams: number;
  weightFallback: boolean;
  lengthCm: number;
  breadthCm: number;
  heightCm: number;
  codAmountPaise: number;
  quotedCostPaise: number | null;
  now: Date;
  /** Default forward. A return names the forward shipment it brings back and why. */
  direction?: ShipmentDirection;
  forwardShipmentId?: string | null;
  returnReason?: string | null;
  refundNote?: string | null;
}

/** Reserves the order's booking: a `booking` row the partial unique index lets exist once per order. */
export async function insertBookingShipment(tx: Transaction<DB>, input: NewBookingShipment): Promise<ShipmentRecord> {
  const row = await tx
    .insertInto('shipments')
    .values({
      order_id: input.orderId,
      booking_state: 'booking',
      client_ref: input.clientRef,
      mode: input.mode,
      weight_grams: input.weightGrams,
      weight_fallback: input.weightFallback,
      length_cm: input.lengthCm,
      breadth_cm: input.breadthCm,
      height_cm: input.heightCm,
      cod_amount_paise: input.codAmountPaise,
      quoted_cost_paise: input.quotedCostPaise,
      created_at: input.now,
      updated_at: input.now,
      direction: input.direction ?? 'forward',
      forward_shipment_id: input.forwardShipmentId ?? null,
      return_reason: input.returnReason ?? null,
      refund_note: input.refundNote ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toShipmentRecord(row);
}

/** Locks one shipment row; every change to a shipment goes through this lock, so concurrent pushes serialise. */
export async function lockShipment(tx: Transaction<DB>, shipmentId: string): Promise<ShipmentRecord | undefined> {
  const row = await tx.selectFrom('shipments').selectAll().where('id', '=', shipmentId).forUpdate().executeTakeFirst();
  return row && toShipmentRecord(row);
}

export interface ShipmentRef {
  providerShipmentId?: string | undefined;
  awb?: string | undefined;
  clientRef?: string | undefined;
}

/** Finds and locks the shipment a push names: iCarry's shipment id first, then the AWB (not a voided one), then our client ref. */
export async function lockShipmentByRef(tx: Transaction<DB>, ref: ShipmentRef): Promise<ShipmentRecord | undefined> {
  const lookups = [
    ref.providerShipmentId &&
      tx
        .selectFrom('shipments')
        .selectAll()
        .where('provider', '=', 'icarry')
        .where('provider_shipment_id', '=', ref.providerShipmentId),
    ref.awb && tx.selectFrom('shipments').selectAll().where('awb', '=', ref.awb).where('booking_state', '<>', 'void'),
    ref.clientRef && tx.selectFrom('shipments').selectAll().where('client_ref', '=', ref.clientRef),
  ];
  for (const lookup of lookups) {
    if (!lookup) continue;
    const row = await lookup.forUpdate().executeTakeFirst();
    if (row) return toShipmentRecord(row);
  }
  return undefined;
}

export interface BookedDetails {
  providerShipmentId: string;
  awb: string | null;
  courierId: string | null;
  courierName: string | null;
  trackingUrl: string | null;
  quotedCostPaise: number | null;
  reviewReason: string | null;
}

/**
 * Marks a booking iCarry accepted, only from the states a booking can be settled from; answers
 * undefined (changing nothing) when the row is in any other state, so the caller can flag it.
 */
export async function markShipmentBooked(
  tx: Transaction<DB>,
  shipmentId: string,
  booked: BookedDetails,
  options: { fromStates: readonly BookingState[]; now: Date },
): Promise<ShipmentRecord | undefined> {
  const { now } = options;
  const row = await tx
    .updateTable('shipments')
    .set({
      booking_state: 'booked',
      provider_shipment_id: booked.providerShipmentId,
      awb: booked.awb,
      courier_id: booked.courierId,
      courier_name: booked.courierName,
      tracking_url: booked.trackingUrl,
      quoted_cost_paise: booked.quotedCostPaise,
      status: booked.awb ? 'pending_pickup' : null,
      failure_reason: null,
      needs_review: booked.reviewReason !== null,
      review_reason: booked.reviewReason,
      booked_at: now,
      last_event_at: now,
      last_movement_at: now,
      updated_at: now,
    })
    .where('id', '=', shipmentId)
    .where('booking_state', 'in', options.fromStates)
    .returningAll()
    .executeTakeFirst();
  return row && toShipmentRecord(row);
}

/** Moves a shipment from one booking state to another with a reason; false when it was not in `from`. */
export async function moveBookingState(
  db: DbExecutor,
  shipmentId: string,
  change: {
    from: readonly BookingState[];
    to: BookingState;
    reason: string | null;
    status?: ShipmentStatus;
    now: Date;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('shipments')
    .set({
      booking_state: change.to,
      failure_reason: change.reason,
      ...(change.status ? { status: change.status } : {}),
      updated_at: change.now,
    })
    .where('id', '=', shipmentId)
    .where('booking_state', 'in', change.from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Bookings left in `booking` since before `cutoff` (a crash or deploy mid-call) become `unknown`. */
export async function markStaleBookings(
  db: DbExecutor,
  input: { cutoff: Date; reason: string; now: Date },
): Promise<{ id: string; orderId: string }[]> {
  const rows = await db
    .updateTable('shipments')
    .set({ booking_state: 'unknown', failure_reason: input.reason, updated_at: input.now })
    .where('booking_state', '=', 'booking')
    .where('updated_at', '<', input.cutoff)
    .returning(['id', 'order_id'])
    .execute();
  return rows.map((r) => ({ id: r.id, orderId: r.order_id }));
}

export async function setShipmentAwb(tx: Transaction<DB>, shipmentId: string, awb: string, now: Date): Promise<void> {
  await tx
    .updateTable('shipments')
    .set({ awb, needs_review: false, review_reason: null, updated_at: now })
    .where('id', '=', shipmentId)
    .execute();
}

export async function flagShipmentReview(
  tx: Transaction<DB>,
  shipmentId: string,
  reason: string,
  now: Date,
): Promise<void> {
  await tx
    .updateTable('shipments')
    .set({ needs_review: true, review_reason: reason, last_event_at: now, updated_at: now })
    .where('id', '=', shipmentId)
    .execute();
}

/** A carrier event arrived (even one that changes nothing): the shipment is not quiet. */
export async function touchShipmentEvent(tx: Transaction<DB>, shipmentId: string, now: Date): Promise<void> {
  await tx.updateTable('shipments').set({ last_event_at: now }).where('id', '=', shipmentId).execute();
}

export async function setShipmentStatus(
  tx: Transaction<DB>,
  shipmentId: string,
  change: { status: ShipmentStatus; carrierStatusCode: string; now: Date },
): Promise<void> {
  await tx
    .updateTable('shipments')
    .set({
      status: change.status,
      carrier_status_code: change.carrierStatusCode,
      last_event_at: change.now,
      // A forward move is movement: the parcel is no longer stuck where it was.
      last_movement_at: change.now,
      stuck_stage: null,
      stuck_since: null,
      updated_at: change.now,
    })
    .where('id', '=', shipmentId)
    .execute();
}

/** A new courier scan arrived: the parcel moved even if its status did not. */
export async function markShipmentMoved(db: DbExecutor, shipmentId: string, now: Date): Promise<void> {
  await db
    .updateTable('shipments')
    .set({ last_movement_at: now, stuck_stage: null, stuck_since: null })
    .where('id', '=', shipmentId)
    .execute();
}

export async function setWeightDiscrepancy(
  tx: Transaction<DB>,
  shipmentId: string,
  discrepancy: WeightDiscrepancy,
  now: Date,
): Promise<void> {
  await tx
    .updateTable('shipments')
    .set({ weight_discrepancy: JSON.stringify(discrepancy), updated_at: now })
    .where('id', '=', shipmentId)
    .execute();
}

/**
 * Booked shipments that are not final, have gone quiet since `cutoff` and were not asked about
 * since then either; never asked first, then least recently asked, so every quiet shipment gets
 * its turn however many iCarry leaves unanswered.
 */
export async function listQuietShipments(
  db: DbExecutor,
  input: { cutoff: Date; finalStatuses: readonly ShipmentStatus[]; limit: number },
): Promise<{ id: string; providerShipmentId: string }[]> {
  const rows = await db
    .selectFrom('shipments')
    .select(['id', 'provider_shipment_id'])
    .where('booking_state', '=', 'booked')
    .where('provider_shipment_id', 'is not', null)
    .where((eb) => eb.or([eb('status', 'is', null), eb('status', 'not in', input.finalStatuses)]))
    .where((eb) => eb.or([eb('last_event_at', 'is', null), eb('last_event_at', '<', input.cutoff)]))
    .where((eb) => eb.or([eb('last_synced_at', 'is', null), eb('last_synced_at', '<', input.cutoff)]))
    .orderBy(sql`last_synced_at asc nulls first`)
    .orderBy('last_event_at')
    .limit(input.limit)
    .execute();
  return rows.flatMap((r) =>
    r.provider_shipment_id ? [{ id: r.id, providerShipmentId: r.provider_shipment_id }] : [],
  );
}

export async function stampShipmentSynced(db: DbExecutor, shipmentIds: readonly string[], now: Date): Promise<void> {
  if (shipmentIds.length === 0) return;
  await db.updateTable('shipments').set({ last_synced_at: now }).where('id', 'in', shipmentIds).execute();
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

/**
 * "Still booking, and alive": refreshes the booking's clock so the stale sweep leaves it alone.
 * False when the shipment is no longer `booking` (an admin settled it while the call waited).
 */
export async function heartbeatBooking(db: DbExecutor, shipmentId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('shipments')
    .set({ updated_at: now })
    .where('id', '=', shipmentId)
    .where('booking_state', '=', 'booking')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
