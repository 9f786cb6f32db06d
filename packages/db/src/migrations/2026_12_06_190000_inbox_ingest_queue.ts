import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// Issue 26: a webhook push is stored and answered with one INSERT, and applied off the request.
// - webhook_inbox.dedupe_key becomes unique: a repeated push (same shipment and status, same NDR
//   entries, same weight) is answered from the row already stored (`INSERT ... ON CONFLICT DO
//   NOTHING`), so it is neither stored nor applied twice. Repeats stored before this keep their row
//   with the key cleared (the first of each key keeps it).
// - A partial index on the pushes waiting to be applied, so the applier's claim (`outcome =
//   'pending' order by id ... for update skip locked`) stays an index scan however large the inbox grows.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update webhook_inbox set dedupe_key = null
    where id in (
      select id from (
        select id, row_number() over (partition by dedupe_key order by id) as n
        from webhook_inbox where dedupe_key is not null
      ) ranked where n > 1
    )`.execute(db);
  await sql`drop index if exists webhook_inbox_dedupe_idx`.execute(db);
  await sql`create unique index webhook_inbox_dedupe_key on webhook_inbox (dedupe_key)`.execute(db);
  await sql`create index webhook_inbox_pending on webhook_inbox (id) where outcome = 'pending'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists webhook_inbox_pending`.execute(db);
  await sql`drop index if exists webhook_inbox_dedupe_key`.execute(db);
  await sql`create index webhook_inbox_dedupe_idx on webhook_inbox (dedupe_key)`.execute(db);
}
