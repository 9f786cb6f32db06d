import { catchUpDeliveryMemory } from '@app/db';
import type { AppDeps } from '../../platform/core/deps';

/**
 * Counts every closed shipment the delivery memory has not seen yet: the demo's history after
 * seeding, shipments closed before the memory existed, and any closed by a path other than a
 * carrier status (each shipment once; the live path counts as each push closes a parcel).
 */
export async function catchUpMemory(deps: AppDeps): Promise<number> {
  const counted = await catchUpDeliveryMemory(deps.db, deps.clock.now());
  if (counted > 0) deps.logger.info({ counted }, 'delivery memory caught up with closed shipments');
  return counted;
}
