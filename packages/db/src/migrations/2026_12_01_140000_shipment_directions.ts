import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// Returns: a delivered order can get a return pickup (iCarry's reverse shipment) with its own AWB,
// status history and pushes. It is a shipment row like any other, with a direction, so pushes,
// history and the status machine find it the usual way. The "one active shipment per order" rule
// held by a partial unique index on (order_id) becomes one active shipment per order AND
// direction: a booked (delivered) forward parcel and its return pickup may both be active, two
// forward bookings (or two returns) still may not.

const ACTIVE = sql.raw(`booking_state in ('booking', 'booked', 'unknown')`);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table shipments add column direction text not null default 'forward' check (direction in ('forward', 'return'))`.execute(
    db,
  );
  // A return points at the delivered shipment it brings back.
  await sql`alter table shipments add column forward_shipment_id bigint references shipments (id)`.execute(db);
  await sql`alter table shipments add column return_reason text check (length(return_reason) <= 500)`.execute(db);
  await sql`alter table shipments add column refund_note text check (length(refund_note) <= 2000)`.execute(db);
  await sql`alter table shipments add constraint shipments_return_fields_check check (direction = 'return' or (forward_shipment_id is null and return_reason is null and refund_note is null))`.execute(
    db,
  );
  await sql`drop index if exists shipments_one_active_per_order`.execute(db);
  await sql`create unique index shipments_one_active_per_direction on shipments (order_id, direction) where ${ACTIVE}`.execute(
    db,
  );
  await sql`create index shipments_returns_idx on shipments (order_id) where direction = 'return'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists shipments_returns_idx`.execute(db);
  await sql`drop index if exists shipments_one_active_per_direction`.execute(db);
  // Only possible while no order has both an active forward shipment and an active return.
  await sql`create unique index shipments_one_active_per_order on shipments (order_id) where ${ACTIVE}`.execute(db);
  await sql`alter table shipments drop constraint if exists shipments_return_fields_check`.execute(db);
  await sql`alter table shipments drop column refund_note`.execute(db);
  await sql`alter table shipments drop column return_reason`.execute(db);
  await sql`alter table shipments drop column forward_shipment_id`.execute(db);
  await sql`alter table shipments drop column direction`.execute(db);
}
