/**
 * Status words from the shipping package's status table (pure data: only the labels reach the
 * bundle). The types come from the API, so a new status fails the type check here.
 */
import type { RouterOutputs } from './api';

export { ORDER_STATUS_LABEL, SHIPMENT_STATUS_LABEL } from '@app/shipping/status';

export type OrderStatus = RouterOutputs['orders']['get']['order']['status'];
export type ShipmentStatus = NonNullable<NonNullable<RouterOutputs['orders']['get']['shipment']>['status']>;

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

/** Badge colour per courier status: violet while moving, amber out for delivery, green delivered, red for trouble. */
export const SHIPMENT_STATUS_TONE = {
  pending_pickup: 'violet',
  pickup_scheduled: 'violet',
  manifested: 'violet',
  picked_up: 'violet',
  in_transit: 'violet',
  out_for_delivery: 'amber',
  rto_in_transit: 'red',
  delivered: 'green',
  rto_delivered: 'gray',
  cancelled: 'gray',
  lost: 'red',
  damaged: 'red',
} as const satisfies Record<ShipmentStatus, Tone>;
