import type { BookingState, ShipmentStatus } from '@app/shipping';
import type { Transaction } from 'kysely';
import type { ShipmentDirection, ShipmentMode } from '@app/shipping';
import type { DB } from '../schema';
import type { DbExecutor } from './db-executor';
import { toShipmentRecord, type ShipmentRecord } from './shipment.repository';

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
  /** Why the first courier to be asked was chosen (booking may move on to the next one). */
  courierChoice?: string | null;
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
      courier_choice: input.courierChoice ?? null,
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

export interface BookedDetails {
  providerShipmentId: string;
  awb: string | null;
  courierId: string | null;
  courierName: string | null;
  trackingUrl: string | null;
  quotedCostPaise: number | null;
  reviewReason: string | null;
  /** Why the courier that booked it was chosen; undefined keeps what the reservation said. */
  courierChoice?: string | null | undefined;
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
      ...(booked.courierChoice !== undefined ? { courier_choice: booked.courierChoice } : {}),
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
