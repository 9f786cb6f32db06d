/**
 * Status words, copied from packages/shipping/src/status.ts so the bundle carries no server code.
 * `satisfies` ties them to the API's types: a new status fails the type check here.
 */
import type { RouterOutputs } from './api';

export type OrderStatus = RouterOutputs['orders']['get']['order']['status'];
export type ShipmentStatus = NonNullable<NonNullable<RouterOutputs['orders']['get']['shipment']>['status']>;

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

/** Badge colour family per order status (CSS classes `tone-*`). */
export type Tone = 'neutral' | 'blue' | 'violet' | 'amber' | 'green' | 'red' | 'gray';

export const ORDER_STATUS_TONE = {
  pending: 'gray',
  processing: 'blue',
  shipped: 'violet',
  out_for_delivery: 'amber',
  returning: 'red',
  delivered: 'green',
  returned: 'gray',
  cancelled: 'gray',
  lost: 'red',
} as const satisfies Record<OrderStatus, Tone>;
