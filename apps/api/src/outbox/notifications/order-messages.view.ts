import { listMessagesForOrder, type MessageRecord } from '@app/db';
import { z } from 'zod';
import type { AppDeps } from '../../platform/core/deps';

/** Where a message stands, from the outbox's state and the provider's receipts, decided here once. */
export type MessageState = 'queued' | 'sending' | 'logged' | 'sent' | 'delivered' | 'read' | 'failed' | 'cancelled';

/** The WhatsApp parameters as the outbox stores them (see deliver-message.job.ts). */
const whatsAppParams = z.object({
  template: z.object({ name: z.string(), language: z.string() }),
  body: z.array(z.string()),
  buttonUrlSuffix: z.string().optional(),
});

function messageState(m: MessageRecord): { state: MessageState; failureReason: string | null } {
  if (m.status === 'cancelled') return { state: 'cancelled', failureReason: m.lastError };
  if (m.status === 'failed') return { state: 'failed', failureReason: m.lastError ?? 'Gave up after retries' };
  if (m.deliveryStatus === 'failed') {
    const code = m.deliveryErrorCode === null ? '' : ` (WhatsApp error ${m.deliveryErrorCode})`;
    return { state: 'failed', failureReason: `${m.deliveryError ?? 'WhatsApp could not deliver it'}${code}` };
  }
  if (m.deliveryStatus === 'read' || m.deliveryStatus === 'delivered')
    return { state: m.deliveryStatus, failureReason: null };
  if (m.status === 'pending') return { state: 'queued', failureReason: null };
  return { state: m.status, failureReason: null };
}

/**
 * The order's messages as the admin reads them: what was sent (email subject and text, WhatsApp
 * template and parameters), to whom, when, and where it stands. Nothing here is logged.
 */
export async function listOrderMessages(deps: AppDeps, orderId: string) {
  const messages = await listMessagesForOrder(deps.db, orderId);
  return messages.map((m) => {
    const parsed = m.channel === 'whatsapp' && !m.contentRemoved ? whatsAppParams.safeParse(m.params) : null;
    return {
      id: m.id,
      channel: m.channel,
      audience: m.audience,
      template: m.template,
      recipient: m.recipient,
      subject: m.subject,
      /** The email's text; for WhatsApp, the template and its parameters as one line. */
      body: m.body,
      whatsapp: parsed?.success
        ? {
            templateName: parsed.data.template.name,
            language: parsed.data.template.language,
            /** {{1}}, {{2}}, ... in order. */
            parameters: parsed.data.body,
            buttonUrlSuffix: parsed.data.buttonUrlSuffix ?? null,
          }
        : null,
      contentRemoved: m.contentRemoved,
      ...messageState(m),
      status: m.status,
      attempts: m.attempts,
      /** The last try's error while it is still retried (or for good, when failed). */
      lastError: m.lastError,
      createdAt: m.createdAt,
      sentAt: m.sentAt,
      // What WhatsApp reported after accepting it; a failure carries Meta's code for the admin.
      delivery: m.deliveryStatus
        ? {
            status: m.deliveryStatus,
            at: m.deliveryStatusAt,
            errorCode: m.deliveryErrorCode,
            error: m.deliveryError,
          }
        : null,
    };
  });
}
