import {
  findBookedShipment,
  findCustomerById,
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
import { translator, type Language, type MessageKey } from '@app/shipping/i18n';
import type { AppDeps } from '../../platform/core/deps';
import { AppError, type AppErrorCode } from '../../platform/core/errors';
import { enqueueNdrResponseAlert } from '../../outbox/notifications/notification.service';
import { verifyTrackingAccess } from '../access/tracking-access';
import { describeNdrResponse, NDR_ANSWER_HANDOFF, ndrAnswerState } from './ndr.view';

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
 * A refusal of the customer's answer, told in their language (`track.ndrErr*`); the log keeps English.
 */
function refusal(code: AppErrorCode, language: Language, key: MessageKey, values?: Record<string, string>): AppError {
  return new AppError(code, {
    userMessage: translator(language).t(key, values),
    logMessage: translator('en').t(key, values),
  });
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
  options: { channel: NdrResponseChannel; ndrNoteId?: string; tx?: Transaction<DB>; language?: Language },
): Promise<{ summary: string }> {
  const now = deps.clock.now();
  const language = options.language ?? 'en';
  const refuse = (code: AppErrorCode, key: MessageKey, values?: Record<string, string>) =>
    refusal(code, language, key, values);
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
    if (!event || !latest || event.noteId !== latest.noteId) throw refuse('NDR_NOT_OPEN', 'track.ndrErrNotOpen');
    const existing = await findNdrResponse(tx, event.noteId);
    const { state, choices } = ndrAnswerState(current, event, existing, now);
    if (state === 'answered') throw refuse('NDR_ALREADY_ANSWERED', 'track.ndrErrAlreadyAnswered');
    if (state !== 'open' || !choices) throw refuse('NDR_NOT_OPEN', 'track.ndrErrNotOpen');

    const window = ndrReattemptWindow(now);
    const tr = translator(language);
    if (answer.preferredDate !== undefined) {
      if (!choices.reattempt) throw refuse('NDR_CHOICE_NOT_OFFERED', 'track.ndrErrNotOffered');
      if (answer.preferredDate < window.earliest || answer.preferredDate > window.latest)
        throw refuse('NDR_DATE_OUT_OF_WINDOW', 'track.ndrErrDateWindow', {
          from: tr.calendarDay(window.earliest),
          to: tr.calendarDay(window.latest),
        });
    }
    if ((answer.landmark || answer.addressLine) && !choices.updateAddress)
      throw refuse('NDR_CHOICE_NOT_OFFERED', 'track.ndrErrNotOffered');
    if (answer.alternatePhone && !choices.alternatePhone)
      throw refuse('NDR_CHOICE_NOT_OFFERED', 'track.ndrErrNotOffered');
    if (answer.action === 'reattempt') {
      if (!choices.reattempt) throw refuse('NDR_CHOICE_NOT_OFFERED', 'track.ndrErrNotOffered');
      if (!answer.preferredDate) throw refuse('NDR_DATE_OUT_OF_WINDOW', 'track.ndrErrChooseDay');
    } else if (answer.action === 'update_address') {
      if (!choices.updateAddress && !choices.alternatePhone)
        throw refuse('NDR_CHOICE_NOT_OFFERED', 'track.ndrErrNotOffered');
      if (!answer.landmark && !answer.addressLine && !answer.alternatePhone)
        throw refuse('NDR_ANSWER_INCOMPLETE', 'track.ndrErrIncomplete');
    } else if (!choices.cancel) {
      throw refuse('NDR_CHOICE_NOT_OFFERED', 'track.ndrErrCancelCodOnly');
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
    if (!response) throw refuse('NDR_ALREADY_ANSWERED', 'track.ndrErrAlreadyAnswered');
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

async function customerLanguage(deps: AppDeps, customerId: string | null): Promise<Language> {
  const customer = customerId ? await findCustomerById(deps.db, customerId) : undefined;
  return customer?.language ?? 'en';
}

/** `tracking.respondToNdr`: the customer proves the order like `tracking.get`, then answers. */
export async function respondToNdr(
  deps: AppDeps,
  input: NdrAnswer & {
    orderId: string;
    token?: string | undefined;
    phoneLast4?: string | undefined;
    /** The page's language; absent: the customer's own. Refusals and the thanks are in it. */
    lang?: Language | undefined;
    ip: string;
  },
) {
  if (!input.token && !input.phoneLast4) throw new AppError('TRACKING_NOT_FOUND');
  const { order } = await verifyTrackingAccess(deps, input, findTrackingSubject);
  const language = input.lang ?? (await customerLanguage(deps, order.customerId));
  const { summary } = await recordNdrAnswer(deps, order, input, { channel: 'page', language });
  return { state: 'answered' as const, summary, message: translator(language).t('track.ndrThanks') };
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
