import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// Bulk ship: a batch of orders booked by a queue job, with bounded concurrency, that survives a
// closed tab and a restart. The batch and each order's item live here, so progress is a query and
// a restarted instance knows what is left. One instance drives a batch at a time: it holds a lease
// (owner + until) that it renews; a lease that ran out belongs to an instance that died.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ship_batches')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('created_by', 'bigint', (c) => c.notNull().references('admin_users.id'))
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('running')
        .check(sql`state in ('running', 'done')`),
    )
    // 'cheapest', or 'courier' with courier_id (preferred; the cheapest when it is not offered).
    .addColumn('courier_policy', 'text', (c) => c.notNull().check(sql`courier_policy in ('cheapest', 'courier')`))
    .addColumn('courier_id', 'text')
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('surface', 'express')`))
    .addColumn('total', 'integer', (c) => c.notNull().check(sql`total > 0`))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addCheckConstraint('ship_batches_courier_check', sql`(courier_policy = 'courier') = (courier_id is not null)`)
    .execute();
  await sql`create index ship_batches_running_idx on ship_batches (lease_until) where state = 'running'`.execute(db);
  await db.schema
    .createIndex('ship_batches_created_idx')
    .on('ship_batches')
    .columns(['created_at desc', 'id desc'])
    .execute();

  await db.schema
    .createTable('ship_batch_items')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('batch_id', 'bigint', (c) => c.notNull().references('ship_batches.id').onDelete('cascade'))
    .addColumn('order_id', 'bigint', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('queued')
        .check(sql`state in ('queued', 'booking', 'booked', 'failed', 'unknown', 'skipped')`),
    )
    .addColumn('shipment_id', 'bigint', (c) => c.references('shipments.id'))
    .addColumn('error_code', 'text')
    .addColumn('error', 'text', (c) => c.check(sql`length(error) <= 1000`))
    .addColumn('note', 'text', (c) => c.check(sql`length(note) <= 500`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addUniqueConstraint('ship_batch_items_order_unique', ['batch_id', 'order_id'])
    .execute();
  await db.schema
    .createIndex('ship_batch_items_batch_idx')
    .on('ship_batch_items')
    .columns(['batch_id', 'state', 'position'])
    .execute();
  await db.schema.createIndex('ship_batch_items_order_idx').on('ship_batch_items').column('order_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ship_batch_items').ifExists().execute();
  await db.schema.dropTable('ship_batches').ifExists().execute();
}
