import type { NdrEventRecord, NdrResponseRecord, OrderRecord } from '@app/db';
import {
  maskPhone,
  NDR_ANSWER_WINDOW_HOURS,
  ndrBuyerChoices,
  ndrReattemptWindow,
  type NdrBuyerChoices,
  type OrderStatus,
} from '@app/shipping';
import { ndrCustomerText, translator, type Translator } from '@app/shipping/i18n';

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

/**
 * The answer in a sentence, in `tr`'s language (the customer's page; the admin reads English);
 * `forAdmin` shows the alternate phone in full (the courier needs it).
 */
export function describeNdrResponse(
  response: NdrResponseRecord,
  forAdmin: boolean,
  { t, calendarDay }: Translator = translator('en'),
): string {
  const parts: string[] = [];
  const day = response.preferredDate ? calendarDay(response.preferredDate) : null;
  if (response.action === 'cancel') parts.push(t('ndr.answer.cancel'));
  else if (response.action === 'reattempt')
    parts.push(day ? t('ndr.answer.reattemptOn', { day }) : t('ndr.answer.reattempt'));
  else parts.push(day ? t('ndr.answer.updateOn', { day }) : t('ndr.answer.update'));
  if (response.addressLine) parts.push(t('ndr.answer.addressLine', { value: response.addressLine }));
  if (response.landmark) parts.push(t('ndr.answer.landmark', { value: response.landmark }));
  if (response.alternatePhone)
    parts.push(
      t('ndr.answer.call', {
        phone: forAdmin ? `+91 ${response.alternatePhone}` : maskPhone(response.alternatePhone),
      }),
    );
  if (response.message) parts.push(t('ndr.answer.note', { value: response.message }));
  return parts.join('; ');
}

/** What the customer asked for, in the words the page's headline uses (in `tr`'s language). */
export function describeNdrRequest(
  response: Pick<NdrResponseRecord, 'action' | 'preferredDate'>,
  { t, calendarDay }: Translator = translator('en'),
): string {
  const day = response.preferredDate ? calendarDay(response.preferredDate) : null;
  switch (response.action) {
    case 'cancel':
      return t('ndr.asked.cancel');
    case 'reattempt':
      return day ? t('ndr.asked.reattemptOn', { day }) : t('ndr.asked.reattempt');
    case 'update_address':
      return day ? t('ndr.asked.updateOn', { day }) : t('ndr.asked.update');
  }
}

/** The NDR part of `tracking.get`: null unless the order's latest attempt failed and is not closed. */
export function customerNdrView(
  order: Pick<OrderRecord, 'status' | 'paymentMethod'>,
  ndr: { event: NdrEventRecord; response: NdrResponseRecord | null } | null,
  now: Date,
  tr: Translator = translator('en'),
) {
  if (CLOSED.includes(order.status) || !ndr) return null;
  const { event, response } = ndr;
  const { state, choices } = ndrAnswerState(order, event, response, now);
  if (state === 'closed') return null;
  const window = ndrReattemptWindow(now);
  return {
    state,
    reason: ndrCustomerText(event.code, tr.language),
    recordedAt: event.recordedAt,
    respondBy: ndrRespondBy(event),
    answer: response
      ? {
          action: response.action,
          summary: describeNdrResponse(response, false, tr),
          at: response.createdAt,
          nextStep: tr.t('ndr.handoff'),
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
