import {
  findMessageByDedupeKey,
  findMilestoneContext,
  findNdrEvent,
  findNdrResponse,
  type DB,
  type MessageRecord,
  type MilestoneContext,
  type Transaction,
} from '@app/db';
import { getBranding } from '../../platform/branding/branding.service';
import type { AppDeps } from '../../platform/core/deps';
import { milestoneEmail, ndrCustomerEmail, type EmailContent } from '../messaging/message.templates';
import { trackingLink } from '../../platform/security/tokens';
import { NDR_ANSWER_WINDOW_HOURS } from '@app/shipping';
import { ndrCustomerText } from '@app/shipping/i18n';
import { enqueueMessage } from './notification.service';

/** Customer templates whose WhatsApp has an email twin, and how to rebuild that email. */
async function fallbackEmailContent(
  deps: AppDeps,
  tx: Transaction<DB>,
  failed: MessageRecord,
  order: MilestoneContext,
): Promise<{ content: EmailContent; twinKey: string } | null> {
  const branding = await getBranding(deps, tx);
  const link = trackingLink(deps.config.publicUrl, deps.secrets.appSecret, order.orderNumber);
  const milestone = (['shipped', 'out_for_delivery', 'delivered'] as const).find((m) => m === failed.template);
  if (milestone) {
    const content = milestoneEmail(milestone, {
      language: order.language,
      customerName: order.customerName,
      orderNumber: order.orderNumber,
      courierName: order.courierName,
      awb: order.awb,
      arrivingBy: order.promisedBy,
      trackingLink: link,
      storeName: branding.storeName,
      supportEmail: branding.supportEmail,
      supportPhone: branding.supportPhone,
    });
    return { content, twinKey: failed.dedupeKey.replace(/:whatsapp$/, ':email') };
  }
  if (failed.template === 'ndr_customer') {
    // The same words as the WhatsApp's email twin: the attempt's reason and its real deadline. Once
    // the customer has answered, or the courier's window has passed, there is nothing left to ask.
    const noteId = /^ndr-customer:(\d+):whatsapp$/.exec(failed.dedupeKey)?.[1];
    const event = noteId ? await findNdrEvent(tx, order.orderId, noteId) : undefined;
    if (!event) return null;
    const respondBy = new Date(event.recordedAt.getTime() + NDR_ANSWER_WINDOW_HOURS * 3_600_000);
    if (deps.clock.now() >= respondBy || (await findNdrResponse(tx, event.noteId))) return null;
    const content = ndrCustomerEmail({
      language: order.language,
      customerName: order.customerName,
      orderNumber: order.orderNumber,
      reason: ndrCustomerText(event.code, order.language),
      trackingLink: link,
      storeName: branding.storeName,
      respondBy,
    });
    return { content, twinKey: failed.dedupeKey.replace(/:whatsapp$/, ':email') };
  }
  return null;
}

/**
 * A WhatsApp that Meta reported `failed`: when the customer has an email and this milestone's email
 * was never sent (none queued, or it failed), send that email instead, once (its own dedupe key).
 */
export async function enqueueEmailFallback(
  deps: AppDeps,
  tx: Transaction<DB>,
  failed: MessageRecord,
): Promise<string | undefined> {
  if (failed.channel !== 'whatsapp' || failed.audience !== 'customer' || !failed.orderId) return undefined;
  const order = await findMilestoneContext(tx, failed.orderId);
  const email = order ? (order.contactEmail ?? order.customerEmail) : null;
  if (!order || !email) return undefined;
  const built = await fallbackEmailContent(deps, tx, failed, order);
  if (!built) return undefined;
  const twin = await findMessageByDedupeKey(tx, built.twinKey);
  if (twin && twin.status !== 'failed') return undefined;
  return enqueueMessage(deps, tx, {
    orderId: failed.orderId,
    channel: 'email',
    audience: 'customer',
    template: failed.template,
    recipient: email,
    subject: built.content.subject,
    body: built.content.text,
    params: { fallbackFor: failed.id },
    dedupeKey: `${failed.dedupeKey}:email-fallback`,
  });
}
