import { findShipmentById, listStalledInboxIds, listWaitingInboxIds } from '@app/db';
import type { AppDeps } from '../deps';
import { applyInboxEntry } from './apply-push';

/** Re-applies pushes that arrived before their shipment was known (e.g. before the booking response). */
export async function applyWaitingPushes(deps: AppDeps, shipmentId: string): Promise<number> {
  const shipment = await findShipmentById(deps.db, shipmentId);
  if (!shipment) return 0;
  const waiting = await listWaitingInboxIds(deps.db, {
    providerShipmentId: shipment.providerShipmentId,
    awb: shipment.awb,
    clientRef: shipment.clientRef,
  });
  for (const id of waiting) await applyInboxEntry(deps, id);
  return waiting.length;
}

/** The sweeper: pushes left pending (a crash between store and apply), failed, or still waiting for their shipment. */
export async function applyStalledPushes(deps: AppDeps, options: { limit?: number } = {}): Promise<number> {
  const now = deps.clock.now().getTime();
  const ids = await listStalledInboxIds(deps.db, {
    settledBefore: new Date(now - 10_000),
    maxAttempts: 20,
    deferredSince: new Date(now - 7 * 24 * 3600_000),
    maxDeferredAttempts: 200,
    limit: options.limit ?? 500,
  });
  for (const id of ids) await applyInboxEntry(deps, id);
  return ids.length;
}
