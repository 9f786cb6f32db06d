import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedEvent {
  id: string;
  type: string;
  orderId: string | null;
  body: Record<string, unknown>;
}

/**
 * A store backend's event endpoint, as a real HTTP server: it verifies every delivery with the
 * `standardwebhooks` package (signature and timestamp) and dedupes on webhook-id, as the spec
 * tells receivers to. `answer` sets what it replies (200, a 503 outage, 410 Gone, a redirect).
 */
export class TestEventReceiver {
  readonly accepted: ReceivedEvent[] = [];
  rejected = 0;
  /** Every request, including repeats of one webhook-id. */
  requests = 0;
  answer: number = 200;
  private server: Server | undefined;
  private verifier: Webhook | undefined;

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('receiver not started');
    return `http://127.0.0.1:${address.port}/hooks/shipping`;
  }

  /** The secret the receiver verifies with (the one eventEndpoints.create returned, or a tampered one). */
  verifyWith(secret: string): void {
    this.verifier = new Webhook(secret);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void readBody(req).then((raw) => {
        this.requests++;
        if (this.answer !== 200) {
          res.writeHead(this.answer, this.answer === 302 ? { location: 'http://127.0.0.1:1/elsewhere' } : {});
          res.end();
          return;
        }
        try {
          if (!this.verifier) throw new Error('no secret to verify with');
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
          const body = this.verifier.verify(raw, headers) as Record<string, unknown>;
          const id = headers['webhook-id'] ?? '';
          if (!this.accepted.some((e) => e.id === id)) {
            const data = (body.data ?? {}) as { orderId?: string };
            this.accepted.push({ id, type: String(body.type), orderId: data.orderId ?? null, body });
          }
          res.writeHead(204);
          res.end();
        } catch {
          this.rejected++;
          res.writeHead(400);
          res.end();
        }
      });
    });
    await new Promise<void>((ok) => this.server?.listen(0, '127.0.0.1', ok));
  }

  typesFor(orderId: string): string[] {
    return this.accepted.filter((e) => e.orderId === orderId).map((e) => e.type);
  }

  async stop(): Promise<void> {
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}
