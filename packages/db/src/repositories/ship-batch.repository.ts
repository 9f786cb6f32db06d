import { sql, type Transaction } from 'kysely';
import type { BookingState } from '@app/shipping';
import type { ShipmentMode } from '@app/shipping';
import type { DB, ShipBatch, ShipBatchItemState, ShipBatchState } from '../schema';
import type { DbExecutor } from './db-executor';
import { isRowId } from './ids';

export const SHIP_BATCH_ITEM_STATES = ['queued', 'booking', 'booked', 'failed', 'unknown', 'skipped'] as const;
/** Items that will not change again (the batch is done when every item is in one of these). */
export const FINISHED_BATCH_ITEM_STATES = ['booked', 'failed', 'unknown', 'skipped'] as const;

export interface ShipBatchRecord {
  id: string;
  createdBy: string;
  state: ShipBatchState;
  courierPolicy: 'cheapest' | 'courier' | 'best';
  courierId: string | null;
  mode: ShipmentMode;
  /** The admin's confirmOverride: book COD orders their customer has not confirmed. */
  codOverride: boolean;
  total: number;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  createdAt: Date;
  finishedAt: Date | null;
}

function toShipBatchRecord(row: ShipBatch): ShipBatchRecord {
  return {
    id: row.id,
    createdBy: row.created_by,
    state: row.state,
    courierPolicy: row.courier_policy,
    courierId: row.courier_id,
    mode: row.mode,
    codOverride: row.cod_override,
    total: row.total,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

export interface NewShipBatchItem {
  orderId: string;
  /** `skipped` for an order that cannot be shipped (said why in `error`); default `queued`. */
  state?: 'queued' | 'skipped';
  errorCode?: string | null;
  error?: string | null;
}

export interface NewShipBatch {
  createdBy: string;
  courierPolicy: 'cheapest' | 'courier' | 'best';
  courierId: string | null;
  mode: ShipmentMode;
  /** Book COD orders their customer has not confirmed (default false). */
  codOverride?: boolean;
  items: readonly NewShipBatchItem[];
  now: Date;
}

/** The batch and its items, in the order given, in the caller's transaction (the job is sent in the same one). */
export async function insertShipBatch(tx: Transaction<DB>, batch: NewShipBatch): Promise<ShipBatchRecord> {
  const row = await tx
    .insertInto('ship_batches')
    .values({
      created_by: batch.createdBy,
      courier_policy: batch.courierPolicy,
      courier_id: batch.courierId,
      mode: batch.mode,
      cod_override: batch.codOverride ?? false,
      total: batch.items.length,
      created_at: batch.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  // Chunks keep one statement's parameters far below PostgreSQL's 65,535.
  for (let start = 0; start < batch.items.length; start += 1000) {
    await tx
      .insertInto('ship_batch_items')
      .values(
        batch.items.slice(start, start + 1000).map((item, i) => ({
          batch_id: row.id,
          order_id: item.orderId,
          position: start + i,
          state: item.state ?? 'queued',
          error_code: item.errorCode ?? null,
          error: item.error?.slice(0, 1000) ?? null,
          finished_at: item.state === 'skipped' ? batch.now : null,
        })),
      )
      .execute();
  }
  return toShipBatchRecord(row);
}

export async function findShipBatch(db: DbExecutor, batchId: string): Promise<ShipBatchRecord | undefined> {
  if (!isRowId(batchId)) return undefined;
  const row = await db.selectFrom('ship_batches').selectAll().where('id', '=', batchId).executeTakeFirst();
  return row && toShipBatchRecord(row);
}

export interface ShipBatchItemRecord {
  id: string;
  batchId: string;
  orderId: string;
  orderNumber: string;
  position: number;
  state: ShipBatchItemState;
  shipmentId: string | null;
  errorCode: string | null;
  error: string | null;
  note: string | null;
  attempts: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** The item's shipment as it is now (a booking left unknown may have been resolved since). */
  shipment: { bookingState: BookingState; awb: string | null; courierName: string | null } | null;
}

/** Every item of the batch in selection order, with its order number and its shipment as it is now. */
export async function listShipBatchItems(db: DbExecutor, batchId: string): Promise<ShipBatchItemRecord[]> {
  if (!isRowId(batchId)) return [];
  const rows = await db
    .selectFrom('ship_batch_items as i')
    .innerJoin('orders as o', 'o.id', 'i.order_id')
    .leftJoin('shipments as s', 's.id', 'i.shipment_id')
    .select([
      'i.id',
      'i.batch_id',
      'i.order_id',
      'o.order_number',
      'i.position',
      'i.state',
      'i.shipment_id',
      'i.error_code',
      'i.error',
      'i.note',
      'i.attempts',
      'i.started_at',
      'i.finished_at',
      's.booking_state',
      's.awb',
      's.courier_name',
    ])
    .where('i.batch_id', '=', batchId)
    .orderBy('i.position')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    batchId: r.batch_id,
    orderId: r.order_id,
    orderNumber: r.order_number,
    position: r.position,
    state: r.state,
    shipmentId: r.shipment_id,
    errorCode: r.error_code,
    error: r.error,
    note: r.note,
    attempts: r.attempts,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    shipment: r.booking_state ? { bookingState: r.booking_state, awb: r.awb, courierName: r.courier_name } : null,
  }));
}

/** Items per state, zeros included. */
export async function countShipBatchItems(
  db: DbExecutor,
  batchId: string,
): Promise<Record<ShipBatchItemState, number>> {
  const counts = Object.fromEntries(SHIP_BATCH_ITEM_STATES.map((s) => [s, 0])) as Record<ShipBatchItemState, number>;
  if (!isRowId(batchId)) return counts;
  const rows = await db
    .selectFrom('ship_batch_items')
    .select(['state', (eb) => eb.fn.countAll<string>().as('n')])
    .where('batch_id', '=', batchId)
    .groupBy('state')
    .execute();
  for (const row of rows) counts[row.state] = Number(row.n);
  return counts;
}

/** The newest batches, newest first, with their item counts per state. */
export async function listRecentShipBatches(
  db: DbExecutor,
  limit: number,
): Promise<(ShipBatchRecord & { counts: Record<ShipBatchItemState, number> })[]> {
  const rows = await db
    .selectFrom('ship_batches')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  const tallies = await db
    .selectFrom('ship_batch_items')
    .select(['batch_id', 'state', (eb) => eb.fn.countAll<string>().as('n')])
    .where(
      'batch_id',
      'in',
      rows.map((r) => r.id),
    )
    .groupBy(['batch_id', 'state'])
    .execute();
  return rows.map((row) => {
    const counts = Object.fromEntries(SHIP_BATCH_ITEM_STATES.map((s) => [s, 0])) as Record<ShipBatchItemState, number>;
    for (const t of tallies) if (t.batch_id === row.id) counts[t.state] = Number(t.n);
    return { ...toShipBatchRecord(row), counts };
  });
}

/** Running batches and when their driver's lease ends (null: nobody has driven it yet). */
export async function listRunningShipBatches(db: DbExecutor): Promise<{ id: string; leaseUntil: Date | null }[]> {
  const rows = await db
    .selectFrom('ship_batches')
    .select(['id', 'lease_until'])
    .where('state', '=', 'running')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, leaseUntil: r.lease_until }));
}

/**
 * Takes the right to drive a running batch: only when nobody holds it, its lease ran out (the
 * holder died), or `owner` already holds it. True when `owner` now holds it until `until`.
 */
export async function acquireShipBatchLease(
  db: DbExecutor,
  input: { batchId: string; owner: string; until: Date; now: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('ship_batches')
    .set({ lease_owner: input.owner, lease_until: input.until })
    .where('id', '=', input.batchId)
    .where('state', '=', 'running')
    .where((eb) =>
      eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', input.now), eb('lease_owner', '=', input.owner)]),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Extends the lease; false when `owner` no longer holds it (it ran out and another instance took over). */
export async function renewShipBatchLease(
  db: DbExecutor,
  input: { batchId: string; owner: string; until: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('ship_batches')
    .set({ lease_until: input.until })
    .where('id', '=', input.batchId)
    .where('state', '=', 'running')
    .where('lease_owner', '=', input.owner)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Gives the lease up at once (a graceful stop), so another instance can take the batch over. */
export async function releaseShipBatchLease(
  db: DbExecutor,
  input: { batchId: string; owner: string; now: Date },
): Promise<void> {
  await db
    .updateTable('ship_batches')
    .set({ lease_until: input.now })
    .where('id', '=', input.batchId)
    .where('lease_owner', '=', input.owner)
    .execute();
}

export interface ClaimedBatchItem {
  id: string;
  orderId: string;
  startedAt: Date;
}

/**
 * The next queued item in selection order, moved to `booking` in the same statement: each item is
 * claimed once even if two drivers ever overlap (SKIP LOCKED hands them different rows).
 */
export async function claimNextShipBatchItem(
  db: DbExecutor,
  input: { batchId: string; now: Date },
): Promise<ClaimedBatchItem | undefined> {
  const row = await db
    .updateTable('ship_batch_items')
    .set((eb) => ({ state: 'booking', started_at: input.now, attempts: eb('attempts', '+', 1) }))
    .where(
      'id',
      '=',
      db
        .selectFrom('ship_batch_items')
        .select('id')
        .where('batch_id', '=', input.batchId)
        .where('state', '=', 'queued')
        .orderBy('position')
        .limit(1)
        .forUpdate()
        .skipLocked(),
    )
    .where('state', '=', 'queued')
    .returning(['id', 'order_id', 'started_at'])
    .executeTakeFirst();
  return row && { id: row.id, orderId: row.order_id, startedAt: row.started_at ?? input.now };
}

/** Items left in `booking` (a driver died or lost its lease mid-booking). */
export async function listBookingShipBatchItems(db: DbExecutor, batchId: string): Promise<ClaimedBatchItem[]> {
  const rows = await db
    .selectFrom('ship_batch_items')
    .select(['id', 'order_id', 'started_at', 'finished_at'])
    .where('batch_id', '=', batchId)
    .where('state', '=', 'booking')
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ id: r.id, orderId: r.order_id, startedAt: r.started_at ?? new Date(0) }));
}

export interface BatchItemOutcome {
  state: Exclude<ShipBatchItemState, 'booking'>;
  shipmentId?: string | null;
  errorCode?: string | null;
  error?: string | null;
  note?: string | null;
  now: Date;
}

/** Records what became of a claimed item; only an item still `booking` changes. */
export async function finishShipBatchItem(db: DbExecutor, itemId: string, outcome: BatchItemOutcome): Promise<boolean> {
  const result = await db
    .updateTable('ship_batch_items')
    .set({
      state: outcome.state,
      shipment_id: outcome.shipmentId ?? null,
      error_code: outcome.errorCode ?? null,
      error: outcome.error?.slice(0, 1000) ?? null,
      note: outcome.note?.slice(0, 500) ?? null,
      finished_at: outcome.state === 'queued' ? null : outcome.now,
    })
    .where('id', '=', itemId)
    .where('state', '=', 'booking')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Marks the batch done once no item is queued or booking; true when this call finished it. */
export async function finishShipBatchIfComplete(
  db: DbExecutor,
  input: { batchId: string; now: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('ship_batches')
    .set({ state: 'done', finished_at: input.now, lease_owner: null, lease_until: null })
    .where('id', '=', input.batchId)
    .where('state', '=', 'running')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('ship_batch_items')
            .select(sql.lit(1).as('one'))
            .where('batch_id', '=', input.batchId)
            .where('state', 'in', ['queued', 'booking']),
        ),
      ),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
