import {
  insertNote,
  recordCodConfirmationOverride,
  type CodConfirmationState,
  type DB,
  type Transaction,
} from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import { COD_CONFIRMATION_LABEL } from './cod-confirmation.rules';

/**
 * An admin books a COD order its customer has not confirmed: who and when on the order, and a note
 * written by that admin, in the booking's reservation transaction (so it exists iff the booking was
 * reserved). Admin-only: notes never reach the customer.
 */
export async function recordCodOverride(
  deps: AppDeps,
  tx: Transaction<DB>,
  input: { orderId: string; state: CodConfirmationState; adminId: string },
): Promise<void> {
  const now = deps.clock.now();
  await recordCodConfirmationOverride(tx, input.orderId, { adminId: input.adminId, now });
  await insertNote(tx, {
    orderId: input.orderId,
    kind: 'system',
    body: `Shipped without the customer's COD confirmation (${COD_CONFIRMATION_LABEL[input.state].toLowerCase()}).`,
    authorAdminId: input.adminId,
    now,
  });
  deps.logger.info(
    { orderId: input.orderId, state: input.state, adminId: input.adminId },
    '[COD] confirmation overridden',
  );
}
