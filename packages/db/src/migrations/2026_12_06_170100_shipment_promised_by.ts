import type { Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// Issue 25: the day the store promised the parcel would arrive, fixed when it was booked (from the
// delivery memory, else the courier network's zone days), so the shipped message and the tracking
// page say the same date for the parcel's whole journey.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('shipments').addColumn('promised_by', 'date').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('shipments').dropColumn('promised_by').execute();
}
