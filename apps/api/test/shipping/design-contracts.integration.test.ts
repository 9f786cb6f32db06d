import { insertOrder } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, testDatabaseKinds, waitFor, type TestStack } from '../../src/testing/index';
import { ApiClient } from '../reliability/support/http';

/**
 * DESIGN.md's calls exactly as written there, over real HTTP the way a client written from the
 * contract makes them: `orders.shipMany({ orderIds })` and `orders.createReturn({ orderId })`.
 */
describe.each(testDatabaseKinds())("DESIGN.md's minimal inputs over HTTP on %s", (kind) => {
  let stack: TestStack;
  let admin: ApiClient;
  const sandbox = () => {
    const s = stack.runtime.sandbox;
    if (!s) throw new Error('no sandbox');
    return s.control;
  };

  beforeAll(async () => {
    stack = await startTestStack({ kind });
    admin = await new ApiClient(stack.url).login(stack.adminCredentials.email, stack.adminCredentials.password);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('orders.shipMany({ orderIds }) starts a batch that books each order with its cheapest courier', async () => {
    const orders = [
      await insertOrder(stack.database.db, { status: 'processing' }),
      await insertOrder(stack.database.db, { status: 'processing' }),
    ];
    const started = await admin.mutate<{ batchId: string }>('orders.shipMany', { orderIds: orders.map((o) => o.id) });
    expect(started.error).toBeUndefined();
    expect(started.status).toBe(200);
    const batchId = started.data?.batchId ?? '';
    expect(batchId).toMatch(/^\d+$/);
    const batch = await waitFor(
      async () => {
        const answer = await admin.query<{ state: string; booked: number; courierPolicy: unknown }>('orders.batch', {
          batchId,
        });
        return answer.data?.state === 'done' ? answer.data : null;
      },
      { what: 'the batch to finish' },
    );
    expect(batch).toMatchObject({ booked: 2, courierPolicy: 'cheapest' });
    for (const order of orders) {
      const detail = await stack.adminCaller.orders.get({ orderId: order.id });
      const quote = await stack.adminCaller.orders.quote({ orderId: order.id });
      expect(detail.shipment?.bookingState).toBe('booked');
      expect(quote.couriers.length).toBeGreaterThan(1);
      expect(detail.shipment?.quotedCostPaise).toBe(Math.min(...quote.couriers.map((c) => c.totalPaise)));
    }
  });

  it('orders.createReturn({ orderId }) books a return pickup without a reason', async () => {
    const order = await insertOrder(stack.database.db, { status: 'processing' });
    const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
    await sandbox().setStatus(String(shipment.providerShipmentId), 21);
    await waitFor(
      async () => (await stack.adminCaller.orders.get({ orderId: order.id })).order.status === 'delivered',
      { what: 'the delivered push' },
    );
    const answer = await admin.mutate<{ direction: string; bookingState: string; awb: string; returnReason: null }>(
      'orders.createReturn',
      { orderId: order.id },
    );
    expect(answer.error).toBeUndefined();
    expect(answer.status).toBe(200);
    expect(answer.data).toMatchObject({ direction: 'return', bookingState: 'booked', returnReason: null });
    expect(answer.data?.awb).toBeTruthy();
    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.notes.some((n) => /Return pickup booked.*No reason given/.test(n.body))).toBe(true);
  });
});
