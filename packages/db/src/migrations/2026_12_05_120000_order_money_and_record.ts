import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app. The outcome list is copied on purpose.
//
// Issue 22, "Right to the rupee and to the record":
// - orders.fees_paise: order-level charges the customer pays beyond items and shipping (a
//   channel's fee lines such as a COD fee, lines that do not ship such as a gift card); the total
//   is now subtotal + shipping + fees - discount, so the record adds up to what the store charged.
// - orders.tax_paise: the tax included in those amounts (GST), kept for the record; never added again.
// - orders.source_updated_at: the version of the order its channel last stated (Shopify
//   `updated_at`, WooCommerce `date_modified_gmt`); a body older than it changes nothing.
// - orders.store_order_number: the number the store and its customer know the order by ("#1001",
//   "WCX19102"), whatever order_number had to be to stay unique; the admin search finds it.
//   WooCommerce orders numbered "WC-<number>" before this get their number back here.
// - customers.whatsapp_opt_out_at: when WhatsApp consent was last withdrawn (whatsapp_opt_in_at:
//   when it was last given); the latest explicit statement wins.
// - channel_webhooks.outcome 'stale': a body older than the one applied, kept with the reason.

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
const list = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('orders')
    .addColumn('fees_paise', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`fees_paise >= 0`),
    )
    .addColumn('tax_paise', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`tax_paise >= 0`),
    )
    .addColumn('source_updated_at', 'timestamptz')
    .addColumn('store_order_number', 'text', (c) => c.check(sql`length(store_order_number) between 1 and 64`))
    .execute();
  await sql`alter table orders drop constraint orders_total_check`.execute(db);
  await sql`alter table orders add constraint orders_total_check check (total_paise = subtotal_paise + shipping_paise + fees_paise - discount_paise)`.execute(
    db,
  );
  await sql`create index orders_store_order_number_upper_idx on orders (upper(store_order_number)) where store_order_number is not null`.execute(
    db,
  );
  await sql`
    update orders set store_order_number = substring(order_number from 4)
    where source = 'woocommerce' and order_number like 'WC-_%' and length(order_number) <= 67`.execute(db);
  await sql`update orders set store_order_number = order_number where source = 'shopify' and order_number !~ '^FB-[0-9]+$'`.execute(
    db,
  );

  await db.schema.alterTable('customers').addColumn('whatsapp_opt_out_at', 'timestamptz').execute();

  await sql`alter table channel_webhooks drop constraint channel_webhooks_outcome_check`.execute(db);
  await sql`alter table channel_webhooks add constraint channel_webhooks_outcome_check check (outcome in (${list([...CHANNEL_OUTCOMES, 'stale'])}))`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`update channel_webhooks set outcome = 'unchanged' where outcome = 'stale'`.execute(db);
  await sql`alter table channel_webhooks drop constraint channel_webhooks_outcome_check`.execute(db);
  await sql`alter table channel_webhooks add constraint channel_webhooks_outcome_check check (outcome in (${list(CHANNEL_OUTCOMES)}))`.execute(
    db,
  );
  await db.schema.alterTable('customers').dropColumn('whatsapp_opt_out_at').execute();
  await sql`drop index if exists orders_store_order_number_upper_idx`.execute(db);
  await sql`alter table orders drop constraint orders_total_check`.execute(db);
  // Fees go back into the items' side of the old equation as shipping, so no row breaks it.
  await sql`update orders set shipping_paise = shipping_paise + fees_paise where fees_paise > 0`.execute(db);
  await sql`alter table orders add constraint orders_total_check check (total_paise = subtotal_paise + shipping_paise - discount_paise)`.execute(
    db,
  );
  await db.schema
    .alterTable('orders')
    .dropColumn('store_order_number')
    .dropColumn('source_updated_at')
    .dropColumn('tax_paise')
    .dropColumn('fees_paise')
    .execute();
}
