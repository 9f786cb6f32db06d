import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// Issue 26: a Shopify or WooCommerce delivery is stored and answered with one INSERT and applied
// off the request, in batches, by the channel applier.
// - channel_webhooks.attempts: how many times applying was tried (a passing failure is retried,
//   with a backoff, up to a limit).
// - channel_webhooks.next_attempt_at: on a `pending` row, until when an applier holds it (its claim,
//   so another instance does not apply it meanwhile; a claim that outlives a crashed instance
//   expires); on a `failed` row, when its retry is due.
// - A partial index on the rows waiting to be applied, so the claim stays an index scan.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('channel_webhooks')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('channel_webhooks').addColumn('next_attempt_at', 'timestamptz').execute();
  await sql`create index channel_webhooks_waiting on channel_webhooks (id) where outcome in ('pending', 'failed')`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists channel_webhooks_waiting`.execute(db);
  await db.schema.alterTable('channel_webhooks').dropColumn('next_attempt_at').execute();
  await db.schema.alterTable('channel_webhooks').dropColumn('attempts').execute();
}
