import { insertOrder } from '@app/db/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, TestEventReceiver, testDatabaseKinds, waitFor, type TestStack } from '../../src/testing/index';
import { recordOrdersCreated } from '../../src/outbox/events/record-event';
import { postStatusPush } from '../support/helpers';
import { orderBody } from '../support/order-body';

const SHIP_AND_DELIVER = ['shipment.booked', 'shipment.out_for_delivery', 'shipment.delivered'];

describe.each(testDatabaseKinds())('events out on %s', (kind) => {
  let stack: TestStack;
  const receiver = new TestEventReceiver();
  let endpointId = '';

  beforeAll(async () => {
    await receiver.start();
    stack = await startTestStack({
      kind,
      env: { EVENTS_ALLOW_PRIVATE_URLS: 'true', EMAIL_FROM: 'orders@store.example' },
      configure: (config) => ({
        ...config,
        events: { ...config.events, retryScheduleSeconds: [1, 1, 1, 1, 1, 1], alertAfterMs: 1500 },
      }),
    });
    const created = await stack.adminCaller.eventEndpoints.create({ url: receiver.url });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    receiver.verifyWith(created.secret);
    endpointId = created.id;
  });
  afterAll(async () => {
    await stack?.close();
    await receiver.stop();
  });

  async function shipAndDeliver() {
    const order = await insertOrder(stack.database.db, { status: 'processing' });
    const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
    const ids = { shipment_id: String(shipment.providerShipmentId), awb: String(shipment.awb) };
    expect((await postStatusPush(stack, { ...ids, status: '26' })).outcome).toBe('applied');
    // A repeated push is recorded but is no second event.
    await postStatusPush(stack, { ...ids, status: '26' });
    expect((await postStatusPush(stack, { ...ids, status: '21' })).outcome).toBe('applied');
    return { order, shipment };
  }

  it('ship and deliver: booked, out_for_delivery, delivered once each, in order, signed and verifiable', async () => {
    const { order, shipment } = await shipAndDeliver();
    await waitFor(() => receiver.typesFor(order.id).length >= 3, { what: 'three events' });
    // Nothing more arrives late.
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.typesFor(order.id)).toEqual(SHIP_AND_DELIVER);
    const delivered = receiver.accepted.find((e) => e.orderId === order.id && e.type === 'shipment.delivered');
    expect(delivered?.body.data).toMatchObject({
      orderId: order.id,
      orderNumber: order.order_number,
      awb: shipment.awb,
      courier: shipment.courierName,
      status: 'delivered',
    });
    expect((delivered?.body.data as { trackingUrl: string }).trackingUrl).toContain(
      `/order-tracking/${encodeURIComponent(order.order_number)}?t=`,
    );
    const log = await stack.adminCaller.eventEndpoints.deliveries({ endpointId, limit: 50 });
    const mine = log.filter((d) => d.orderId === order.id);
    expect(mine.map((d) => d.state)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(mine.every((d) => d.attemptLog.length === 1 && d.attemptLog[0]?.statusCode === 204)).toBe(true);
  });

  it('a REST create: order.created to each endpoint taking it, read in the statement that writes the order; none to one that does not', async () => {
    const other = new TestEventReceiver();
    await other.start();
    try {
      const narrow = await stack.adminCaller.eventEndpoints.create({ url: other.url, events: ['shipment.booked'] });
      other.verifyWith(narrow.secret);
      const { key } = await stack.adminCaller.apiKeys.create({ name: 'events' });
      const res = await fetch(`${stack.url}/api/v1/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'idempotency-key': 'ev-1', 'content-type': 'application/json' },
        body: JSON.stringify(orderBody({ externalId: 'EV-REST-1', orderNumber: null, paymentMethod: 'prepaid' })),
      });
      expect(res.status).toBe(201);
      const { order } = (await res.json()) as { order: { id: string; orderNumber: string } };
      await waitFor(() => receiver.typesFor(order.id).length >= 1, { what: 'order.created' });
      const created = receiver.accepted.find((e) => e.orderId === order.id && e.type === 'order.created');
      expect(created?.body.data).toMatchObject({ orderId: order.id, orderNumber: order.orderNumber, source: 'api' });
      const deliveries = await stack.database.db
        .selectFrom('event_deliveries')
        .select('endpoint_id')
        .where('order_id', '=', order.id)
        .execute();
      expect(deliveries.map((d) => d.endpoint_id)).toEqual([endpointId]);
      await stack.adminCaller.eventEndpoints.delete({ id: narrow.id });
    } finally {
      await other.stop();
    }
  });

  it('receiver down, then up: every event arrives late, once each, in order; the admin is emailed once', async () => {
    receiver.answer = 503;
    const before = receiver.requests;
    const { order } = await shipAndDeliver();
    await waitFor(() => receiver.requests >= before + 3, { what: 'failed attempts' });
    // Only the first event of the order is tried while it fails: the others wait their turn.
    await waitFor(
      async () =>
        (await stack.database.db
          .selectFrom('messages')
          .select('id')
          .where('template', '=', 'event_endpoint_failing')
          .executeTakeFirst()) !== undefined,
      { what: 'the failing-endpoint email' },
    );
    receiver.answer = 200;
    await waitFor(() => receiver.typesFor(order.id).length >= 3, { what: 'late events', timeoutMs: 30_000 });
    expect(receiver.typesFor(order.id)).toEqual(SHIP_AND_DELIVER);
    const log = (await stack.adminCaller.eventEndpoints.deliveries({ endpointId, limit: 50 })).filter(
      (d) => d.orderId === order.id,
    );
    const booked = log.find((d) => d.eventType === 'shipment.booked');
    expect(booked?.attemptLog.length).toBeGreaterThan(1);
    expect(booked?.attemptLog.slice(0, -1).every((a) => a.statusCode === 503)).toBe(true);
    const alerts = await stack.database.db
      .selectFrom('messages')
      .select(['recipient', 'audience'])
      .where('template', '=', 'event_endpoint_failing')
      .execute();
    expect(alerts).toEqual([{ recipient: 'orders@store.example', audience: 'admin' }]);
  });

  it('a tampered secret: the receiver rejects every delivery; a replay after fixing it delivers', async () => {
    const tampered = new TestEventReceiver();
    await tampered.start();
    try {
      const created = await stack.adminCaller.eventEndpoints.create({
        url: tampered.url,
        events: ['shipment.booked'],
      });
      const last = created.secret.at(-2) === 'A' ? 'B' : 'A';
      tampered.verifyWith(`${created.secret.slice(0, -2)}${last}${created.secret.slice(-1)}`);
      const order = await insertOrder(stack.database.db, { status: 'processing' });
      await stack.adminCaller.orders.ship({ orderId: order.id });
      await waitFor(
        async () =>
          (await stack.adminCaller.eventEndpoints.deliveries({ endpointId: created.id, limit: 5 }))[0]?.state ===
          'failed',
        { what: 'the delivery to give up', timeoutMs: 30_000 },
      );
      expect(tampered.accepted).toEqual([]);
      expect(tampered.rejected).toBeGreaterThan(1);
      tampered.verifyWith(created.secret);
      expect(await stack.adminCaller.eventEndpoints.replayFailed({ endpointId: created.id })).toEqual({ replayed: 1 });
      await waitFor(() => tampered.accepted.length === 1, { what: 'the replayed delivery' });
      expect(tampered.accepted.map((e) => e.type)).toEqual(['shipment.booked']);
    } finally {
      await stack.adminCaller.eventEndpoints.delete({
        id: (await stack.adminCaller.eventEndpoints.list()).at(-1)?.id ?? '0',
      });
      await tampered.stop();
    }
  });

  it('410 Gone disables the endpoint after one attempt', async () => {
    const gone = new TestEventReceiver();
    await gone.start();
    try {
      gone.answer = 410;
      const created = await stack.adminCaller.eventEndpoints.create({ url: gone.url, events: ['order.created'] });
      gone.verifyWith(created.secret);
      // order.created as every intake records it, for an order of our own.
      const order = await insertOrder(stack.database.db, { status: 'processing' });
      await stack.database.db.transaction().execute((tx) =>
        recordOrdersCreated(stack.runtime.deps, tx, [
          {
            orderId: order.id,
            orderNumber: order.order_number,
            externalId: null,
            source: 'manual',
            status: 'processing',
            placedAt: new Date(),
          },
        ]),
      );
      await waitFor(
        async () => (await stack.adminCaller.eventEndpoints.list()).find((e) => e.id === created.id)?.enabled === false,
        { what: 'the endpoint to be disabled' },
      );
      expect(gone.requests).toBe(1);
      await stack.adminCaller.eventEndpoints.delete({ id: created.id });
    } finally {
      await gone.stop();
    }
  });

  it('refuses an endpoint on a private address unless EVENTS_ALLOW_PRIVATE_URLS', async () => {
    const strict = await startTestStack({ kind, startWorkers: false });
    try {
      await expect(strict.adminCaller.eventEndpoints.create({ url: 'http://127.0.0.1:9/x' })).rejects.toMatchObject({
        cause: { code: 'EVENT_URL_NOT_ALLOWED' },
      });
      await expect(strict.adminCaller.eventEndpoints.create({ url: 'ftp://example.com/x' })).rejects.toThrow();
      // The case: IPv4-compatible IPv6 loopback, and the other spellings of a local address.
      for (const url of [
        'http://[::7f00:1]:8080/hook',
        'http://[::127.0.0.1]/hook',
        'http://[::ffff:7f00:1]/hook',
        'http://[64:ff9b::a9fe:a9fe]/latest/meta-data',
        'http://[2002:c0a8:101::1]/hook',
        'http://[fd12:3456::1]/hook',
        'http://[fe80::1]/hook',
        'http://[ff02::1]/hook',
        'http://0.0.0.0:3000/hook',
        'http://2130706433/hook',
        'http://0x7f.0.0.1/hook',
        'http://169.254.169.254/latest/meta-data',
        'http://localhost:3000/hook',
        'http://api.localhost/hook',
      ]) {
        await expect(strict.adminCaller.eventEndpoints.create({ url }), url).rejects.toMatchObject({
          cause: { code: 'EVENT_URL_NOT_ALLOWED' },
        });
      }
      // Any IPv6 spelling of any loopback, private or link-local IPv4 address.
      const local = fc.tuple(
        fc.constantFrom([127, 0], [10, 0], [192, 168], [172, 16], [169, 254], [100, 64], [0, 0]),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 1, max: 254 }),
      );
      await fc.assert(
        fc.asyncProperty(
          local,
          fc.constantFrom('::ffff:', '::', '::ffff:0:', '64:ff9b::', '0:0:0:0:0:ffff:'),
          async ([[a, b], c, d], prefix) => {
            const url = `http://[${prefix}${a}.${b}.${c}.${d}]:8080/hook`;
            await expect(strict.adminCaller.eventEndpoints.create({ url }), url).rejects.toMatchObject({
              cause: { code: 'EVENT_URL_NOT_ALLOWED' },
            });
          },
        ),
        { numRuns: 60 },
      );
      expect(await strict.adminCaller.eventEndpoints.list()).toEqual([]);
      // A public address is fine.
      expect(
        (await strict.adminCaller.eventEndpoints.create({ url: 'https://[2606:4700:4700::1111]/hook' })).id,
      ).toBeTruthy();
    } finally {
      await strict.close();
    }
  });
});
