import {
  findShipmentById,
  insertScan,
  listQuietShipments,
  lockShipment,
  markShipmentMoved,
  stampShipmentSynced,
} from '@app/db';
import { ICarryError, isFinalShipmentStatus, SHIPMENT_STATUSES } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { sha256 } from '../../platform/security/tokens';
import { applyCarrierStatus } from '../shipments/carrier-status';

const FINAL_STATUSES = SHIPMENT_STATUSES.filter(isFinalShipmentStatus);

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
  const quiet = await listQuietShipments(deps.db, {
    cutoff: new Date(deps.clock.now().getTime() - quietMs),
    finalStatuses: FINAL_STATUSES,
    limit: options.limit ?? 200,
  });
  if (quiet.length === 0) return { asked: 0, applied: 0 };
  const byProviderId = new Map(quiet.map((s) => [s.providerShipmentId, s.id]));
  const answers = await deps.icarry.syncStatuses([...byProviderId.keys()]);
  // Every shipment asked about is stamped, answered or not (iCarry leaves some out, or answers 0):
  // the next round asks the others first instead of the same unanswered ones forever.
  await stampShipmentSynced(deps.db, [...byProviderId.values()], deps.clock.now());
  let applied = 0;
  for (const answer of answers) {
    const shipmentId = byProviderId.get(answer.shipmentId);
    if (!shipmentId || answer.statusCode === '0' || answer.statusCode === '') continue;
    const outcome = await deps.db.transaction().execute(async (tx) => {
      const shipment = await lockShipment(tx, shipmentId);
      if (!shipment) return null;
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

/**
 * Adds the courier's scans (places, notes) to the history; informational, never moves status.
 * When iCarry refuses the call (a shipment it does not know, an account problem: `retryable`
 * false) asking again gets the same refusal, so nothing is added and the job ends there, not in
 * the queue's retries (the client has logged the refusal; the reconcile sweep still asks about
 * quiet shipments). An error that may pass (a 5xx, a timeout) throws, and the job is retried.
 */
export async function enrichFromTracking(deps: AppDeps, shipmentId: string): Promise<number> {
  if (!deps.icarry) return 0;
  const shipment = await findShipmentById(deps.db, shipmentId);
  if (!shipment?.providerShipmentId) return 0;
  const tracked = await deps.icarry.track(shipment.providerShipmentId).catch((err: unknown) => {
    if (err instanceof ICarryError && !err.retryable) return null;
    throw err;
  });
  if (!tracked) return 0;
  let added = 0;
  for (const event of tracked.events) {
    const key = `scan:${sha256(`${event.at?.toISOString() ?? ''}|${event.location ?? ''}|${event.notes ?? ''}`).slice(0, 32)}`;
    const isNew = await insertScan(deps.db, {
      orderId: shipment.orderId,
      shipmentId: shipment.id,
      description: event.notes || 'Scan',
      location: event.location,
      occurredAt: event.at,
      recordedAt: deps.clock.now(),
      dedupeKey: key,
    });
    if (isNew) added++;
  }
  // A new scan is carrier movement even when the status code stays the same (the stuck watchdog's clock).
  if (added > 0) await markShipmentMoved(deps.db, shipment.id, deps.clock.now());
  return added;
}
