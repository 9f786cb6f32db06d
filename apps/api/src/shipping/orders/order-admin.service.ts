import { clearOrderAttention, findOrderById, insertHistory, insertNote, lockOrder, setOrderStatus } from '@app/db';
import { isFinalOrderStatus, ORDER_STATUS_LABEL, type OrderStatus } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { enqueueCustomerMilestone } from '../../outbox/notifications/notification.service';

async function requireOrder(deps: AppDeps, orderId: string) {
  const order = await findOrderById(deps.db, orderId);
  if (!order) throw new AppError('ORDER_NOT_FOUND');
  return order;
}

export async function addNote(deps: AppDeps, input: { orderId: string; body: string; adminId: string }) {
  await requireOrder(deps, input.orderId);
  const note = await insertNote(deps.db, {
    orderId: input.orderId,
    kind: 'note',
    body: input.body,
    authorAdminId: input.adminId,
    now: deps.clock.now(),
  });
  if (!note) throw new Error('a note without a dedupe key was not written');
  return { id: note.id, createdAt: note.createdAt };
}

export async function clearAttention(deps: AppDeps, input: { orderId: string }): Promise<void> {
  await requireOrder(deps, input.orderId);
  await clearOrderAttention(deps.db, input.orderId);
}

/**
 * The admin's way past "forward only": any status, including out of a final one, with a written
 * reason that goes into the history and the notes. Reaching a milestone still messages the
 * customer once (the outbox key holds across overrides).
 */
export async function overrideStatus(
  deps: AppDeps,
  input: { orderId: string; status: OrderStatus; reason: string; adminId: string },
) {
  const order = await requireOrder(deps, input.orderId);
  if (order.status === input.status) {
    throw new AppError('STATUS_OVERRIDE_INVALID', {
      userMessage: `The order is already ${ORDER_STATUS_LABEL[input.status]}.`,
    });
  }
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    await lockOrder(tx, input.orderId);
    await setOrderStatus(tx, input.orderId, input.status, now);
    await insertHistory(tx, {
      orderId: input.orderId,
      shipmentId: null,
      orderStatus: input.status,
      source: 'admin',
      applied: true,
      recordedAt: now,
      description: `Status set to ${ORDER_STATUS_LABEL[input.status]} by an admin: ${input.reason}`,
    });
    await insertNote(tx, {
      orderId: input.orderId,
      kind: 'system',
      body: `Status changed from ${ORDER_STATUS_LABEL[order.status]} to ${ORDER_STATUS_LABEL[input.status]}${isFinalOrderStatus(order.status) ? ' (override of a final status)' : ''}: ${input.reason}`,
      authorAdminId: input.adminId,
      now,
    });
    if (input.status === 'shipped' || input.status === 'out_for_delivery' || input.status === 'delivered') {
      await enqueueCustomerMilestone(deps, tx, input.orderId, input.status);
    }
  });
  deps.logger.info(
    { orderId: input.orderId, from: order.status, to: input.status },
    'order status overridden by admin',
  );
  return { status: input.status };
}
