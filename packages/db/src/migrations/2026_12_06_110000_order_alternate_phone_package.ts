import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// Issue 22: what an order's source says about reaching the customer and about the parcel.
// - alternate_phone: the customer's second mobile (Shiprocket's "Customer Alternate Mobile", REST
//   `alternatePhone`), the number a courier calls when the first does not answer; 10 digits as
//   iCarry takes them.
// - package_*_cm: the box the source declared (Shiprocket's Length/Breadth/Height, REST
//   `package`), booked instead of the store's default box; whole cm, all three or none.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('orders')
    .addColumn('alternate_phone', 'text', (c) => c.check(sql`alternate_phone ~ '^[6-9][0-9]{9}$'`))
    .addColumn('package_length_cm', 'integer', (c) => c.check(sql`package_length_cm between 1 and 300`))
    .addColumn('package_breadth_cm', 'integer', (c) => c.check(sql`package_breadth_cm between 1 and 300`))
    .addColumn('package_height_cm', 'integer', (c) => c.check(sql`package_height_cm between 1 and 300`))
    .execute();
  await sql`alter table orders add constraint orders_package_whole_check check (
    (package_length_cm is null) = (package_breadth_cm is null) and (package_length_cm is null) = (package_height_cm is null)
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table orders drop constraint if exists orders_package_whole_check`.execute(db);
  await db.schema
    .alterTable('orders')
    .dropColumn('package_height_cm')
    .dropColumn('package_breadth_cm')
    .dropColumn('package_length_cm')
    .dropColumn('alternate_phone')
    .execute();
}
