import { insertOrder, insertShipment } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrichFromTracking, reconcileQuietShipments } from '../../src/shipping/reconcile/reconcile.service';
import { ManualClock, startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';

describe.each(testDatabaseKinds())('status polling on %s', (kind) => {
  let stack: TestStack;
  const clock = new ManualClock();
  beforeAll(async () => {
    stack = await startTestStack({ kind, clock, startWorkers: false });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('500 shipments iCarry never answers about do not starve the others', async () => {
    const sandbox = stack.runtime.sandbox;
    if (!sandbox) throw new Error('sandbox expected');
    const db = stack.database.db;
    const longAgo = new Date(clock.now().getTime() - 3 * 24 * 3600_000);
    // Booked outside the app (or in another iCarry account): iCarry leaves them out of its answers.
    for (let i = 0; i < 500; i++) {
      const order = await insertOrder(db, { status: 'shipped' });
      await insertShipment(db, {
        order_id: order.id,
        booking_state: 'booked',
        status: 'in_transit',
        provider_shipment_id: `77${String(i).padStart(10, '0')}`,
        awb: `GHOST${i}`,
        client_ref: `${order.order_number}-1`,
        last_event_at: longAgo,
        booked_at: longAgo,
      });
    }
    // Three real ones whose pushes are lost: iCarry has them Out for Delivery.
    sandbox.control.setWebhookUrls({ statusUrl: null, ndrUrl: null, weightUrl: null });
    const real: string[] = [];
    for (let i = 0; i < 3; i++) {
      const order = await insertOrder(db, { status: 'processing' });
      const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
      await sandbox.control.setStatus(String(shipment.providerShipmentId), 26);
      real.push(order.id);
    }
    clock.advance(3 * 3600_000);

    const rounds: number[] = [];
    for (let round = 0; round < 3; round++) {
      const result = await reconcileQuietShipments(stack.runtime.deps, { quietMinutes: 60, limit: 200 });
      rounds.push(result.asked);
      clock.advance(60_000);
    }
    // 503 quiet shipments, 200 a round: every one of them was asked about within three rounds.
    expect(rounds).toEqual([200, 200, 103]);
    for (const orderId of real) {
      expect((await stack.adminCaller.orders.get({ orderId })).order.status).toBe('out_for_delivery');
    }
  });

  it('a tracking follow-up iCarry refuses ends without a retry; one that may pass throws to be retried', async () => {
    const sandbox = stack.runtime.sandbox;
    if (!sandbox) throw new Error('sandbox expected');
    const db = stack.database.db;
    const order = await insertOrder(db, { status: 'shipped' });
    // A shipment iCarry does not know (booked in another account): its track call is refused.
    const ghost = await insertShipment(db, {
      order_id: order.id,
      booking_state: 'booked',
      status: 'in_transit',
      provider_shipment_id: '880000000001',
      awb: 'GHOSTTRACK1',
      client_ref: `${order.order_number}-1`,
    });
    await expect(enrichFromTracking(stack.runtime.deps, ghost.id)).resolves.toBe(0);
    // A real one while iCarry answers 503: the job throws, so the queue tries it again later.
    const real = await insertOrder(db, { status: 'processing' });
    const shipment = await stack.adminCaller.orders.ship({ orderId: real.id });
    sandbox.control.addFault({ kind: 'http_error', status: 503, endpoint: 'api_track_shipment', count: 'always' });
    try {
      await expect(enrichFromTracking(stack.runtime.deps, shipment.id)).rejects.toMatchObject({ retryable: true });
    } finally {
      sandbox.control.clearFaults();
    }
    await expect(enrichFromTracking(stack.runtime.deps, shipment.id)).resolves.toBeGreaterThanOrEqual(0);
  });
});
