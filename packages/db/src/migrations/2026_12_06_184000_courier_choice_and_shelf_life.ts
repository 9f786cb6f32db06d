import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// Issue 25: a third courier policy, "best" (the best delivery rate within an allowance of the
// cheapest, from the store's own deliveries); why each shipment's courier was chosen, kept with the
// shipment so Order Details says it for the parcel's whole life; and a product's shelf life in
// days, so a perishable parcel that the slow tenth of deliveries would spoil is warned about.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table ship_batches drop constraint ship_batches_courier_policy_check`.execute(db);
  await sql`alter table ship_batches add constraint ship_batches_courier_policy_check
    check (courier_policy in ('cheapest', 'courier', 'best'))`.execute(db);
  await db.schema.alterTable('shipments').addColumn('courier_choice', 'text').execute();
  await db.schema
    .alterTable('products')
    .addColumn('shelf_life_days', 'integer', (c) => c.check(sql`shelf_life_days between 1 and 3650`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('products').dropColumn('shelf_life_days').execute();
  await db.schema.alterTable('shipments').dropColumn('courier_choice').execute();
  await sql`update ship_batches set courier_policy = 'cheapest' where courier_policy = 'best'`.execute(db);
  await sql`alter table ship_batches drop constraint ship_batches_courier_policy_check`.execute(db);
  await sql`alter table ship_batches add constraint ship_batches_courier_policy_check
    check (courier_policy in ('cheapest', 'courier'))`.execute(db);
}
