import { buildPath } from '../router/route-table';

/** A bulk shipment's progress page: it outlives the tab that started it, so it has its own URL. */
export const BATCH_PATH = '/admin/orders/batches/:batchId';
export const BATCH_ID = /^\d{1,18}$/;

export function batchHref(batchId: string): string {
  return buildPath(BATCH_PATH, { batchId });
}
