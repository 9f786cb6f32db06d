import { expireCodConfirmations, insertHistory } from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import { COD_HISTORY_TEXT } from '../../outbox/messaging/cod-confirmation.messages';

/** Requests expired per run (per transaction); the rest wait for the next run. */
const MAX_PER_RUN = 500;

/**
 * A scheduled job (every 5 minutes, any instance): pending COD confirmations past their
 * COD_CONFIRMATION_HOURS become `expired`, each with a line in the order's history, in one
 * transaction; rows another instance holds are skipped. Expired orders are listed in the admin's
 * daily digest (the stuck-shipment watchdog's email). Returns how many expired.
 */
export async function expireCodConfirmationRequests(deps: AppDeps): Promise<number> {
  const now = deps.clock.now();
  const expired = await deps.db.transaction().execute(async (tx) => {
    const rows = await expireCodConfirmations(tx, now, MAX_PER_RUN);
    for (const row of rows) {
      await insertHistory(tx, {
        orderId: row.orderId,
        shipmentId: null,
        description: COD_HISTORY_TEXT.expired(deps.config.codConfirmation.hours),
        recordedAt: now,
        source: 'customer',
        applied: true,
      });
    }
    return rows;
  });
  if (expired.length > 0) deps.logger.info({ expired: expired.length }, '[COD] confirmation requests expired');
  return expired.length;
}
