import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Meta's WhatsApp webhooks (shared/reference/whatsapp-cloud-api.md §4), read and written here only:
 * the `X-Hub-Signature-256` HMAC over the raw bytes, the subscribe handshake, the envelope with
 * message statuses and quick-reply buttons. The rest of the product sees `WhatsAppWebhookEvent`s;
 * the sandbox's stand-in builds its webhooks with the builders below, so both speak one format.
 */

export const WHATSAPP_DELIVERY_STATUSES = ['sent', 'delivered', 'read', 'failed'] as const;
export type WhatsAppDeliveryStatus = (typeof WHATSAPP_DELIVERY_STATUSES)[number];

export type WhatsAppWebhookEvent =
  | {
      kind: 'status';
      /** The wamid: what receipts are keyed on (recipient ids may be empty with usernames). */
      providerMessageId: string;
      status: WhatsAppDeliveryStatus;
      at: string;
      /** Our outbox id, echoed from `biz_opaque_callback_data` (`msg_<id>`). */
      messageId: string | null;
      error: { code: number; title: string } | null;
    }
  | {
      kind: 'button';
      /** The reply's own wamid, and the wamid of our message the button was on. */
      providerMessageId: string;
      contextMessageId: string | null;
      payload: string;
      text: string;
      at: string;
    }
  | {
      /** A customer wrote STOP (or UNSUBSCRIBE): their WhatsApp consent ends. Other texts are not kept. */
      kind: 'opt_out';
      providerMessageId: string;
      /** The sender's number as Meta gives it (digits, country code first). */
      from: string;
      at: string;
    };

/** Words a customer sends to stop WhatsApp messages (Meta's opt-out keywords), any case, alone on the line. */
const OPT_OUT_WORDS = new Set(['stop', 'unsubscribe', 'stop all', 'opt out', 'optout']);

export function isWhatsAppOptOut(text: string): boolean {
  return OPT_OUT_WORDS.has(
    text
      .trim()
      .replace(/[.!]+$/, '')
      .replace(/\s+/g, ' ')
      .toLowerCase(),
  );
}

/** `sha256=<hex>` of HMAC-SHA256(app secret, raw body). */
export function whatsappSignature(appSecret: string, rawBody: Uint8Array | string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** Constant-time check of `X-Hub-Signature-256` over the bytes exactly as received. */
export function isValidWhatsAppSignature(appSecret: string, rawBody: Uint8Array, header: unknown): boolean {
  if (typeof header !== 'string' || !/^sha256=[0-9a-f]{64}$/i.test(header.trim())) return false;
  const expected = Buffer.from(whatsappSignature(appSecret, rawBody).slice(7), 'hex');
  const given = Buffer.from(header.trim().slice(7).toLowerCase(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The subscribe handshake: the challenge to echo, or null when the mode or token is wrong. */
export function answerWhatsAppHandshake(
  verifyToken: string | undefined,
  query: Record<string, unknown>,
  safeEqual: (a: string, b: string) => boolean,
): string | null {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (!verifyToken || mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string') return null;
  if (!/^[\w.-]{1,200}$/.test(challenge)) return null;
  return safeEqual(token, verifyToken) ? challenge : null;
}

const timestamp = z.union([z.string().regex(/^\d{1,12}$/), z.number().int().nonnegative()]).transform((v) => {
  const seconds = Number(v);
  return new Date(seconds * 1000).toISOString();
});

const statusSchema = z.object({
  id: z.string().min(1).max(200),
  status: z.string().max(40),
  timestamp,
  biz_opaque_callback_data: z.string().max(512).optional(),
  errors: z
    .array(
      z.object({
        code: z.number().int(),
        title: z.string().max(300).optional(),
        message: z.string().max(500).optional(),
      }),
    )
    .max(10)
    .optional(),
});

const messageSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.string().max(40),
  timestamp,
  from: z.string().max(40).optional(),
  context: z.object({ id: z.string().max(200).optional() }).optional(),
  text: z.object({ body: z.string().max(4096) }).optional(),
  button: z.object({ payload: z.string().max(1000), text: z.string().max(200) }).optional(),
  interactive: z
    .object({ button_reply: z.object({ id: z.string().max(1000), title: z.string().max(200) }).optional() })
    .optional(),
});

const envelopeSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z
    .array(
      z.object({
        changes: z
          .array(
            z.object({
              field: z.string().max(100),
              value: z
                .object({
                  statuses: z.array(z.unknown()).max(1000).optional(),
                  messages: z.array(z.unknown()).max(1000).optional(),
                })
                .optional(),
            }),
          )
          .max(100),
      }),
    )
    .max(100),
});

export type WhatsAppWebhookParse =
  { ok: true; events: WhatsAppWebhookEvent[]; skipped: number } | { ok: false; reason: string };

/**
 * Reads a webhook body (already parsed JSON). Statuses and button replies become events; anything
 * else Meta sends on the `messages` field (customers' texts, unknown statuses) is counted as skipped.
 */
export function parseWhatsAppWebhook(body: unknown): WhatsAppWebhookParse {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) return { ok: false, reason: 'not a WhatsApp Business Account webhook' };
  const events: WhatsAppWebhookEvent[] = [];
  let skipped = 0;
  for (const entry of envelope.data.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages' || !change.value) continue;
      for (const raw of change.value.statuses ?? []) {
        const status = statusSchema.safeParse(raw);
        const known = status.success ? WHATSAPP_DELIVERY_STATUSES.find((s) => s === status.data.status) : undefined;
        if (!status.success || !known) {
          skipped++;
          continue;
        }
        const callback = /^msg_(\d{1,18})$/.exec(status.data.biz_opaque_callback_data ?? '')?.[1] ?? null;
        const error = status.data.errors?.[0];
        events.push({
          kind: 'status',
          providerMessageId: status.data.id,
          status: known,
          at: status.data.timestamp,
          messageId: callback,
          error: known === 'failed' && error ? { code: error.code, title: error.title ?? error.message ?? '' } : null,
        });
      }
      for (const raw of change.value.messages ?? []) {
        const message = messageSchema.safeParse(raw);
        const reply =
          message.success && message.data.type === 'button' && message.data.button
            ? { payload: message.data.button.payload, text: message.data.button.text }
            : message.success && message.data.type === 'interactive' && message.data.interactive?.button_reply
              ? { payload: message.data.interactive.button_reply.id, text: message.data.interactive.button_reply.title }
              : null;
        if (
          message.success &&
          message.data.type === 'text' &&
          message.data.text &&
          message.data.from &&
          isWhatsAppOptOut(message.data.text.body)
        ) {
          events.push({
            kind: 'opt_out',
            providerMessageId: message.data.id,
            from: message.data.from.replace(/\D/g, ''),
            at: message.data.timestamp,
          });
          continue;
        }
        if (!message.success || !reply) {
          skipped++;
          continue;
        }
        events.push({
          kind: 'button',
          providerMessageId: message.data.id,
          contextMessageId: message.data.context?.id ?? null,
          payload: reply.payload,
          text: reply.text,
          at: message.data.timestamp,
        });
      }
    }
  }
  return { ok: true, events, skipped };
}

/** Events as stored in the inbox (the normalised form), read back for a retry. */
export function readStoredWhatsAppEvents(payload: unknown): WhatsAppWebhookEvent[] {
  const stored = z.object({ events: z.array(z.record(z.string(), z.unknown())) }).safeParse(payload);
  if (!stored.success) return [];
  return stored.data.events as unknown as WhatsAppWebhookEvent[];
}

/**
 * JSON as Meta sends it: every non-ASCII character escaped as \uXXXX. Meta signs those bytes, so a
 * re-serialised body (with "ä" or a Hindi name in UTF-8) would not verify.
 */
export function serializeAsMeta(body: unknown): string {
  return JSON.stringify(body).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Builders for the sandbox stand-in and tests: the envelope Meta posts for statuses and replies. */
export function buildWhatsAppStatusWebhook(input: {
  phoneNumberId: string;
  statuses: {
    wamid: string;
    status: WhatsAppDeliveryStatus;
    recipient: string;
    at: Date;
    callbackData?: string | undefined;
    error?: { code: number; title: string; details?: string } | undefined;
  }[];
}): unknown {
  return envelope(input.phoneNumberId, {
    statuses: input.statuses.map((s) => ({
      id: s.wamid,
      status: s.status,
      timestamp: String(Math.floor(s.at.getTime() / 1000)),
      recipient_id: s.recipient.replace(/\D/g, ''),
      ...(s.callbackData ? { biz_opaque_callback_data: s.callbackData } : {}),
      ...(s.status === 'failed'
        ? {
            errors: [
              {
                code: s.error?.code ?? 131026,
                title: s.error?.title ?? 'Message undeliverable',
                message: s.error?.title ?? 'Message undeliverable',
                error_data: { details: s.error?.details ?? 'Message failed to send.' },
              },
            ],
          }
        : { pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' } }),
    })),
  });
}

export function buildWhatsAppButtonReplyWebhook(input: {
  phoneNumberId: string;
  from: string;
  replyWamid: string;
  contextWamid: string;
  payload: string;
  text: string;
  at: Date;
}): unknown {
  return envelope(input.phoneNumberId, {
    contacts: [{ profile: { name: 'Customer' }, wa_id: input.from.replace(/\D/g, '') }],
    messages: [
      {
        from: input.from.replace(/\D/g, ''),
        id: input.replyWamid,
        timestamp: String(Math.floor(input.at.getTime() / 1000)),
        type: 'button',
        context: { from: input.phoneNumberId, id: input.contextWamid },
        button: { payload: input.payload, text: input.text },
      },
    ],
  });
}

/** A customer's text message as Meta posts it (the STOP the stand-in sends for tests). */
export function buildWhatsAppTextWebhook(input: {
  phoneNumberId: string;
  from: string;
  wamid: string;
  text: string;
  at: Date;
}): unknown {
  return envelope(input.phoneNumberId, {
    contacts: [{ profile: { name: 'Customer' }, wa_id: input.from.replace(/\D/g, '') }],
    messages: [
      {
        from: input.from.replace(/\D/g, ''),
        id: input.wamid,
        timestamp: String(Math.floor(input.at.getTime() / 1000)),
        type: 'text',
        text: { body: input.text },
      },
    ],
  });
}

function envelope(phoneNumberId: string, value: Record<string, unknown>): unknown {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '0',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '910000000000', phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  };
}
