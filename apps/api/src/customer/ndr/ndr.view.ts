import type { NdrEventRecord, NdrResponseRecord, OrderRecord } from '@app/db';
import {
  describeNdr,
  maskPhone,
  NDR_ANSWER_WINDOW_HOURS,
  ndrBuyerChoices,
  ndrReattemptWindow,
  type NdrBuyerChoices,
  type OrderStatus,
} from '@app/shipping';

/**
 * Nothing reaches iCarry by itself: an admin passes the customer's answer on in iCarry's panel
 * (NDR > Action Required). The customer is told that, and the admin is asked to do it, from here.
 */
export const NDR_ANSWER_HANDOFF = {
  customer: 'We have your answer. The store will pass it to the courier.',
  admin: 'Pass it to iCarry (NDR > Action Required in the iCarry panel).',
} as const;

/** After these the failed attempt is history: nothing to answer, nothing to show. */
const CLOSED: readonly OrderStatus[] = ['delivered', 'returned', 'cancelled', 'lost'];

export type NdrState = 'open' | 'answered' | 'closed';

/** When the customer's chance to answer ends (the courier acts on its own after that). */
export function ndrRespondBy(event: NdrEventRecord): Date {
  return new Date(event.recordedAt.getTime() + NDR_ANSWER_WINDOW_HOURS * 3_600_000);
}

/**
 * Whether this NDR event can still be answered, and which answers fit. Decided here once, for the
 * page, the procedure, WhatsApp quick replies and the admin's list.
 */
export function ndrAnswerState(
  order: Pick<OrderRecord, 'status' | 'paymentMethod'>,
  event: NdrEventRecord,
  response: NdrResponseRecord | undefined | null,
  now: Date,
): { state: NdrState; choices: NdrBuyerChoices | null } {
  if (response) return { state: 'answered', choices: null };
  const choices = ndrBuyerChoices(event.code, order.paymentMethod);
  // Delivered, returned, cancelled or lost (or on its way back): the attempt is history.
  const open =
    choices !== null && now < ndrRespondBy(event) && order.status !== 'returning' && !CLOSED.includes(order.status);
  return open ? { state: 'open', choices } : { state: 'closed', choices: null };
}

const DAY = new Intl.DateTimeFormat('en-IN', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

/** 'yyyy-mm-dd' -> "Sat, 5 Dec". */
export function formatIndiaDay(date: string): string {
  return DAY.format(new Date(`${date}T00:00:00Z`));
}

/** The answer in a sentence; `forAdmin` shows the alternate phone in full (the courier needs it). */
export function describeNdrResponse(response: NdrResponseRecord, forAdmin: boolean): string {
  const parts: string[] = [];
  if (response.action === 'cancel') parts.push('Cancel the order');
  else if (response.action === 'reattempt')
    parts.push(response.preferredDate ? `Deliver again on ${formatIndiaDay(response.preferredDate)}` : 'Deliver again');
  else
    parts.push(
      response.preferredDate
        ? `Deliver on ${formatIndiaDay(response.preferredDate)} to the updated address`
        : 'Deliver to the updated address',
    );
  if (response.addressLine) parts.push(`address line: ${response.addressLine}`);
  if (response.landmark) parts.push(`landmark: ${response.landmark}`);
  if (response.alternatePhone)
    parts.push(`call ${forAdmin ? `+91 ${response.alternatePhone}` : maskPhone(response.alternatePhone)}`);
  if (response.message) parts.push(`note: “${response.message}”`);
  return parts.join('; ');
}

/** What the customer asked for, in the words the page's headline uses. */
export function describeNdrRequest(response: Pick<NdrResponseRecord, 'action' | 'preferredDate'>): string {
  switch (response.action) {
    case 'cancel':
      return 'You asked us to cancel this order.';
    case 'reattempt':
      return response.preferredDate
        ? `You asked for delivery on ${formatIndiaDay(response.preferredDate)}.`
        : 'You asked for another delivery attempt.';
    case 'update_address':
      return response.preferredDate
        ? `You sent us new delivery details and asked for delivery on ${formatIndiaDay(response.preferredDate)}.`
        : 'You sent us new delivery details.';
  }
}

/** The NDR part of `tracking.get`: null unless the order's latest attempt failed and is not closed. */
export function customerNdrView(
  order: OrderRecord,
  ndr: { event: NdrEventRecord; response: NdrResponseRecord | null } | null,
  now: Date,
) {
  if (CLOSED.includes(order.status) || !ndr) return null;
  const { event, response } = ndr;
  const { state, choices } = ndrAnswerState(order, event, response, now);
  if (state === 'closed') return null;
  const window = ndrReattemptWindow(now);
  return {
    state,
    reason: describeNdr(event.code).customerText,
    recordedAt: event.recordedAt,
    respondBy: ndrRespondBy(event),
    answer: response
      ? {
          action: response.action,
          summary: describeNdrResponse(response, false),
          at: response.createdAt,
          nextStep: NDR_ANSWER_HANDOFF.customer,
        }
      : null,
    choices: choices
      ? {
          reattempt: choices.reattempt ? window : null,
          updateAddress: choices.updateAddress,
          alternatePhone: choices.alternatePhone,
          cancel: choices.cancel,
        }
      : null,
  };
}
