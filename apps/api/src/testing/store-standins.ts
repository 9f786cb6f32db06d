import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export interface GraphqlCall {
  operation: string;
  variables: Record<string, unknown>;
}

/**
 * A stand-in for Shopify's Admin GraphQL API (a real HTTP server): each order has one fulfillment
 * order, open until a fulfillment is created for it. `failNext` answers the next N calls 503.
 */
export class TestShopifyAdminApi {
  readonly token = 'shpat_test_token_0001';
  readonly calls: GraphqlCall[] = [];
  failNext = 0;
  /** What `GET orders.json` (the reconciliation poll) answers. */
  restOrders: unknown[] = [];
  readonly restQueries: string[] = [];
  private readonly fulfillments = new Map<string, { id: string; number: string }[]>();
  /** Each order's note and tags (orderUpdate replaces both, as Shopify does). */
  readonly orderNotes = new Map<string, { note: string | null; tags: string[] }>();
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void readBody(req).then((raw) => {
        const send = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (req.headers['x-shopify-access-token'] !== this.token) return send(401, { errors: 'Invalid API key' });
        if (req.method === 'GET' && (req.url ?? '').includes('/orders.json')) {
          this.restQueries.push(req.url ?? '');
          return send(200, { orders: this.restOrders });
        }
        const { query, variables } = JSON.parse(raw) as { query: string; variables: Record<string, unknown> };
        const operation = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? 'anonymous';
        this.calls.push({ operation, variables });
        if (this.failNext > 0) {
          this.failNext--;
          return send(503, { errors: 'Service Unavailable' });
        }
        if (operation === 'OrderFulfillmentOrders') {
          const orderId = String(variables.id);
          const made = this.fulfillments.get(orderId) ?? [];
          return send(200, {
            data: {
              order: {
                id: orderId,
                fulfillments: made.map((f) => ({ id: f.id, trackingInfo: [{ number: f.number }] })),
                fulfillmentOrders: {
                  nodes: [
                    { id: `${orderId.replace('Order', 'FulfillmentOrder')}1`, status: made.length ? 'CLOSED' : 'OPEN' },
                  ],
                },
              },
            },
          });
        }
        if (operation === 'FulfillmentCreate') {
          const f = (variables.fulfillment ?? {}) as {
            lineItemsByFulfillmentOrder: { fulfillmentOrderId: string }[];
            trackingInfo: { number: string };
          };
          const fo = f.lineItemsByFulfillmentOrder[0]?.fulfillmentOrderId ?? '';
          const orderId = fo.replace('FulfillmentOrder', 'Order').replace(/1$/, '');
          const id = `gid://shopify/Fulfillment/${this.fulfillments.size + 1}`;
          this.fulfillments.set(orderId, [
            ...(this.fulfillments.get(orderId) ?? []),
            { id, number: f.trackingInfo.number },
          ]);
          return send(200, { data: { fulfillmentCreate: { fulfillment: { id, status: 'SUCCESS' }, userErrors: [] } } });
        }
        if (operation === 'OrderNote') {
          const orderId = String(variables.id);
          const order = this.orderNotes.get(orderId) ?? { note: null, tags: [] };
          return send(200, { data: { order: { id: orderId, note: order.note, tags: order.tags } } });
        }
        if (operation === 'OrderUpdate') {
          const input = (variables.input ?? {}) as { id: string; note?: string; tags?: string[] };
          const current = this.orderNotes.get(input.id) ?? { note: null, tags: [] };
          this.orderNotes.set(input.id, { note: input.note ?? current.note, tags: input.tags ?? current.tags });
          return send(200, {
            data: {
              orderUpdate: {
                order: { id: input.id, note: input.note ?? null, tags: input.tags ?? [] },
                userErrors: [],
              },
            },
          });
        }
        if (operation === 'FulfillmentEventCreate') {
          return send(200, {
            data: {
              fulfillmentEventCreate: { fulfillmentEvent: { id: 'gid://shopify/FulfillmentEvent/1' }, userErrors: [] },
            },
          });
        }
        return send(200, { errors: [{ message: `unknown operation ${operation}` }] });
      });
    });
    this.url = `${await listen(this.server)}/admin/api/2025-10/graphql.json`;
  }

  callsOf(operation: string): GraphqlCall[] {
    return this.calls.filter((c) => c.operation === operation);
  }

  async stop(): Promise<void> {
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }
}

export interface WooRequest {
  method: string;
  path: string;
  body: unknown;
}

/** A stand-in for WooCommerce's REST API: products with weights (store unit kg), order notes and updates. */
export class TestWooCommerceApi {
  readonly consumerKey = 'ck_test_0001';
  readonly consumerSecret = 'cs_test_0001';
  readonly requests: WooRequest[] = [];
  readonly products = new Map<string, { sku: string; weight: string; name: string }>();
  /** What `GET /orders?modified_after=` (the reconciliation poll) answers. */
  orders: unknown[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void readBody(req).then((raw) => {
        const send = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        const expected = `Basic ${Buffer.from(`${this.consumerKey}:${this.consumerSecret}`).toString('base64')}`;
        if (req.headers.authorization !== expected) return send(401, { code: 'woocommerce_rest_cannot_view' });
        const path = (req.url ?? '').split('?')[0] ?? '';
        this.requests.push({ method: req.method ?? '', path, body: raw ? (JSON.parse(raw) as unknown) : null });
        if (path === '/wp-json/wc/v3/settings/products/woocommerce_weight_unit')
          return send(200, { id: 'woocommerce_weight_unit', value: 'kg' });
        const product = /^\/wp-json\/wc\/v3\/products\/(\d+)$/.exec(path);
        if (product?.[1]) {
          const p = this.products.get(product[1]);
          return p
            ? send(200, { id: Number(product[1]), ...p, price: '100.00' })
            : send(404, { code: 'woocommerce_rest_product_invalid_id' });
        }
        if (path === '/wp-json/wc/v3/orders' && req.method === 'GET') return send(200, this.orders);
        if (/^\/wp-json\/wc\/v3\/orders\/\d+\/notes$/.test(path)) return send(201, { id: this.requests.length });
        if (/^\/wp-json\/wc\/v3\/orders\/\d+$/.test(path)) return send(200, { id: 1, status: 'completed' });
        return send(404, { code: 'rest_no_route' });
      });
    });
    this.url = await listen(this.server);
  }

  async stop(): Promise<void> {
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }
}
