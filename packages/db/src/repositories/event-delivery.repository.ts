import type { Transaction } from 'kysely';
import type { DB, EventDeliveryState, EventType } from '../schema';
import type { DbExecutor } from './db-executor';
import { isRowId } from './ids';

/** One delivery with what sending it needs: the event's id and body, the endpoint's URL and secret. */
export interface DeliveryToSend {
  id: string;
  eventId: string;
  endpointId: string;
  orderId: string | null;
  state: EventDeliveryState;
  attempts: number;
  msgId: string;
  type: EventType;
  payload: Record<string, unknown>;
  url: string;
  secret: string;
  endpointEnabled: boolean;
}

export async function findDeliveryToSend(db: DbExecutor, deliveryId: string): Promise<DeliveryToSend | undefined> {
  if (!isRowId(deliveryId)) return undefined;
  const row = await db
    .selectFrom('event_deliveries as d')
    .innerJoin('outbound_events as e', 'e.id', 'd.event_id')
    .innerJoin('event_endpoints as ep', 'ep.id', 'd.endpoint_id')
    .select([
      'd.id',
      'd.event_id',
      'd.endpoint_id',
      'd.order_id',
      'd.state',
      'd.attempts',
      'e.msg_id',
      'e.type',
      'e.payload',
      'ep.url',
      'ep.secret',
      'ep.enabled',
    ])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      eventId: row.event_id,
      endpointId: row.endpoint_id,
      orderId: row.order_id,
      state: row.state,
      attempts: row.attempts,
      msgId: row.msg_id,
      type: row.type,
      payload: row.payload,
      url: row.url,
      secret: row.secret,
      endpointEnabled: row.enabled,
    }
  );
}

/**
 * The earliest delivery of the same order to the same endpoint that is still pending and comes
 * before this one: events of one order reach an endpoint in the order they happened.
 */
export async function findEarlierPendingDelivery(
  db: DbExecutor,
  delivery: Pick<DeliveryToSend, 'endpointId' | 'orderId' | 'eventId'>,
): Promise<string | undefined> {
  if (delivery.orderId === null) return undefined;
  const row = await db
    .selectFrom('event_deliveries')
    .select('id')
    .where('endpoint_id', '=', delivery.endpointId)
    .where('order_id', '=', delivery.orderId)
    .where('state', '=', 'pending')
    .where('event_id', '<', delivery.eventId)
    .orderBy('event_id')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** The next pending delivery of the same order to the same endpoint, after this one. */
export async function findNextPendingDelivery(
  db: DbExecutor,
  delivery: Pick<DeliveryToSend, 'endpointId' | 'orderId' | 'eventId'>,
): Promise<string | undefined> {
  if (delivery.orderId === null) return undefined;
  const row = await db
    .selectFrom('event_deliveries')
    .select('id')
    .where('endpoint_id', '=', delivery.endpointId)
    .where('order_id', '=', delivery.orderId)
    .where('state', '=', 'pending')
    .where('event_id', '>', delivery.eventId)
    .orderBy('event_id')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/**
 * Takes a pending delivery that is due for one attempt, leasing it until `leaseUntil` so a second
 * job for the same delivery (a replay, the next-in-line kick) cannot send it at the same time.
 * False when it is not pending, not due, or leased by another attempt.
 */
export async function claimDelivery(
  db: DbExecutor,
  deliveryId: string,
  input: { now: Date; dueBy: Date; leaseUntil: Date },
): Promise<boolean> {
  if (!isRowId(deliveryId)) return false;
  const result = await db
    .updateTable('event_deliveries')
    .set({ next_attempt_at: input.leaseUntil, updated_at: input.now })
    .where('id', '=', deliveryId)
    .where('state', '=', 'pending')
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', input.dueBy)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface DeliveryAttempt {
  deliveryId: string;
  attemptedAt: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** What the attempt leaves the delivery as; `pending` with `nextAttemptAt` = retry later. */
  state: EventDeliveryState;
  nextAttemptAt: Date | null;
}

/** Logs one attempt and moves the delivery to what it left. */
export async function recordDeliveryAttempt(tx: Transaction<DB>, attempt: DeliveryAttempt): Promise<void> {
  await tx
    .insertInto('event_delivery_attempts')
    .values({
      delivery_id: attempt.deliveryId,
      attempted_at: attempt.attemptedAt,
      status_code: attempt.statusCode,
      error: attempt.error?.slice(0, 500) ?? null,
      duration_ms: Math.max(0, Math.round(attempt.durationMs)),
    })
    .execute();
  await tx
    .updateTable('event_deliveries')
    .set((eb) => ({
      state: attempt.state,
      attempts: eb('attempts', '+', 1),
      last_status_code: attempt.statusCode,
      last_error: attempt.error?.slice(0, 500) ?? null,
      next_attempt_at: attempt.nextAttemptAt,
      delivered_at: attempt.state === 'delivered' ? attempt.attemptedAt : null,
      updated_at: attempt.attemptedAt,
    }))
    .where('id', '=', attempt.deliveryId)
    .execute();
}

/** Gives up a delivery without an attempt (its endpoint was disabled or deleted). */
export async function failDelivery(db: DbExecutor, deliveryId: string, reason: string, now: Date): Promise<void> {
  await db
    .updateTable('event_deliveries')
    .set({ state: 'failed', last_error: reason.slice(0, 500), next_attempt_at: null, updated_at: now })
    .where('id', '=', deliveryId)
    .where('state', '=', 'pending')
    .execute();
}

export interface DeliveryRow {
  id: string;
  endpointId: string;
  eventType: EventType;
  msgId: string;
  orderId: string | null;
  orderNumber: string | null;
  state: EventDeliveryState;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

/** An endpoint's most recent deliveries, newest first. */
export async function listRecentDeliveries(db: DbExecutor, endpointId: string, limit: number): Promise<DeliveryRow[]> {
  if (!isRowId(endpointId)) return [];
  const rows = await db
    .selectFrom('event_deliveries as d')
    .innerJoin('outbound_events as e', 'e.id', 'd.event_id')
    .leftJoin('orders as o', 'o.id', 'd.order_id')
    .select([
      'd.id',
      'd.endpoint_id',
      'e.type',
      'e.msg_id',
      'd.order_id',
      'o.order_number',
      'd.state',
      'd.attempts',
      'd.last_status_code',
      'd.last_error',
      'd.next_attempt_at',
      'd.delivered_at',
      'd.created_at',
    ])
    .where('d.endpoint_id', '=', endpointId)
    .orderBy('d.id', 'desc')
    .limit(Math.min(Math.max(limit, 1), 200))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    endpointId: r.endpoint_id,
    eventType: r.type,
    msgId: r.msg_id,
    orderId: r.order_id,
    orderNumber: r.order_number,
    state: r.state,
    attempts: r.attempts,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    nextAttemptAt: r.next_attempt_at,
    deliveredAt: r.delivered_at,
    createdAt: r.created_at,
  }));
}

/**
 * Puts failed deliveries back to pending for a replay: one (by id) or every failed one of an
 * endpoint. Returns the ids, oldest first, for the caller to queue.
 */
export async function reopenFailedDeliveries(
  db: DbExecutor,
  target: { deliveryId: string } | { endpointId: string },
  now: Date,
): Promise<string[]> {
  const id = 'deliveryId' in target ? target.deliveryId : target.endpointId;
  if (!isRowId(id)) return [];
  let query = db
    .updateTable('event_deliveries')
    .set({ state: 'pending', next_attempt_at: now, updated_at: now })
    .where('state', '=', 'failed');
  query =
    'deliveryId' in target
      ? query.where('id', '=', target.deliveryId)
      : query.where('endpoint_id', '=', target.endpointId);
  const rows = await query.returning('id').execute();
  return rows.map((r) => r.id).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
}

export async function findDeliveryEndpointId(db: DbExecutor, deliveryId: string): Promise<string | undefined> {
  if (!isRowId(deliveryId)) return undefined;
  const row = await db
    .selectFrom('event_deliveries')
    .select('endpoint_id')
    .where('id', '=', deliveryId)
    .executeTakeFirst();
  return row?.endpoint_id;
}

export interface DeliveryAttemptRow {
  deliveryId: string;
  attemptedAt: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** The attempt log of these deliveries, oldest first. */
export async function listDeliveryAttempts(
  db: DbExecutor,
  deliveryIds: readonly string[],
): Promise<DeliveryAttemptRow[]> {
  const ids = deliveryIds.filter(isRowId);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('event_delivery_attempts')
    .selectAll()
    .where('delivery_id', 'in', ids)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    deliveryId: r.delivery_id,
    attemptedAt: r.attempted_at,
    statusCode: r.status_code,
    error: r.error,
    durationMs: r.duration_ms,
  }));
}
