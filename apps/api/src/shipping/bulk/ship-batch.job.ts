import { randomUUID } from 'node:crypto';
import {
  acquireShipBatchLease,
  claimNextShipBatchItem,
  findActiveShipment,
  findShipBatch,
  finishShipBatchIfComplete,
  finishShipBatchItem,
  listBookingShipBatchItems,
  listRunningShipBatches,
  listShipmentsForOrder,
  releaseShipBatchLease,
  renewShipBatchLease,
  type BatchItemOutcome,
  type ClaimedBatchItem,
  type ShipBatchRecord,
} from '@app/db';
import { shipOrder } from '../booking/ship-order';
import type { AppDeps } from '../../platform/core/deps';
import { AppError, type AppErrorCode } from '../../platform/core/errors';
import { JOBS } from '../../platform/core/job-queue';

/** The order was not booked by this batch because of its state, not because iCarry refused. */
const SKIPPED: readonly AppErrorCode[] = [
  'COD_NOT_CONFIRMED',
  'ORDER_ALREADY_SHIPPED',
  'ORDER_NOT_SHIPPABLE',
  'BOOKING_IN_PROGRESS',
  'ORDER_NOT_FOUND',
];
/** iCarry may have booked it: never retried, reported for an admin (the order is flagged). */
const UNKNOWN: readonly AppErrorCode[] = ['BOOKING_OUTCOME_UNKNOWN', 'BOOKING_NEEDS_REVIEW', 'BOOKING_SUPERSEDED'];

const INTERRUPTED =
  'The app stopped while this order was being booked, so the outcome is unknown. The order is flagged: check the iCarry panel and resolve it in Order Details.';

type Outcome = Omit<BatchItemOutcome, 'now'>;

/**
 * What became of an item whose booking did not finish normally (its driver died, or shipOrder
 * threw something unexpected), read from the order's shipments: never a second call to iCarry
 * when one may have been made. A shipment this item reserved and that is still booking or unknown
 * is `unknown`; one that got booked is `booked`; a refusal is `failed`; nothing reserved means
 * iCarry was never asked, so the item goes back in the queue.
 */
async function inspectItem(deps: AppDeps, item: ClaimedBatchItem): Promise<Outcome> {
  const shipments = await listShipmentsForOrder(deps.db, item.orderId);
  const forward = shipments.filter((s) => s.direction === 'forward');
  const ours = forward.filter((s) => s.createdAt.getTime() >= item.startedAt.getTime());
  const active = forward.find((s) => s.isActive);
  if (active && ours.some((s) => s.id === active.id)) {
    if (active.bookingState === 'booked') return { state: 'booked', shipmentId: active.id };
    return { state: 'unknown', shipmentId: active.id, errorCode: 'BOOKING_OUTCOME_UNKNOWN', error: INTERRUPTED };
  }
  if (active) {
    return {
      state: 'skipped',
      shipmentId: active.id,
      errorCode: active.bookingState === 'booked' ? 'ORDER_ALREADY_SHIPPED' : 'BOOKING_IN_PROGRESS',
      error: active.bookingState === 'booked' ? 'Already shipped.' : 'Already being booked.',
    };
  }
  const refused = ours.find((s) => s.bookingState === 'failed');
  if (refused)
    return {
      state: 'failed',
      shipmentId: refused.id,
      errorCode: 'COURIER_REFUSED',
      error: refused.failureReason ?? 'iCarry refused the booking.',
    };
  return { state: 'queued' };
}

async function bookItem(deps: AppDeps, batch: ShipBatchRecord, item: ClaimedBatchItem): Promise<Outcome> {
  const base = {
    orderId: item.orderId,
    mode: batch.mode,
    adminId: batch.createdBy,
    confirmOverride: batch.codOverride,
  };
  const preferred = batch.courierPolicy === 'courier' ? (batch.courierId ?? undefined) : undefined;
  try {
    try {
      const view = await shipOrder(deps, {
        ...base,
        courierId: preferred,
        courierNamedBy: 'preferred',
        courierPolicy: batch.courierPolicy === 'best' ? 'best' : 'cheapest',
      });
      return { state: 'booked', shipmentId: view.id };
    } catch (err) {
      // A preferred courier that is not offered for this parcel is refused before anything is
      // reserved or sent, so the cheapest can be tried instead.
      if (!(preferred && err instanceof AppError && err.code === 'COURIER_UNAVAILABLE')) throw err;
      const view = await shipOrder(deps, base);
      return {
        state: 'booked',
        shipmentId: view.id,
        note: `The preferred courier is not offered for this parcel; booked the cheapest (${view.courierName ?? 'iCarry'}).`,
      };
    }
  } catch (err) {
    if (!(err instanceof AppError)) {
      deps.logger.error({ err, orderId: item.orderId, batchId: batch.id }, '[iCarry] bulk ship: unexpected error');
      const seen = await inspectItem(deps, item);
      return seen.state === 'queued'
        ? { state: 'failed', errorCode: 'UNEXPECTED', error: 'Something went wrong on our side; nothing was booked.' }
        : seen;
    }
    const shipmentId = (await findActiveShipment(deps.db, item.orderId))?.id ?? null;
    if (UNKNOWN.includes(err.code))
      return { state: 'unknown', shipmentId, errorCode: err.code, error: err.userMessage };
    if (SKIPPED.includes(err.code))
      return { state: 'skipped', shipmentId, errorCode: err.code, error: err.userMessage };
    return { state: 'failed', errorCode: err.code, error: err.userMessage };
  }
}

/** Items a dead driver left in `booking`: settled from the database (see inspectItem). */
async function settleOrphans(deps: AppDeps, batchId: string): Promise<void> {
  for (const item of await listBookingShipBatchItems(deps.db, batchId)) {
    const outcome = await inspectItem(deps, item);
    await finishShipBatchItem(deps.db, item.id, { ...outcome, now: deps.clock.now() });
    deps.logger.warn(
      { batchId, orderId: item.orderId, outcome: outcome.state },
      '[iCarry] bulk ship: item left mid-booking by a stopped instance settled',
    );
  }
}

export type DriveResult = 'done' | 'busy' | 'stopped' | 'lost' | 'missing';

/**
 * Books a batch's queued items, `bulkShip.concurrency` at a time, through shipOrder (one booking
 * per order, whatever else runs). Only the holder of the batch's lease drives it; the lease is
 * renewed while it runs, so a dead instance's batch is taken over once its lease runs out, and
 * what it left mid-booking is settled first. On shutdown it stops claiming, finishes what is in
 * flight and hands the rest on.
 */
export async function driveShipBatch(deps: AppDeps, batchId: string): Promise<DriveResult> {
  const { db, clock, config } = deps;
  const batch = await findShipBatch(db, batchId);
  if (!batch) return 'missing';
  if (batch.state === 'done') return 'done';
  const owner = randomUUID();
  const leaseMs = config.bulkShip.leaseMs;
  const until = () => new Date(clock.now().getTime() + leaseMs);
  if (!(await acquireShipBatchLease(db, { batchId, owner, until: until(), now: clock.now() }))) return 'busy';
  const log = deps.logger.child({ batchId });
  let lost = false;
  const renew = setInterval(
    () => {
      renewShipBatchLease(db, { batchId, owner, until: until() })
        .then((held) => {
          if (!held) lost = true;
        })
        .catch((err: unknown) => log.warn({ err }, 'bulk ship: renewing the lease failed'));
    },
    Math.max(200, Math.floor(leaseMs / 3)),
  );
  try {
    await settleOrphans(deps, batchId);
    const worker = async () => {
      while (!lost && !deps.queue.stopping) {
        const item = await claimNextShipBatchItem(db, { batchId, now: clock.now() });
        if (!item) return;
        const outcome = await bookItem(deps, batch, item);
        await finishShipBatchItem(db, item.id, { ...outcome, now: clock.now() });
      }
    };
    await Promise.all(Array.from({ length: config.bulkShip.concurrency }, worker));
  } finally {
    clearInterval(renew);
  }
  if (lost) {
    log.warn('bulk ship: lease lost to another instance; it carries on');
    return 'lost';
  }
  if (await finishShipBatchIfComplete(db, { batchId, now: clock.now() })) {
    log.info('[iCarry] bulk shipment finished');
    return 'done';
  }
  // Stopping: give the batch up now rather than when the lease runs out, and queue it for whoever runs next.
  await releaseShipBatchLease(db, { batchId, owner, now: clock.now() });
  try {
    await deps.queue.sendNow(JOBS.shipBatch, { batchId });
  } catch (err) {
    log.warn({ err }, 'bulk ship: could not queue the rest; the next start or sweep picks it up');
  }
  return 'stopped';
}

/**
 * Makes sure every running batch has a driver: at start-up and every minute. A batch whose lease
 * ran out (or that was never driven) is queued now; one whose holder may be alive, or may have
 * just died, is queued for when its lease runs out (a live holder makes that job a no-op). One
 * job per batch per minute at most.
 */
export async function resumeShipBatches(deps: AppDeps): Promise<number> {
  const now = deps.clock.now().getTime();
  let queued = 0;
  for (const batch of await listRunningShipBatches(deps.db)) {
    const wait = batch.leaseUntil ? Math.max(0, batch.leaseUntil.getTime() - now) : 0;
    await deps.queue.sendNow(
      JOBS.shipBatch,
      { batchId: batch.id },
      {
        startAfter: Math.ceil(wait / 1000) + (wait > 0 ? 1 : 0),
        singletonKey: `ship-batch:${batch.id}`,
        singletonSeconds: 60,
      },
    );
    queued++;
  }
  return queued;
}
