import { sha256 } from '../security/tokens';
import type { AppDeps } from '../deps';
import { applyCarrierStatus, lockShipment } from './status.service';

const FINAL = ['delivered', 'rto_delivered', 'cancelled', 'lost', 'damaged'] as const;

/**
 * Asks iCarry's status sync about booked shipments that are not final and have been quiet for
 * `quietMinutes`, and applies the answers through the status machine: a missed push costs minutes.
 */
export async function reconcileQuietShipments(
  deps: AppDeps,
  options: { quietMinutes?: number; limit?: number } = {},
): Promise<{ asked: number; applied: number }> {
  if (!deps.icarry) return { asked: 0, applied: 0 };
  const quietMs = (options.quietMinutes ?? deps.config.reconcile.quietMinutes) * 60_000;
  const cutoff = new Date(deps.clock.now().getTime() - quietMs);
  const quiet = await deps.db
    .selectFrom('shipments')
    .select(['id', 'provider_shipment_id'])
    .where('booking_state', '=', 'booked')
    .where('provider_shipment_id', 'is not', null)
    .where((eb) => eb.or([eb('status', 'is', null), eb('status', 'not in', FINAL)]))
    .where((eb) => eb.or([eb('last_event_at', 'is', null), eb('last_event_at', '<', cutoff)]))
    .orderBy('last_event_at')
    .limit(options.limit ?? 200)
    .execute();
  if (quiet.length === 0) return { asked: 0, applied: 0 };
  const byProviderId = new Map(quiet.map((s) => [String(s.provider_shipment_id), s.id]));
  const answers = await deps.icarry.syncStatuses([...byProviderId.keys()]);
  let applied = 0;
  for (const answer of answers) {
    const shipmentId = byProviderId.get(answer.shipmentId);
    if (!shipmentId || answer.statusCode === '0' || answer.statusCode === '') continue;
    const outcome = await deps.db.transaction().execute(async (tx) => {
      const shipment = await lockShipment(tx, shipmentId);
      if (!shipment) return null;
      await tx
        .updateTable('shipments')
        .set({ last_synced_at: deps.clock.now() })
        .where('id', '=', shipmentId)
        .execute();
      return applyCarrierStatus(deps, tx, shipment, {
        source: 'sync',
        carrierCode: answer.statusCode,
        occurredAt: answer.deliveredAt ?? answer.pickedAt ?? null,
      });
    });
    if (outcome === 'applied') applied++;
  }
  deps.logger.info({ asked: quiet.length, answered: answers.length, applied }, '[iCarry] reconciliation done');
  return { asked: quiet.length, applied };
}

/** Adds the courier's scans (places, notes) to the history; informational, never moves status. */
export async function enrichFromTracking(deps: AppDeps, shipmentId: string): Promise<number> {
  if (!deps.icarry) return 0;
  const shipment = await deps.db
    .selectFrom('shipments')
    .select(['id', 'order_id', 'provider_shipment_id'])
    .where('id', '=', shipmentId)
    .executeTakeFirst();
  if (!shipment?.provider_shipment_id) return 0;
  const tracked = await deps.icarry.track(shipment.provider_shipment_id);
  let added = 0;
  for (const event of tracked.events) {
    const key = `scan:${sha256(`${event.at?.toISOString() ?? ''}|${event.location ?? ''}|${event.notes ?? ''}`).slice(0, 32)}`;
    const row = await deps.db
      .insertInto('status_history')
      .values({
        order_id: shipment.order_id,
        shipment_id: shipment.id,
        source: 'track',
        applied: false,
        description: event.notes || 'Scan',
        location: event.location,
        occurred_at: event.at,
        recorded_at: deps.clock.now(),
        dedupe_key: key,
      })
      .onConflict((oc) => oc.columns(['shipment_id', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) added++;
  }
  return added;
}
