import { findOrderById, type DB, type OrderNoteRecord, type Transaction } from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import { enqueueCustomerNdr } from '../../outbox/notifications/notification.service';
import { ndrAnswerState, ndrRespondBy } from './ndr.view';

/** Queues the customer's "tell us what to do" messages for a new NDR event when its reason offers a choice. */
export async function askCustomerAboutNdr(
  deps: AppDeps,
  tx: Transaction<DB>,
  orderId: string,
  note: OrderNoteRecord,
): Promise<number> {
  const order = await findOrderById(tx, orderId);
  if (!order) return 0;
  const event = { noteId: note.id, orderId, code: note.ndrCode, reportedOn: note.ndrDate, recordedAt: note.createdAt };
  const { state, choices } = ndrAnswerState(order, event, null, deps.clock.now());
  if (state !== 'open' || !choices) return 0;
  return enqueueCustomerNdr(deps, tx, {
    orderId,
    ndrNoteId: note.id,
    code: note.ndrCode ?? '',
    respondBy: ndrRespondBy(event),
    choices,
  });
}
