import type { Transaction } from 'kysely';
import type { OrderStatus, ShipmentStatus } from '@app/shipping';
import type { DB, EventType, OrderSource } from '../schema';
import type { DbExecutor } from './db-executor';
import type { EventEndpointRecord } from './event-endpoint.repository';

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
