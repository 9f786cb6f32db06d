import {
  clearOrderAttention,
  flagOrderAttention,
  insertHistory,
  insertNote,
  lockShipment,
  markShipmentBooked,
  setShipmentPromise,
  type DB,
  type ShipmentRecord,
  type Transaction,
} from '@app/db';
import type { BookingState } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { advanceOrder } from './carrier-status';
import { promiseAtBooking } from '../../customer/promise/promise.service';

/** What iCarry said about a booking it accepted (from its booking answer, a push, or an admin reading its panel). */
export interface AcceptedBooking {
  providerShipmentId: string;
  awb: string | null;
  courierId: string | null;
  courierName: string | null;
  trackingUrl: string | null;
  costPaise: number | null;
  /** Why this courier (booking only: it knows the policy); other settlers leave it as it was. */
  courierChoice?: string | null | undefined;
}

export type SettleResult =
  { settled: true; shipment: ShipmentRecord } | { settled: false; bookingState: BookingState | 'missing' };

/** The states a booking can be settled from: still calling iCarry, or waiting for an admin. */
const SETTLEABLE: readonly BookingState[] = ['booking', 'unknown'];

const NO_COURIER_REVIEW =
  'iCarry saved the shipment without assigning a courier. Assign one in the iCarry panel; the next status update fills in the tracking number.';

/**
 * Records a booking iCarry accepted: shipment booked, order Shipped, history and the customer's
 * messages, in the caller's transaction. Only a shipment still `booking` or `unknown` is settled:
 * one that an admin already voided (or that failed) is left as it is and the order is flagged, with
 * iCarry's ids in a note, so a parcel booked twice is visible and never a 500.
 */
export async function settleBooked(
  deps: AppDeps,
  tx: Transaction<DB>,
  shipmentId: string,
  booked: AcceptedBooking,
  source: 'booking' | 'admin' | 'webhook',
): Promise<SettleResult> {
  const now = deps.clock.now();
  const current = await lockShipment(tx, shipmentId);
  if (!current) return { settled: false, bookingState: 'missing' };
  if (!SETTLEABLE.includes(current.bookingState)) {
    const what = `iCarry shipment ${booked.providerShipmentId}${booked.awb ? ` (AWB ${booked.awb})` : ''}`;
    await insertNote(tx, {
      orderId: current.orderId,
      kind: 'system',
      body: `iCarry confirmed ${what} for a booking that was already marked ${current.bookingState}. If the order was shipped again, this is a second parcel: cancel one of them in the iCarry panel.`,
      dedupeKey: `late-booking:${current.id}:${booked.providerShipmentId}`,
      now,
    });
    await flagOrderAttention(tx, current.orderId, {
      kind: 'review',
      reason: `iCarry confirmed ${what} after the booking was marked ${current.bookingState}: check for a second parcel`,
      now,
    });
    deps.logger.warn(
      { shipmentId: current.id, bookingState: current.bookingState, providerShipmentId: booked.providerShipmentId },
      '[iCarry] booking confirmed for a shipment no longer waiting for it: order flagged for review',
    );
    return { settled: false, bookingState: current.bookingState };
  }
  const hasAwb = Boolean(booked.awb);
  const shipment = await markShipmentBooked(
    tx,
    current.id,
    {
      providerShipmentId: booked.providerShipmentId,
      awb: booked.awb || null,
      courierId: booked.courierId,
      courierName: booked.courierName,
      trackingUrl: booked.trackingUrl,
      quotedCostPaise: booked.costPaise ?? current.quotedCostPaise,
      reviewReason: hasAwb ? null : NO_COURIER_REVIEW,
      courierChoice: booked.courierChoice,
    },
    { fromStates: SETTLEABLE, now },
  );
  if (!shipment) return { settled: false, bookingState: current.bookingState };
  await clearOrderAttention(tx, shipment.orderId, { onlyKind: 'booking_unknown' });
  if (shipment.direction === 'return') {
    // A return pickup leaves the order where it is (Delivered); it only gets its own history line.
    await insertHistory(tx, {
      orderId: shipment.orderId,
      shipmentId: shipment.id,
      shipmentStatus: hasAwb ? 'pending_pickup' : null,
      source: source === 'webhook' ? 'booking' : source,
      applied: true,
      recordedAt: now,
      description: hasAwb
        ? `Return pickup booked with ${booked.courierName ?? 'iCarry'}, tracking number ${booked.awb ?? ''}`
        : `iCarry saved return pickup ${booked.providerShipmentId} without a courier; waiting for an AWB`,
    });
    return { settled: true, shipment };
  }
  // The day promised is fixed now, before the shipped message is written, so both say the same date.
  const promised = await promiseAtBooking(deps, tx, { orderId: shipment.orderId, at: now });
  if (promised) await setShipmentPromise(tx, shipment.id, promised);
  if (hasAwb) {
    await advanceOrder(deps, tx, {
      orderId: shipment.orderId,
      to: 'shipped',
      shipmentId: shipment.id,
      source: source === 'webhook' ? 'booking' : source,
      shipmentStatus: 'pending_pickup',
      description: `Booked with ${booked.courierName ?? 'iCarry'}, tracking number ${booked.awb ?? ''}`,
    });
  } else {
    await insertHistory(tx, {
      orderId: shipment.orderId,
      shipmentId: shipment.id,
      source: source === 'webhook' ? 'booking' : source,
      applied: false,
      recordedAt: now,
      description: `iCarry saved shipment ${booked.providerShipmentId} without a courier; waiting for an AWB`,
    });
  }
  return { settled: true, shipment };
}
