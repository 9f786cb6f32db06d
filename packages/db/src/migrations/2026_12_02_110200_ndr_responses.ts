import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// The NDR buyer flow (issue 16): the customer's answer to a failed delivery, at most one per NDR
// event (the NDR's order note), written beside an order note of its own kind.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ndr_responses')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('order_id', 'bigint', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('ndr_note_id', 'bigint', (c) => c.notNull().unique().references('order_notes.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('reattempt', 'update_address', 'cancel')`))
    .addColumn('preferred_date', 'date')
    .addColumn('landmark', 'text', (c) => c.check(sql`length(landmark) <= 200`))
    .addColumn('address_line', 'text', (c) => c.check(sql`length(address_line) <= 200`))
    .addColumn('alternate_phone', 'text', (c) => c.check(sql`alternate_phone ~ '^[6-9][0-9]{9}$'`))
    .addColumn('message', 'text', (c) => c.check(sql`length(message) <= 500`))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('page', 'whatsapp')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ndr_responses_order_idx').on('ndr_responses').column('order_id').execute();
  await sql`create index order_notes_ndr_idx on order_notes (created_at desc, id desc) where kind = 'ndr'`.execute(db);
  await sql`alter table order_notes drop constraint order_notes_kind_check`.execute(db);
  await sql`alter table order_notes add constraint order_notes_kind_check check (kind in ('note', 'ndr', 'system', 'weight', 'ndr_response'))`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from order_notes where kind = 'ndr_response'`.execute(db);
  await sql`alter table order_notes drop constraint order_notes_kind_check`.execute(db);
  await sql`alter table order_notes add constraint order_notes_kind_check check (kind in ('note', 'ndr', 'system', 'weight'))`.execute(
    db,
  );
  await sql`drop index order_notes_ndr_idx`.execute(db);
  await db.schema.dropTable('ndr_responses').execute();
}
