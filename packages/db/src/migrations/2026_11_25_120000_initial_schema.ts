import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app. Status lists are copied here on purpose.
const ORDER_STATUSES = [
  'pending',
  'processing',
  'shipped',
  'out_for_delivery',
  'returning',
  'delivered',
  'returned',
  'cancelled',
  'lost',
];
const SHIPMENT_STATUSES = [
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
];
const BOOKING_STATES = ['booking', 'booked', 'unknown', 'failed', 'cancelled', 'void'];

function inList(column: string, values: string[]) {
  return sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('app_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('admin_users')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) =>
      c
        .notNull()
        .unique()
        .check(sql`email = lower(email) and email like '%@%'`),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('admin_sessions')
    // The cookie carries a random token; only its SHA-256 is stored.
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('admin_id', 'bigint', (c) => c.notNull().references('admin_users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('admin_sessions_admin_idx').on('admin_sessions').column('admin_id').execute();

  // Fixed-window counters shared by every API instance (login attempts, tracking lookups).
  await db.schema
    .createTable('rate_limits')
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('rate_limits_pk', ['bucket', 'window_start'])
    .execute();

  await db.schema
    .createTable('customers')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(trim(name)) > 0`))
    .addColumn('email', 'text')
    .addColumn('phone', 'text', (c) => c.notNull().check(sql`phone ~ '^[6-9][0-9]{9}$'`))
    .addColumn('whatsapp_opt_in', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('whatsapp_opt_in_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('customers_phone_idx').on('customers').column('phone').execute();

  await db.schema
    .createTable('products')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('sku', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    // As the store typed it ("500g", "1 kg", "2 x 500g"); parsed when a parcel is built.
    .addColumn('weight_text', 'text')
    .addColumn('price_paise', 'integer', (c) => c.notNull().check(sql`price_paise >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('orders')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    // Readable over the phone, e.g. "FB-10427".
    .addColumn('order_number', 'text', (c) => c.notNull().unique())
    .addColumn('customer_id', 'bigint', (c) => c.notNull().references('customers.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('processing').check(inList('status', ORDER_STATUSES)))
    .addColumn('payment_method', 'text', (c) => c.notNull().check(sql`payment_method in ('prepaid', 'cod')`))
    .addColumn('subtotal_paise', 'integer', (c) => c.notNull().check(sql`subtotal_paise >= 0`))
    .addColumn('shipping_paise', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`shipping_paise >= 0`),
    )
    .addColumn('discount_paise', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`discount_paise >= 0`),
    )
    .addColumn('total_paise', 'integer', (c) => c.notNull().check(sql`total_paise >= 0`))
    .addColumn('ship_name', 'text', (c) => c.notNull())
    .addColumn('ship_line1', 'text', (c) => c.notNull())
    .addColumn('ship_line2', 'text')
    .addColumn('ship_city', 'text', (c) => c.notNull())
    .addColumn('ship_state', 'text', (c) => c.notNull())
    .addColumn('ship_pincode', 'text', (c) => c.notNull().check(sql`ship_pincode ~ '^[1-9][0-9]{5}$'`))
    .addColumn('contact_phone', 'text', (c) => c.notNull())
    .addColumn('contact_email', 'text')
    .addColumn('needs_attention', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('attention_reason', 'text')
    .addColumn('placed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('orders_total_check', sql`total_paise = subtotal_paise + shipping_paise - discount_paise`)
    .execute();
  // Keyset pagination: newest first, per status and overall.
  await db.schema.createIndex('orders_placed_idx').on('orders').columns(['placed_at desc', 'id desc']).execute();
  await db.schema
    .createIndex('orders_status_placed_idx')
    .on('orders')
    .columns(['status', 'placed_at desc', 'id desc'])
    .execute();
  await db.schema.createIndex('orders_customer_idx').on('orders').column('customer_id').execute();
  await db.schema.createIndex('orders_contact_phone_idx').on('orders').column('contact_phone').execute();

  await db.schema
    .createTable('order_items')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('order_id', 'bigint', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('product_id', 'bigint', (c) => c.references('products.id'))
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('unit_price_paise', 'integer', (c) => c.notNull().check(sql`unit_price_paise >= 0`))
    // The product's weight text at order time: later edits to the product do not change a parcel.
    .addColumn('weight_text', 'text')
    .execute();
  await db.schema.createIndex('order_items_order_idx').on('order_items').column('order_id').execute();

  await db.schema
    .createTable('shipments')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('order_id', 'bigint', (c) => c.notNull().references('orders.id'))
    .addColumn('provider', 'text', (c) => c.notNull().defaultTo('icarry'))
    .addColumn('booking_state', 'text', (c) => c.notNull().check(inList('booking_state', BOOKING_STATES)))
    .addColumn('status', 'text', (c) => c.check(inList('status', SHIPMENT_STATUSES)))
    .addColumn('carrier_status_code', 'text')
    // Sent to iCarry as client_order_id; unique per attempt so an unknown outcome can be matched later.
    .addColumn('client_ref', 'text', (c) => c.notNull().unique())
    .addColumn('provider_shipment_id', 'text')
    .addColumn('awb', 'text')
    .addColumn('courier_id', 'text')
    .addColumn('courier_name', 'text')
    .addColumn('tracking_url', 'text')
    .addColumn('mode', 'text', (c) =>
      c
        .notNull()
        .defaultTo('S')
        .check(sql`mode in ('S', 'E')`),
    )
    .addColumn('weight_grams', 'integer', (c) => c.notNull().check(sql`weight_grams > 0`))
    .addColumn('weight_fallback', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('length_cm', 'integer', (c) => c.notNull().check(sql`length_cm > 0`))
    .addColumn('breadth_cm', 'integer', (c) => c.notNull().check(sql`breadth_cm > 0`))
    .addColumn('height_cm', 'integer', (c) => c.notNull().check(sql`height_cm > 0`))
    .addColumn('cod_amount_paise', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`cod_amount_paise >= 0`),
    )
    .addColumn('quoted_cost_paise', 'integer')
    .addColumn('failure_reason', 'text')
    .addColumn('needs_review', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('review_reason', 'text')
    .addColumn('weight_discrepancy', 'jsonb')
    .addColumn('booked_at', 'timestamptz')
    .addColumn('last_event_at', 'timestamptz')
    .addColumn('last_synced_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One active shipment per order, whatever the callers do.
  await sql`create unique index shipments_one_active_per_order on shipments (order_id) where booking_state in ('booking', 'booked', 'unknown')`.execute(
    db,
  );
  await sql`create unique index shipments_awb_unique on shipments (awb) where awb is not null and booking_state <> 'void'`.execute(
    db,
  );
  await sql`create unique index shipments_provider_id_unique on shipments (provider, provider_shipment_id) where provider_shipment_id is not null`.execute(
    db,
  );
  await db.schema.createIndex('shipments_order_idx').on('shipments').column('order_id').execute();
  // Reconciliation looks for booked, not-final shipments that went quiet.
  await sql`create index shipments_reconcile_idx on shipments (last_event_at) where booking_state = 'booked' and (status is null or status not in ('delivered', 'rto_delivered', 'cancelled', 'lost', 'damaged'))`.execute(
    db,
  );

  await db.schema
    .createTable('status_history')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('order_id', 'bigint', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('shipment_id', 'bigint', (c) => c.references('shipments.id'))
    .addColumn('order_status', 'text', (c) => c.check(inList('order_status', ORDER_STATUSES)))
    .addColumn('shipment_status', 'text', (c) => c.check(inList('shipment_status', SHIPMENT_STATUSES)))
    .addColumn('carrier_status', 'text')
    .addColumn('location', 'text')
    .addColumn('description', 'text')
    .addColumn('occurred_at', 'timestamptz')
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('source', 'text', (c) =>
      c.notNull().check(sql`source in ('admin', 'booking', 'webhook', 'sync', 'track', 'system')`),
    )
    // Whether this entry moved the order or shipment forward (late and duplicate pushes do not).
    .addColumn('applied', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('dedupe_key', 'text')
    .addColumn('inbox_id', 'bigint')
    .execute();
  await db.schema
    .createIndex('status_history_order_idx')
    .on('status_history')
    .columns(['order_id', 'recorded_at'])
    .execute();
  await sql`create unique index status_history_dedupe on status_history (shipment_id, dedupe_key) where dedupe_key is not null`.execute(
    db,
  );

  await db.schema
    .createTable('order_notes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('order_id', 'bigint', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('note', 'ndr', 'system', 'weight')`))
    .addColumn('body', 'text', (c) => c.notNull().check(sql`length(body) between 1 and 4000`))
    .addColumn('author_admin_id', 'bigint', (c) => c.references('admin_users.id'))
    .addColumn('ndr_code', 'text')
    .addColumn('ndr_date', 'date')
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('order_notes_order_idx').on('order_notes').columns(['order_id', 'created_at']).execute();

  await db.schema
    .createTable('webhook_inbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('status', 'ndr', 'weight', 'unknown')`))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('content_type', 'text')
    // Headers without credentials; the raw body as received (the token inside is redacted).
    .addColumn('headers', 'jsonb', (c) => c.notNull())
    .addColumn('raw_body', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb')
    .addColumn('dedupe_key', 'text')
    .addColumn('awb', 'text')
    .addColumn('provider_shipment_id', 'text')
    .addColumn('order_id', 'bigint', (c) => c.references('orders.id'))
    .addColumn('shipment_id', 'bigint', (c) => c.references('shipments.id'))
    .addColumn('outcome', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(
          sql`outcome in ('pending', 'applied', 'duplicate', 'stale', 'deferred', 'rejected', 'failed', 'review')`,
        ),
    )
    .addColumn('outcome_detail', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('webhook_inbox_dedupe_idx').on('webhook_inbox').column('dedupe_key').execute();
  await db.schema
    .createIndex('webhook_inbox_order_idx')
    .on('webhook_inbox')
    .columns(['order_id', 'received_at'])
    .execute();
  await sql`create index webhook_inbox_waiting_idx on webhook_inbox (provider_shipment_id) where outcome in ('pending', 'deferred', 'failed')`.execute(
    db,
  );
  await sql`create index webhook_inbox_waiting_awb_idx on webhook_inbox (awb) where outcome in ('pending', 'deferred', 'failed')`.execute(
    db,
  );

  await db.schema
    .createTable('messages')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('order_id', 'bigint', (c) => c.references('orders.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('email', 'whatsapp')`))
    .addColumn('audience', 'text', (c) => c.notNull().check(sql`audience in ('customer', 'admin')`))
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('params', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // One message per (order, milestone, channel): the unique key is what makes "once" hold.
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'sending', 'sent', 'failed', 'logged')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('provider_message_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('messages_order_idx').on('messages').column('order_id').execute();
  await sql`create index messages_pending_idx on messages (created_at) where status in ('pending', 'sending')`.execute(
    db,
  );

  // Search by AWB, customer name and phone.
  await sql`create index customers_name_lower_idx on customers (lower(name) text_pattern_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'messages',
    'webhook_inbox',
    'order_notes',
    'status_history',
    'shipments',
    'order_items',
    'orders',
    'products',
    'customers',
    'rate_limits',
    'admin_sessions',
    'admin_users',
    'app_settings',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
