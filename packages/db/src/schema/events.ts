import type { ColumnType, Generated } from 'kysely';
import type { GeneratedId, Id, Json, NullableTimestamp, Timestamp } from './columns';

/** Outbound event types (contract: DESIGN "Events out"). */
export const EVENT_TYPES = [
  'order.created',
  'shipment.booked',
  'shipment.picked_up',
  'shipment.out_for_delivery',
  'shipment.ndr',
  'shipment.delivered',
  'shipment.rto_initiated',
  'shipment.rto_delivered',
  'shipment.cancelled',
  /** The customer declined a COD order before it shipped (issue 24). */
  'order.cod_declined',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export type EventDeliveryState = 'pending' | 'delivered' | 'failed';

export interface EventEndpointsTable {
  id: GeneratedId;
  url: string;
  /** whsec_...: needed to sign, so kept as is; shown once, when the endpoint is made. */
  secret: string;
  /** null = every event type. */
  event_types: Json<EventType[]> | null;
  enabled: Generated<boolean>;
  disabled_reason: string | null;
  failing_since: NullableTimestamp;
  alerted_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OutboundEventsTable {
  id: GeneratedId;
  msg_id: string;
  type: EventType;
  order_id: Id | null;
  dedupe_key: string;
  payload: Json<Record<string, unknown>>;
  occurred_at: Timestamp;
  created_at: Timestamp;
}

export interface EventDeliveriesTable {
  id: GeneratedId;
  event_id: Id;
  endpoint_id: Id;
  order_id: Id | null;
  state: ColumnType<EventDeliveryState, EventDeliveryState | undefined, EventDeliveryState>;
  attempts: Generated<number>;
  next_attempt_at: NullableTimestamp;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EventDeliveryAttemptsTable {
  id: GeneratedId;
  delivery_id: Id;
  attempted_at: Timestamp;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}
