import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// An intake finds a known customer by one probe per phone: the oldest customer with it
// (`where phone = $1 order by id limit 1`, customer.repository.ts intakeCustomersCtes). With the
// index on phone alone, a plan made while the table was small walked customers_pkey in id order
// and filtered on the phone, which reads every customer for a phone nobody has yet (a CSV import of
// 10,000 orders: 3.6 s -> 19-35 s). With id inside the index the probe reads the phone's first
// entry and stops. Same name: every other lookup by phone is served as before. Rebuilding it
// blocks writes to customers for ~1 s per million customers (the migrator runs in a transaction).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists customers_phone_idx`.execute(db);
  await sql`create index customers_phone_idx on customers (phone, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists customers_phone_idx`.execute(db);
  await sql`create index customers_phone_idx on customers (phone)`.execute(db);
}
