import type { ShipmentRecord } from '@app/db';
import type { ShipmentStatus } from '@app/shipping';
import type { AppConfig } from '../../platform/config/config';
import { httpUrlOrNull } from '../../platform/security/urls';
import type { ShipmentView } from './shipment-view.schema';

export type { ShipmentView } from './shipment-view.schema';

/** Before pickup a booking can still be cancelled on iCarry for free. */
const CANCELLABLE_STATUSES: readonly (ShipmentStatus | null)[] = [
  null,
  'pending_pickup',
  'pickup_scheduled',
  'manifested',
];

export function isShipmentCancellable(shipment: Pick<ShipmentRecord, 'bookingState' | 'status'>): boolean {
  return shipment.bookingState === 'booked' && CANCELLABLE_STATUSES.includes(shipment.status);
}

/** A label can be printed for a booked shipment with an AWB that was not cancelled. */
export function isLabelPrintable(shipment: Pick<ShipmentRecord, 'bookingState' | 'status' | 'awb'>): boolean {
  return shipment.bookingState === 'booked' && Boolean(shipment.awb) && shipment.status !== 'cancelled';
}

/** A `booking` row older than the threshold was interrupted (a crash or deploy mid-call): its outcome is unknown. */
export function isBookingStale(
  shipment: Pick<ShipmentRecord, 'bookingState' | 'updatedAt'>,
  config: Pick<AppConfig, 'staleBookingMs'>,
  now: Date,
): boolean {
  return shipment.bookingState === 'booking' && now.getTime() - shipment.updatedAt.getTime() > config.staleBookingMs;
}

/** An admin may settle it: iCarry's answer never came, or the booking call was interrupted. */
export function isShipmentResolvable(
  shipment: Pick<ShipmentRecord, 'bookingState' | 'updatedAt'>,
  config: Pick<AppConfig, 'staleBookingMs'>,
  now: Date,
): boolean {
  return shipment.bookingState === 'unknown' || isBookingStale(shipment, config, now);
}

/** The admin's view of one shipment, with the rules already decided (the web renders the flags). */
export function toShipmentView(
  shipment: ShipmentRecord,
  config: Pick<AppConfig, 'staleBookingMs'>,
  now: Date,
): ShipmentView {
  return {
    id: shipment.id,
    bookingState: shipment.bookingState,
    status: shipment.status,
    awb: shipment.awb,
    courierName: shipment.courierName,
    courierId: shipment.courierId,
    providerShipmentId: shipment.providerShipmentId,
    trackingUrl: httpUrlOrNull(shipment.trackingUrl),
    clientRef: shipment.clientRef,
    mode: shipment.mode,
    weightGrams: shipment.weightGrams,
    weightFallback: shipment.weightFallback,
    codAmountPaise: shipment.codAmountPaise,
    quotedCostPaise: shipment.quotedCostPaise,
    courierChoice: shipment.courierChoice,
    failureReason: shipment.failureReason,
    needsReview: shipment.needsReview,
    reviewReason: shipment.reviewReason,
    weightDiscrepancy: shipment.weightDiscrepancy,
    bookedAt: shipment.bookedAt,
    lastEventAt: shipment.lastEventAt,
    createdAt: shipment.createdAt,
    direction: shipment.direction,
    returnReason: shipment.returnReason,
    refundNote: shipment.refundNote,
    labelPrintedAt: shipment.labelPrintedAt,
    /** A booked parcel with an AWB that is not cancelled: the Print label button works. */
    canPrintLabel: isLabelPrintable(shipment),
    stuckStage: shipment.stuckStage,
    stuckSince: shipment.stuckSince,
    billedPaise: shipment.billedPaise,
    billedWeightGrams: shipment.billedWeightGrams,
    billedOn: shipment.billedOn,
    billingFlagged: shipment.billingFlagged,
    // Cancel acts on the order's forward booking (a return pickup is cancelled in the iCarry panel).
    canCancel: shipment.direction === 'forward' && isShipmentCancellable(shipment),
    canResolve: isShipmentResolvable(shipment, config, now),
    bookingStale: isBookingStale(shipment, config, now),
  };
}
