import type { Selectable, Transaction } from 'kysely';
import type { Channel, DB, WritebackKind, WritebackState } from '../schema';
import type { DbExecutor } from './db-executor';
import { isRowId } from './ids';

/** Write-backs: what the product tells a store (fulfilments, cancels), one row per change, retried by the job. */
export interface NewWriteback {
  channel: Channel;
  orderId: string;
  shipmentId: string | null;
  kind: WritebackKind;
  eventStatus: string | null;
  /** One write-back per key, ever: a repeated push cannot write the same milestone twice. */
  dedupeKey: string;
  now: Date;
}

/** Writes the row unless its key exists; returns the new id for the caller to queue, or undefined. */
export async function insertChannelWriteback(tx: Transaction<DB>, input: NewWriteback): Promise<string | undefined> {
  const row = await tx
    .insertInto('channel_writebacks')
    .values({
      channel: input.channel,
      order_id: input.orderId,
      shipment_id: input.shipmentId,
      kind: input.kind,
      event_status: input.eventStatus,
      dedupe_key: input.dedupeKey,
      created_at: input.now,
      updated_at: input.now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export interface WritebackRecord {
  id: string;
  channel: Channel;
  orderId: string;
  shipmentId: string | null;
  kind: WritebackKind;
  eventStatus: string | null;
  state: WritebackState;
  attempts: number;
  remoteId: string | null;
  lastError: string | null;
  userErrors: unknown;
  createdAt: Date;
  updatedAt: Date;
}

function toWritebackRecord(r: Selectable<DB['channel_writebacks']>): WritebackRecord {
  return {
    id: r.id,
    channel: r.channel,
    orderId: r.order_id,
    shipmentId: r.shipment_id,
    kind: r.kind,
    eventStatus: r.event_status,
    state: r.state,
    attempts: r.attempts,
    remoteId: r.remote_id,
    lastError: r.last_error,
    userErrors: r.user_errors,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findChannelWriteback(db: DbExecutor, writebackId: string): Promise<WritebackRecord | undefined> {
  if (!isRowId(writebackId)) return undefined;
  const r = await db.selectFrom('channel_writebacks').selectAll().where('id', '=', writebackId).executeTakeFirst();
  return r && toWritebackRecord(r);
}

/** The store's id for what the order's booking wrote (Shopify's fulfillment), once it is written. */
export async function findWrittenFulfillmentId(
  db: DbExecutor,
  orderId: string,
  shipmentId: string | null,
): Promise<string | undefined> {
  let query = db
    .selectFrom('channel_writebacks')
    .select('remote_id')
    .where('order_id', '=', orderId)
    .where('kind', '=', 'fulfillment')
    .where('state', '=', 'done')
    .where('remote_id', 'is not', null);
  if (shipmentId) query = query.where('shipment_id', '=', shipmentId);
  const row = await query.orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.remote_id ?? undefined;
}

/** Records one try: done (with what the store made), failed for good, or still pending (it will be retried). */
export async function recordWritebackAttempt(
  db: DbExecutor,
  writebackId: string,
  result: { state: WritebackState; error: string | null; userErrors: unknown; remoteId: string | null; now: Date },
): Promise<void> {
  await db
    .updateTable('channel_writebacks')
    .set((eb) => ({
      state: result.state,
      attempts: eb('attempts', '+', 1),
      last_error: result.error?.slice(0, 1000) ?? null,
      user_errors:
        result.userErrors === null || result.userErrors === undefined ? null : JSON.stringify(result.userErrors),
      ...(result.remoteId ? { remote_id: result.remoteId } : {}),
      updated_at: result.now,
    }))
    .where('id', '=', writebackId)
    .execute();
}

export interface WritebackRow extends WritebackRecord {
  orderNumber: string;
}

/** A channel's most recent write-backs, newest first. */
export async function listChannelWritebacks(db: DbExecutor, channel: Channel, limit: number): Promise<WritebackRow[]> {
  const rows = await db
    .selectFrom('channel_writebacks as w')
    .innerJoin('orders as o', 'o.id', 'w.order_id')
    .selectAll('w')
    .select('o.order_number')
    .where('w.channel', '=', channel)
    .orderBy('w.id', 'desc')
    .limit(Math.min(Math.max(limit, 1), 200))
    .execute();
  return rows.map((r) => ({ ...toWritebackRecord(r), orderNumber: r.order_number }));
}
