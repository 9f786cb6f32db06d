import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// Issue 26: a webhook push's INSERT is WAL-bound; each index a pending push enters is a random
// B-tree insert written to the WAL. The pushes waiting by shipment (`pending`, `deferred`,
// `failed`) were indexed on iCarry id, AWB and client ref, so every push entered three random
// indexes as it arrived, to be deleted from them as soon as it was applied.
// - The three "waiting" indexes keep only `deferred` and `failed` pushes (the ones that wait
//   long); a `pending` push is found by shipment through webhook_inbox_pending (the applier's
//   short queue), so listWaitingInboxIds reads both.
// - webhook_inbox_order_idx (the admin's "pushes of this order") keeps only rows with an order:
//   a push has none until it is applied.

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, column] of WAITING) {
    await sql`drop index if exists ${sql.id(name)}`.execute(db);
    await sql`create index ${sql.id(name)} on webhook_inbox (${sql.id(column)}) where outcome in ('deferred', 'failed')`.execute(
      db,
    );
  }
  await sql`drop index if exists webhook_inbox_order_idx`.execute(db);
  await sql`create index webhook_inbox_order_idx on webhook_inbox (order_id, received_at) where order_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name, column] of WAITING) {
    await sql`drop index if exists ${sql.id(name)}`.execute(db);
    await sql`create index ${sql.id(name)} on webhook_inbox (${sql.id(column)}) where outcome in ('pending', 'deferred', 'failed')`.execute(
      db,
    );
  }
  await sql`drop index if exists webhook_inbox_order_idx`.execute(db);
  await sql`create index webhook_inbox_order_idx on webhook_inbox (order_id, received_at)`.execute(db);
}

const WAITING = [
  ['webhook_inbox_waiting_idx', 'provider_shipment_id'],
  ['webhook_inbox_waiting_awb_idx', 'awb'],
  ['webhook_inbox_waiting_client_ref_idx', 'client_order_id'],
] as const;
