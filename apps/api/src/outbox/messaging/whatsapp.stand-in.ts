import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  buildWhatsAppButtonReplyWebhook,
  buildWhatsAppStatusWebhook,
  buildWhatsAppTextWebhook,
  serializeAsMeta,
  whatsappSignature,
  type WhatsAppDeliveryStatus,
} from './whatsapp.wire';

export interface WhatsAppRequest {
  path: string;
  authorization: string | undefined;
  /** The wamid this send was answered with. */
  wamid: string;
  /** performance.now() when the request arrived (the bench's latency end point, in this process). */
  receivedAtMs: number;
  body: {
    to: string;
    template: { name: string; language: { code: string }; components: unknown[] };
    biz_opaque_callback_data?: string;
  };
}

/** The stand-in's phone-number id (what sandbox mode's config points at). */
export const STAND_IN_PHONE_ID = '1065550001';

export interface WhatsAppStandInOptions {
  /** Bearer token sends must carry (Meta answers 401 code 190 otherwise). */
  token?: string;
  /** Receipts posted back after each accepted send, in order (none by default). */
  receipts?: WhatsAppDeliveryStatus[];
  /** Milliseconds between an accepted send and each receipt. */
  receiptDelayMs?: number;
  /** Recipients (last four digits) whose messages are accepted, then reported `failed` with this code. */
  failingNumbers?: Record<string, number>;
  onError?: (err: unknown) => void;
}

/**
 * A stand-in for the WhatsApp Cloud API: accepts template sends at `/{version}/{phone-number-id}/messages`,
 * records them, can refuse for a while, and posts signed status and quick-reply webhooks back to
 * the product (the bytes signed as Meta does). Tests drive it by hand; in sandbox mode the runtime
 * starts one that answers every send with sent -> delivered -> read, so the flow runs with no account.
 */
export class WhatsAppStandIn {
  readonly requests: WhatsAppRequest[] = [];
  /** While set, answer with this HTTP status and Meta error code. */
  failWith: { status: number; code: number } | null = null;
  /** Every webhook this stand-in posted, with the product's answer. */
  readonly posted: { body: string; status: number }[] = [];
  readonly token: string;
  readonly appSecret = randomBytes(24).toString('base64url');
  readonly phoneNumberId = STAND_IN_PHONE_ID;
  private server: Server | null = null;
  private seq = 0;
  private webhookUrl: string | null = null;
  private afterPost: (() => Promise<void>) | null = null;
  private secret: string = this.appSecret;
  private readonly options: WhatsAppStandInOptions;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(options: WhatsAppStandInOptions = {}) {
    this.options = options;
    this.token = options.token ?? 'test-whatsapp-token-secret';
  }

  /**
   * Where to post webhooks, and the app secret to sign them with (the product's WHATSAPP_APP_SECRET).
   * `afterPost`: awaited after each answered post (an in-process app waits there until its applier
   * applied what the post stored, so a stand-in call returns once the webhook took effect).
   */
  configureWebhooks(target: { url: string; appSecret?: string; afterPost?: () => Promise<void> }): void {
    this.webhookUrl = target.url;
    if (target.appSecret) this.secret = target.appSecret;
    this.afterPost = target.afterPost ?? null;
  }

  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let body: WhatsAppRequest['body'];
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as WhatsAppRequest['body'];
        } catch {
          res.statusCode = 400;
          res.end(JSON.stringify({ error: { message: '(#100) Invalid JSON', type: 'OAuthException', code: 100 } }));
          return;
        }
        res.setHeader('content-type', 'application/json');
        if (req.headers.authorization !== `Bearer ${this.token}`) {
          res.statusCode = 401;
          res.end(
            JSON.stringify({
              error: { message: 'Invalid OAuth access token', type: 'OAuthException', code: 190, fbtrace_id: 'x' },
            }),
          );
          return;
        }
        if (this.failWith) {
          res.statusCode = this.failWith.status;
          res.end(
            JSON.stringify({
              error: {
                message: `(#${this.failWith.code}) failure`,
                type: 'OAuthException',
                code: this.failWith.code,
                error_data: { details: 'test failure' },
                fbtrace_id: 'x',
              },
            }),
          );
          return;
        }
        this.seq++;
        const wamid = `wamid.SANDBOX${Date.now().toString(36)}${this.seq}`;
        this.requests.push({
          path: req.url ?? '',
          authorization: req.headers.authorization,
          body,
          wamid,
          receivedAtMs: performance.now(),
        });
        res.end(
          JSON.stringify({
            messaging_product: 'whatsapp',
            contacts: [{ input: body.to, wa_id: body.to.replace(/\D/g, '') }],
            messages: [{ id: wamid }],
          }),
        );
        this.scheduleReceipts(wamid, body);
      });
    });
    await new Promise<void>((ok) => this.server?.listen(0, '127.0.0.1', () => ok()));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/v25.0`;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }

  private scheduleReceipts(wamid: string, body: WhatsAppRequest['body']): void {
    const last4 = body.to.replace(/\D/g, '').slice(-4);
    const failCode = this.options.failingNumbers?.[last4];
    const statuses: WhatsAppDeliveryStatus[] = failCode ? ['failed'] : (this.options.receipts ?? []);
    const delay = this.options.receiptDelayMs ?? 300;
    statuses.forEach((status, i) => {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          this.postStatuses([
            {
              wamid,
              status,
              ...(status === 'failed' && failCode ? { error: { code: failCode, title: 'Message undeliverable' } } : {}),
            },
          ]).catch((err: unknown) => this.options.onError?.(err));
        },
        delay * (i + 1),
      );
      this.timers.add(timer);
    });
  }

  /** Posts one signed webhook carrying these statuses (in this order, repeats allowed) for sent messages. */
  async postStatuses(
    statuses: { wamid: string; status: WhatsAppDeliveryStatus; error?: { code: number; title: string } }[],
  ): Promise<number> {
    const body = buildWhatsAppStatusWebhook({
      phoneNumberId: this.phoneNumberId,
      statuses: statuses.map((s) => {
        const sent = this.requests.find((r) => r.wamid === s.wamid);
        return {
          wamid: s.wamid,
          status: s.status,
          recipient: sent?.body.to ?? '',
          at: new Date(),
          callbackData: sent?.body.biz_opaque_callback_data,
          error: s.error,
        };
      }),
    });
    return this.post(serializeAsMeta(body));
  }

  /** The customer writes a text (e.g. STOP) from `from` (any form of their number). */
  async sendCustomerText(from: string, text: string): Promise<number> {
    this.seq++;
    const body = buildWhatsAppTextWebhook({
      phoneNumberId: this.phoneNumberId,
      from,
      wamid: `wamid.TEXT${this.seq}`,
      text,
      at: new Date(),
    });
    return this.post(serializeAsMeta(body));
  }

  /** The customer presses quick-reply button `index` on a message this stand-in accepted. */
  async pressQuickReply(wamid: string, index: number, text?: string): Promise<number> {
    const sent = this.requests.find((r) => r.wamid === wamid);
    if (!sent) throw new Error(`no message ${wamid} was sent`);
    const button = sent.body.template.components.find(
      (c): c is { sub_type: string; index: string; parameters: { payload: string }[] } =>
        typeof c === 'object' &&
        c !== null &&
        (c as { sub_type?: unknown }).sub_type === 'quick_reply' &&
        (c as { index?: unknown }).index === String(index),
    );
    const payload = button?.parameters[0]?.payload;
    if (!payload) throw new Error(`message ${wamid} has no quick reply at ${index}`);
    this.seq++;
    const body = buildWhatsAppButtonReplyWebhook({
      phoneNumberId: this.phoneNumberId,
      from: sent.body.to,
      replyWamid: `wamid.REPLY${this.seq}`,
      contextWamid: wamid,
      payload,
      text: text ?? (index === 0 ? 'Deliver tomorrow' : 'Cancel my order'),
      at: new Date(),
    });
    return this.post(serializeAsMeta(body));
  }

  /** Posts a body as Meta would, signed with the configured app secret. Returns the HTTP status. */
  async post(body: string, signature: string | null = whatsappSignature(this.secret, body)): Promise<number> {
    if (!this.webhookUrl) throw new Error('the WhatsApp stand-in has no webhook URL (configureWebhooks)');
    const response = await fetch(this.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
      body,
    });
    await response.arrayBuffer();
    this.posted.push({ body, status: response.status });
    await this.afterPost?.();
    return response.status;
  }
}
