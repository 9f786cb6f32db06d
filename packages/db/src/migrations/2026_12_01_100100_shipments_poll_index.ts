import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// The status poll asks about booked shipments least recently asked first (never asked first of
// all). An index in that order lets it read the head of the queue instead of sorting every booked
// shipment.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index shipments_poll_idx on shipments (last_synced_at asc nulls first, last_event_at) where booking_state = 'booked'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists shipments_poll_idx`.execute(db);
}
