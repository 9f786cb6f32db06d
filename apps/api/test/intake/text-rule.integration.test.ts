import { findBookedShipment } from '@app/db';
import { insertCustomer, insertOrder } from '@app/db/testing';
import { istDay } from '@app/shipping';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appErrorCodeOf } from '../../src/entry/trpc/init';
import { trackingToken } from '../../src/platform/security/tokens';
import { plainTrackingPage, startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { ApiClient } from '../reliability/support/http';
import { uploadCsv } from '../support/csv-import';
import { postNdrPush } from '../support/helpers';
import { orderBody } from '../support/order-body';

/**
 * One text rule at every boundary (issue 22): unpaired surrogates, NUL, other control characters
 * (ESC) and bidirectional controls (RLO) are refused with the field named, and nothing is stored.
 */
const ESC = '\u001b';
const RLO = '\u202E';

describe.each(testDatabaseKinds())('the text rule at every boundary on %s', (kind) => {
  let stack: TestStack;
  let key = '';
  let admin: ApiClient;
  beforeAll(async () => {
    stack = await startTestStack({ kind, trackingPage: plainTrackingPage() });
    key = (await stack.adminCaller.apiKeys.create({ name: 'Text rule' })).key;
    admin = await new ApiClient(stack.url).login(stack.adminCredentials.email, stack.adminCredentials.password);
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function count(table: 'orders' | 'order_notes' | 'products' | 'customers') {
    const { rows } = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(
      stack.database.db,
    );
    return Number(rows[0]?.n);
  }

  async function postOrder(raw: string) {
    const res = await fetch(`${stack.url}/api/v1/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${key}`,
        'idempotency-key': `k-${Math.random()}`,
      },
      body: raw,
    });
    return {
      status: res.status,
      body: (await res.json()) as { error?: { code: string; issues?: { path: string; message: string }[] } },
    };
  }

  const code = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => appErrorCodeOf(e) ?? (e as { code?: string }).code ?? 'error',
    );

  it('REST: a lone surrogate, ESC or RLO in any text field is a 400 naming the field, and nothing is stored', async () => {
    const before = await count('orders');
    // JSON can carry a lone surrogate only escaped; JSON.stringify writes it so.
    const cases: [string, Record<string, unknown>][] = [
      ['customer.name', { customer: { name: 'Asha\uD800', phone: '9876543210' } }],
      ['note', { note: 'call \uDFFF first' }],
      [
        'shippingAddress.line1',
        { shippingAddress: { line1: `14 ${RLO}Main`, city: 'Pune', state: 'MH', pincode: '411001' } },
      ],
      [
        'shippingAddress.city',
        { shippingAddress: { line1: '14 Main', city: `Pune${ESC}[2J`, state: 'MH', pincode: '411001' } },
      ],
      ['items.0.name', { items: [{ sku: 'TXT-1', name: `Podi${ESC}`, quantity: 1, unitPrice: '10' }] }],
      ['items.0.sku', { items: [{ sku: `TXT${RLO}1`, name: 'Podi', quantity: 1, unitPrice: '10' }] }],
      ['orderNumber', { orderNumber: `#${RLO}5001` }],
      ['externalId', { externalId: `W\u2066EB` }],
      ['note', { note: `fine on two\nlines but not ${RLO}this` }],
      ['customer.email', { customer: { name: 'Asha', phone: '9876543210', email: 'a\u200E@example.com' } }],
    ];
    for (const [path, override] of cases) {
      const answer = await postOrder(JSON.stringify(orderBody({ externalId: 'TXT-1', ...override })));
      expect(answer.status, path).toBe(400);
      expect(answer.body.error?.code).toBe('VALIDATION_FAILED');
      expect(answer.body.error?.issues?.[0]?.path, path).toBe(path);
      expect(answer.body.error?.issues?.[0]?.message, path).toMatch(/must not contain/);
    }
    // A line break inside a one-line field is still read as ", " (an address typed on two lines).
    const ok = await postOrder(
      JSON.stringify(
        orderBody({
          externalId: 'TXT-OK',
          orderNumber: 'TXT-OK',
          note: 'Ring twice\nLeave with guard',
          customer: { name: 'आशा रमण 👩‍👩‍👧', phone: '9876543210' },
        }),
      ),
    );
    expect(ok.status).toBe(201);
    expect(await count('orders')).toBe(before + 1);
  });

  it('REST cancel: a reason with RLO is a 400 naming reason', async () => {
    const res = await fetch(`${stack.url}/api/v1/orders/TXT-OK/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ reason: `customer ${RLO}asked` }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { issues: { path: string; message: string }[] } };
    expect(body.error.issues[0]).toMatchObject({
      path: 'reason',
      message: expect.stringMatching(/bidirectional/) as unknown,
    });
    const { rows } = await sql<{ status: string }>`select status from orders where order_number = 'TXT-OK'`.execute(
      stack.database.db,
    );
    expect(rows[0]?.status).toBe('processing');
  });

  it('tRPC: notes, reasons, products, settings, branding and API key names keep the rule, naming the field', async () => {
    const order = await insertOrder(stack.database.db, { status: 'processing' });
    const notes = await count('order_notes');
    const refused = async (call: Promise<unknown>) => {
      const err = await call.then(
        () => null,
        (e: unknown) => e as { message: string; cause?: { details?: { field?: string } } },
      );
      expect(err).not.toBeNull();
      return err;
    };
    // The net under every input names the field (ESC, RLO, a lone surrogate).
    const note = await refused(stack.adminCaller.orders.addNote({ orderId: order.id, body: `call ${ESC}[31m` }));
    expect(appErrorCodeOf(note)).toBe('TEXT_NOT_ACCEPTED');
    expect(note?.message).toBe('body must not contain control characters (U+001B).');
    expect(
      await code(
        stack.adminCaller.orders.overrideStatus({ orderId: order.id, status: 'cancelled', reason: `fraud ${RLO}x` }),
      ),
    ).toBe('TEXT_NOT_ACCEPTED');
    expect(await code(stack.adminCaller.products.update({ id: '1', name: 'Podi\uD800' }))).toBe('TEXT_NOT_ACCEPTED');
    expect(await code(stack.adminCaller.apiKeys.create({ name: `key${RLO}` }))).toBe('TEXT_NOT_ACCEPTED');
    expect(
      await code(
        stack.adminCaller.settings.branding.update({
          storeName: `Shop${ESC}`,
          logoUrl: '',
          brandColor: '',
          supportPhone: '',
          supportEmail: '',
          storeUrl: '',
        }),
      ),
    ).toBe('TEXT_NOT_ACCEPTED');
    // One-line fields refuse a line break; a note may have them.
    const branding = await refused(
      stack.adminCaller.settings.branding.update({
        storeName: 'Two\nlines',
        logoUrl: '',
        brandColor: '',
        supportPhone: '',
        supportEmail: '',
        storeUrl: '',
      }),
    );
    expect(appErrorCodeOf(branding)).toBeNull();
    expect(JSON.stringify(branding)).toMatch(/one line/);
    await stack.adminCaller.orders.addNote({ orderId: order.id, body: 'Ring twice\nLeave with guard' });
    expect(await count('order_notes')).toBe(notes + 1);

    // Over HTTP the answer is a 400 whose message names the field.
    const res = await fetch(`${stack.url}/trpc/orders.addNote`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie ?? '' },
      body: `{"orderId":"${order.id}","body":"x\\ud800"}`,
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('body must not contain an unpaired surrogate');
    expect(await count('order_notes')).toBe(notes + 1);
  });

  it("the tracking page's NDR form refuses ESC and RLO in the customer's words, naming the field", async () => {
    const customer = await insertCustomer(stack.database.db, { email: `t${Date.now()}@example.com` });
    const order = await insertOrder(stack.database.db, {
      status: 'processing',
      payment_method: 'prepaid',
      customer_id: customer.id,
      contact_phone: customer.phone,
      contact_email: customer.email,
    });
    await stack.adminCaller.orders.ship({ orderId: order.id });
    const shipment = await findBookedShipment(stack.database.db, order.id);
    await postNdrPush(stack, [
      {
        shipment_id: String(shipment?.providerShipmentId),
        awb: String(shipment?.awb),
        type: 'REATTEMPT-CONTACT',
        date_added: '2026-12-01 10:00:00',
      },
    ]);
    const token = trackingToken(stack.runtime.deps.secrets.appSecret, order.order_number);
    const preferredDate = istDay(stack.runtime.deps.clock.now(), 2);
    for (const [field, value] of [
      ['message', `please ${RLO}call`],
      ['landmark', `temple${ESC}[2J`],
    ] as const) {
      const res = await fetch(`${stack.url}/order-tracking/${order.order_number}/ndr`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.url },
        body: new URLSearchParams({ t: token, action: 'reattempt', preferredDate, [field]: value }).toString(),
        redirect: 'manual',
      });
      expect(res.status, field).toBe(400);
      expect(await res.text(), field).toMatch(/must not contain/);
    }
    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.notes.filter((n) => n.kind === 'ndr_response')).toHaveLength(0);
  });

  it('CSV: a cell with ESC or RLO is a row error naming its column; nothing is imported', async () => {
    const header =
      'order_id,payment_method,customer_name,phone,address_line1,city,state,pincode,sku,product_name,quantity,unit_price';
    const csv = [
      header,
      `CSV-T1,prepaid,Meera${ESC}[31m,9444012345,12 Kamarajar Salai,Chennai,TN,600004,SKU-T1,Podi,1,100`,
      `CSV-T2,prepaid,Meera,9444012345,12 ${RLO}Salai,Chennai,TN,600004,SKU-T2,Podi,1,100`,
    ].join('\r\n');
    const before = await count('orders');
    const answer = await uploadCsv(stack.url, admin.cookie, csv);
    expect(answer.body.created).toBe(0);
    expect(answer.body.errors).toEqual(
      expect.arrayContaining([
        { row: 2, column: 'customer_name', message: 'must not contain control characters (U+001B)' },
        { row: 3, column: 'address_line1', message: 'must not contain bidirectional control characters (U+202E)' },
      ]),
    );
    expect(await count('orders')).toBe(before);
  });
});
