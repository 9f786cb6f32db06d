import {
  applyMessageReceipt,
  claimPendingWhatsAppInbox,
  claimWhatsAppInboxEntry,
  hasPendingWhatsAppInbox,
  findMessageForReceipt,
  findNdrEventByNote,
  findOrderById,
  insertWhatsAppInboxEntry,
  lockOrder,
  optOutWhatsAppByMobile,
  cancelQueuedWhatsAppTo,
  listWaitingWhatsAppInbox,
  markWhatsAppInboxFailed,
  recordWhatsAppInboxOutcome,
  type DB,
  type Transaction,
  type WhatsAppInboxOutcome,
  type WhatsAppInboxRecord,
} from '@app/db';
import type { AppDeps, InboxApplier } from '../../platform/core/deps';
import { drainKickedLoop, startKickedLoop } from '../../platform/core/kicked-loop';
import { AppError } from '../../platform/core/errors';
import {
  readStoredWhatsAppEvents,
  type WhatsAppWebhookEvent,
  type WhatsAppWebhookParse,
} from '../../outbox/messaging/whatsapp.wire';
import { answerNdrFromWhatsApp } from '../ndr/ndr-response.service';
import { readNdrReplyPayload } from '../../outbox/notifications/ndr-reply-payload';
import { enqueueEmailFallback } from '../../outbox/notifications/email-fallback';
import { readCodReplyPayload } from '../../outbox/notifications/cod-reply-payload';
import { applyCodAnswer } from '../cod-confirmation/answer-cod-confirmation';
import { normalizeIndianMobile } from '@app/shipping';

/**
 * The webhook's whole database work: ONE statement and one commit. A signed body is stored as
 * `pending` with its events (or `rejected` with why) and the applier is kicked to apply it at once,
 * off the request.
 */
export async function storeWhatsAppPush(
  deps: AppDeps,
  rawBody: string,
  parsed: WhatsAppWebhookParse,
): Promise<{ id: string; outcome: WhatsAppInboxOutcome }> {
  const outcome: WhatsAppInboxOutcome = parsed.ok ? 'pending' : 'rejected';
  const id = await insertWhatsAppInboxEntry(deps.db, {
    receivedAt: deps.clock.now(),
    rawBody: rawBody.slice(0, 262_144),
    payload: parsed.ok ? { events: parsed.events, skipped: parsed.skipped } : null,
    outcome,
    detail: parsed.ok ? null : parsed.reason,
  });
  if (outcome === 'pending') deps.whatsappInbox.kick();
  return { id, outcome };
}

async function applyStatus(
  deps: AppDeps,
  tx: Transaction<DB>,
  event: Extract<WhatsAppWebhookEvent, { kind: 'status' }>,
): Promise<string> {
  const message = await findMessageForReceipt(tx, {
    providerMessageId: event.providerMessageId,
    messageId: event.messageId,
  });
  if (!message || message.channel !== 'whatsapp') return `status ${event.status} for a message we did not send`;
  const changed = await applyMessageReceipt(tx, message.id, {
    status: event.status,
    at: new Date(event.at),
    providerMessageId: event.providerMessageId,
    errorCode: event.error?.code ?? null,
    error: event.error ? `${event.error.code}: ${event.error.title}` : null,
  });
  if (!changed) return `status ${event.status} for message ${message.id}: duplicate or late, not applied`;
  if (event.status === 'failed') {
    const fallback = await enqueueEmailFallback(deps, tx, message);
    deps.logger.warn(
      { messageId: message.id, orderId: message.orderId, code: event.error?.code, fallback: fallback ?? null },
      `[WHATSAPP] message failed (${event.error?.code ?? 'no code'})${fallback ? ': email sent instead' : ''}`,
    );
  }
  return `status ${event.status} applied to message ${message.id}`;
}

/** A Confirm or Cancel button of the COD confirmation message (the payload names the order, signed). */
async function applyCodButton(
  deps: AppDeps,
  tx: Transaction<DB>,
  reply: { orderId: string; answer: 'confirm' | 'cancel' },
): Promise<string> {
  const order = await lockOrder(tx, reply.orderId);
  if (!order) return 'a COD confirmation reply for an order that no longer exists';
  const answer = reply.answer === 'confirm' ? 'confirmed' : 'declined';
  try {
    const result = await applyCodAnswer(deps, tx, order, answer, 'whatsapp');
    return result === 'same'
      ? `COD quick reply "${reply.answer}" for order ${order.orderNumber}: duplicate, not applied`
      : `COD quick reply "${reply.answer}" recorded: order ${order.orderNumber} ${answer}`;
  } catch (err) {
    // Answered otherwise already, expired, or booked: the first answer stands.
    if (err instanceof AppError) return `COD quick reply "${reply.answer}" not recorded: ${err.code}`;
    throw err;
  }
}

/** STOP from a customer: their WhatsApp consent ends (every customer row with that mobile). */
async function applyOptOut(
  deps: AppDeps,
  tx: Transaction<DB>,
  event: Extract<WhatsAppWebhookEvent, { kind: 'opt_out' }>,
): Promise<string> {
  let mobile: string;
  try {
    mobile = normalizeIndianMobile(event.from);
  } catch {
    return 'STOP from a number that is not an Indian mobile: nothing to change';
  }
  const changed = await optOutWhatsAppByMobile(tx, mobile, deps.clock.now());
  // What is still queued for them on WhatsApp is not sent (kept in the outbox as cancelled).
  const cancelled = await cancelQueuedWhatsAppTo(tx, mobile, 'Not sent: the customer replied STOP on WhatsApp.');
  deps.logger.info(
    { customers: changed, cancelledMessages: cancelled },
    '[WHATSAPP] customer replied STOP: WhatsApp consent withdrawn',
  );
  const held = cancelled > 0 ? `; ${cancelled} queued message${cancelled === 1 ? '' : 's'} cancelled` : '';
  return changed > 0
    ? `STOP recorded: WhatsApp consent withdrawn for ${changed} customer${changed === 1 ? '' : 's'}${held}`
    : `STOP from a customer with no WhatsApp consent: duplicate, not applied${held}`;
}

async function applyButton(
  deps: AppDeps,
  tx: Transaction<DB>,
  event: Extract<WhatsAppWebhookEvent, { kind: 'button' }>,
): Promise<string> {
  const cod = readCodReplyPayload(deps.secrets.appSecret, event.payload);
  if (cod) return applyCodButton(deps, tx, cod);
  const reply = readNdrReplyPayload(deps.secrets.appSecret, event.payload);
  if (!reply) return 'a button reply that is not one of our quick replies';
  const ndr = await findNdrEventByNote(tx, reply.ndrNoteId);
  const order = ndr ? await findOrderById(tx, ndr.orderId) : undefined;
  if (!ndr || !order) return 'a quick reply for an NDR that no longer exists';
  try {
    const { summary } = await answerNdrFromWhatsApp(deps, tx, order, reply.ndrNoteId, reply.action);
    return `quick reply "${reply.action}" recorded: ${summary}`;
  } catch (err) {
    // The customer pressed a button the situation no longer allows (answered already, window passed).
    if (err instanceof AppError) return `quick reply "${reply.action}" not recorded: ${err.code}`;
    throw err;
  }
}

/** How many stored webhooks one applying transaction takes (one commit for all of them). */
export const WHATSAPP_APPLY_BATCH = 100;

/**
 * Applies one claimed webhook inside the caller's transaction and records what it did on its row:
 * statuses move messages forward only (duplicates and reordering change nothing), `failed` falls
 * back to email, quick replies answer the NDR or the COD confirmation, STOP withdraws consent.
 */
async function applyClaimedWhatsAppEntry(
  deps: AppDeps,
  tx: Transaction<DB>,
  entry: WhatsAppInboxRecord,
): Promise<WhatsAppInboxOutcome> {
  const events = readStoredWhatsAppEvents(entry.payload);
  const details: string[] = [];
  for (const event of events) {
    details.push(
      event.kind === 'status'
        ? await applyStatus(deps, tx, event)
        : event.kind === 'button'
          ? await applyButton(deps, tx, event)
          : await applyOptOut(deps, tx, event),
    );
  }
  const applied = details.some((d) => d.includes(' applied to ') || d.includes(' recorded: '));
  const outcome: WhatsAppInboxOutcome = applied ? 'applied' : 'ignored';
  await recordWhatsAppInboxOutcome(tx, entry.id, {
    outcome,
    detail: details.join('; ') || 'nothing to apply',
    processedAt: deps.clock.now(),
    attempts: entry.attempts + 1,
  });
  return outcome;
}

/**
 * Applies one stored webhook in its own transaction (the sweeper, and a batch that failed). Safe to
 * call again: the row is claimed with SKIP LOCKED and every effect is rank- or key-guarded.
 */
export async function applyWhatsAppInboxEntry(deps: AppDeps, id: string): Promise<WhatsAppInboxOutcome | null> {
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const entry = await claimWhatsAppInboxEntry(tx, id);
      return entry ? applyClaimedWhatsAppEntry(deps, tx, entry) : null;
    });
  } catch (err) {
    deps.logger.error({ err, inboxId: id }, '[WHATSAPP] applying a stored webhook failed; it will be retried');
    await markWhatsAppInboxFailed(deps.db, id, err instanceof Error ? err.message : String(err));
    return 'failed';
  }
}

/**
 * The applier's batch: up to `limit` pending webhooks, oldest first, claimed with FOR UPDATE SKIP
 * LOCKED, applied and marked in one transaction (one commit). When one throws, the batch rolls back
 * and its webhooks are applied one by one, so only that one is marked failed (the sweep retries it).
 * Returns how many were taken (0: nothing waits).
 */
export async function applyPendingWhatsAppPushes(deps: AppDeps, limit = WHATSAPP_APPLY_BATCH): Promise<number> {
  let claimed: string[] = [];
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const entries = await claimPendingWhatsAppInbox(tx, limit);
      claimed = entries.map((e) => e.id);
      for (const entry of entries) await applyClaimedWhatsAppEntry(deps, tx, entry);
      return entries.length;
    });
  } catch (err) {
    deps.logger.warn({ err, webhooks: claimed.length }, '[WHATSAPP] a batch failed; applying its webhooks one by one');
    for (const id of claimed) await applyWhatsAppInboxEntry(deps, id);
    return claimed.length;
  }
}

/**
 * The in-process applier of WhatsApp webhooks: the route kicks it right after its INSERT commits;
 * the start-up kick and the maintenance sweep (applyWaitingWhatsAppPushes) catch what a stopped or
 * crashed instance left.
 */
export function startWhatsAppApplier(deps: AppDeps): InboxApplier {
  return startKickedLoop({
    logger: deps.logger,
    failure: '[WHATSAPP] the webhook applier stopped; stored webhooks wait for the sweep',
    batch: () => applyPendingWhatsAppPushes(deps),
  });
}

/** Waits until no stored WhatsApp webhook is pending (tests, after posting). */
export function drainWhatsAppInbox(deps: AppDeps): Promise<void> {
  return drainKickedLoop(deps.whatsappInbox, () => hasPendingWhatsAppInbox(deps.db), 'the WhatsApp inbox');
}

/** The maintenance sweep: webhooks stored but not applied (a crash, a failed apply) get another go. */
export async function applyWaitingWhatsAppPushes(deps: AppDeps): Promise<number> {
  const ids = await listWaitingWhatsAppInbox(deps.db, new Date(deps.clock.now().getTime() - 30_000), 50);
  for (const id of ids) await applyWhatsAppInboxEntry(deps, id);
  return ids.length;
}
