import type { Selectable, Transaction } from 'kysely';
import type { OrderStatus, ShipmentStatus } from '@app/shipping';
import type { DB, EventDeliveryState, EventEndpointsTable, EventType, OrderSource } from '../schema';
import type { DbExecutor } from './db-executor';
import { isRowId } from './ids';

export interface EventEndpointRecord {
  id: string;
  url: string;
  secret: string;
  /** null = every event type. */
  eventTypes: EventType[] | null;
  enabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  alertedAt: Date | null;
  createdAt: Date;
}

function toEndpointRecord(row: Selectable<EventEndpointsTable>): EventEndpointRecord {
  return {
    id: row.id,
    url: row.url,
    secret: row.secret,
    eventTypes: row.event_types,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    failingSince: row.failing_since,
    alertedAt: row.alerted_at,
    createdAt: row.created_at,
  };
}

export async function insertEventEndpoint(
  db: DbExecutor,
  input: { url: string; secret: string; eventTypes: EventType[] | null; now: Date },
): Promise<EventEndpointRecord> {
  const row = await db
    .insertInto('event_endpoints')
    .values({
      url: input.url,
      secret: input.secret,
      event_types: input.eventTypes === null ? null : JSON.stringify(input.eventTypes),
      created_at: input.now,
      updated_at: input.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEndpointRecord(row);
}

export async function listEventEndpoints(db: DbExecutor): Promise<EventEndpointRecord[]> {
  const rows = await db.selectFrom('event_endpoints').selectAll().orderBy('id').execute();
  return rows.map(toEndpointRecord);
}

export async function findEventEndpoint(db: DbExecutor, endpointId: string): Promise<EventEndpointRecord | undefined> {
  if (!isRowId(endpointId)) return undefined;
  const row = await db.selectFrom('event_endpoints').selectAll().where('id', '=', endpointId).executeTakeFirst();
  return row && toEndpointRecord(row);
}

/** Deletes the endpoint with its deliveries and their attempt log. False when there is none. */
export async function deleteEventEndpoint(db: DbExecutor, endpointId: string): Promise<boolean> {
  if (!isRowId(endpointId)) return false;
  const result = await db.deleteFrom('event_endpoints').where('id', '=', endpointId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Endpoints that take new events. */
export async function listEnabledEventEndpoints(db: DbExecutor): Promise<EventEndpointRecord[]> {
  const rows = await db.selectFrom('event_endpoints').selectAll().where('enabled', '=', true).orderBy('id').execute();
  return rows.map(toEndpointRecord);
}

/** What an event says about an order and its shipment (the `data` of its body). */
export interface EventContext {
  orderId: string;
  orderNumber: string;
  externalId: string | null;
  source: OrderSource;
  orderStatus: OrderStatus;
  shipment: {
    id: string;
    awb: string | null;
    courierName: string | null;
    status: ShipmentStatus | null;
    providerShipmentId: string | null;
  } | null;
}

/** The order and (when given, else its newest booked) shipment an event is about. */
export async function findEventContext(
  db: DbExecutor,
  orderId: string,
  shipmentId: string | null,
): Promise<EventContext | undefined> {
  const order = await db
    .selectFrom('orders')
    .select(['id', 'order_number', 'external_id', 'source', 'status'])
    .where('id', '=', orderId)
    .executeTakeFirst();
  if (!order) return undefined;
  let query = db
    .selectFrom('shipments')
    .select(['id', 'awb', 'courier_name', 'status', 'provider_shipment_id'])
    .where('order_id', '=', orderId);
  query = shipmentId ? query.where('id', '=', shipmentId) : query.where('booking_state', '=', 'booked');
  const shipment = await query.orderBy('id', 'desc').limit(1).executeTakeFirst();
  return {
    orderId: order.id,
    orderNumber: order.order_number,
    externalId: order.external_id,
    source: order.source,
    orderStatus: order.status,
    shipment: shipment
      ? {
          id: shipment.id,
          awb: shipment.awb,
          courierName: shipment.courier_name,
          status: shipment.status,
          providerShipmentId: shipment.provider_shipment_id,
        }
      : null,
  };
}

export interface NewOutboundEvent {
  msgId: string;
  type: EventType;
  orderId: string | null;
  /** Once per key, ever: a repeated push or a replayed job cannot make a second event. */
  dedupeKey: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

/**
 * Writes the events that are new (by dedupe key) and one delivery per (event, endpoint taking its
 * type), in the caller's transaction. Returns the new deliveries' ids, for the caller to queue.
 */
export async function insertOutboundEvents(
  tx: Transaction<DB>,
  events: readonly NewOutboundEvent[],
  endpoints: readonly Pick<EventEndpointRecord, 'id' | 'eventTypes'>[],
  now: Date,
): Promise<string[]> {
  if (events.length === 0 || endpoints.length === 0) return [];
  const inserted = await tx
    .insertInto('outbound_events')
    .values(
      events.map((e) => ({
        msg_id: e.msgId,
        type: e.type,
        order_id: e.orderId,
        dedupe_key: e.dedupeKey,
        payload: JSON.stringify(e.payload),
        occurred_at: e.occurredAt,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning(['id', 'type', 'order_id'])
    .execute();
  const deliveries = inserted.flatMap((event) =>
    endpoints
      .filter((ep) => ep.eventTypes === null || ep.eventTypes.includes(event.type))
      .map((ep) => ({
        event_id: event.id,
        endpoint_id: ep.id,
        order_id: event.order_id,
        next_attempt_at: now,
        created_at: now,
        updated_at: now,
      })),
  );
  if (deliveries.length === 0) return [];
  const rows = await tx.insertInto('event_deliveries').values(deliveries).returning('id').execute();
  return rows.map((r) => r.id).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
}

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

/** The endpoint failed: starts its failing spell if none is running. Returns the spell's start and whether the admin heard. */
export async function markEndpointFailing(
  tx: Transaction<DB>,
  endpointId: string,
  now: Date,
): Promise<{ failingSince: Date; alertedAt: Date | null; url: string } | undefined> {
  await tx
    .updateTable('event_endpoints')
    .set({ failing_since: now, updated_at: now })
    .where('id', '=', endpointId)
    .where('failing_since', 'is', null)
    .execute();
  const row = await tx
    .selectFrom('event_endpoints')
    .select(['failing_since', 'alerted_at', 'url'])
    .where('id', '=', endpointId)
    .forUpdate()
    .executeTakeFirst();
  return row && row.failing_since
    ? { failingSince: row.failing_since, alertedAt: row.alerted_at, url: row.url }
    : undefined;
}

export async function markEndpointAlerted(tx: Transaction<DB>, endpointId: string, now: Date): Promise<void> {
  await tx.updateTable('event_endpoints').set({ alerted_at: now }).where('id', '=', endpointId).execute();
}

/** A success ends the failing spell. */
export async function markEndpointHealthy(db: DbExecutor, endpointId: string, now: Date): Promise<void> {
  await db
    .updateTable('event_endpoints')
    .set({ failing_since: null, alerted_at: null, updated_at: now })
    .where('id', '=', endpointId)
    .where('failing_since', 'is not', null)
    .execute();
}

/** 410 Gone: the endpoint takes no more events until an admin makes a new one. */
export async function disableEventEndpoint(
  db: DbExecutor,
  endpointId: string,
  reason: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('event_endpoints')
    .set({ enabled: false, disabled_reason: reason.slice(0, 500), updated_at: now })
    .where('id', '=', endpointId)
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
