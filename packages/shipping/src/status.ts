/**
 * The status vocabulary and the forward-only rules. iCarry's numeric codes map to our shipment
 * statuses; shipment statuses map to the order statuses the store talks about. Ranks decide
 * "forward only": a push can move a shipment (and its order) only to a strictly higher rank, and
 * a final status moves only by an admin override with a reason.
 */

export const ORDER_STATUSES = [
  'pending',
  'processing',
  'shipped',
  'out_for_delivery',
  'returning',
  'delivered',
  'returned',
  'cancelled',
  'lost',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const SHIPMENT_STATUSES = [
  'pending_pickup',
  'pickup_scheduled',
  'manifested',
  'picked_up',
  'in_transit',
  'out_for_delivery',
  'rto_in_transit',
  'delivered',
  'rto_delivered',
  'cancelled',
  'lost',
  'damaged',
] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** Booking state of a shipment row: separate from where the parcel is. */
export const BOOKING_STATES = ['booking', 'booked', 'unknown', 'failed', 'cancelled', 'void'] as const;
export type BookingState = (typeof BOOKING_STATES)[number];
/** States that hold the order's one active shipment (a partial unique index enforces it). */
export const ACTIVE_BOOKING_STATES = ['booking', 'booked', 'unknown'] as const satisfies readonly BookingState[];

const FINAL_RANK = 100;

export const SHIPMENT_STATUS_RANK = {
  pending_pickup: 10,
  pickup_scheduled: 15,
  manifested: 20,
  picked_up: 30,
  in_transit: 40,
  out_for_delivery: 50,
  rto_in_transit: 60,
  delivered: FINAL_RANK,
  rto_delivered: FINAL_RANK,
  cancelled: FINAL_RANK,
  lost: FINAL_RANK,
  damaged: FINAL_RANK,
} as const satisfies Record<ShipmentStatus, number>;

export const ORDER_STATUS_RANK = {
  pending: 0,
  processing: 10,
  shipped: 20,
  out_for_delivery: 30,
  returning: 40,
  delivered: FINAL_RANK,
  returned: FINAL_RANK,
  cancelled: FINAL_RANK,
  lost: FINAL_RANK,
} as const satisfies Record<OrderStatus, number>;

export const ORDER_STATUS_LABEL = {
  pending: 'Pending',
  processing: 'Processing',
  shipped: 'Shipped',
  out_for_delivery: 'Out for Delivery',
  returning: 'Returning to Seller',
  delivered: 'Delivered',
  returned: 'Returned',
  cancelled: 'Cancelled',
  lost: 'Lost/Damaged',
} as const satisfies Record<OrderStatus, string>;

export const SHIPMENT_STATUS_LABEL = {
  pending_pickup: 'Booked, awaiting pickup',
  pickup_scheduled: 'Pickup scheduled',
  manifested: 'Manifested',
  picked_up: 'Picked up',
  in_transit: 'In transit',
  out_for_delivery: 'Out for delivery',
  rto_in_transit: 'Returning to seller',
  delivered: 'Delivered',
  rto_delivered: 'Returned to seller',
  cancelled: 'Cancelled',
  lost: 'Lost',
  damaged: 'Damaged',
} as const satisfies Record<ShipmentStatus, string>;

/** The order status a shipment status implies. */
export const ORDER_STATUS_FOR_SHIPMENT = {
  pending_pickup: 'shipped',
  pickup_scheduled: 'shipped',
  manifested: 'shipped',
  picked_up: 'shipped',
  in_transit: 'shipped',
  out_for_delivery: 'out_for_delivery',
  rto_in_transit: 'returning',
  delivered: 'delivered',
  rto_delivered: 'returned',
  cancelled: 'cancelled',
  lost: 'lost',
  damaged: 'lost',
} as const satisfies Record<ShipmentStatus, OrderStatus>;

/** The customer milestones that earn a message, once each. */
export const CUSTOMER_MILESTONES = ['shipped', 'out_for_delivery', 'delivered'] as const;
export type CustomerMilestone = (typeof CUSTOMER_MILESTONES)[number];

export function isFinalShipmentStatus(status: ShipmentStatus): boolean {
  return SHIPMENT_STATUS_RANK[status] >= FINAL_RANK;
}

export function isFinalOrderStatus(status: OrderStatus): boolean {
  return ORDER_STATUS_RANK[status] >= FINAL_RANK;
}

/** True when moving from `from` to `to` is a strict step forward (never out of a final status). */
export function isForwardShipmentMove(from: ShipmentStatus | null, to: ShipmentStatus): boolean {
  if (from === null) return true;
  if (isFinalShipmentStatus(from)) return false;
  return SHIPMENT_STATUS_RANK[to] > SHIPMENT_STATUS_RANK[from];
}

export function isForwardOrderMove(from: OrderStatus, to: OrderStatus): boolean {
  if (isFinalOrderStatus(from)) return false;
  return ORDER_STATUS_RANK[to] > ORDER_STATUS_RANK[from];
}

/**
 * iCarry's numeric shipment codes (status sync, status webhooks). Kept as a table so a new code is
 * one line; anything not here is `unknown` and flags the shipment for review, never Delivered.
 */
export const ICARRY_STATUS_CODES = {
  1: { name: 'Pending Pickup', status: 'pending_pickup' },
  2: { name: 'Processing', status: 'pending_pickup' },
  3: { name: 'Shipped', status: 'picked_up' },
  7: { name: 'Cancelled', status: 'cancelled' },
  12: { name: 'Damaged', status: 'damaged' },
  14: { name: 'Lost', status: 'lost' },
  16: { name: 'Voided', status: 'cancelled' },
  21: { name: 'Delivered', status: 'delivered' },
  22: { name: 'In Transit', status: 'in_transit' },
  23: { name: 'Returned to Origin', status: 'rto_delivered' },
  24: { name: 'Manifested', status: 'manifested' },
  25: { name: 'Pickup Scheduled', status: 'pickup_scheduled' },
  26: { name: 'Out For Delivery', status: 'out_for_delivery' },
  27: { name: 'Pending Return', status: 'rto_in_transit' },
} as const satisfies Record<number, { name: string; status: ShipmentStatus }>;

export type ICarryStatusMapping =
  | { kind: 'known'; code: number; name: string; status: ShipmentStatus; orderStatus: OrderStatus; rank: number }
  | { kind: 'unknown'; code: string };

/** Maps iCarry's code (number or numeric string, as it arrives) to our statuses. */
export function mapICarryStatus(raw: string | number | null | undefined): ICarryStatusMapping {
  const text = String(raw ?? '').trim();
  const code = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
  const entry = Number.isInteger(code)
    ? (ICARRY_STATUS_CODES as Record<number, { name: string; status: ShipmentStatus } | undefined>)[code]
    : undefined;
  if (!entry) return { kind: 'unknown', code: text };
  return {
    kind: 'known',
    code,
    name: entry.name,
    status: entry.status,
    orderStatus: ORDER_STATUS_FOR_SHIPMENT[entry.status],
    rank: SHIPMENT_STATUS_RANK[entry.status],
  };
}
