import { MessageSendError } from './email.sender';

export interface WhatsAppTemplateMessage {
  to: string;
  template: { name: string; language: string };
  body: string[];
  buttonUrlSuffix?: string;
  /** The URL button's position among all the template's buttons (default 0). */
  buttonUrlIndex?: number;
  /** Payloads of the template's quick-reply buttons, in button order (positions 0..n-1). */
  quickReplies?: string[];
  callbackData: string;
}

export interface WhatsAppSender {
  sendTemplate(message: WhatsAppTemplateMessage): Promise<{ messageId: string }>;
}

// Meta's codes that will not succeed on retry (see shared/reference/whatsapp-cloud-api.md §3).
const PERMANENT_CODES = new Set([
  0, 10, 100, 190, 131026, 131047, 131049, 132000, 132001, 132015, 132016, 132018, 368, 131031, 131042,
]);

/** WhatsApp Cloud API client: never retries a POST itself (no idempotency key exists); the job layer decides. */
export function createWhatsAppSender(config: {
  apiUrl: string;
  token: string;
  phoneNumberId: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): WhatsAppSender {
  const doFetch = config.fetch ?? fetch;
  return {
    async sendTemplate(message) {
      const components: unknown[] = [
        { type: 'body', parameters: message.body.map((text) => ({ type: 'text', text })) },
      ];
      for (const [index, payload] of (message.quickReplies ?? []).entries()) {
        components.push({
          type: 'button',
          sub_type: 'quick_reply',
          index: String(index),
          parameters: [{ type: 'payload', payload }],
        });
      }
      if (message.buttonUrlSuffix) {
        components.push({
          type: 'button',
          sub_type: 'url',
          index: String(message.buttonUrlIndex ?? 0),
          parameters: [{ type: 'text', text: message.buttonUrlSuffix }],
        });
      }
      const payload = {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: message.to,
        type: 'template',
        template: { name: message.template.name, language: { code: message.template.language }, components },
        biz_opaque_callback_data: message.callbackData,
      };
      let response: Response;
      try {
        response = await doFetch(`${config.apiUrl.replace(/\/+$/, '')}/${config.phoneNumberId}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${config.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(config.timeoutMs ?? 20_000),
        });
      } catch (err) {
        throw new MessageSendError(`WhatsApp unreachable: ${(err as Error).message}`, false, { cause: err });
      }
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new MessageSendError(`WhatsApp answered ${response.status} with a non-JSON body`, false);
      }
      const body = json as {
        messages?: { id?: string }[];
        error?: { code?: number; message?: string; error_data?: { details?: string } };
      };
      const id = body.messages?.[0]?.id;
      if (response.ok && id) return { messageId: id };
      const code = body.error?.code ?? -1;
      const detail = body.error?.error_data?.details ?? body.error?.message ?? `HTTP ${response.status}`;
      throw new MessageSendError(`WhatsApp error ${code}: ${detail}`, PERMANENT_CODES.has(code));
    },
  };
}
