import {
  findShipmentById,
  giveUpDeferredInbox,
  listDeferredInboxIds,
  listRetryableInboxIds,
  listWaitingInboxIds,
} from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
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

/**
 * The sweepers: pushes left pending (a crash between storing and applying) or failed are retried;
 * pushes still waiting for their shipment are tried again, least-tried first, until the give-up
 * age, when they stop waiting (a shipment booked outside the app never appears here).
 */
export async function applyStalledPushes(deps: AppDeps, options: { limit?: number } = {}): Promise<number> {
  const now = deps.clock.now().getTime();
  const limit = options.limit ?? 500;
  const retry = await listRetryableInboxIds(deps.db, { settledBefore: new Date(now - 10_000), maxAttempts: 20, limit });
  for (const id of retry) await applyInboxEntry(deps, id);
  const giveUpHours = deps.config.inbox.deferredGiveUpHours;
  const gaveUp = await giveUpDeferredInbox(deps.db, {
    receivedBefore: new Date(now - giveUpHours * 3600_000),
    detail: `no shipment with these ids appeared within ${giveUpHours} h (booked outside this app?); kept for the record`,
    now: deps.clock.now(),
  });
  if (gaveUp > 0) deps.logger.info({ gaveUp }, '[WEBHOOK] deferred pushes stopped waiting for their shipment');
  const deferred = await listDeferredInboxIds(deps.db, {
    receivedSince: new Date(now - giveUpHours * 3600_000),
    limit,
  });
  for (const id of deferred) await applyInboxEntry(deps, id);
  return retry.length + deferred.length;
}
