import { z } from 'zod';

/** One message of Order Details > Messages: what the customer (or the team) was sent, and where it stands. */
export const orderMessageView = z.object({
  id: z.string(),
  channel: z.enum(['email', 'whatsapp']),
  audience: z.enum(['customer', 'admin']),
  template: z.string(),
  recipient: z.string(),
  subject: z.string().nullable(),
  /** The email's text; for WhatsApp, the template and its parameters as one line. */
  body: z.string(),
  whatsapp: z
    .object({
      templateName: z.string(),
      language: z.string(),
      parameters: z.array(z.string()),
      buttonUrlSuffix: z.string().nullable(),
    })
    .nullable(),
  /** Retention removed the text and recipient; the row stays so the milestone is never sent twice. */
  contentRemoved: z.boolean(),
  /** Where it stands, from the outbox and the provider's receipts. */
  state: z.enum(['queued', 'sending', 'logged', 'sent', 'delivered', 'read', 'failed', 'cancelled']),
  /** Why it failed (the mail server's answer, or WhatsApp's error and code) or was cancelled; else null. */
  failureReason: z.string().nullable(),
  status: z.enum(['pending', 'sending', 'sent', 'failed', 'logged', 'cancelled']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
  delivery: z
    .object({
      status: z.enum(['sent', 'delivered', 'read', 'failed']),
      at: z.date().nullable(),
      errorCode: z.number().int().nullable(),
      error: z.string().nullable(),
    })
    .nullable(),
});
