import type { Transporter } from 'nodemailer';

export interface EmailSender {
  /**
   * `key` names the outbox message: every attempt at it carries the same Message-ID header, so a
   * resend after a crash between the server's acceptance and our record of it (an at-least-once
   * outbox cannot close that window) is one email in the customer's mailbox, not two.
   */
  send(input: { to: string; subject: string; text: string; key: string }): Promise<{ messageId: string }>;
  close(): void;
}

export class MessageSendError extends Error {
  override readonly name = 'MessageSendError';
  constructor(
    message: string,
    /** Permanent failures are not retried: a bad address or a rejected template will not fix itself. */
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function createEmailSender(smtpUrl: string, from: string): EmailSender {
  // nodemailer (about a hundred modules) is loaded for the first email, not at start: a process
  // that sends none does not hold it (RSS at rest, docs/performance.md).
  let transport: Promise<Transporter> | undefined;
  const open = () =>
    (transport ??= import('nodemailer').then(({ default: nodemailer }) =>
      // Short timeouts: a stalled SMTP server should fail the attempt and let the queue retry.
      nodemailer.createTransport({
        url: smtpUrl,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      }),
    ));
  return {
    async send({ to, subject, text, key }) {
      const smtp = await open();
      try {
        const info = (await smtp.sendMail({ from, to, subject, text, messageId: stableMessageId(key, from) })) as {
          messageId?: string;
        };
        return { messageId: info.messageId ?? '' };
      } catch (err) {
        const responseCode = (err as { responseCode?: number }).responseCode;
        // 5xx from the server about this message (bad mailbox, rejected) is permanent; anything else (refused, timeout, 4xx) is worth retrying.
        const permanent = typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600;
        throw new MessageSendError(
          `SMTP ${responseCode ?? (err as { code?: string }).code ?? 'error'}: ${(err as Error).message}`,
          permanent,
          { cause: err },
        );
      }
    },
    close: () => {
      void transport?.then((smtp) => smtp.close());
    },
  };
}

/** `<key@domain of the sender>` (RFC 5322 msg-id): the same for every attempt at one outbox message. */
export function stableMessageId(key: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  return `<${key.replace(/[^A-Za-z0-9._-]/g, '-')}@${domain}>`;
}
