import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { BookingState, OrderStatus, ShipmentStatus } from '@app/shipping';

/** bigint ids come back as strings from `pg` and numbers from PGlite; both are normalised by the dialects to string. */
type Id = ColumnType<string, string | number | bigint, string | number | bigint>;
type GeneratedId = ColumnType<string, string | number | bigint | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string | T, string | T>;

export type PaymentMethod = 'prepaid' | 'cod';
export type HistorySource = 'admin' | 'booking' | 'webhook' | 'sync' | 'track' | 'system';
export type NoteKind = 'note' | 'ndr' | 'system' | 'weight' | 'ndr_response';
export type InboxKind = 'status' | 'ndr' | 'weight' | 'unknown';
export type InboxOutcome =
  'pending' | 'applied' | 'duplicate' | 'stale' | 'deferred' | 'rejected' | 'failed' | 'review';
export type MessageChannel = 'email' | 'whatsapp';
export type MessageAudience = 'customer' | 'admin';
export type MessageStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'logged';
export type ShipmentMode = 'surface' | 'express';
/** A forward shipment goes to the customer; a return (iCarry reverse shipment) comes back from them. */
export type ShipmentDirection = 'forward' | 'return';
/** Which watchdog rule found the shipment stuck. */
export type StuckStage = 'awaiting_pickup' | 'in_transit' | 'ndr';
export type ShipBatchState = 'running' | 'done';
export type ShipBatchItemState = 'queued' | 'booking' | 'booked' | 'failed' | 'unknown' | 'skipped';
/** `date` columns come back as 'yyyy-mm-dd' text from both drivers. */
type CalendarDay = ColumnType<string | null, string | null | undefined, string | null>;
/** What Meta reported about a WhatsApp message after it was accepted: sent < delivered < read, or failed. */
export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';
export type WhatsAppInboxOutcome = 'pending' | 'applied' | 'ignored' | 'rejected' | 'failed';
export type NdrAction = 'reattempt' | 'update_address' | 'cancel';
export type NdrResponseChannel = 'page' | 'whatsapp';

/** Why an order is flagged for a person: code branches on the kind, people read `attention_reason`. */
export const ATTENTION_KINDS = [
  'booking_unknown',
  'ndr',
  'ndr_response',
  'address_changed',
  'cancel_requested',
  'stuck',
  'billing',
  'review',
] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];
/** Where an order came from; 'manual' is anything made inside the product (demo data, fixtures). */
export const ORDER_SOURCES = ['manual', 'api', 'csv', 'shopify', 'woocommerce'] as const;
export type OrderSource = (typeof ORDER_SOURCES)[number];
export type IdempotencyState = 'running' | 'done';
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
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export type EventDeliveryState = 'pending' | 'delivered' | 'failed';
export type Channel = 'shopify' | 'woocommerce';
export type ChannelWebhookOutcome =
  'pending' | 'created' | 'updated' | 'unchanged' | 'flagged' | 'cancelled' | 'ignored' | 'rejected' | 'failed';
export type WritebackKind = 'fulfillment' | 'fulfillment_event' | 'note' | 'complete';
export type WritebackState = 'pending' | 'done' | 'failed';

export interface AppSettingsTable {
  key: string;
  value: string;
  created_at: Generated<Date>;
}

export interface AdminUsersTable {
  id: GeneratedId;
  email: string;
  name: string;
  password_hash: string;
  created_at: Timestamp;
  password_changed_at: NullableTimestamp;
}

export interface AdminSessionsTable {
  token_hash: string;
  admin_id: Id;
  created_at: Timestamp;
  expires_at: Timestamp;
  client: string | null;
  user_agent: string | null;
}

export interface AdminSignInsTable {
  id: GeneratedId;
  admin_id: Id;
  signed_in_at: Timestamp;
  client: string;
  user_agent: string | null;
}

export interface RateLimitsTable {
  bucket: string;
  window_start: Timestamp;
  hits: Generated<number>;
}

export interface CustomersTable {
  id: GeneratedId;
  name: string;
  email: string | null;
  phone: string;
  whatsapp_opt_in: Generated<boolean>;
  whatsapp_opt_in_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface ProductsTable {
  id: GeneratedId;
  sku: string;
  name: string;
  weight_text: string | null;
  /** Parsed from weight_text by the app; null with weight_error null = not parsed yet. */
  weight_grams: number | null;
  /** Why weight_text does not parse (ambiguous, unreadable, missing). */
  weight_error: string | null;
  price_paise: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrdersTable {
  id: GeneratedId;
  order_number: string;
  customer_id: Id;
  status: ColumnType<OrderStatus, OrderStatus | undefined, OrderStatus>;
  payment_method: PaymentMethod;
  subtotal_paise: number;
  shipping_paise: Generated<number>;
  discount_paise: Generated<number>;
  total_paise: number;
  ship_name: string;
  ship_line1: string;
  ship_line2: string | null;
  ship_city: string;
  ship_state: string;
  ship_pincode: string;
  contact_phone: string;
  contact_email: string | null;
  attention_kind: AttentionKind | null;
  attention_reason: string | null;
  placed_at: Timestamp;
  updated_at: Timestamp;
  source: ColumnType<OrderSource, OrderSource | undefined, OrderSource>;
  external_id: string | null;
  /** Amount the courier collects when it differs from the total; null = total_paise. */
  cod_amount_paise: number | null;
}

export interface OrderItemsTable {
  id: GeneratedId;
  order_id: Id;
  product_id: Id | null;
  sku: string;
  name: string;
  quantity: number;
  unit_price_paise: number;
  /** The item's own weight text when the source gave one; null = the SKU's product decides. */
  weight_text: string | null;
}

export interface WeightDiscrepancy {
  oldWeightGrams: number | null;
  newWeightGrams: number | null;
  oldDimensions: string | null;
  newDimensions: string | null;
  reportedAt: string;
}

export interface ShipmentsTable {
  id: GeneratedId;
  order_id: Id;
  provider: Generated<string>;
  booking_state: BookingState;
  status: ShipmentStatus | null;
  carrier_status_code: string | null;
  client_ref: string;
  provider_shipment_id: string | null;
  awb: string | null;
  courier_id: string | null;
  courier_name: string | null;
  tracking_url: string | null;
  mode: Generated<ShipmentMode>;
  weight_grams: number;
  weight_fallback: Generated<boolean>;
  length_cm: number;
  breadth_cm: number;
  height_cm: number;
  cod_amount_paise: Generated<number>;
  quoted_cost_paise: number | null;
  failure_reason: string | null;
  needs_review: Generated<boolean>;
  review_reason: string | null;
  weight_discrepancy: Json<WeightDiscrepancy> | null;
  booked_at: NullableTimestamp;
  last_event_at: NullableTimestamp;
  last_synced_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  direction: Generated<ShipmentDirection>;
  forward_shipment_id: Id | null;
  return_reason: string | null;
  refund_note: string | null;
  label_printed_at: NullableTimestamp;
  /** Only a forward status move or a new courier scan changes it (the watchdog's clock). */
  last_movement_at: NullableTimestamp;
  stuck_stage: StuckStage | null;
  stuck_since: NullableTimestamp;
  billed_paise: number | null;
  billed_weight_grams: number | null;
  billed_on: CalendarDay;
  billed_at: NullableTimestamp;
  billing_checked_at: NullableTimestamp;
  billing_flagged: Generated<boolean>;
}

export interface ShipBatchesTable {
  id: GeneratedId;
  created_by: Id;
  state: ColumnType<ShipBatchState, ShipBatchState | undefined, ShipBatchState>;
  courier_policy: 'cheapest' | 'courier';
  courier_id: string | null;
  mode: ShipmentMode;
  total: number;
  lease_owner: string | null;
  lease_until: NullableTimestamp;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface ShipBatchItemsTable {
  id: GeneratedId;
  batch_id: Id;
  order_id: Id;
  position: number;
  state: ColumnType<ShipBatchItemState, ShipBatchItemState | undefined, ShipBatchItemState>;
  shipment_id: Id | null;
  error_code: string | null;
  error: string | null;
  note: string | null;
  attempts: Generated<number>;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export interface StatusHistoryTable {
  id: GeneratedId;
  order_id: Id;
  shipment_id: Id | null;
  order_status: OrderStatus | null;
  shipment_status: ShipmentStatus | null;
  carrier_status: string | null;
  location: string | null;
  description: string | null;
  occurred_at: NullableTimestamp;
  recorded_at: Timestamp;
  source: HistorySource;
  applied: Generated<boolean>;
  dedupe_key: string | null;
  inbox_id: Id | null;
}

export interface OrderNotesTable {
  id: GeneratedId;
  order_id: Id;
  kind: NoteKind;
  body: string;
  author_admin_id: Id | null;
  ndr_code: string | null;
  ndr_date: ColumnType<string | null, string | null | undefined, string | null>;
  dedupe_key: string | null;
  created_at: Timestamp;
}

export interface WebhookInboxTable {
  id: GeneratedId;
  kind: InboxKind;
  received_at: Timestamp;
  content_type: string | null;
  headers: Json<Record<string, string>>;
  raw_body: string;
  payload: Json<unknown> | null;
  dedupe_key: string | null;
  awb: string | null;
  provider_shipment_id: string | null;
  client_order_id: string | null;
  order_id: Id | null;
  shipment_id: Id | null;
  outcome: ColumnType<InboxOutcome, InboxOutcome | undefined, InboxOutcome>;
  outcome_detail: string | null;
  attempts: Generated<number>;
  processed_at: NullableTimestamp;
}

export interface MessagesTable {
  id: GeneratedId;
  order_id: Id | null;
  channel: MessageChannel;
  audience: MessageAudience;
  template: string;
  recipient: string;
  subject: string | null;
  body: string;
  params: Json<Record<string, unknown>>;
  dedupe_key: string;
  status: ColumnType<MessageStatus, MessageStatus | undefined, MessageStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  provider_message_id: string | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
  delivery_status: DeliveryStatus | null;
  delivery_status_at: NullableTimestamp;
  delivery_error_code: number | null;
  delivery_error: string | null;
}

/** At most one row (id = 1); a null column means "use the STORE_* default". */
export interface StoreBrandingTable {
  id: number;
  store_name: string | null;
  logo_url: string | null;
  brand_color: string | null;
  support_phone: string | null;
  support_email: string | null;
  store_url: string | null;
  updated_at: Timestamp;
  updated_by: Id | null;
}

export interface WhatsAppInboxTable {
  id: GeneratedId;
  received_at: Timestamp;
  raw_body: string;
  payload: Json<unknown> | null;
  outcome: ColumnType<WhatsAppInboxOutcome, WhatsAppInboxOutcome | undefined, WhatsAppInboxOutcome>;
  outcome_detail: string | null;
  attempts: Generated<number>;
  processed_at: NullableTimestamp;
}

export interface NdrResponsesTable {
  id: GeneratedId;
  order_id: Id;
  ndr_note_id: Id;
  action: NdrAction;
  /** yyyy-mm-dd */
  preferred_date: ColumnType<string | null, string | null | undefined, string | null>;
  landmark: string | null;
  address_line: string | null;
  /** Bare 10 digits. */
  alternate_phone: string | null;
  message: string | null;
  channel: NdrResponseChannel;
  created_at: Timestamp;
}

/** Maintained by triggers on orders (migration 2026_11_26_090100); read-only for the app. */
export interface OrderStatusCountsTable {
  status: OrderStatus;
  /** An order counts in row id % 16, so concurrent status changes rarely share a row. */
  shard: ColumnType<number, never, never>;
  // bigint: a string from both drivers.
  order_count: ColumnType<string, never, never>;
}

export interface ApiKeysTable {
  id: GeneratedId;
  name: string;
  prefix: string;
  key_hash: string;
  created_by_admin_id: Id | null;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface IdempotencyKeysTable {
  api_key_id: Id;
  key: string;
  fingerprint: string;
  state: IdempotencyState;
  response_status: number | null;
  response_body: Json<unknown> | null;
  created_at: Timestamp;
  completed_at: NullableTimestamp;
}

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

export interface DB {
  app_settings: AppSettingsTable;
  admin_users: AdminUsersTable;
  admin_sessions: AdminSessionsTable;
  admin_sign_ins: AdminSignInsTable;
  rate_limits: RateLimitsTable;
  customers: CustomersTable;
  products: ProductsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  shipments: ShipmentsTable;
  status_history: StatusHistoryTable;
  order_notes: OrderNotesTable;
  webhook_inbox: WebhookInboxTable;
  messages: MessagesTable;
  order_status_counts: OrderStatusCountsTable;
  api_keys: ApiKeysTable;
  idempotency_keys: IdempotencyKeysTable;
  ship_batches: ShipBatchesTable;
  ship_batch_items: ShipBatchItemsTable;
  event_endpoints: EventEndpointsTable;
  outbound_events: OutboundEventsTable;
  event_deliveries: EventDeliveriesTable;
  event_delivery_attempts: EventDeliveryAttemptsTable;
  channel_webhooks: ChannelWebhooksTable;
  channel_writebacks: ChannelWritebacksTable;
  channel_state: ChannelStateTable;
  store_branding: StoreBrandingTable;
  whatsapp_inbox: WhatsAppInboxTable;
  ndr_responses: NdrResponsesTable;
}

export type Order = Selectable<OrdersTable>;
export type NewOrder = Insertable<OrdersTable>;
export type OrderItem = Selectable<OrderItemsTable>;
export type Customer = Selectable<CustomersTable>;
export type Product = Selectable<ProductsTable>;
export type Shipment = Selectable<ShipmentsTable>;
export type ShipmentUpdate = Updateable<ShipmentsTable>;
export type StatusHistoryEntry = Selectable<StatusHistoryTable>;
export type OrderNote = Selectable<OrderNotesTable>;
export type InboxEntry = Selectable<WebhookInboxTable>;
export type Message = Selectable<MessagesTable>;
export type AdminUser = Selectable<AdminUsersTable>;
export type ApiKey = Selectable<ApiKeysTable>;
export type IdempotencyKeyRow = Selectable<IdempotencyKeysTable>;
export type ShipBatch = Selectable<ShipBatchesTable>;
export type ShipBatchItem = Selectable<ShipBatchItemsTable>;
