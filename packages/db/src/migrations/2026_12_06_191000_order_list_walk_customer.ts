import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// The Orders list's name search with a common prefix walks orders newest first (with a status, by
// orders_status_placed_idx; without, by orders_placed_idx) and keeps those whose customer matches.
// Each order walked cost a heap visit for its customer_id and a customers_pkey probe: "ais" with
// status delivered on 1,000,000 orders walked 1,948 orders through 15,451 buffers (10-38 ms, over
// 20 ms at p99). With customer_id inside the index the walk is index-only and the customers are
// hashed once from customers_name_search_idx: 70 buffers, ~3 ms (order-list.repository.ts).
// Same keys and names: every other use of the two indexes (the list, the tabs, the cursor) is
// served as before. Rebuilding both takes ~2 s per million orders and blocks writes to orders for
// that time (the migrator runs in a transaction, which CONCURRENTLY cannot).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists orders_status_placed_idx`.execute(db);
  await sql`create index orders_status_placed_idx on orders (status, placed_at desc, id desc) include (customer_id)`.execute(
    db,
  );
  await sql`drop index if exists orders_placed_idx`.execute(db);
  await sql`create index orders_placed_idx on orders (placed_at desc, id desc) include (customer_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists orders_status_placed_idx`.execute(db);
  await sql`create index orders_status_placed_idx on orders (status, placed_at desc, id desc)`.execute(db);
  await sql`drop index if exists orders_placed_idx`.execute(db);
  await sql`create index orders_placed_idx on orders (placed_at desc, id desc)`.execute(db);
}
