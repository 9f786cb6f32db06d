import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// 1. Labels: when a shipment's label was last printed (shown in the order views).
// 2. The stuck-shipment watchdog measures "no carrier movement", which last_event_at cannot tell:
//    a duplicate or late push touches it without anything moving. last_movement_at changes only
//    when the status moves forward or a new courier scan arrives. stuck_stage/stuck_since say which
//    rule flagged it and since when (null = not stuck).
// 3. What iCarry charged (billing sync) beside what it quoted, in paise and grams, with the day it
//    billed, when we last asked, and whether the difference was flagged.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table shipments add column label_printed_at timestamptz`.execute(db);

  await sql`alter table shipments add column last_movement_at timestamptz`.execute(db);
  await sql`update shipments set last_movement_at = coalesce(last_event_at, booked_at) where booking_state = 'booked'`.execute(
    db,
  );
  await sql`alter table shipments add column stuck_stage text check (stuck_stage in ('awaiting_pickup', 'in_transit', 'ndr'))`.execute(
    db,
  );
  await sql`alter table shipments add column stuck_since timestamptz`.execute(db);
  await sql`create index shipments_stuck_idx on shipments (order_id) where stuck_stage is not null`.execute(db);
  await sql`alter table shipments add constraint shipments_stuck_check check ((stuck_stage is null) = (stuck_since is null))`.execute(
    db,
  );
  // The watchdog's candidates: booked parcels on their way (not final).
  await sql`create index shipments_moving_idx on shipments (last_movement_at) where booking_state = 'booked' and status in ('pending_pickup', 'pickup_scheduled', 'manifested', 'picked_up', 'in_transit', 'out_for_delivery', 'rto_in_transit')`.execute(
    db,
  );

  await sql`alter table shipments add column billed_paise integer check (billed_paise >= 0)`.execute(db);
  await sql`alter table shipments add column billed_weight_grams integer check (billed_weight_grams > 0)`.execute(db);
  await sql`alter table shipments add column billed_on date`.execute(db);
  await sql`alter table shipments add column billed_at timestamptz`.execute(db);
  await sql`alter table shipments add column billing_checked_at timestamptz`.execute(db);
  await sql`alter table shipments add column billing_flagged boolean not null default false`.execute(db);
  // The billing job's candidates: finished parcels iCarry has not billed yet.
  await sql`create index shipments_unbilled_idx on shipments (billing_checked_at nulls first) where booking_state = 'booked' and billed_at is null and status in ('delivered', 'rto_delivered')`.execute(
    db,
  );
  await sql`create index shipments_billed_idx on shipments (billed_on) where billed_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists shipments_billed_idx`.execute(db);
  await sql`drop index if exists shipments_unbilled_idx`.execute(db);
  await sql`drop index if exists shipments_moving_idx`.execute(db);
  await sql`drop index if exists shipments_stuck_idx`.execute(db);
  await sql`alter table shipments drop constraint if exists shipments_stuck_check`.execute(db);
  for (const column of [
    'billing_flagged',
    'billing_checked_at',
    'billed_at',
    'billed_on',
    'billed_weight_grams',
    'billed_paise',
    'stuck_since',
    'stuck_stage',
    'last_movement_at',
    'label_printed_at',
  ]) {
    await sql`alter table shipments drop column ${sql.ref(column)}`.execute(db);
  }
}
