import type { CustomerHistoryRecord } from '@app/db';
import { describeNdr, oneEntryPerEvent, printableLine, type OrderStatus, type ShipmentStatus } from '@app/shipping';

/**
 * What the customer's history says, decided here and only here: a fixed sentence per kind of
 * event (an order status, a shipment status, a return pickup's step, an NDR code), or a courier's
 * own scan text. Whatever the team wrote into the record (an override's reason, a cancel note)
 * never reaches this code: the repository does not hand it over (CustomerHistoryRecord).
 */

export type CustomerEventKind = 'milestone' | 'scan' | 'failed_attempt';

export interface CustomerEvent {
  id: string;
  at: Date;
  text: string;
  location: string | null;
  kind: CustomerEventKind;
}

/** An order status reached (an intake, a payment, an admin's change of status). */
const ORDER_EVENT: Record<OrderStatus, string> = {
  pending: 'Order placed',
  processing: 'Order confirmed',
  shipped: 'Shipped',
  out_for_delivery: 'Out for delivery',
  returning: 'On its way back to the store',
  delivered: 'Delivered',
  returned: 'Returned to the store',
  cancelled: 'Order cancelled',
  lost: 'Reported lost or damaged by the courier',
};

/** A step of the parcel on its way to the customer. */
const SHIPMENT_EVENT: Record<ShipmentStatus, string> = {
  pending_pickup: 'Booked with the courier',
  pickup_scheduled: 'Pickup scheduled',
  manifested: 'Ready for pickup',
  picked_up: 'Picked up by the courier',
  in_transit: 'In transit',
  out_for_delivery: 'Out for delivery',
  rto_in_transit: 'On its way back to the store',
  delivered: 'Delivered',
  rto_delivered: 'Returned to the store',
  cancelled: 'Shipment cancelled',
  lost: 'Reported lost by the courier',
  damaged: 'Reported damaged by the courier',
};

/** A step of a return pickup (from the customer back to the store). */
const RETURN_EVENT: Record<ShipmentStatus, string> = {
  pending_pickup: 'Return pickup booked',
  pickup_scheduled: 'Return pickup scheduled',
  manifested: 'Return pickup scheduled',
  picked_up: 'Return picked up from you',
  in_transit: 'Return in transit to the store',
  out_for_delivery: 'Return out for delivery to the store',
  rto_in_transit: 'Return on its way back to you',
  delivered: 'Return delivered to the store',
  rto_delivered: 'Return came back to you',
  cancelled: 'Return pickup cancelled',
  lost: 'Return reported lost by the courier',
  damaged: 'Return reported damaged by the courier',
};

/** An entry with neither status: a tracking number assigned, a detail of the shipment. */
const SHIPMENT_UPDATED = 'Shipment details updated';
const ORDER_PLACED = 'Order placed';
const COURIER_UPDATE = 'Courier update';

const NDR_PREFIX = 'NDR:';

/** The NDR code of a failed-attempt entry, else null. */
export function ndrCodeOf(entry: Pick<CustomerHistoryRecord, 'carrierStatus'>): string | null {
  return entry.carrierStatus?.startsWith(NDR_PREFIX) ? entry.carrierStatus.slice(NDR_PREFIX.length) : null;
}

/** The customer's sentence for a failed attempt: the NDR table's words for its code. */
export function failedAttemptText(code: string): string {
  return describeNdr(code).customerText;
}

function eventText(entry: CustomerHistoryRecord, isFirst: boolean): { text: string; kind: CustomerEventKind } {
  const ndrCode = ndrCodeOf(entry);
  if (ndrCode !== null)
    return { text: `Delivery attempt failed: ${failedAttemptText(ndrCode)}`, kind: 'failed_attempt' };
  if (entry.source === 'track') return { text: printableLine(entry.scanText ?? '') || COURIER_UPDATE, kind: 'scan' };
  if (entry.shipmentStatus) {
    const table = entry.shipmentDirection === 'return' ? RETURN_EVENT : SHIPMENT_EVENT;
    return { text: table[entry.shipmentStatus], kind: 'milestone' };
  }
  if (entry.orderStatus) {
    const placed =
      isFirst && entry.source === 'system' && (entry.orderStatus === 'pending' || entry.orderStatus === 'processing');
    return { text: placed ? ORDER_PLACED : ORDER_EVENT[entry.orderStatus], kind: 'milestone' };
  }
  return { text: SHIPMENT_UPDATED, kind: 'milestone' };
}

/**
 * The customer's history, newest first by the time shown (when it happened, else when we learned
 * it). A push and the courier's scan of the same step are one event, by the rule the admin's
 * history uses too (`oneEntryPerEvent`): the scan stays, with its place and time.
 */
export function customerHistory(entries: readonly CustomerHistoryRecord[]): CustomerEvent[] {
  // The product's one rule for a push and the courier's scan of the same step (oldest first).
  const shown = oneEntryPerEvent(entries);
  // The first entry is the order coming in (the repository keeps at most the newest 100).
  const oldest = [...entries].sort(
    (a, b) => a.recordedAt.getTime() - b.recordedAt.getTime() || Number(a.id) - Number(b.id),
  )[0];
  return shown.reverse().map((entry) => ({
    id: entry.id,
    at: entry.occurredAt ?? entry.recordedAt,
    ...eventText(entry, entry === oldest),
    location: entry.location === null ? null : printableLine(entry.location) || null,
  }));
}
