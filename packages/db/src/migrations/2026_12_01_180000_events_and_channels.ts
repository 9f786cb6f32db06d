import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app. The value lists are copied on purpose.
//
// Events out (Standard Webhooks to the store's own systems) and the store channels (Shopify,
// WooCommerce):
// - event_endpoints: where events go, with the endpoint's own signing secret (whsec_...; needed to
//   sign, so stored as is, never shown after creation). `event_types` null = every type.
//   `failing_since` starts at an endpoint's first failure after a success; `alerted_at` says the
//   admin was emailed about it (once per failing spell).
// - outbound_events: one row per event, written in the transaction of the change it reports;
//   `dedupe_key` makes each milestone once per order (a repeated push cannot send it twice);
//   `msg_id` is the webhook-id, the same on every attempt and replay.
// - event_deliveries: one per (event, endpoint), its state and next attempt; event_delivery_attempts
//   logs every attempt (status code or error, time taken).
// - channel_webhooks: Shopify's and WooCommerce's deliveries, stored raw after the signature check,
//   deduplicated on (channel, delivery id), with what applying them did.
// - channel_writebacks: tracking written back to the store (Shopify fulfillments and events,
//   WooCommerce notes and status), one row per action with its outcome and the store's own errors.
// - channel_state: per channel, the cursor of the reconciliation poll.

const EVENT_TYPES = [
  'order.created',
  'shipment.booked',
  'shipment.picked_up',
  'shipment.out_for_delivery',
  'shipment.ndr',
  'shipment.delivered',
  'shipment.rto_initiated',
  'shipment.rto_delivered',
  'shipment.cancelled',
];
const DELIVERY_STATES = ['pending', 'delivered', 'failed'];
const CHANNELS = ['shopify', 'woocommerce'];
const CHANNEL_OUTCOMES = [
  'pending',
  'created',
  'updated',
  'unchanged',
  'flagged',
  'cancelled',
  'ignored',
  'rejected',
  'failed',
];
const WRITEBACK_KINDS = ['fulfillment', 'fulfillment_event', 'note', 'complete'];
const WRITEBACK_STATES = ['pending', 'done', 'failed'];

const list = (values: string[]) => sql.join(values.map((v) => sql.lit(v)));

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('event_endpoints')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull().check(sql`length(url) between 1 and 2000`))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('event_types', 'jsonb')
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('disabled_reason', 'text')
    .addColumn('failing_since', 'timestamptz')
    .addColumn('alerted_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('outbound_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('msg_id', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in (${list(EVENT_TYPES)})`))
    .addColumn('order_id', 'bigint', (c) => c.references('orders.id').onDelete('cascade'))
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('event_deliveries')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('outbound_events.id').onDelete('cascade'))
    .addColumn('endpoint_id', 'bigint', (c) => c.notNull().references('event_endpoints.id').onDelete('cascade'))
    .addColumn('order_id', 'bigint')
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`state in (${list(DELIVERY_STATES)})`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('event_deliveries_event_endpoint_unique', ['event_id', 'endpoint_id'])
    .execute();
  // "Is an earlier delivery of this order to this endpoint still waiting?" (deliveries keep order per order).
  await sql`create index event_deliveries_order_idx on event_deliveries (endpoint_id, order_id, event_id) where state = 'pending'`.execute(
    db,
  );
  await sql`create index event_deliveries_endpoint_recent_idx on event_deliveries (endpoint_id, id desc)`.execute(db);

  await db.schema
    .createTable('event_delivery_attempts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('delivery_id', 'bigint', (c) => c.notNull().references('event_deliveries.id').onDelete('cascade'))
    .addColumn('attempted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await sql`create index event_delivery_attempts_delivery_idx on event_delivery_attempts (delivery_id, id)`.execute(db);

  await db.schema
    .createTable('channel_webhooks')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in (${list(CHANNELS)})`))
    .addColumn('delivery_id', 'text', (c) => c.notNull().check(sql`length(delivery_id) between 1 and 255`))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('headers', 'jsonb', (c) => c.notNull())
    .addColumn('raw_body', 'text', (c) => c.notNull())
    .addColumn('order_id', 'bigint', (c) => c.references('orders.id').onDelete('set null'))
    .addColumn('outcome', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`outcome in (${list(CHANNEL_OUTCOMES)})`),
    )
    .addColumn('outcome_detail', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('processed_at', 'timestamptz')
    .addUniqueConstraint('channel_webhooks_delivery_unique', ['channel', 'delivery_id'])
    .execute();
  await sql`create index channel_webhooks_recent_idx on channel_webhooks (channel, id desc)`.execute(db);

  await db.schema
    .createTable('channel_writebacks')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in (${list(CHANNELS)})`))
    .addColumn('order_id', 'bigint', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('shipment_id', 'bigint', (c) => c.references('shipments.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in (${list(WRITEBACK_KINDS)})`))
    .addColumn('event_status', 'text')
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`state in (${list(WRITEBACK_STATES)})`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('remote_id', 'text')
    .addColumn('last_error', 'text')
    .addColumn('user_errors', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index channel_writebacks_recent_idx on channel_writebacks (channel, id desc)`.execute(db);
  await sql`create index channel_writebacks_order_idx on channel_writebacks (order_id, kind)`.execute(db);

  await db.schema
    .createTable('channel_state')
    .addColumn('channel', 'text', (c) => c.primaryKey().check(sql`channel in (${list(CHANNELS)})`))
    .addColumn('polled_until', 'timestamptz')
    .addColumn('last_poll_at', 'timestamptz')
    .addColumn('last_poll_error', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('channel_state').ifExists().execute();
  await db.schema.dropTable('channel_writebacks').ifExists().execute();
  await db.schema.dropTable('channel_webhooks').ifExists().execute();
  await db.schema.dropTable('event_delivery_attempts').ifExists().execute();
  await db.schema.dropTable('event_deliveries').ifExists().execute();
  await db.schema.dropTable('outbound_events').ifExists().execute();
  await db.schema.dropTable('event_endpoints').ifExists().execute();
}
