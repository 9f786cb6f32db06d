import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// Issue 25: what the store's own deliveries say about each pincode and courier.
// - delivery_memory: counts of the shipments that closed (delivered, returned to origin, lost) and
//   how many of them had an NDR, with a histogram of transit days (index 1 = 0 days ... index 31 =
//   30 days or more) so the median and the 90th percentile come from the counts without reading a
//   shipment. One row per scope ('pincode', 'district' = the pincode's first three digits, the
//   sorting district; 'state'), place, courier ('*' = every courier) and payment mode, so any
//   question the promise or the courier choice asks is a read by primary key. Kept up to date as
//   each shipment closes.
// - shipments.remembered_at: set once when the shipment's outcome was counted, so a repeated push
//   or a catch-up pass never counts it twice.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('delivery_memory')
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('pincode', 'district', 'state')`))
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('courier', 'text', (c) => c.notNull())
    .addColumn('payment', 'text', (c) => c.notNull().check(sql`payment in ('cod', 'prepaid')`))
    .addColumn('courier_name', 'text')
    // The state a pincode or district lies in (its full name), for the roll-up.
    .addColumn('state', 'text')
    .addColumn('closed', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`closed >= 0`),
    )
    .addColumn('delivered', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`delivered >= 0`),
    )
    .addColumn('rto', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`rto >= 0`),
    )
    .addColumn('lost', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`lost >= 0`),
    )
    .addColumn('ndr', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`ndr >= 0`),
    )
    .addColumn('transit_days', sql`integer[]`, (c) => c.notNull().check(sql`cardinality(transit_days) = 31`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('delivery_memory_pkey', ['scope', 'place', 'courier', 'payment'])
    .execute();
  await db.schema.alterTable('shipments').addColumn('remembered_at', 'timestamptz').execute();
  // The catch-up pass reads only closed forward shipments not yet counted.
  await sql`create index shipments_unremembered_idx on shipments (id)
    where remembered_at is null and direction = 'forward' and status in ('delivered', 'rto_delivered', 'lost')`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists shipments_unremembered_idx`.execute(db);
  await db.schema.alterTable('shipments').dropColumn('remembered_at').execute();
  await db.schema.dropTable('delivery_memory').execute();
}
