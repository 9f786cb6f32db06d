import { findActiveShipment, insertShipBatch, listOrdersWithItems, type NewShipBatchItem } from '@app/db';
import { ORDER_STATUS_LABEL, type ShipmentMode, DEFAULT_SHIPMENT_MODE } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { JOBS } from '../../platform/core/job-queue';
import { resolveSelection, type OrderSelection } from './resolve-selection';
import { codBlockedReason } from '../../customer/cod-confirmation/cod-confirmation.rules';

export type CourierPolicy = 'cheapest' | 'best' | { courierId: string };

export interface ShipManyInput {
  selection: OrderSelection;
  courierPolicy: CourierPolicy;
  mode?: ShipmentMode | undefined;
  adminId: string;
  /** Book COD orders their customer has not confirmed too (each override recorded with the admin). */
  confirmOverride?: boolean | undefined;
}

/**
 * Starts a bulk shipment: one batch item per selected order, and the job that books them, in one
 * transaction (the job exists iff the batch does). Orders that cannot be shipped now (not in
 * Processing, already booked, or COD not confirmed by the customer unless `confirmOverride`) become skipped items with the reason, so the progress view
 * accounts for every ticked order. Ids that are no order refuse the whole request, naming them.
 */
export async function shipMany(deps: AppDeps, input: ShipManyInput): Promise<{ batchId: string }> {
  const ids = await resolveSelection(deps, input.selection, deps.config.bulkShip.maxOrders);
  const orders = await listOrdersWithItems(deps.db, ids);
  const missing = ids.filter((id) => !orders.has(id));
  if (missing.length > 0) {
    throw new AppError('BATCH_ORDERS_NOT_FOUND', {
      userMessage: `No such order: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ` and ${missing.length - 20} more` : ''}.`,
      details: { orderIds: missing.slice(0, 100) },
    });
  }
  const items: NewShipBatchItem[] = [];
  for (const id of ids) {
    const order = orders.get(id)?.order;
    if (!order) continue;
    const active = await findActiveShipment(deps.db, id);
    if (active) {
      items.push({
        orderId: id,
        state: 'skipped',
        errorCode: active.bookingState === 'booked' ? 'ORDER_ALREADY_SHIPPED' : 'BOOKING_IN_PROGRESS',
        error: active.bookingState === 'booked' ? 'Already shipped.' : 'Already being booked.',
      });
      continue;
    }
    if (order.status !== 'processing') {
      items.push({
        orderId: id,
        state: 'skipped',
        errorCode: 'ORDER_NOT_SHIPPABLE',
        error: `Only orders in Processing can be shipped. This order is ${ORDER_STATUS_LABEL[order.status]}.`,
      });
      continue;
    }
    const codReason = codBlockedReason(order.codConfirmation.state);
    if (codReason && input.confirmOverride !== true) {
      // Without the admin's override, an unconfirmed COD order is for a person to call about.
      items.push({ orderId: id, state: 'skipped', errorCode: 'COD_NOT_CONFIRMED', error: codReason });
      continue;
    }
    items.push({ orderId: id });
  }
  const policy = input.courierPolicy;
  const batch = await deps.db.transaction().execute(async (tx) => {
    const created = await insertShipBatch(tx, {
      createdBy: input.adminId,
      courierPolicy: typeof policy === 'string' ? policy : 'courier',
      courierId: typeof policy === 'string' ? null : policy.courierId,
      mode: input.mode ?? DEFAULT_SHIPMENT_MODE,
      codOverride: input.confirmOverride === true,
      items,
      now: deps.clock.now(),
    });
    await deps.queue.send(tx, JOBS.shipBatch, { batchId: created.id });
    return created;
  });
  deps.logger.info(
    { batchId: batch.id, total: items.length, skipped: items.filter((i) => i.state === 'skipped').length },
    '[iCarry] bulk shipment started',
  );
  return { batchId: batch.id };
}
