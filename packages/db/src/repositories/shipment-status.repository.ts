import type { ShipmentStatus } from '@app/shipping';
import { sql, type Transaction } from 'kysely';
import type { DB, WeightDiscrepancy } from '../schema';
import type { DbExecutor } from './db-executor';
import { toShipmentRecord, type ShipmentRecord } from './shipment.repository';

export interface ShipmentRef {
  providerShipmentId?: string | undefined;
  awb?: string | undefined;
  clientRef?: string | undefined;
}

/** Finds and locks the shipment a push names: iCarry's shipment id first, then the AWB (not a voided one), then our client ref. */
export async function lockShipmentByRef(tx: Transaction<DB>, ref: ShipmentRef): Promise<ShipmentRecord | undefined> {
  const lookups = [
    ref.providerShipmentId &&
      tx
        .selectFrom('shipments')
        .selectAll()
        .where('provider', '=', 'icarry')
        .where('provider_shipment_id', '=', ref.providerShipmentId),
    ref.awb && tx.selectFrom('shipments').selectAll().where('awb', '=', ref.awb).where('booking_state', '<>', 'void'),
    ref.clientRef && tx.selectFrom('shipments').selectAll().where('client_ref', '=', ref.clientRef),
  ];
  for (const lookup of lookups) {
    if (!lookup) continue;
    const row = await lookup.forUpdate().executeTakeFirst();
    if (row) return toShipmentRecord(row);
  }
  return undefined;
}

/**
 * The applier's batch read: every shipment any of these refs names (iCarry's shipment id, a
 * non-void AWB, our client ref), locked, in id order (two appliers lock in the same order, so
 * they wait for each other instead of deadlocking). One statement for a batch of pushes; the
 * caller picks each push's shipment with the same precedence as lockShipmentByRef.
 */
export async function lockShipmentsByRefs(
  tx: Transaction<DB>,
  refs: { providerShipmentIds: readonly string[]; awbs: readonly string[]; clientRefs: readonly string[] },
): Promise<ShipmentRecord[]> {
  const { providerShipmentIds, awbs, clientRefs } = refs;
  if (providerShipmentIds.length + awbs.length + clientRefs.length === 0) return [];
  const rows = await tx
    .selectFrom('shipments')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(providerShipmentIds.length > 0
          ? [eb.and([eb('provider', '=', 'icarry'), eb('provider_shipment_id', 'in', providerShipmentIds)])]
          : []),
        ...(awbs.length > 0 ? [eb.and([eb('awb', 'in', awbs), eb('booking_state', '<>', 'void')])] : []),
        ...(clientRefs.length > 0 ? [eb('client_ref', 'in', clientRefs)] : []),
      ]),
    )
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map(toShipmentRecord);
}

/** What a batch of carrier statuses did to one shipment: its last forward status, or only "an event arrived". */
export interface ShipmentEventsApplied {
  shipmentId: string;
  /** The status it moved to (the last forward one), or null when every event was late or repeated. */
  status: ShipmentStatus | null;
  carrierStatusCode: string | null;
}

/**
 * One UPDATE for a batch's shipments: a shipment that moved gets its status, code and movement
 * (as setShipmentStatus), one that only heard late or repeated events is touched (as
 * touchShipmentEvent).
 */
export async function applyShipmentEvents(
  tx: Transaction<DB>,
  changes: readonly ShipmentEventsApplied[],
  now: Date,
): Promise<void> {
  if (changes.length === 0) return;
  const values = sql.join(
    changes.map((c) => sql`(${c.shipmentId}::bigint, ${c.status}::text, ${c.carrierStatusCode}::text)`),
  );
  await sql`
    update shipments s set
      last_event_at = ${now},
      status = coalesce(v.status, s.status),
      carrier_status_code = case when v.status is null then s.carrier_status_code else v.code end,
      last_movement_at = case when v.status is null then s.last_movement_at else ${now} end,
      stuck_stage = case when v.status is null then s.stuck_stage else null end,
      stuck_since = case when v.status is null then s.stuck_since else null end,
      updated_at = case when v.status is null then s.updated_at else ${now} end
    from (values ${values}) as v(id, status, code)
    where s.id = v.id`.execute(tx);
}

export async function setShipmentAwb(tx: Transaction<DB>, shipmentId: string, awb: string, now: Date): Promise<void> {
  await tx
    .updateTable('shipments')
    .set({ awb, needs_review: false, review_reason: null, updated_at: now })
    .where('id', '=', shipmentId)
    .execute();
}

export async function flagShipmentReview(
  tx: Transaction<DB>,
  shipmentId: string,
  reason: string,
  now: Date,
): Promise<void> {
  await tx
    .updateTable('shipments')
    .set({ needs_review: true, review_reason: reason, last_event_at: now, updated_at: now })
    .where('id', '=', shipmentId)
    .execute();
}

/** A carrier event arrived (even one that changes nothing): the shipment is not quiet. */
export async function touchShipmentEvent(tx: Transaction<DB>, shipmentId: string, now: Date): Promise<void> {
  await tx.updateTable('shipments').set({ last_event_at: now }).where('id', '=', shipmentId).execute();
}

export async function setShipmentStatus(
  tx: Transaction<DB>,
  shipmentId: string,
  change: { status: ShipmentStatus; carrierStatusCode: string; now: Date },
): Promise<void> {
  await tx
    .updateTable('shipments')
    .set({
      status: change.status,
      carrier_status_code: change.carrierStatusCode,
      last_event_at: change.now,
      // A forward move is movement: the parcel is no longer stuck where it was.
      last_movement_at: change.now,
      stuck_stage: null,
      stuck_since: null,
      updated_at: change.now,
    })
    .where('id', '=', shipmentId)
    .execute();
}

/** A new courier scan arrived: the parcel moved even if its status did not. */
export async function markShipmentMoved(db: DbExecutor, shipmentId: string, now: Date): Promise<void> {
  await db
    .updateTable('shipments')
    .set({ last_movement_at: now, stuck_stage: null, stuck_since: null })
    .where('id', '=', shipmentId)
    .execute();
}

export async function setWeightDiscrepancy(
  tx: Transaction<DB>,
  shipmentId: string,
  discrepancy: WeightDiscrepancy,
  now: Date,
): Promise<void> {
  await tx
    .updateTable('shipments')
    .set({ weight_discrepancy: JSON.stringify(discrepancy), updated_at: now })
    .where('id', '=', shipmentId)
    .execute();
}

/**
 * Booked shipments that are not final, have gone quiet since `cutoff` and were not asked about
 * since then either; never asked first, then least recently asked, so every quiet shipment gets
 * its turn however many iCarry leaves unanswered.
 */
export async function listQuietShipments(
  db: DbExecutor,
  input: { cutoff: Date; finalStatuses: readonly ShipmentStatus[]; limit: number },
): Promise<{ id: string; providerShipmentId: string }[]> {
  const rows = await db
    .selectFrom('shipments')
    .select(['id', 'provider_shipment_id'])
    .where('booking_state', '=', 'booked')
    .where('provider_shipment_id', 'is not', null)
    .where((eb) => eb.or([eb('status', 'is', null), eb('status', 'not in', input.finalStatuses)]))
    .where((eb) => eb.or([eb('last_event_at', 'is', null), eb('last_event_at', '<', input.cutoff)]))
    .where((eb) => eb.or([eb('last_synced_at', 'is', null), eb('last_synced_at', '<', input.cutoff)]))
    .orderBy(sql`last_synced_at asc nulls first`)
    .orderBy('last_event_at')
    .limit(input.limit)
    .execute();
  return rows.flatMap((r) =>
    r.provider_shipment_id ? [{ id: r.id, providerShipmentId: r.provider_shipment_id }] : [],
  );
}

export async function stampShipmentSynced(db: DbExecutor, shipmentIds: readonly string[], now: Date): Promise<void> {
  if (shipmentIds.length === 0) return;
  await db.updateTable('shipments').set({ last_synced_at: now }).where('id', 'in', shipmentIds).execute();
}
