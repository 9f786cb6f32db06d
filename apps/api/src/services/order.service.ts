import { isFinalOrderStatus, ORDER_STATUS_LABEL, type OrderStatus } from '@app/shipping';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { advanceOrder } from './status.service';
import { applyInboxEntry } from './webhook.service';
import { enqueueCustomerMilestone } from './notification.service';

async function requireOrder(deps: AppDeps, orderId: string) {
  const order = await deps.db
    .selectFrom('orders')
    .select(['id', 'status', 'order_number'])
    .where('id', '=', orderId)
    .executeTakeFirst();
  if (!order) throw new AppError('ORDER_NOT_FOUND');
  return order;
}

export async function addNote(deps: AppDeps, input: { orderId: string; body: string; adminId: string }) {
  await requireOrder(deps, input.orderId);
  return deps.db
    .insertInto('order_notes')
    .values({
      order_id: input.orderId,
      kind: 'note',
      body: input.body,
      author_admin_id: input.adminId,
      created_at: deps.clock.now(),
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
}

export async function clearAttention(deps: AppDeps, input: { orderId: string }) {
  await requireOrder(deps, input.orderId);
  await deps.db
    .updateTable('orders')
    .set({ needs_attention: false, attention_reason: null })
    .where('id', '=', input.orderId)
    .execute();
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
  if (order.status === input.status)
    throw new AppError('STATUS_OVERRIDE_INVALID', {
      userMessage: `The order is already ${ORDER_STATUS_LABEL[input.status]}.`,
    });
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    await tx.selectFrom('orders').select('id').where('id', '=', input.orderId).forUpdate().execute();
    await tx
      .updateTable('orders')
      .set({ status: input.status, updated_at: now })
      .where('id', '=', input.orderId)
      .execute();
    await tx
      .insertInto('status_history')
      .values({
        order_id: input.orderId,
        order_status: input.status,
        source: 'admin',
        applied: true,
        recorded_at: now,
        description: `Status set to ${ORDER_STATUS_LABEL[input.status]} by an admin: ${input.reason}`,
      })
      .execute();
    await tx
      .insertInto('order_notes')
      .values({
        order_id: input.orderId,
        kind: 'system',
        body: `Status changed from ${ORDER_STATUS_LABEL[order.status]} to ${ORDER_STATUS_LABEL[input.status]}${isFinalOrderStatus(order.status) ? ' (override of a final status)' : ''}: ${input.reason}`,
        author_admin_id: input.adminId,
        created_at: now,
      })
      .execute();
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

export async function listInbox(
  deps: AppDeps,
  input: { orderId?: string | undefined; outcome?: string | undefined; limit: number },
) {
  let query = deps.db
    .selectFrom('webhook_inbox')
    .select([
      'id',
      'kind',
      'received_at',
      'content_type',
      'raw_body',
      'outcome',
      'outcome_detail',
      'attempts',
      'processed_at',
      'awb',
      'provider_shipment_id',
      'order_id',
    ])
    .orderBy('id', 'desc')
    .limit(input.limit);
  if (input.orderId) query = query.where('order_id', '=', input.orderId);
  if (input.outcome) query = query.where('outcome', '=', input.outcome as never);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    receivedAt: r.received_at,
    contentType: r.content_type,
    rawBody: r.raw_body.slice(0, 4000),
    outcome: r.outcome,
    outcomeDetail: r.outcome_detail,
    attempts: r.attempts,
    processedAt: r.processed_at,
    awb: r.awb,
    providerShipmentId: r.provider_shipment_id,
    orderId: r.order_id,
  }));
}

/** Re-applies a stored push (e.g. after fixing data). Idempotent: history ranks and note/message keys hold. */
export async function reapplyInbox(deps: AppDeps, input: { inboxId: string }) {
  const row = await deps.db
    .selectFrom('webhook_inbox')
    .select(['id', 'outcome'])
    .where('id', '=', input.inboxId)
    .executeTakeFirst();
  if (!row) throw new AppError('INBOX_ENTRY_NOT_FOUND');
  if (row.outcome !== 'rejected') {
    await deps.db.updateTable('webhook_inbox').set({ outcome: 'pending' }).where('id', '=', input.inboxId).execute();
  }
  const outcome = await applyInboxEntry(deps, input.inboxId);
  return { outcome: outcome ?? 'pending' };
}

export async function listMessages(deps: AppDeps, input: { orderId: string }) {
  return deps.db
    .selectFrom('messages')
    .select([
      'id',
      'channel',
      'audience',
      'template',
      'recipient',
      'subject',
      'status',
      'attempts',
      'last_error',
      'created_at',
      'sent_at',
    ])
    .where('order_id', '=', input.orderId)
    .orderBy('id')
    .execute();
}

export { advanceOrder };
