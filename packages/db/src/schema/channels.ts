import type { ColumnType, Generated } from 'kysely';
import type { GeneratedId, Id, Json, NullableTimestamp, Timestamp } from './columns';

export type Channel = 'shopify' | 'woocommerce';
export type ChannelWebhookOutcome =
  | 'pending'
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'flagged'
  | 'cancelled'
  | 'ignored'
  | 'rejected'
  | 'failed'
  /** Older than the statement of the order already applied: changed nothing. */
  | 'stale';
/** `cod_note`: a note on the channel's order that its customer declined cash on delivery. */
export type WritebackKind = 'fulfillment' | 'fulfillment_event' | 'note' | 'complete' | 'cod_note';
export type WritebackState = 'pending' | 'done' | 'failed';

export interface ChannelWebhooksTable {
  id: GeneratedId;
  channel: Channel;
  /** Shopify's X-Shopify-Webhook-Id; for WooCommerce (no event id) a hash of the body. */
  delivery_id: string;
  topic: string;
  external_id: string | null;
  headers: Json<Record<string, string>>;
  raw_body: string;
  order_id: Id | null;
  outcome: ColumnType<ChannelWebhookOutcome, ChannelWebhookOutcome | undefined, ChannelWebhookOutcome>;
  outcome_detail: string | null;
  received_at: Timestamp;
  processed_at: NullableTimestamp;
  attempts: ColumnType<number, number | undefined, number>;
  /** Pending: until when an applier holds it; failed: when its retry is due. */
  next_attempt_at: NullableTimestamp;
}

export interface ChannelWritebacksTable {
  id: GeneratedId;
  channel: Channel;
  order_id: Id;
  shipment_id: Id | null;
  kind: WritebackKind;
  /** Shopify's FulfillmentEventStatus for fulfillment_event rows. */
  event_status: string | null;
  dedupe_key: string;
  state: ColumnType<WritebackState, WritebackState | undefined, WritebackState>;
  attempts: Generated<number>;
  /** What the store made (Shopify's fulfillment id), for later events on it. */
  remote_id: string | null;
  last_error: string | null;
  /** The store's own userErrors, kept as it sent them. */
  user_errors: Json<unknown> | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ChannelStateTable {
  channel: Channel;
  polled_until: NullableTimestamp;
  last_poll_at: NullableTimestamp;
  last_poll_error: string | null;
}
