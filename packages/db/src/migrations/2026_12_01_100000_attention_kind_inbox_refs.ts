import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// 1. "Needs attention" was a boolean plus a message that code matched with `like 'Booking outcome
//    unknown%'`. Code branches on the kind, so the kind is a column with a closed set of values; the
//    text stays for people (attention_reason). NULL kind = nothing to look at.
// 2. The inbox kept client_order_id only inside the JSON payload, read back with payload->>'...'.
//    It is a lookup key like awb and provider_shipment_id, so it gets a column of its own.
// 3. Shipment mode speaks our words (surface | express); iCarry's letters live in its form builder.
// 4. Start-up and the maintenance job look for bookings left in `booking`: a partial index makes
//    that an index lookup instead of a scan of every shipment.

const ATTENTION_KINDS = [
  'booking_unknown',
  'ndr',
  'ndr_response',
  'address_changed',
  'cancel_requested',
  'stuck',
  'billing',
  'review',
];

export async function up(db: Kysely<any>): Promise<void> {
  const kinds = sql.join(ATTENTION_KINDS.map((k) => sql.lit(k)));
  await sql`alter table orders add column attention_kind text check (attention_kind in (${kinds}))`.execute(db);
  await sql`
    update orders set attention_kind = case
      when attention_reason like 'Booking outcome unknown%' then 'booking_unknown'
      when attention_reason like 'NDR:%' then 'ndr'
      else 'review' end
    where needs_attention`.execute(db);
  await sql`update orders set attention_reason = null where attention_kind is null`.execute(db);
  await sql`alter table orders drop column needs_attention`.execute(db);
  await sql`create index orders_attention_idx on orders (attention_kind) where attention_kind is not null`.execute(db);

  await sql`alter table webhook_inbox add column client_order_id text`.execute(db);
  await sql`update webhook_inbox set client_order_id = nullif(payload->>'client_order_id', '') where payload is not null`.execute(
    db,
  );
  await sql`create index webhook_inbox_waiting_client_ref_idx on webhook_inbox (client_order_id) where outcome in ('pending', 'deferred', 'failed')`.execute(
    db,
  );

  await sql`alter table shipments drop constraint if exists shipments_mode_check`.execute(db);
  await sql`alter table shipments alter column mode drop default`.execute(db);
  await sql`update shipments set mode = case mode when 'E' then 'express' else 'surface' end`.execute(db);
  await sql`alter table shipments alter column mode set default 'surface'`.execute(db);
  await sql`alter table shipments add constraint shipments_mode_check check (mode in ('surface', 'express'))`.execute(
    db,
  );

  await sql`create index shipments_booking_idx on shipments (updated_at) where booking_state = 'booking'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists shipments_booking_idx`.execute(db);
  await sql`alter table shipments drop constraint if exists shipments_mode_check`.execute(db);
  await sql`alter table shipments alter column mode drop default`.execute(db);
  await sql`update shipments set mode = case mode when 'express' then 'E' else 'S' end`.execute(db);
  await sql`alter table shipments alter column mode set default 'S'`.execute(db);
  await sql`alter table shipments add constraint shipments_mode_check check (mode in ('S', 'E'))`.execute(db);

  await sql`drop index if exists webhook_inbox_waiting_client_ref_idx`.execute(db);
  await sql`alter table webhook_inbox drop column client_order_id`.execute(db);

  await sql`drop index if exists orders_attention_idx`.execute(db);
  await sql`alter table orders add column needs_attention boolean not null default false`.execute(db);
  await sql`update orders set needs_attention = attention_kind is not null`.execute(db);
  await sql`alter table orders drop column attention_kind`.execute(db);
}
