import { findShipBatch, listRecentShipBatches, listShipBatchItems, type ShipBatchItemRecord } from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import type { CourierPolicy } from './ship-many';

export type BatchItemState = 'queued' | 'booking' | 'booked' | 'failed' | 'unknown' | 'skipped';

/**
 * An item as the progress view shows it: a booking left unknown that has since been resolved (an
 * admin, or iCarry's push) shows as booked, with its AWB.
 */
function viewItem(item: ShipBatchItemRecord) {
  const booked = item.shipment?.bookingState === 'booked' && (item.state === 'booked' || item.state === 'unknown');
  const state: BatchItemState = booked ? 'booked' : item.state;
  return {
    orderId: item.orderId,
    orderNumber: item.orderNumber,
    state,
    ...(booked && item.shipment?.awb ? { awb: item.shipment.awb } : {}),
    ...(booked && item.shipment?.courierName ? { courierName: item.shipment.courierName } : {}),
    ...(!booked && item.error ? { error: item.error } : {}),
    ...(!booked && item.errorCode ? { errorCode: item.errorCode } : {}),
    ...(item.note ? { note: item.note } : {}),
    /** Booked with an AWB: "Print labels for these" includes it. */
    canPrintLabel: booked && Boolean(item.shipment?.awb),
  };
}

function tally(states: readonly BatchItemState[]) {
  const count = (s: BatchItemState) => states.filter((x) => x === s).length;
  const queued = count('queued');
  const booking = count('booking');
  return {
    total: states.length,
    done: states.length - queued - booking,
    booked: count('booked'),
    failed: count('failed'),
    unknown: count('unknown'),
    skipped: count('skipped'),
    queued,
    booking,
  };
}

/** orders.batch: the progress bar and the per-order results, computed from the database on every call. */
export async function getBatchView(deps: AppDeps, batchId: string) {
  const batch = await findShipBatch(deps.db, batchId);
  if (!batch) throw new AppError('BATCH_NOT_FOUND');
  const items = (await listShipBatchItems(deps.db, batchId)).map(viewItem);
  return {
    batchId: batch.id,
    state: batch.state,
    ...tally(items.map((i) => i.state)),
    courierPolicy: (batch.courierPolicy === 'courier' && batch.courierId
      ? { courierId: batch.courierId }
      : batch.courierPolicy === 'best'
        ? 'best'
        : 'cheapest') satisfies CourierPolicy as CourierPolicy,
    mode: batch.mode,
    createdAt: batch.createdAt,
    finishedAt: batch.finishedAt,
    /** Orders whose label can be printed now (GET /api/labels.pdf?orderIds=...). */
    printableOrderIds: items.filter((i) => i.canPrintLabel).map((i) => i.orderId),
    items,
  };
}

/** orders.batches: recent bulk shipments, so a reopened tab finds the one still running. */
export async function listBatches(deps: AppDeps, input: { limit: number }) {
  const batches = await listRecentShipBatches(deps.db, input.limit);
  return {
    items: batches.map((b) => {
      const c = b.counts;
      return {
        batchId: b.id,
        state: b.state,
        total: b.total,
        done: b.total - c.queued - c.booking,
        booked: c.booked,
        failed: c.failed,
        unknown: c.unknown,
        skipped: c.skipped,
        createdAt: b.createdAt,
        finishedAt: b.finishedAt,
      };
    }),
  };
}
