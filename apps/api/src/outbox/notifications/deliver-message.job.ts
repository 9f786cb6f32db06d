import { findMessage, markMessageAttemptFailed, markMessageDelivered, markMessageSending } from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import type { EmailSender } from '../messaging/email.sender';
import { MessageSendError } from '../messaging/email.sender';
import type { WhatsAppSender } from '../messaging/whatsapp.sender';
import type { JobPayloads, QueueJob } from '../../platform/core/job-queue';

export interface Senders {
  email: EmailSender | null;
  whatsapp: WhatsAppSender | null;
}

/**
 * Delivers one outbox message. A message already sent is skipped (at-least-once queue, once to
 * the person). Without a configured channel the message is logged and kept as `logged`.
 * Transient failures throw so pg-boss retries with backoff; permanent ones and the last retry
 * end as `failed` with the reason, visible to the admin.
 */
export async function deliverMessage(
  deps: AppDeps,
  senders: Senders,
  job: QueueJob<JobPayloads['deliver-message']>,
  retryLimit: number,
): Promise<void> {
  const { db, logger, clock } = deps;
  const message = await findMessage(db, job.data.messageId);
  if (!message || (message.status !== 'pending' && message.status !== 'sending')) return;
  const log = logger.child({
    messageId: message.id,
    orderId: message.orderId,
    channel: message.channel,
    template: message.template,
  });
  if (!(await markMessageSending(db, message.id, message.attempts + 1))) {
    log.info('[MESSAGE] no longer to be sent (cancelled meanwhile)');
    return;
  }
  try {
    let providerId: string | null = null;
    if (message.channel === 'email') {
      if (!senders.email) {
        log.info('[MESSAGE] no SMTP configured: email kept in the outbox');
        await markMessageDelivered(db, message.id, { status: 'logged', at: clock.now(), providerMessageId: null });
        return;
      }
      providerId = (
        await senders.email.send({
          to: message.recipient,
          subject: message.subject ?? '',
          text: message.body,
          key: `message-${message.id}`,
        })
      ).messageId;
    } else {
      if (!senders.whatsapp) {
        log.info('[MESSAGE] no WhatsApp configured: message kept in the outbox');
        await markMessageDelivered(db, message.id, { status: 'logged', at: clock.now(), providerMessageId: null });
        return;
      }
      const params = message.params as {
        template: { name: string; language: string };
        body: string[];
        buttonUrlSuffix?: string;
        buttonUrlIndex?: number;
        quickReplies?: string[];
      };
      providerId = (
        await senders.whatsapp.sendTemplate({
          to: message.recipient,
          template: params.template,
          body: params.body,
          ...(params.buttonUrlSuffix ? { buttonUrlSuffix: params.buttonUrlSuffix } : {}),
          ...(params.buttonUrlIndex !== undefined ? { buttonUrlIndex: params.buttonUrlIndex } : {}),
          ...(params.quickReplies ? { quickReplies: params.quickReplies } : {}),
          callbackData: `msg_${message.id}`,
        })
      ).messageId;
    }
    await markMessageDelivered(db, message.id, { status: 'sent', at: clock.now(), providerMessageId: providerId });
    log.info({ attempts: message.attempts + 1 }, '[MESSAGE] sent');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const permanent = err instanceof MessageSendError && err.permanent;
    const lastTry = job.retryCount >= retryLimit;
    const final = permanent || lastTry;
    await markMessageAttemptFailed(db, message.id, { final, error: reason });
    if (final) {
      log.error({ reason, permanent, attempts: message.attempts + 1 }, '[MESSAGE] failed for good');
      return;
    }
    log.warn({ reason, retry: job.retryCount }, '[MESSAGE] send failed, will retry');
    throw err;
  }
}
