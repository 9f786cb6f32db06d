import { ORDER_LIMITS } from '@app/shipping';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appErrorCodeOf } from '../../src/entry/trpc/init';
import { plainTrackingPage, startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { orderBody } from '../support/order-body';

/**
 * Bounds on every number that reaches the database (ORDER_LIMITS), and one order-number length
 * from intake to the tracking link (issue 22).
 */
describe.each(testDatabaseKinds())('bounds from intake to the link on %s', (kind) => {
  let stack: TestStack;
  let key = '';
  beforeAll(async () => {
    stack = await startTestStack({ kind, seed: true, trackingPage: plainTrackingPage() });
    key = (await stack.adminCaller.apiKeys.create({ name: 'Bounds' })).key;
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function create(body: Record<string, unknown>) {
    const res = await fetch(`${stack.url}/api/v1/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${key}`,
        'idempotency-key': `k-${Math.random()}`,
      },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      body: (await res.json()) as {
        order?: { orderNumber: string; trackingUrl: string };
        error?: { code: string; issues?: { path: string; message: string }[] };
      },
    };
  }

  async function ordersCount() {
    const { rows } = await sql<{ n: string }>`select count(*)::text as n from orders`.execute(stack.database.db);
    return Number(rows[0]?.n);
  }

  const item = (over: Record<string, unknown>) => ({
    sku: 'BND-1',
    name: 'Podi',
    quantity: 1,
    unitPrice: '10',
    ...over,
  });

  it('REST: weights, quantities and money beyond ORDER_LIMITS are a 400 naming the field; nothing stored', async () => {
    const before = await ordersCount();
    const cases: [string, Record<string, unknown>][] = [
      ['items.0.weight', { items: [item({ weight: '99999999999 kg' })] }],
      ['items.0.weight', { items: [item({ weight: '1e308 kg' })] }],
      ['items.0.weight', { items: [item({ weight: '1E3kg' })] }],
      ['items.0.weight', { items: [item({ weight: 99999999999 })] }],
      ['items.0.weight', { items: [item({ weight: '600 kg x 2' })] }],
      ['items.0.quantity', { items: [item({ quantity: 99999999999 })] }],
      ['items.0.quantity', { items: [item({ quantity: 1e308 })] }],
      ['items.0.unitPrice', { items: [item({ unitPrice: '99999999999' })] }],
      ['items.0.unitPrice', { items: [item({ unitPrice: '1e308' })] }],
      ['shippingCharge', { shippingCharge: 1e308 }],
      ['package.heightCm', { package: { lengthCm: 10, breadthCm: 10, heightCm: '1e308' } }],
    ];
    for (const [path, over] of cases) {
      const answer = await create(orderBody({ externalId: 'BND-X', orderNumber: 'BND-X', ...over }));
      expect(answer.status, JSON.stringify(over)).toBe(400);
      expect(
        answer.body.error?.issues?.map((i) => i.path),
        JSON.stringify(over),
      ).toContain(path);
    }
    expect(await ordersCount()).toBe(before);
  });

  it('products.update and products.importWeights refuse a weight beyond the bounds, a 400 naming the field', async () => {
    const product = (await stack.adminCaller.products.list({ limit: 1 }))[0];
    if (!product) throw new Error('no product');
    for (const weightText of ['99999999999 kg', '1e308 kg', '2000 kg']) {
      const err = await stack.adminCaller.products.update({ id: product.id, weightText }).then(
        () => null,
        (e: unknown) => e as { code?: string; message: string },
      );
      expect(err?.code, weightText).toBe('BAD_REQUEST');
      expect(appErrorCodeOf(err)).toBeNull();
      expect(JSON.stringify(err), weightText).toMatch(/more than 1000 kg|exponent/);
    }
    const after = (await stack.adminCaller.products.list({ limit: 500 })).find((p) => p.id === product.id);
    expect(after?.weightText).toBe(product.weightText);
    // Price in paise within the one money bound.
    expect(
      await stack.adminCaller.products.update({ id: product.id, pricePaise: ORDER_LIMITS.maxAmountPaise + 1 }).then(
        () => null,
        (e: unknown) => (e as { code?: string }).code,
      ),
    ).toBe('BAD_REQUEST');

    const imported = await stack.adminCaller.products.importWeights({
      csv: `sku,weight\n${product.sku},99999999999 kg\n${product.sku}-2,1e308 kg`,
    });
    expect(imported.updated).toBe(0);
    expect(imported.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'weight'],
      [3, 'weight'],
    ]);
  });

  it(`an order number of up to ${ORDER_LIMITS.maxOrderNumberChars} characters is accepted and its tracking link opens; one more is refused`, async () => {
    const longest = `N${'0'.repeat(ORDER_LIMITS.maxOrderNumberChars - 1)}`;
    const mid = `M${'1'.repeat(49)}`;
    for (const orderNumber of [mid, longest]) {
      const created = await create(orderBody({ externalId: `BND-${orderNumber}`, orderNumber }));
      expect(created.status).toBe(201);
      const link = created.body.order?.trackingUrl ?? '';
      const page = await fetch(link);
      expect(page.status, `${orderNumber.length} characters`).toBe(200);
      expect(await page.text()).toContain(orderNumber);
      const view = await stack.anonymousCaller.tracking.get({
        orderId: orderNumber,
        token: new URL(link).searchParams.get('t') ?? '',
      });
      expect(view.state).toBe('ok');
      const rest = await fetch(`${stack.url}/api/v1/orders/${orderNumber}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(rest.status).toBe(200);
    }
    const tooLong = await create(orderBody({ externalId: 'BND-LONG', orderNumber: `${longest}9` }));
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error?.issues?.map((i) => i.path)).toEqual(['orderNumber']);
  });
});
