import { findMilestoneContext, type DB, type Transaction } from '@app/db';
import { normalizeIndianMobile } from '@app/shipping';
import { getBranding } from '../../platform/branding/branding.service';
import type { AppDeps } from '../../platform/core/deps';
import { codConfirmLink, codConfirmToken } from '../../platform/security/tokens';
import {
  codConfirmationEmail,
  codConfirmationWhatsAppParams,
  COD_QUICK_REPLIES,
} from '../messaging/cod-confirmation.messages';
import { codReplyPayload } from './cod-reply-payload';
import { enqueueMessage } from './notification.service';

/**
 * Asks the customer to confirm a COD order, in the intake's transaction (outbox): a WhatsApp
 * template with Confirm and Cancel quick replies when they consented to WhatsApp, and an email with
 * the confirmation page's link when they have an email. Once per order and channel ever (the dedupe
 * key), so a replayed intake asks nobody twice. Returns the channels queued.
 */
export async function enqueueCodConfirmationRequest(
  deps: AppDeps,
  tx: Transaction<DB>,
  input: { orderId: string; codAmountPaise: number; expiresAt: Date },
): Promise<('email' | 'whatsapp')[]> {
  const order = await findMilestoneContext(tx, input.orderId);
  if (!order) return [];
  const branding = await getBranding(deps, tx);
  // The customer's language picks the email's words and the WhatsApp template's translation.
  const { language } = order;
  const queued: ('email' | 'whatsapp')[] = [];
  const email = order.contactEmail ?? order.customerEmail;
  if (email) {
    const content = codConfirmationEmail({
      customerName: order.customerName,
      orderNumber: order.orderNumber,
      language,
      codAmountPaise: input.codAmountPaise,
      storeName: branding.storeName,
      confirmLink: codConfirmLink(deps.config.publicUrl, deps.secrets.appSecret, order.orderNumber, input.expiresAt),
      answerBy: input.expiresAt,
    });
    const id = await enqueueMessage(deps, tx, {
      orderId: input.orderId,
      channel: 'email',
      audience: 'customer',
      template: 'cod_confirmation',
      recipient: email,
      subject: content.subject,
      body: content.text,
      params: { language },
      dedupeKey: `cod-confirmation:${input.orderId}:email`,
    });
    if (id) queued.push('email');
  }
  let mobile: string | null = null;
  if (order.whatsappOptIn) {
    try {
      mobile = normalizeIndianMobile(order.contactPhone);
    } catch {
      deps.logger.warn({ orderId: input.orderId }, '[MESSAGE] contact phone is not a valid Indian mobile: no WhatsApp');
    }
  }
  if (mobile) {
    const token = codConfirmToken(deps.secrets.appSecret, order.orderNumber, input.expiresAt);
    const params = codConfirmationWhatsAppParams(
      {
        language,
        customerName: order.customerName,
        orderNumber: order.orderNumber,
        codAmountPaise: input.codAmountPaise,
        storeName: branding.storeName,
      },
      {
        pageSuffix: `${encodeURIComponent(order.orderNumber)}?t=${token}`,
        payloads: COD_QUICK_REPLIES.map((answer) => codReplyPayload(deps.secrets.appSecret, input.orderId, answer)),
      },
    );
    const id = await enqueueMessage(deps, tx, {
      orderId: input.orderId,
      channel: 'whatsapp',
      audience: 'customer',
      template: 'cod_confirmation',
      recipient: `+91${mobile}`,
      subject: null,
      body: `${params.template.name} (${params.template.language}): ${params.body.join(' | ')}`,
      params,
      dedupeKey: `cod-confirmation:${input.orderId}:whatsapp`,
    });
    if (id) queued.push('whatsapp');
  }
  return queued;
}
