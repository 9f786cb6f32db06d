import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { ApiClient } from '../reliability/support/http';
import { orderBody } from '../support/order-body';

interface Answer {
  status: number;
  body: {
    order?: { id: string; orderNumber: string; total: string; codAmount: string };
    error?: { code: string; issues?: { path: string; message: string }[] };
  };
}

/** Issue 22 on the REST Orders API and the CSV import: nothing-to-collect COD, and consent. */
describe.each(testDatabaseKinds())('orders in: money and consent on %s', (kind) => {
  let stack: TestStack;
  let key = '';
  let n = 0;

  async function create(body: Record<string, unknown>): Promise<Answer> {
    const res = await fetch(`${stack.url}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'idempotency-key': `k-${n++}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Answer['body'] };
  }
  const customerOf = async (orderId: string | undefined) => {
    const order = await stack.database.db
      .selectFrom('orders')
      .select('customer_id')
      .where('id', '=', orderId ?? '0')
      .executeTakeFirstOrThrow();
    return stack.database.db
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', order.customer_id)
      .executeTakeFirstOrThrow();
  };

  beforeAll(async () => {
    stack = await startTestStack({ kind });
    key = (await stack.adminCaller.apiKeys.create({ name: 'Storefront' })).key;
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('REST: a COD order with nothing to collect is a 400 naming the field, storing nothing', async () => {
    const zero = await create(orderBody({ externalId: 'Z-1', orderNumber: 'Z-1', codAmount: '0' }));
    expect(zero.status).toBe(400);
    expect(zero.body.error?.code).toBe('VALIDATION_FAILED');
    expect(zero.body.error?.issues?.map((i) => i.path)).toContain('codAmount');

    const free = await create(
      orderBody({
        externalId: 'Z-2',
        orderNumber: 'Z-2',
        items: [{ sku: 'FREE-1', name: 'Free sample', quantity: 1, unitPrice: '0' }],
        shippingCharge: '0',
      }),
    );
    expect(free.status).toBe(400);
    expect(free.body.error?.issues?.map((i) => i.path)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(codAmount|paymentMethod)$/)]),
    );
    const stored = await stack.database.db
      .selectFrom('orders')
      .select('id')
      .where('external_id', 'in', ['Z-1', 'Z-2'])
      .execute();
    expect(stored).toEqual([]);
    // A prepaid free order is fine.
    const prepaid = await create(
      orderBody({
        externalId: 'Z-3',
        orderNumber: 'Z-3',
        paymentMethod: 'prepaid',
        items: [{ sku: 'FREE-1', name: 'Free sample', quantity: 1, unitPrice: '0' }],
        shippingCharge: '0',
      }),
    );
    expect(prepaid.status).toBe(201);
  });

  it('CSV: a COD row with nothing to collect is a row error', async () => {
    const admin = await new ApiClient(stack.url).login(stack.adminCredentials.email, stack.adminCredentials.password);
    const csv = [
      'order_id,payment_method,cod_amount,customer_name,phone,address_line1,city,state,pincode,sku,product_name,quantity,unit_price',
      'CSV-Z1,cod,0,Asha Raman,9876543210,14 MG Road,Bengaluru,KA,560038,PKL-1,Pickle,1,349.00',
    ].join('\r\n');
    const res = await fetch(`${stack.url}/api/imports/orders?dryRun=1`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', cookie: admin.cookie ?? '' },
      body: csv,
    });
    const body = (await res.json()) as { created: number; errors: { row: number; column: string; message: string }[] };
    expect(body.created).toBe(0);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]?.column).toBe('cod_amount');
  });

  it('REST whatsappOptIn: the latest explicit statement wins for a known phone (true grants, false withdraws, absent leaves it)', async () => {
    const customer = (optIn: boolean | undefined) => ({
      name: 'Kiran Das',
      phone: '+91 97000 12345',
      ...(optIn === undefined ? {} : { whatsappOptIn: optIn }),
    });
    const first = await create(orderBody({ externalId: 'C-1', orderNumber: 'C-1', customer: customer(false) }));
    expect((await customerOf(first.body.order?.id)).whatsapp_opt_in).toBe(false);

    const granted = await create(orderBody({ externalId: 'C-2', orderNumber: 'C-2', customer: customer(true) }));
    const afterGrant = await customerOf(granted.body.order?.id);
    expect([afterGrant.whatsapp_opt_in, afterGrant.whatsapp_opt_in_at]).toEqual([true, expect.any(Date)]);

    const silent = await create(orderBody({ externalId: 'C-3', orderNumber: 'C-3', customer: customer(undefined) }));
    expect((await customerOf(silent.body.order?.id)).whatsapp_opt_in).toBe(true);

    const withdrawn = await create(orderBody({ externalId: 'C-4', orderNumber: 'C-4', customer: customer(false) }));
    const afterWithdraw = await customerOf(withdrawn.body.order?.id);
    expect(afterWithdraw.whatsapp_opt_in).toBe(false);
    expect(afterWithdraw.whatsapp_opt_out_at).toBeInstanceOf(Date);
  });
});
