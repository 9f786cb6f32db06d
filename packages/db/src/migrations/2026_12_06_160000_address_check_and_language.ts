import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// Issue 24: talking to the customer before the courier.
// - orders.address_check_state / address_problems: the address check (India Post's pincode directory
//   and simple rules) as computed on intake and rerun when the address changes; null = not checked yet
//   (orders from before this migration, until the backfill reaches them). Stored so the Processing list
//   can filter on it.
// - customers.language: the language the customer is written to in ('en', 'hi').

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('orders')
    .addColumn('address_check_state', 'text', (c) => c.check(sql`address_check_state in ('ok', 'warning', 'error')`))
    .addColumn('address_problems', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  await db.schema
    .createIndex('orders_address_check_idx')
    .on('orders')
    .columns(['address_check_state', 'id'])
    .where(sql.ref('address_check_state'), 'in', ['warning', 'error'])
    .execute();
  await db.schema
    .alterTable('customers')
    .addColumn('language', 'text', (c) =>
      c
        .notNull()
        .defaultTo('en')
        .check(sql`language in ('en', 'hi')`),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('customers').dropColumn('language').execute();
  await db.schema.dropIndex('orders_address_check_idx').ifExists().execute();
  await db.schema.alterTable('orders').dropColumn('address_problems').dropColumn('address_check_state').execute();
}
