import { listOrders } from '@app/db';
import { insertOrder, insertShipment } from '@app/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, testDatabaseKinds, waitFor, type TestStack } from '../../src/testing/index';
import { orderBody } from '../support/order-body';

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & {
    requestId?: string;
    order?: Record<string, unknown> & { orderNumber: string; id: string; status: string; trackingUrl: string };
    error?: {
      code: string;
      message: string;
      issues?: { path: string; message: string }[];
      order?: { orderNumber: string };
    };
  };
}

describe.each(testDatabaseKinds())('REST Orders API on %s', (kind) => {
  let stack: TestStack;
  let key = '';

  async function call(
    method: string,
    path: string,
    options: { body?: unknown; idempotencyKey?: string; auth?: string | null; raw?: string } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const auth = options.auth === undefined ? key : options.auth;
    if (auth !== null) headers.authorization = `Bearer ${auth}`;
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    const res = await fetch(`${stack.url}/api/v1${path}`, {
      method,
      headers,
      ...(method === 'GET' ? {} : { body: options.raw ?? JSON.stringify(options.body ?? {}) }),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Answer['body'] };
  }

  async function count(table: 'orders' | 'order_items' | 'customers' | 'products' | 'idempotency_keys') {
    const { rows } = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(
      stack.database.db,
    );
    return Number(rows[0]?.n);
  }

  beforeAll(async () => {
    stack = await startTestStack({ kind, seed: true });
    key = (await stack.adminCaller.apiKeys.create({ name: 'Storefront backend' })).key;
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('401 without a key, with a wrong key and with a revoked one; JSON with a request id', async () => {
    const none = await call('GET', '/orders/FB-10001', { auth: null });
    expect(none.status).toBe(401);
    expect(none.body.error?.code).toBe('API_KEY_INVALID');
    expect(none.body.requestId).toMatch(/^req_/);
    expect(none.headers.get('x-request-id')).toBe(none.body.requestId);
    expect((await call('GET', '/orders/FB-10001', { auth: 'sk_test_not-a-real-key-at-all' })).status).toBe(401);

    const revoked = await stack.adminCaller.apiKeys.create({ name: 'Old integration' });
    // A working key: FB-10001 is a demo (admin) order, outside every key's scope, so 404 rather than 401.
    expect((await call('GET', '/orders/FB-10001', { auth: revoked.key })).status).toBe(404);
    await stack.adminCaller.apiKeys.revoke({ id: revoked.id });
    const after = await call('POST', '/orders', { auth: revoked.key, idempotencyKey: 'k-revoked', body: orderBody() });
    expect(after.status).toBe(401);
    const listed = await stack.adminCaller.apiKeys.list();
    expect(listed.find((k) => k.id === revoked.id)).toMatchObject({
      revokedAt: expect.any(Date) as unknown,
      lastUsedAt: expect.any(Date) as unknown,
    });
    expect(JSON.stringify(listed)).not.toContain(revoked.key);
  });

  it('400 without an Idempotency-Key, storing nothing', async () => {
    const before = await count('orders');
    const res = await call('POST', '/orders', { body: orderBody({ externalId: 'NO-KEY-1' }) });
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('IDEMPOTENCY_KEY_MISSING');
    expect(await count('orders')).toBe(before);
    expect((await call('POST', '/orders', { idempotencyKey: 'x'.repeat(256), body: orderBody() })).status).toBe(400);
  });

  it('201 with the normalised order, its tracking link, and the order in the admin list', async () => {
    const res = await call('POST', '/orders', {
      idempotencyKey: '"6f1c2a7e-0b1d-4c59-9a57-0f7e5c1d2b3a"',
      body: orderBody(),
    });
    expect(res.status).toBe(201);
    const order = res.body.order;
    expect(order).toMatchObject({
      orderNumber: '#5001',
      externalId: 'WEB-5001',
      source: 'api',
      status: 'processing',
      paymentMethod: 'cod',
      subtotal: '897.50',
      shippingCharge: '49.00',
      total: '946.50',
      codAmount: '946.50',
      shipTo: { city: 'Bengaluru', state: 'Karnataka', pincode: '560038' },
      shipment: null,
    });
    expect(order?.trackingUrl).toMatch(/\/order-tracking\/%235001\?t=/);
    expect(res.body.createdProducts).toEqual(['API-NEW-SKU-1']);
    expect(res.headers.get('idempotent-replayed')).toBeNull();
    // A write's answer carries no ETag (nothing revalidates it); a read's does.
    expect(res.headers.get('etag')).toBeNull();
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('x-request-id')).toBe(res.body.requestId);

    const list = await stack.adminCaller.orders.list({ search: '#5001' });
    expect(list.items.map((o) => o.orderNumber)).toEqual(['#5001']);
    // The admin views show these once the lead adds them to orders.list's output; the repository has them.
    const rows = await listOrders(stack.database.db, { search: '#5001', limit: 5 });
    expect(rows.items[0]).toMatchObject({ source: 'api', externalId: 'WEB-5001' });
    expect((await stack.adminCaller.orders.list({ search: 'web-5001' })).items).toHaveLength(1);

    const detail = await stack.adminCaller.orders.get({ orderId: order?.id ?? '' });
    expect(detail.customer).toMatchObject({ phone: '9876543210', email: 'asha@example.com', whatsappOptIn: true });
    // The new SKU came without a weight: it is in the catalogue, and its item takes the product's (none yet).
    expect(detail.items.map((i) => [i.sku, i.weightText])).toEqual([
      ['PKL-AVAKAYA-500', '500g'],
      ['API-NEW-SKU-1', null],
    ]);
    const got = await call('GET', `/orders/${encodeURIComponent('#5001')}`);
    expect(got.status).toBe(200);
    expect(got.body.order).toEqual(order);
    expect(got.headers.get('etag')).toMatch(/^W\//);
  });

  it('the same key and body: the first answer again with Idempotent-Replayed, one order', async () => {
    const body = orderBody({ externalId: 'WEB-5002', orderNumber: undefined });
    const first = await call('POST', '/orders', { idempotencyKey: 'replay-1', body });
    expect(first.status).toBe(201);
    const before = await count('orders');
    // Same JSON with keys in another order and other spacing is the same body.
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(body).reverse()), null, 2);
    const again = await call('POST', '/orders', { idempotencyKey: 'replay-1', raw: reordered });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const { requestId: firstId, ...firstRest } = first.body;
    const { requestId: againId, ...againRest } = again.body;
    expect(againRest).toEqual(firstRest);
    expect(againId).not.toBe(firstId);
    expect(await count('orders')).toBe(before);
    expect(first.body.order?.orderNumber).toMatch(/^FB-\d+$/);
  });

  it('a create with no number, no event endpoint and COD confirmation off is one statement: customer, items on their products, history, the stored answer', async () => {
    const body = orderBody({
      externalId: 'ONE-STATEMENT-1',
      orderNumber: null,
      customer: { name: 'Ravi Kumar', phone: '9123456780', email: null, whatsappOptIn: true },
      items: [
        { sku: 'ONE-STATEMENT-NEW-1', name: 'Fresh Gunpowder Podi', quantity: 3, unitPrice: '120.00', weight: '200g' },
        { sku: 'PKL-AVAKAYA-500', name: 'Andhra Avakaya Mango Pickle', quantity: 1, unitPrice: '349.00' },
        { sku: 'ONE-STATEMENT-NEW-2', name: 'Curry Leaf Chutney', quantity: 1, unitPrice: '99.00' },
      ],
    });
    const first = await call('POST', '/orders', { idempotencyKey: 'one-statement-1', body });
    expect(first.status).toBe(201);
    // The SKUs the statement added, in the order the items name them; the stored answer says the same.
    expect(first.body.createdProducts).toEqual(['ONE-STATEMENT-NEW-1', 'ONE-STATEMENT-NEW-2']);
    const again = await call('POST', '/orders', { idempotencyKey: 'one-statement-1', body });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const { requestId: _first, ...firstRest } = first.body;
    const { requestId: _again, ...againRest } = again.body;
    expect(againRest).toEqual(firstRest);
    expect(first.body.order).toMatchObject({ subtotal: '808.00', total: '857.00', codAmount: '857.00' });

    const orderId = first.body.order?.id ?? '';
    const { rows: items } = await sql<{ sku: string; product_sku: string | null }>`
      select i.sku, p.sku as product_sku from order_items i left join products p on p.id = i.product_id
      where i.order_id = ${orderId} order by i.id`.execute(stack.database.db);
    expect(items).toEqual([
      { sku: 'ONE-STATEMENT-NEW-1', product_sku: 'ONE-STATEMENT-NEW-1' },
      { sku: 'PKL-AVAKAYA-500', product_sku: 'PKL-AVAKAYA-500' },
      { sku: 'ONE-STATEMENT-NEW-2', product_sku: 'ONE-STATEMENT-NEW-2' },
    ]);
    const { rows: history } = await sql<{ description: string }>`
      select description from status_history where order_id = ${orderId}`.execute(stack.database.db);
    expect(history.map((h) => h.description)).toEqual(['Received through the Orders API']);
    const detail = await stack.adminCaller.orders.get({ orderId });
    expect(detail.customer).toMatchObject({ name: 'Ravi Kumar', phone: '9123456780', whatsappOptIn: true });
    expect(detail.codConfirmation.state).toBe('not_needed');

    // A second order for the same mobile finds the customer the first one made.
    const second = await call('POST', '/orders', {
      idempotencyKey: 'one-statement-2',
      body: { ...body, externalId: 'ONE-STATEMENT-2' },
    });
    expect(second.status).toBe(201);
    expect(second.body.createdProducts).toEqual([]);
    const secondDetail = await stack.adminCaller.orders.get({ orderId: second.body.order?.id ?? '' });
    expect(secondDetail.customer.id).toBe(detail.customer.id);
  });

  // PostgreSQL only: PGlite has one connection, so no other transaction can hold the SKU meanwhile.
  it.skipIf(kind === 'pglite')(
    'a SKU another transaction adds while the create waits for it: the item is linked to that product',
    async () => {
      const db = stack.database.db;
      let release = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      let held = () => {};
      const holding = new Promise<void>((resolve) => (held = resolve));
      const other = db.transaction().execute(async (tx) => {
        await sql`insert into products (sku, name, price_paise) values ('RACE-SKU-1', 'Raced Podi', 15000)`.execute(tx);
        held();
        await gate;
      });
      await holding;
      const create = call('POST', '/orders', {
        idempotencyKey: 'race-sku-1',
        body: orderBody({
          externalId: 'RACE-SKU-ORDER-1',
          orderNumber: null,
          items: [{ sku: 'RACE-SKU-1', name: 'Raced Podi', quantity: 1, unitPrice: '150.00' }],
        }),
      });
      // The create's statement waits on the other transaction's row in the SKU's unique index.
      await waitFor(
        async () => {
          const { rows } = await sql<{ n: string }>`
            select count(*)::text as n from pg_stat_activity
            where wait_event_type = 'Lock' and query like '%catalogue_v%'`.execute(db);
          return Number(rows[0]?.n) > 0;
        },
        { what: 'the create waiting for the SKU' },
      );
      release();
      await other;
      const res = await create;
      expect(res.status).toBe(201);
      // Not added by this create: the other transaction made it.
      expect(res.body.createdProducts).toEqual([]);
      const { rows } = await sql<{ linked: string | null; product: string }>`
        select i.product_id::text as linked, (select id::text from products where sku = 'RACE-SKU-1') as product
        from order_items i where i.order_id = ${res.body.order?.id ?? ''}`.execute(db);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.linked).toBe(rows[0]?.product);
    },
  );

  it('a COD create with no number under a confirmation policy still asks the customer (written in a transaction)', async () => {
    await stack.adminCaller.settings.codConfirmation.update({ policy: 'all' });
    try {
      const res = await call('POST', '/orders', {
        idempotencyKey: 'one-statement-cod-1',
        body: orderBody({ externalId: 'ONE-STATEMENT-COD-1', orderNumber: null, paymentMethod: 'cod' }),
      });
      expect(res.status).toBe(201);
      const detail = await stack.adminCaller.orders.get({ orderId: res.body.order?.id ?? '' });
      expect(detail.codConfirmation.state).toBe('pending');
    } finally {
      await stack.adminCaller.settings.codConfirmation.update({ policy: 'off' });
    }
  });

  it('the same key with another body: 422, nothing changed', async () => {
    await call('POST', '/orders', {
      idempotencyKey: 'reuse-1',
      body: orderBody({ externalId: 'WEB-5003', orderNumber: null }),
    });
    const before = await count('orders');
    const res = await call('POST', '/orders', {
      idempotencyKey: 'reuse-1',
      body: orderBody({ externalId: 'WEB-5004', orderNumber: null }),
    });
    expect(res.status).toBe(422);
    expect(res.body.error?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await count('orders')).toBe(before);
  });

  it('20 concurrent creates with one key make one order; the rest replay it or are told it is running', async () => {
    const before = await count('orders');
    const body = orderBody({ externalId: 'WEB-RACE-1', orderNumber: null });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => call('POST', '/orders', { idempotencyKey: 'race-key-1', body })),
    );
    expect(await count('orders')).toBe(before + 1);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const numbers = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.order?.orderNumber));
    expect(numbers.size).toBe(1);
    const replayed = answers.filter((a) => a.headers.get('idempotent-replayed') === 'true').length;
    expect(replayed).toBe(statuses.filter((s) => s === 201).length - 1);
    const running = answers.filter((a) => a.status === 409);
    expect(running.every((a) => a.body.error?.code === 'IDEMPOTENCY_KEY_IN_USE')).toBe(true);
  });

  it('20 concurrent creates with different keys for one externalId make one order', async () => {
    const before = await count('orders');
    const body = orderBody({ externalId: 'WEB-RACE-2', orderNumber: null });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call('POST', '/orders', { idempotencyKey: `race-2-${i}`, body })),
    );
    expect(await count('orders')).toBe(before + 1);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.error?.code === 'ORDER_EXISTS')).toBe(true);
  });

  it('a new key for a known externalId: 409 naming the existing order', async () => {
    const before = await count('orders');
    const res = await call('POST', '/orders', { idempotencyKey: 'another-key', body: orderBody() });
    expect(res.status).toBe(409);
    expect(res.body.error?.code).toBe('ORDER_EXISTS');
    expect(res.body.error?.message).toContain('#5001');
    expect(res.body.error?.order?.orderNumber).toBe('#5001');
    expect(await count('orders')).toBe(before);
  });

  it('a body with six bad fields: 400 listing all six, nothing stored, the key still free', async () => {
    const tables = ['orders', 'order_items', 'customers', 'products', 'idempotency_keys'] as const;
    const before = await Promise.all(tables.map(count));
    const res = await call('POST', '/orders', {
      idempotencyKey: 'bad-body-1',
      body: orderBody({
        externalId: 'WEB-BAD-1',
        paymentMethod: 'card',
        customer: { name: 'Asha', phone: '12345' },
        shippingAddress: { line1: '', city: 'Bengaluru', state: 'Atlantis', pincode: '56003' },
        items: [{ sku: 'X-1', name: 'Pickle', quantity: 0, unitPrice: '349.00' }],
      }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('VALIDATION_FAILED');
    expect(res.body.error?.issues?.map((i) => i.path).sort()).toEqual(
      [
        'paymentMethod',
        'customer.phone',
        'shippingAddress.line1',
        'shippingAddress.state',
        'shippingAddress.pincode',
        'items.0.quantity',
      ].sort(),
    );
    // The phone is never echoed in full.
    expect(JSON.stringify(res.body)).not.toContain('12345');
    expect(await Promise.all(tables.map(count))).toEqual(before);
    const fixed = await call('POST', '/orders', {
      idempotencyKey: 'bad-body-1',
      body: orderBody({ externalId: 'WEB-BAD-1', orderNumber: null }),
    });
    expect(fixed.status).toBe(201);
  });

  it('turns what storefronts send into our rules: Orissa, 0-prefixed phones, numbers as text', async () => {
    const res = await call('POST', '/orders', {
      idempotencyKey: 'normalise-1',
      body: orderBody({
        externalId: 88421,
        orderNumber: 'SR/88421-A',
        status: 'pending',
        paymentMethod: 'prepaid',
        customer: { name: 'Bikash Das', phone: '098610 12345' },
        shippingAddress: {
          line1: 'Plot 7, Saheed Nagar',
          landmark: 'Near Maa Tarini Temple',
          city: 'Bhubaneswar',
          state: 'Orissa',
          pincode: 751007,
        },
        items: [{ sku: 'PKL-LEMON-250', name: 'Sweet Lemon Pickle', quantity: '3', unitPrice: 189, weight: 250 }],
      }),
    });
    expect(res.status).toBe(201);
    expect(res.body.order).toMatchObject({
      externalId: '88421',
      orderNumber: 'SR/88421-A',
      status: 'pending',
      codAmount: '0.00',
      total: '616.00',
      shipTo: { state: 'Odisha', pincode: '751007' },
      items: [{ sku: 'PKL-LEMON-250', quantity: 3, unitPrice: '189.00', weight: '250 g' }],
    });
    // Pending (unpaid) is visible but not shippable.
    await expect(stack.adminCaller.orders.ship({ orderId: res.body.order?.id ?? '' })).rejects.toMatchObject({
      cause: { code: 'ORDER_NOT_SHIPPABLE' },
    });
    expect((await stack.adminCaller.orders.list({ search: 'sr/88421-a' })).items).toHaveLength(1);
  });

  it('cancels before booking; cancels at iCarry before pickup; refuses after pickup', async () => {
    const created = await call('POST', '/orders', {
      idempotencyKey: 'cancel-1',
      body: orderBody({ externalId: 'WEB-C1', orderNumber: 'WEB-C1' }),
    });
    const cancelled = await call('POST', '/orders/WEB-C1/cancel', { body: { reason: 'customer changed their mind' } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.order?.status).toBe('cancelled');
    expect((await call('POST', '/orders/WEB-C1/cancel')).status).toBe(200);
    expect(created.status).toBe(201);

    await call('POST', '/orders', {
      idempotencyKey: 'cancel-2',
      body: orderBody({ externalId: 'WEB-C2', orderNumber: 'WEB-C2' }),
    });
    const booked = await call('GET', '/orders/WEB-C2');
    await stack.adminCaller.orders.ship({ orderId: booked.body.order?.id ?? '' });
    const shipped = await call('GET', '/orders/WEB-C2');
    expect(shipped.body.order).toMatchObject({
      status: 'shipped',
      shipment: { status: 'pending_pickup', awb: expect.any(String) as unknown },
    });
    const atICarry = await call('POST', '/orders/WEB-C2/cancel');
    expect(atICarry.status).toBe(200);
    expect(atICarry.body.order?.status).toBe('cancelled');
    const shipments = await stack.database.db
      .selectFrom('shipments')
      .select(['booking_state', 'status'])
      .where('order_id', '=', booked.body.order?.id ?? '0')
      .execute();
    expect(shipments).toEqual([{ booking_state: 'cancelled', status: 'cancelled' }]);

    await call('POST', '/orders', {
      idempotencyKey: 'cancel-3',
      body: orderBody({ externalId: 'WEB-C3', orderNumber: 'WEB-C3' }),
    });
    const picked = await call('GET', '/orders/WEB-C3');
    const orderId = picked.body.order?.id ?? '0';
    await stack.database.db.updateTable('orders').set({ status: 'shipped' }).where('id', '=', orderId).execute();
    await insertShipment(stack.database.db, { order_id: orderId, status: 'in_transit' });
    const refused = await call('POST', '/orders/WEB-C3/cancel');
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('ORDER_NOT_CANCELLABLE');
    expect(refused.body.error?.message).toContain('picked up');
    expect((await call('GET', '/orders/WEB-C3')).body.order?.status).toBe('shipped');

    expect((await call('POST', '/orders/NOPE-404/cancel')).status).toBe(404);
  });

  it('a key sees and cancels only orders the REST API brought in; others answer as if they did not exist', async () => {
    const db = stack.database.db;
    const foreign = [
      await insertOrder(db, { status: 'processing', source: 'shopify', external_id: '820982911946154508' }),
      await insertOrder(db, { status: 'processing', source: 'woocommerce', external_id: '727' }),
      await insertOrder(db, { status: 'processing', source: 'csv', external_id: 'SR-9001' }),
      await insertOrder(db, { status: 'processing', source: 'manual' }),
    ];
    // One of them booked with iCarry: a cancel through a key would have cancelled the parcel too.
    const booked = foreign[0];
    if (!booked) throw new Error('no order');
    await stack.adminCaller.orders.ship({ orderId: booked.id });
    const historyBefore = await db
      .selectFrom('status_history')
      .select(({ fn }) => fn.countAll().as('n'))
      .executeTakeFirst();

    const absent = await call('GET', '/orders/NO-SUCH-ORDER-1');
    const absentCancel = await call('POST', '/orders/NO-SUCH-ORDER-1/cancel');
    for (const order of foreign) {
      for (const spelling of [order.order_number, order.order_number.toLowerCase()]) {
        const got = await call('GET', `/orders/${encodeURIComponent(spelling)}`);
        expect({ status: got.status, error: got.body.error }).toEqual({ status: 404, error: absent.body.error });
        const cancel = await call('POST', `/orders/${encodeURIComponent(spelling)}/cancel`, { body: { reason: 'x' } });
        expect({ status: cancel.status, error: cancel.body.error }).toEqual({
          status: 404,
          error: absentCancel.body.error,
        });
      }
    }
    const after = await db
      .selectFrom('orders')
      .select(['id', 'status'])
      .where(
        'id',
        'in',
        foreign.map((o) => o.id),
      )
      .orderBy('id')
      .execute();
    expect(after.map((o) => o.status)).toEqual(['shipped', 'processing', 'processing', 'processing']);
    const shipment = await db
      .selectFrom('shipments')
      .select(['booking_state', 'status'])
      .where('order_id', '=', booked.id)
      .executeTakeFirstOrThrow();
    expect(shipment).toEqual({ booking_state: 'booked', status: 'pending_pickup' });
    expect(
      await db
        .selectFrom('status_history')
        .select(({ fn }) => fn.countAll().as('n'))
        .executeTakeFirst(),
    ).toEqual(historyBefore);

    // Its own orders, whichever key made them: found and cancellable.
    const other = await stack.adminCaller.apiKeys.create({ name: 'Second backend' });
    await call('POST', '/orders', {
      idempotencyKey: 'scope-1',
      body: orderBody({ externalId: 'WEB-S1', orderNumber: 'WEB-S1' }),
    });
    expect((await call('GET', '/orders/web-s1', { auth: other.key })).body.order?.orderNumber).toBe('WEB-S1');
    expect((await call('POST', '/orders/WEB-S1/cancel', { auth: other.key })).body.order?.status).toBe('cancelled');
  });

  it('limits calls per key per minute with 429 and Retry-After', async () => {
    const limited = await startTestStack({ kind, env: { API_REQUESTS_PER_MINUTE: '3' } });
    try {
      const { key: small } = await limited.adminCaller.apiKeys.create({ name: 'tiny' });
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${limited.url}/api/v1/orders/FB-1`, { headers: { authorization: `Bearer ${small}` } });
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
      }
      expect(statuses.slice(0, 3)).toEqual([404, 404, 404]);
      expect(statuses.slice(3)).toEqual([429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('creates count against the per-key limit in the statement that claims: a bad body counts, over the limit 429 before any check of the body, nothing claimed or stored', async () => {
    const limited = await startTestStack({ kind, env: { API_REQUESTS_PER_MINUTE: '3' } });
    try {
      const created = await limited.adminCaller.apiKeys.create({ name: 'tiny' });
      const post = (body: unknown, idempotencyKey: string | null, auth = created.key) =>
        fetch(`${limited.url}/api/v1/orders`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${auth}`,
            'content-type': 'application/json',
            ...(idempotencyKey === null ? {} : { 'idempotency-key': idempotencyKey }),
          },
          body: JSON.stringify(body),
        });
      const first = await post(orderBody({ externalId: 'LIM-1', orderNumber: null }), 'lim-1');
      expect(first.status).toBe(201);
      // Last-used is stamped by the same statement.
      const [listed] = (await limited.adminCaller.apiKeys.list()).filter((k) => k.id === created.id);
      expect(listed?.lastUsedAt).not.toBeNull();
      // A body that fails the schema, and a request without an Idempotency-Key: answered 400, counted.
      expect((await post({ externalId: '' }, 'lim-2')).status).toBe(400);
      expect((await post(orderBody({ externalId: 'LIM-3', orderNumber: null }), null)).status).toBe(400);
      const over = await post(orderBody({ externalId: 'LIM-4', orderNumber: null }), 'lim-4');
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await over.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
      // Over the limit the body is not looked at: a bad one is 429 too, and a wrong key is still 401.
      expect((await post({}, 'lim-5')).status).toBe(429);
      expect((await post({}, 'lim-6', 'sk_test_not-a-key-at-all-0000000000')).status).toBe(401);
      const keys = await limited.database.db.selectFrom('idempotency_keys').select(['key', 'state']).execute();
      expect(keys).toEqual([{ key: 'lim-1', state: 'done' }]);
      const orders = await limited.database.db
        .selectFrom('orders')
        .select('external_id')
        .where('source', '=', 'api')
        .execute();
      expect(orders.map((o) => o.external_id)).toEqual(['LIM-1']);
      // A revoked key is 401, not 429, and counts nothing.
      await limited.adminCaller.apiKeys.revoke({ id: created.id });
      expect((await post(orderBody({ externalId: 'LIM-7', orderNumber: null }), 'lim-7')).status).toBe(401);
    } finally {
      await limited.close();
    }
  });
});
