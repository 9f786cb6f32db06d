import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { orderBody } from '../support/order-body';

interface Answer {
  status: number;
  body: {
    order?: { id: string; package: unknown };
    error?: { code: string; issues?: { path: string; message: string }[] };
  };
}

/**
 * Issue 22: the customer's second mobile and the parcel's box, optional fields of the one order
 * input, accepted on the REST API as on the CSV import, stored, shown and booked.
 */
describe.each(testDatabaseKinds())('REST orders with an alternate phone and a box on %s', (kind) => {
  let stack: TestStack;
  let key = '';
  let n = 0;
  async function create(overrides: Record<string, unknown>): Promise<Answer> {
    n += 1;
    const res = await fetch(`${stack.url}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'idempotency-key': `k-${n}` },
      body: JSON.stringify(orderBody({ externalId: `PARCEL-${n}`, orderNumber: `#P-${n}`, ...overrides })),
    });
    return { status: res.status, body: (await res.json()) as Answer['body'] };
  }

  beforeAll(async () => {
    stack = await startTestStack({ kind });
    key = (await stack.adminCaller.apiKeys.create({ name: 'Storefront backend' })).key;
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('stores both, shows them in Order Details, and books the box and the second number', async () => {
    const created = await create({
      alternatePhone: '+91 98123 45671',
      package: { lengthCm: 30, breadthCm: '25', heightCm: 4.2 },
    });
    expect(created.status).toBe(201);
    expect(created.body.order?.package).toEqual({ lengthCm: 30, breadthCm: 25, heightCm: 5 });
    const orderId = created.body.order?.id ?? '';
    const detail = await stack.adminCaller.orders.get({ orderId });
    expect(detail.order).toMatchObject({ alternatePhone: '9812345671', package: { lengthCm: 30 } });
    expect(detail.parcel).toMatchObject({ lengthCm: 30, breadthCm: 25, heightCm: 5, boxSource: 'order' });
    const quote = await stack.adminCaller.orders.quote({ orderId });
    expect(quote.parcel).toMatchObject({ lengthCm: 30, boxSource: 'order' });

    await stack.adminCaller.orders.ship({ orderId });
    const booking = stack.runtime.sandbox?.control.requests.findLast((r) => /api_add_shipment/.test(r.endpoint));
    expect(booking?.body).toMatchObject({
      consignee: { alt_mobile: '9812345671' },
      parcel: { dimensions: { length: '30', breadth: '25', height: '5' } },
    });
  });

  it("without them: no second number is sent and the store's box is booked", async () => {
    const created = await create({});
    expect(created.body.order?.package).toBeNull();
    const orderId = created.body.order?.id ?? '';
    const detail = await stack.adminCaller.orders.get({ orderId });
    expect(detail.order.alternatePhone).toBeNull();
    expect(detail.parcel).toMatchObject({ ...stack.runtime.deps.config.box, boxSource: 'store' });
    await stack.adminCaller.orders.ship({ orderId });
    const booking = stack.runtime.sandbox?.control.requests.findLast((r) => /api_add_shipment/.test(r.endpoint));
    const consignee = (booking?.body as { consignee?: Record<string, unknown> }).consignee ?? {};
    expect(consignee.alt_mobile ?? '').toBe('');
  });

  it('a box side out of bounds or a bad second number: 400 naming the field, nothing stored', async () => {
    const before = await stack.database.db.selectFrom('orders').select('id').execute();
    const bad = await create({
      alternatePhone: '12345',
      package: { lengthCm: 0, breadthCm: 99999999999, heightCm: '1e308' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error?.issues?.map((i) => i.path).sort()).toEqual([
      'alternatePhone',
      'package.breadthCm',
      'package.heightCm',
      'package.lengthCm',
    ]);
    expect(await stack.database.db.selectFrom('orders').select('id').execute()).toHaveLength(before.length);
  });
});
