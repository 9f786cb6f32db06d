import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// Issue 24: COD confirmation (DESIGN "Talking to the customer before the courier").
// - orders.cod_confirmation: null = not needed; pending until the customer answers (confirmed,
//   declined) or the request's time runs out (expired). requested/answered/expires times, how the
//   answer came (the page or a WhatsApp button), and an admin's override (who, when).
// - status_history.source 'customer': the customer's own answer in the order's history.
// - orders.attention_kind 'cod_declined': a declined COD order is flagged for a person.
// - outbound_events.type 'order.cod_declined' and channel_writebacks.kind 'cod_note': the store's
//   systems are told (an event out; a note on the Shopify or WooCommerce order).

const ATTENTION_BEFORE = [
  'booking_unknown',
  'ndr',
  'ndr_response',
  'address_changed',
  'cancel_requested',
  'stuck',
  'billing',
  'review',
];
const EVENTS_BEFORE = [
  'order.created',
  'shipment.booked',
  'shipment.picked_up',
  'shipment.out_for_delivery',
  'shipment.ndr',
  'shipment.delivered',
  'shipment.rto_initiated',
  'shipment.rto_delivered',
  'shipment.cancelled',
];
const WRITEBACKS_BEFORE = ['fulfillment', 'fulfillment_event', 'note', 'complete'];
const HISTORY_BEFORE = ['admin', 'booking', 'webhook', 'sync', 'track', 'system'];

const list = (values: string[]) => sql.join(values.map((v) => sql.lit(v)));

async function setCheck(db: Kysely<any>, table: string, column: string, values: string[]): Promise<void> {
  const name = `${table}_${column}_check`;
  await sql`alter table ${sql.table(table)} drop constraint if exists ${sql.ref(name)}`.execute(db);
  await sql`alter table ${sql.table(table)} add constraint ${sql.ref(name)} check (${sql.ref(column)} in (${list(values)}))`.execute(
    db,
  );
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('orders')
    .addColumn('cod_confirmation', 'text', (c) =>
      c.check(sql`cod_confirmation in ('pending', 'confirmed', 'declined', 'expired')`),
    )
    .addColumn('cod_confirmation_requested_at', 'timestamptz')
    .addColumn('cod_confirmation_expires_at', 'timestamptz')
    .addColumn('cod_confirmation_answered_at', 'timestamptz')
    .addColumn('cod_confirmation_via', 'text', (c) => c.check(sql`cod_confirmation_via in ('page', 'whatsapp')`))
    .addColumn('cod_confirmation_override_by', 'bigint', (c) => c.references('admin_users.id').onDelete('set null'))
    .addColumn('cod_confirmation_override_at', 'timestamptz')
    .execute();
  await sql`alter table orders add constraint orders_cod_confirmation_times_check check (
    cod_confirmation is null or (cod_confirmation_requested_at is not null and cod_confirmation_expires_at is not null)
  )`.execute(db);
  // The expiry job's walk: only pending requests, soonest first.
  await sql`create index orders_cod_confirmation_pending_idx on orders (cod_confirmation_expires_at, id)
    where cod_confirmation = 'pending'`.execute(db);
  // The Processing list's filter by confirmation state, newest first like the list.
  await sql`create index orders_cod_confirmation_list_idx on orders (cod_confirmation, placed_at desc, id desc)
    where cod_confirmation is not null`.execute(db);
  await setCheck(db, 'orders', 'attention_kind', [...ATTENTION_BEFORE, 'cod_declined']);
  await setCheck(db, 'outbound_events', 'type', [...EVENTS_BEFORE, 'order.cod_declined']);
  await setCheck(db, 'channel_writebacks', 'kind', [...WRITEBACKS_BEFORE, 'cod_note']);
  await setCheck(db, 'status_history', 'source', [...HISTORY_BEFORE, 'customer']);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`update orders set attention_kind = 'review' where attention_kind = 'cod_declined'`.execute(db);
  await sql`delete from channel_writebacks where kind = 'cod_note'`.execute(db);
  await sql`delete from outbound_events where type = 'order.cod_declined'`.execute(db);
  await sql`update status_history set source = 'system' where source = 'customer'`.execute(db);
  await setCheck(db, 'status_history', 'source', HISTORY_BEFORE);
  await setCheck(db, 'channel_writebacks', 'kind', WRITEBACKS_BEFORE);
  await setCheck(db, 'outbound_events', 'type', EVENTS_BEFORE);
  await setCheck(db, 'orders', 'attention_kind', ATTENTION_BEFORE);
  await sql`drop index if exists orders_cod_confirmation_list_idx`.execute(db);
  await sql`drop index if exists orders_cod_confirmation_pending_idx`.execute(db);
  await sql`alter table orders drop constraint if exists orders_cod_confirmation_times_check`.execute(db);
  await db.schema
    .alterTable('orders')
    .dropColumn('cod_confirmation_override_at')
    .dropColumn('cod_confirmation_override_by')
    .dropColumn('cod_confirmation_via')
    .dropColumn('cod_confirmation_answered_at')
    .dropColumn('cod_confirmation_expires_at')
    .dropColumn('cod_confirmation_requested_at')
    .dropColumn('cod_confirmation')
    .execute();
}
