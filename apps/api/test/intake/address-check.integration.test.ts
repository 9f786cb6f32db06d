import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { orderBody } from '../support/order-body';

interface Answer {
  status: number;
  body: { order?: { id: string }; error?: { code: string; issues?: { path: string; message: string }[] } };
}

/**
 * Issue 24: every order carries the address check from intake (India Post's pincode directory and
 * simple rules), shown in Order Details, flagged and filterable in the list, counted in the bulk review;
 * and the customer's language from REST.
 */
describe.each(testDatabaseKinds())('the address check and the language through intake on %s', (kind) => {
  let stack: TestStack;
  let key = '';
  let n = 0;
  async function create(overrides: Record<string, unknown>): Promise<Answer> {
    n += 1;
    const res = await fetch(`${stack.url}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'idempotency-key': `a-${n}` },
      body: JSON.stringify(orderBody({ externalId: `ADDR-${n}`, orderNumber: `#A-${n}`, ...overrides })),
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

  it('a consistent address is ok; a pincode in another state is an error, shown and filterable', async () => {
    const good = await create({});
    expect(good.status).toBe(201);
    const goodDetail = await stack.adminCaller.orders.get({ orderId: good.body.order?.id ?? '' });
    expect(goodDetail.addressCheck).toEqual({ state: 'ok', problems: [] });

    const bad = await create({
      shippingAddress: { line1: 'Flat 12, Sai Residency', city: 'Bombay', state: 'Maharashtra', pincode: '560038' },
    });
    expect(bad.status).toBe(201);
    const badId = bad.body.order?.id ?? '';
    const detail = await stack.adminCaller.orders.get({ orderId: badId });
    expect(detail.addressCheck?.state).toBe('error');
    expect(detail.addressCheck?.problems.map((p) => p.code)).toEqual(['PINCODE_STATE_MISMATCH']);
    expect(detail.addressCheck?.problems[0]?.message).toContain('Karnataka');

    const warn = await create({
      shippingAddress: {
        line1: 'Behind Hanuman Mandir, Gandhi Chowk',
        city: 'Bangalore',
        state: 'KA',
        pincode: '560038',
      },
    });
    const warnId = warn.body.order?.id ?? '';
    expect((await stack.adminCaller.orders.get({ orderId: warnId })).addressCheck).toMatchObject({
      state: 'warning',
      problems: [{ code: 'ADDRESS_NO_HOUSE_NUMBER' }],
    });

    const list = await stack.adminCaller.orders.list({ status: 'processing', limit: 100 });
    const flags = new Map(list.items.map((row) => [row.id, row.addressCheck]));
    expect(flags.get(badId)).toBe('error');
    expect(flags.get(warnId)).toBe('warning');
    expect(flags.get(good.body.order?.id ?? '')).toBe('ok');

    const problems = await stack.adminCaller.orders.list({
      status: 'processing',
      addressCheck: 'problems',
      limit: 100,
    });
    expect(problems.items.map((r) => r.id).sort()).toEqual([badId, warnId].sort());
    const errors = await stack.adminCaller.orders.list({ addressCheck: 'error', limit: 100 });
    expect(errors.items.map((r) => r.id)).toEqual([badId]);

    const review = await stack.adminCaller.orders.reviewShipMany({
      orderIds: [good.body.order?.id ?? '', badId, warnId],
    });
    expect(review.addressProblemCount).toBe(2);
    expect(review.addressErrorCount).toBe(1);
    expect(review.addressProblems.map((a) => [a.orderId, a.state])).toEqual([
      [badId, 'error'],
      [warnId, 'warning'],
    ]);
  });

  it('an unknown pincode is an error; the landmark is not counted as the address', async () => {
    const res = await create({
      shippingAddress: {
        line1: 'Home',
        landmark: 'Opposite the big temple gate',
        city: 'Pune',
        state: 'MH',
        pincode: '999999',
      },
    });
    const detail = await stack.adminCaller.orders.get({ orderId: res.body.order?.id ?? '' });
    expect(detail.addressCheck?.problems.map((p) => p.code)).toEqual(['PINCODE_UNKNOWN', 'ADDRESS_TOO_SHORT']);
  });

  it('customer.language: "hi" (or "hi-IN") is kept, absent leaves it, anything else is a 400 that stores nothing', async () => {
    const hi = await create({ customer: { name: 'Ravi Kumar', phone: '9811122233', language: 'hi-IN' } });
    expect(hi.status).toBe(201);
    expect((await stack.adminCaller.orders.get({ orderId: hi.body.order?.id ?? '' })).customer.language).toBe('hi');
    const again = await create({ customer: { name: 'Ravi Kumar', phone: '9811122233' } });
    expect((await stack.adminCaller.orders.get({ orderId: again.body.order?.id ?? '' })).customer.language).toBe('hi');
    const fresh = await create({ customer: { name: 'Meera Iyer', phone: '9822233344' } });
    expect((await stack.adminCaller.orders.get({ orderId: fresh.body.order?.id ?? '' })).customer.language).toBe('en');

    const before = await stack.database.db.selectFrom('orders').select('id').execute();
    // A language's name as people write it ('Hindi') is read as its code (the CSV column's rule).
    const named = await create({ customer: { name: 'Asha Devi', phone: '9844455566', language: 'Hindi' } });
    expect(named.status).toBe(201);
    expect((await stack.adminCaller.orders.get({ orderId: named.body.order?.id ?? '' })).customer.language).toBe('hi');
    for (const language of ['fr', 'klingon', 42, '']) {
      const bad = await create({ customer: { name: 'X Y', phone: '9833344455', language } });
      expect(bad.status).toBe(400);
      expect(bad.body.error?.issues?.map((i) => i.path)).toContain('customer.language');
    }
    // The one named-language order above, and none of the refused ones.
    expect(await stack.database.db.selectFrom('orders').select('id').execute()).toHaveLength(before.length + 1);
  });
});
