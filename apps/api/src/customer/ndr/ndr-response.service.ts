import {
  findBookedShipment,
  findLatestNdrEvent,
  findNdrEvent,
  findNdrResponse,
  findOrderById,
  findTrackingSubject,
  flagOrderAttention,
  insertNdrResponse,
  insertNote,
  lockOrder,
  type DB,
  type NdrResponseChannel,
  type OrderRecord,
  type Transaction,
} from '@app/db';
import { describeNdr, istDay, ndrReattemptWindow, type NdrBuyerAction } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { enqueueNdrResponseAlert } from '../../outbox/notifications/notification.service';
import { verifyTrackingAccess } from '../access/tracking-access';
import { describeNdrResponse, formatIndiaDay, NDR_ANSWER_HANDOFF, ndrAnswerState } from './ndr.view';

export interface NdrAnswer {
  action: NdrBuyerAction;
  preferredDate?: string | undefined;
  landmark?: string | undefined;
  addressLine?: string | undefined;
  /** Bare 10 digits (normalised by the schema). */
  alternatePhone?: string | undefined;
  message?: string | undefined;
}

/**
 * Records the customer's answer to the order's NDR event (the latest, or `ndrNoteId` when a
 * WhatsApp reply names it): checks it fits the reason and the window, writes it once as an order
 * note, flags the order `ndr_response` and queues the admin's email, all in one transaction.
 */
export async function recordNdrAnswer(
  deps: AppDeps,
  order: OrderRecord,
  answer: NdrAnswer,
  options: { channel: NdrResponseChannel; ndrNoteId?: string; tx?: Transaction<DB> },
): Promise<{ summary: string }> {
  const now = deps.clock.now();
  const inTransaction = <T>(work: (tx: Transaction<DB>) => Promise<T>) =>
    options.tx ? work(options.tx) : deps.db.transaction().execute(work);
  return inTransaction(async (tx) => {
    // Answers for one order serialise here, so two tabs (or a tab and a quick reply) cannot both pass the checks.
    const locked = await lockOrder(tx, order.id);
    if (!locked) throw new AppError('TRACKING_NOT_FOUND');
    const current = (await findOrderById(tx, order.id)) ?? order;
    const latest = await findLatestNdrEvent(tx, order.id);
    const event = options.ndrNoteId ? await findNdrEvent(tx, order.id, options.ndrNoteId) : latest;
    // A reply to an older message than the latest attempt answers nothing current.
    if (!event || !latest || event.noteId !== latest.noteId) throw new AppError('NDR_NOT_OPEN');
    const existing = await findNdrResponse(tx, event.noteId);
    const { state, choices } = ndrAnswerState(current, event, existing, now);
    if (state === 'answered') throw new AppError('NDR_ALREADY_ANSWERED');
    if (state !== 'open' || !choices) throw new AppError('NDR_NOT_OPEN');

    const window = ndrReattemptWindow(now);
    if (answer.preferredDate !== undefined) {
      if (!choices.reattempt) throw new AppError('NDR_CHOICE_NOT_OFFERED', { logMessage: 'date not offered' });
      if (answer.preferredDate < window.earliest || answer.preferredDate > window.latest)
        throw new AppError('NDR_DATE_OUT_OF_WINDOW', {
          userMessage: `Choose a date from ${formatIndiaDay(window.earliest)} to ${formatIndiaDay(window.latest)}.`,
        });
    }
    if ((answer.landmark || answer.addressLine) && !choices.updateAddress)
      throw new AppError('NDR_CHOICE_NOT_OFFERED', { logMessage: 'address change not offered' });
    if (answer.alternatePhone && !choices.alternatePhone)
      throw new AppError('NDR_CHOICE_NOT_OFFERED', { logMessage: 'alternate phone not offered' });
    if (answer.action === 'reattempt') {
      if (!choices.reattempt) throw new AppError('NDR_CHOICE_NOT_OFFERED', { logMessage: 'reattempt not offered' });
      if (!answer.preferredDate)
        throw new AppError('NDR_DATE_OUT_OF_WINDOW', { userMessage: 'Choose the day the courier should come again.' });
    } else if (answer.action === 'update_address') {
      if (!choices.updateAddress && !choices.alternatePhone)
        throw new AppError('NDR_CHOICE_NOT_OFFERED', { logMessage: 'update_address not offered' });
      if (!answer.landmark && !answer.addressLine && !answer.alternatePhone)
        throw new AppError('NDR_ANSWER_INCOMPLETE');
    } else if (!choices.cancel) {
      throw new AppError('NDR_CHOICE_NOT_OFFERED', {
        userMessage: 'Only cash-on-delivery orders can be cancelled here.',
      });
    }

    const cancel = answer.action === 'cancel';
    const response = await insertNdrResponse(tx, {
      orderId: order.id,
      ndrNoteId: event.noteId,
      action: answer.action,
      preferredDate: cancel ? null : (answer.preferredDate ?? null),
      landmark: cancel ? null : (answer.landmark ?? null),
      addressLine: cancel ? null : (answer.addressLine ?? null),
      alternatePhone: cancel ? null : (answer.alternatePhone ?? null),
      message: answer.message ?? null,
      channel: options.channel,
      now,
    });
    if (!response) throw new AppError('NDR_ALREADY_ANSWERED');
    const ndr = describeNdr(event.code);
    const forAdmin = describeNdrResponse(response, true);
    await insertNote(tx, {
      orderId: order.id,
      kind: 'ndr_response',
      body: `Customer answered the failed delivery (${ndr.code}) ${options.channel === 'whatsapp' ? 'on WhatsApp' : 'on the tracking page'}: ${forAdmin}.`,
      ndrCode: ndr.code,
      dedupeKey: `ndr-response:${event.noteId}`,
      now,
    });
    await flagOrderAttention(tx, order.id, {
      kind: 'ndr_response',
      // The step first: a long answer is cut at 300 characters, the instruction never.
      reason: `${NDR_ANSWER_HANDOFF.admin} The customer answered: ${describeNdrResponse(response, false)}.`.slice(
        0,
        300,
      ),
      now,
    });
    const shipment = await findBookedShipment(tx, order.id);
    await enqueueNdrResponseAlert(deps, tx, {
      orderId: order.id,
      orderNumber: current.orderNumber,
      ndrNoteId: event.noteId,
      awb: shipment?.awb ?? null,
      courierName: shipment?.courierName ?? null,
      code: ndr.code,
      answer: forAdmin,
      action: answer.action,
    });
    deps.logger.info(
      { orderId: order.id, action: answer.action, channel: options.channel },
      '[NDR] customer answered; admin alerted',
    );
    return { summary: describeNdrResponse(response, false) };
  });
}

/** `tracking.respondToNdr`: the customer proves the order like `tracking.get`, then answers. */
export async function respondToNdr(
  deps: AppDeps,
  input: NdrAnswer & { orderId: string; token?: string | undefined; phoneLast4?: string | undefined; ip: string },
) {
  if (!input.token && !input.phoneLast4) throw new AppError('TRACKING_NOT_FOUND');
  const { order } = await verifyTrackingAccess(deps, input, findTrackingSubject);
  const { summary } = await recordNdrAnswer(deps, order, input, { channel: 'page' });
  return { state: 'answered' as const, summary, message: `Thank you. ${NDR_ANSWER_HANDOFF.customer}` };
}

/** A quick reply on the NDR WhatsApp: "deliver tomorrow" or "cancel", for the event the message named. */
export async function answerNdrFromWhatsApp(
  deps: AppDeps,
  tx: Transaction<DB>,
  order: OrderRecord,
  ndrNoteId: string,
  action: 'reattempt_tomorrow' | 'cancel',
): Promise<{ summary: string }> {
  const answer: NdrAnswer =
    action === 'cancel' ? { action: 'cancel' } : { action: 'reattempt', preferredDate: istDay(deps.clock.now(), 1) };
  return recordNdrAnswer(deps, order, answer, { channel: 'whatsapp', ndrNoteId, tx });
}
