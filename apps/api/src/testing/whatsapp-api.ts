import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WhatsAppRequest {
  path: string;
  authorization: string | undefined;
  body: {
    to: string;
    template: { name: string; language: { code: string }; components: unknown[] };
    biz_opaque_callback_data?: string;
  };
}

/** A local stand-in for the WhatsApp Cloud API: records every send, can refuse for a while. */
export class TestWhatsAppApi {
  readonly requests: WhatsAppRequest[] = [];
  /** While set, answer with this HTTP status and Meta error code. */
  failWith: { status: number; code: number } | null = null;
  private server: Server | null = null;
  private seq = 0;
  readonly token = 'test-whatsapp-token-secret';

  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as WhatsAppRequest['body'];
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
        this.requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
        this.seq++;
        res.end(
          JSON.stringify({
            messaging_product: 'whatsapp',
            contacts: [{ input: body.to, wa_id: body.to.replace(/\D/g, '') }],
            messages: [{ id: `wamid.TEST${this.seq}` }],
          }),
        );
      });
    });
    await new Promise<void>((ok) => this.server?.listen(0, '127.0.0.1', () => ok()));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/v25.0`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }
}
