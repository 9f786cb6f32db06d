import { insertOrder } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appErrorCodeOf } from '../../src/entry/trpc/init';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'OK',
    (e: unknown) => appErrorCodeOf(e) ?? 'OTHER',
  );

describe.each(testDatabaseKinds())('a booking that outlasts the stale threshold on %s', (kind) => {
  let stack: TestStack;
  beforeAll(async () => {
    // A tiny threshold, so a slow re-login inside book() outlasts it (production derives it from
    // the client's worst case: see the next test).
    stack = await startTestStack({ kind, configure: (config) => ({ ...config, staleBookingMs: 800 }) });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('marked "not booked" while in flight and shipped again: one iCarry booking, no 500, nothing lost', async () => {
    const sandbox = stack.runtime.sandbox;
    if (!sandbox) throw new Error('sandbox expected');
    const order = await insertOrder(stack.database.db, { status: 'processing' });
    await stack.adminCaller.orders.quote({ orderId: order.id }); // the client now holds a token
    // The booking call meets an expired token, so the client logs in again, and that login is slow.
    sandbox.control.addFault({ kind: 'token_expired', endpoint: 'book', count: 1 });
    sandbox.control.addFault({ kind: 'latency', endpoint: 'api_login', ms: 3000, count: 1 });

    const first = codeOf(stack.adminCaller.orders.ship({ orderId: order.id }));
    await new Promise((r) => setTimeout(r, 1300));
    const waiting = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(waiting.shipment?.bookingState).toBe('booking');
    expect(waiting.shipment?.canResolve).toBe(true);
    await stack.adminCaller.orders.resolveBooking({ orderId: order.id, outcome: 'not_booked' });
    const second = await stack.adminCaller.orders.ship({ orderId: order.id });

    expect(await first).toBe('BOOKING_SUPERSEDED');
    expect(second.bookingState).toBe('booked');
    // Parcels iCarry really booked for this order (booking requests refused for the token do not count).
    const atICarry = sandbox.control.shipments().filter((s) => s.clientOrderId?.startsWith(`${order.order_number}-`));
    expect(atICarry).toHaveLength(1);
    expect(atICarry[0]?.clientOrderId).toBe(`${order.order_number}-2`);
    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.order.status).toBe('shipped');
    expect(detail.shipments.map((s) => s.bookingState).sort()).toEqual(['booked', 'void']);
    expect(detail.order.attentionKind).toBeNull();
  });

  it('the maintenance sweep never declares a booking stale before the client could have given up', async () => {
    const defaults = await startTestStack({ kind, database: stack.database });
    try {
      const { config, icarry } = defaults.runtime.deps;
      expect(icarry).not.toBeNull();
      expect(config.staleBookingMs).toBeGreaterThan(icarry?.worstCaseBookingMs() ?? Infinity);
    } finally {
      await defaults.close();
    }
  });
});
