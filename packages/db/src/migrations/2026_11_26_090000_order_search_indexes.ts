import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// Indexes for the Orders page search, each measured on 1,000,000 orders (see docs in the repositories):
// - Order numbers are matched case-insensitively ("fb-10427"): without an index on
//   upper(order_number) the lookup was a 450 ms scan.
// - shipments_awb_unique is partial (booking_state <> 'void'), so a plain `awb = $1` cannot use it
//   (600 ms scan); a voided booking's AWB should still be findable, so this covers every AWB.
// - Name search finds the matching customers, then each one's newest orders: (customer_id,
//   placed_at desc, id desc) including status answers that from the index alone. It replaces
//   orders_customer_idx, whose every use (foreign-key checks, a customer's orders) it also serves.
// Plain CREATE INDEX blocks writes to the table while it builds (about a second per million rows);
// the migrator runs in a transaction, which CONCURRENTLY cannot.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index orders_order_number_upper_idx on orders (upper(order_number))`.execute(db);
  await sql`create index shipments_awb_idx on shipments (awb) where awb is not null`.execute(db);
  await sql`create index orders_customer_placed_idx on orders (customer_id, placed_at desc, id desc) include (status)`.execute(
    db,
  );
  await sql`drop index if exists orders_customer_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists orders_customer_idx on orders (customer_id)`.execute(db);
  await sql`drop index if exists orders_customer_placed_idx`.execute(db);
  await sql`drop index if exists shipments_awb_idx`.execute(db);
  await sql`drop index if exists orders_order_number_upper_idx`.execute(db);
}
