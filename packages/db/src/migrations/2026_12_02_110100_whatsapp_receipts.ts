import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// WhatsApp delivery receipts (issue 16). `messages.status` stays the outbox's state (did we hand the
// message over); `delivery_status` is what Meta reported afterwards: sent < delivered < read, or
// failed with Meta's error code. Meta's signed webhooks are stored in `whatsapp_inbox` before they
// are acted on, like iCarry's pushes in `webhook_inbox`.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table messages add column delivery_status text check (delivery_status in ('sent', 'delivered', 'read', 'failed'))`.execute(
    db,
  );
  await sql`alter table messages add column delivery_status_at timestamptz`.execute(db);
  await sql`alter table messages add column delivery_error_code integer`.execute(db);
  await sql`alter table messages add column delivery_error text check (length(delivery_error) <= 500)`.execute(db);
  await sql`create index messages_provider_message_idx on messages (provider_message_id) where provider_message_id is not null`.execute(
    db,
  );
  await db.schema
    .createTable('whatsapp_inbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('raw_body', 'text', (c) => c.notNull())
    // The normalised events (statuses, button replies) the body carried; null when it could not be read.
    .addColumn('payload', 'jsonb')
    .addColumn('outcome', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`outcome in ('pending', 'applied', 'ignored', 'rejected', 'failed')`),
    )
    .addColumn('outcome_detail', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed_at', 'timestamptz')
    .execute();
  await sql`create index whatsapp_inbox_waiting_idx on whatsapp_inbox (received_at) where outcome in ('pending', 'failed')`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('whatsapp_inbox').execute();
  await sql`drop index messages_provider_message_idx`.execute(db);
  await sql`alter table messages drop column delivery_error`.execute(db);
  await sql`alter table messages drop column delivery_error_code`.execute(db);
  await sql`alter table messages drop column delivery_status_at`.execute(db);
  await sql`alter table messages drop column delivery_status`.execute(db);
}
