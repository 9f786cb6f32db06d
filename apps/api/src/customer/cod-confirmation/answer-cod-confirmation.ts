import {
  answerCodConfirmation,
  findActiveShipment,
  flagOrderAttention,
  insertHistory,
  type CodConfirmationVia,
  type DB,
  type OrderRecord,
  type Transaction,
} from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { COD_DECLINED_REASON, COD_HISTORY_TEXT } from '../../outbox/messaging/cod-confirmation.messages';
import { recordCodDeclined } from '../../outbox/events/record-event';

export type CodAnswer = 'confirmed' | 'declined';

/**
 * The customer's answer to a COD confirmation, under the order's row lock (`order` was read with
 * lockOrder in `tx`). The first answer stands until booking: the same answer again changes nothing
 * ('same'); another answer, an expired request or a booked order is COD_CONFIRMATION_CLOSED. A
 * decline flags the order for the admin and tells the store's systems (an event, a channel note).
 */
export async function applyCodAnswer(
  deps: AppDeps,
  tx: Transaction<DB>,
  order: OrderRecord,
  answer: CodAnswer,
  via: CodConfirmationVia,
): Promise<'recorded' | 'same'> {
  const { state } = order.codConfirmation;
  if (state === answer) return 'same';
  if (state !== 'pending') throw new AppError('COD_CONFIRMATION_CLOSED', { details: { state } });
  if (!(order.status === 'pending' || order.status === 'processing') || (await findActiveShipment(tx, order.id))) {
    throw new AppError('COD_CONFIRMATION_CLOSED', { details: { status: order.status } });
  }
  const now = deps.clock.now();
  if (!(await answerCodConfirmation(tx, order.id, { state: answer, via, now }))) {
    // Past its expiry (the expiry job has not run yet): too late, like an expired one.
    throw new AppError('COD_CONFIRMATION_CLOSED', { details: { state: 'expired' } });
  }
  await insertHistory(tx, {
    orderId: order.id,
    shipmentId: null,
    description: answer === 'confirmed' ? COD_HISTORY_TEXT.confirmed(via) : COD_HISTORY_TEXT.declined(via),
    recordedAt: now,
    source: 'customer',
    applied: true,
  });
  if (answer === 'declined') {
    await flagOrderAttention(tx, order.id, { kind: 'cod_declined', reason: COD_DECLINED_REASON(via), now });
    await recordCodDeclined(deps, tx, { orderId: order.id, via, source: order.source });
  }
  deps.logger.info({ orderId: order.id, answer, via }, `[COD] customer ${answer} the order`);
  return 'recorded';
}
