import type { DB, HistorySource, Shipment } from '@app/db';
import {
  CUSTOMER_MILESTONES,
  isForwardOrderMove,
  isForwardShipmentMove,
  mapICarryStatus,
  ORDER_STATUS_FOR_SHIPMENT,
  SHIPMENT_STATUS_LABEL,
  type CustomerMilestone,
  type OrderStatus,
  type ShipmentStatus,
} from '@app/shipping';
import type { Kysely } from 'kysely';
import type { AppDeps } from '../deps';
import { enqueueCustomerMilestone } from './notification.service';

export type ApplyOutcome = 'applied' | 'stale' | 'review';

export interface CarrierStatusEvent {
  source: Extract<HistorySource, 'webhook' | 'sync' | 'track' | 'booking'>;
  /** iCarry's numeric code as it arrived ("21", 21). */
  carrierCode: string | number;
  occurredAt?: Date | null;
  description?: string | null;
  location?: string | null;
  inboxId?: string | null;
}

function isMilestone(status: OrderStatus): status is CustomerMilestone {
  return (CUSTOMER_MILESTONES as readonly string[]).includes(status);
}

/** Locks and returns the shipment row; every status change for a shipment goes through this lock, so concurrent pushes serialise. */
export async function lockShipment(tx: Kysely<DB>, shipmentId: string): Promise<Shipment | undefined> {
  return tx.selectFrom('shipments').selectAll().where('id', '=', shipmentId).forUpdate().executeTakeFirst();
}

/**
 * Moves an order to `to` if that is forward, writes the history entry and queues the customer's
 * milestone messages in the same transaction. Returns whether the order moved.
 */
export async function advanceOrder(
  deps: AppDeps,
  tx: Kysely<DB>,
  input: {
    orderId: string;
    to: OrderStatus;
    shipmentId: string | null;
    source: HistorySource;
    description: string;
    shipmentStatus?: ShipmentStatus | null;
    carrierStatus?: string | null;
    occurredAt?: Date | null;
    location?: string | null;
    inboxId?: string | null;
  },
): Promise<boolean> {
  const order = await tx
    .selectFrom('orders')
    .select(['id', 'status'])
    .where('id', '=', input.orderId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const moves = isForwardOrderMove(order.status, input.to);
  const now = deps.clock.now();
  if (moves) {
    await tx.updateTable('orders').set({ status: input.to, updated_at: now }).where('id', '=', input.orderId).execute();
  }
  await tx
    .insertInto('status_history')
    .values({
      order_id: input.orderId,
      shipment_id: input.shipmentId,
      order_status: moves ? input.to : null,
      shipment_status: input.shipmentStatus ?? null,
      carrier_status: input.carrierStatus ?? null,
      location: input.location ?? null,
      description: input.description,
      occurred_at: input.occurredAt ?? null,
      recorded_at: now,
      source: input.source,
      applied: moves || Boolean(input.shipmentStatus),
      inbox_id: input.inboxId ?? null,
    })
    .execute();
  if (moves && isMilestone(input.to)) await enqueueCustomerMilestone(deps, tx, input.orderId, input.to);
  return moves;
}

/**
 * The status machine: applies one carrier status to a locked shipment. Forward moves change the
 * shipment and (when forward for it too) the order; late, duplicate and out-of-order events are
 * recorded but change nothing; unknown codes flag the shipment for review and change nothing.
 */
export async function applyCarrierStatus(
  deps: AppDeps,
  tx: Kysely<DB>,
  shipment: Shipment,
  event: CarrierStatusEvent,
): Promise<ApplyOutcome> {
  const mapping = mapICarryStatus(event.carrierCode);
  const now = deps.clock.now();
  const base = {
    order_id: shipment.order_id,
    shipment_id: shipment.id,
    carrier_status: String(event.carrierCode),
    location: event.location ?? null,
    occurred_at: event.occurredAt ?? null,
    recorded_at: now,
    source: event.source,
    inbox_id: event.inboxId ?? null,
  };
  if (mapping.kind === 'unknown') {
    const reason = `iCarry sent status code "${mapping.code}", which we do not know. Check the shipment in the iCarry panel.`;
    await tx
      .updateTable('shipments')
      .set({ needs_review: true, review_reason: reason, last_event_at: now, updated_at: now })
      .where('id', '=', shipment.id)
      .execute();
    await tx
      .insertInto('status_history')
      .values({ ...base, description: `Unknown carrier status ${mapping.code}: not applied`, applied: false })
      .execute();
    deps.logger.warn(
      { shipmentId: shipment.id, code: mapping.code, source: event.source },
      '[WEBHOOK] unknown iCarry status code: shipment flagged for review',
    );
    return 'review';
  }
  if (!isForwardShipmentMove(shipment.status, mapping.status)) {
    await tx.updateTable('shipments').set({ last_event_at: now }).where('id', '=', shipment.id).execute();
    await tx
      .insertInto('status_history')
      .values({
        ...base,
        shipment_status: mapping.status,
        description: `${mapping.name} (late or repeated update: status not changed)`,
        applied: false,
      })
      .execute();
    return 'stale';
  }
  await tx
    .updateTable('shipments')
    .set({ status: mapping.status, carrier_status_code: String(mapping.code), last_event_at: now, updated_at: now })
    .where('id', '=', shipment.id)
    .execute();
  await advanceOrder(deps, tx, {
    orderId: shipment.order_id,
    to: ORDER_STATUS_FOR_SHIPMENT[mapping.status],
    shipmentId: shipment.id,
    source: event.source,
    description: event.description ?? SHIPMENT_STATUS_LABEL[mapping.status],
    shipmentStatus: mapping.status,
    carrierStatus: String(mapping.code),
    occurredAt: event.occurredAt ?? null,
    location: event.location ?? null,
    inboxId: event.inboxId ?? null,
  });
  return 'applied';
}
