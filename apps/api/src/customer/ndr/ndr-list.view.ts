import { listOpenNdrs } from '@app/db';
import { describeNdr, ORDER_STATUS_LABEL } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { describeNdrResponse, ndrAnswerState, ndrRespondBy } from './ndr.view';

/**
 * The admin's NDR tab: every order whose latest failed attempt is still open, with the customer's
 * answer (and what to tell iCarry), or "no answer" and how long the customer has left.
 */
export async function listOpenNdrsView(deps: AppDeps, limit: number) {
  const now = deps.clock.now();
  const rows = await listOpenNdrs(deps.db, limit);
  return rows.map((row) => {
    const description = describeNdr(row.ndr.code);
    const { state } = ndrAnswerState(row, row.ndr, row.response, now);
    const respondBy = ndrRespondBy(row.ndr);
    return {
      orderId: row.orderId,
      orderNumber: row.orderNumber,
      status: row.status,
      statusLabel: ORDER_STATUS_LABEL[row.status],
      paymentMethod: row.paymentMethod,
      customerName: row.customerName,
      city: row.city,
      awb: row.awb,
      courierName: row.courierName,
      ndrCode: description.code,
      reason: description.adminText,
      recordedAt: row.ndr.recordedAt,
      respondBy,
      /** answered; waiting (the customer can still answer); no_choice (nothing for them to answer: act yourself); expired. */
      answerState: row.response
        ? ('answered' as const)
        : state === 'open'
          ? ('waiting' as const)
          : description.known && now < respondBy
            ? ('no_choice' as const)
            : ('expired' as const),
      timeLeftMs: row.response ? null : Math.max(0, respondBy.getTime() - now.getTime()),
      answer: row.response
        ? {
            action: row.response.action,
            summary: describeNdrResponse(row.response, true),
            channel: row.response.channel,
            at: row.response.createdAt,
          }
        : null,
    };
  });
}
