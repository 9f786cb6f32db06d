import { insertOrder } from '@app/db/testing';
import { ICarryClient } from '@app/shipping';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appErrorCodeOf } from '../../src/entry/trpc/init';
import { createCaller } from '../../src/entry/router/index';
import { createContextInner } from '../../src/entry/trpc/context';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    return appErrorCodeOf(err) ?? (err as { code?: string }).code ?? 'UNKNOWN';
  }
  return null;
}

describe.each(testDatabaseKinds())('orders.ship on %s', (kind) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ kind });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const newOrder = (overrides: Parameters<typeof insertOrder>[1] = {}) =>
    insertOrder(stack.database.db, { status: 'processing', ...overrides });

  it('books once, saves AWB and courier, moves the order to Shipped and queues the customer messages', async () => {
    const order = await newOrder({ payment_method: 'cod' });
    const bookingsBefore = stack.runtime.sandbox?.control.bookingCount() ?? 0;
    const quote = await stack.adminCaller.orders.quote({ orderId: order.id });
    expect(quote.couriers.length).toBeGreaterThan(0);
    const cheapest = quote.couriers[0];
    expect(quote.couriers.map((c) => c.totalPaise)).toEqual(
      [...quote.couriers.map((c) => c.totalPaise)].sort((a, b) => a - b),
    );

    const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
    expect(shipment.bookingState).toBe('booked');
    expect(shipment.awb).toMatch(/\w{6,}/);
    expect(shipment.courierId).toBe(cheapest?.courierId);
    expect(shipment.codAmountPaise).toBe(order.total_paise);

    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.order.status).toBe('shipped');
    expect(detail.shipment?.awb).toBe(shipment.awb);
    expect(detail.history.some((h) => h.orderStatus === 'shipped' && h.source === 'booking')).toBe(true);
    const messages = await stack.database.db
      .selectFrom('messages')
      .selectAll()
      .where('order_id', '=', order.id)
      .execute();
    // One "shipped" message per channel the customer can get (the builder's customer has an email, no WhatsApp opt-in).
    expect(
      messages
        .filter((m) => m.template === 'shipped')
        .map((m) => m.channel)
        .sort(),
    ).toEqual(['email']);
    expect((stack.runtime.sandbox?.control.bookingCount() ?? 0) - bookingsBefore).toBe(1);

    expect(await codeOf(stack.adminCaller.orders.ship({ orderId: order.id }))).toBe('ORDER_ALREADY_SHIPPED');
  });

  it('refuses orders that are not Processing, and changes nothing', async () => {
    const order = await newOrder({ status: 'delivered' });
    const before = stack.runtime.sandbox?.control.bookingCount();
    expect(await codeOf(stack.adminCaller.orders.ship({ orderId: order.id }))).toBe('ORDER_NOT_SHIPPABLE');
    expect(stack.runtime.sandbox?.control.bookingCount()).toBe(before);
    const shipments = await stack.database.db
      .selectFrom('shipments')
      .select('id')
      .where('order_id', '=', order.id)
      .execute();
    expect(shipments).toHaveLength(0);
  });

  it('refuses an unserviceable pincode and a COD order where COD is not offered', async () => {
    const remote = await newOrder({ ship_pincode: '930001' });
    expect(await codeOf(stack.adminCaller.orders.ship({ orderId: remote.id }))).toBe('PINCODE_NOT_SERVICEABLE');
    const noCod = await newOrder({ ship_pincode: '400099', payment_method: 'cod' });
    expect(await codeOf(stack.adminCaller.orders.ship({ orderId: noCod.id }))).toBe('COD_NOT_AVAILABLE');
    const prepaidThere = await newOrder({ ship_pincode: '400099', payment_method: 'prepaid' });
    expect((await stack.adminCaller.orders.ship({ orderId: prepaidThere.id })).bookingState).toBe('booked');
  });

  it('refuses a state iCarry has no code for, before anything is booked', async () => {
    const order = await newOrder({ ship_state: 'Atlantis' });
    expect(await codeOf(stack.adminCaller.orders.ship({ orderId: order.id }))).toBe('ADDRESS_INCOMPLETE');
    const rows = await stack.database.db
      .selectFrom('shipments')
      .select('id')
      .where('order_id', '=', order.id)
      .execute();
    expect(rows).toHaveLength(0);
  });

  it('refuses when no iCarry account is configured', async () => {
    const order = await newOrder();
    const caller = createCaller(
      createContextInner({ deps: { ...stack.runtime.deps, icarry: null }, admin: stack.admin }),
    );
    expect(await codeOf(caller.orders.ship({ orderId: order.id }))).toBe('ICARRY_NOT_CONFIGURED');
  });

  it('keeps the order Processing with the reason when iCarry refuses the booking', async () => {
    const order = await newOrder();
    stack.runtime.sandbox?.control.setFaults([
      { endpoint: 'book', kind: 'api_error', message: 'Insufficient wallet balance. Please recharge.' },
    ]);
    expect(await codeOf(stack.adminCaller.orders.ship({ orderId: order.id }))).toBe('ICARRY_ACCOUNT_PROBLEM');
    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.order.status).toBe('processing');
    expect(detail.shipment?.bookingState).toBe('failed');
    expect(detail.shipment?.failureReason).toMatch(/wallet/i);
    // A refusal proves nothing was booked: the admin can try again.
    expect((await stack.adminCaller.orders.ship({ orderId: order.id })).bookingState).toBe('booked');
  });

  it('a timed-out booking is marked unknown, never re-booked, and an admin can resolve it either way', async () => {
    const sandbox = stack.runtime.sandbox;
    if (!sandbox) throw new Error('sandbox expected');
    const order = await newOrder();
    const bookingsBefore = sandbox.control.bookingCount();
    sandbox.control.setFaults([{ endpoint: 'book', kind: 'book_accept_then_hang' }]);
    expect(await codeOf(stack.adminCaller.orders.ship({ orderId: order.id }))).toBe('BOOKING_OUTCOME_UNKNOWN');
    expect(sandbox.control.bookingCount()).toBe(bookingsBefore + 1);
    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.shipment?.bookingState).toBe('unknown');
    expect(detail.order.needsAttention).toBe(true);
    // Clicking again does not book again.
    expect(await codeOf(stack.adminCaller.orders.ship({ orderId: order.id }))).toBe('BOOKING_OUTCOME_UNKNOWN');
    expect(sandbox.control.bookingCount()).toBe(bookingsBefore + 1);

    // The admin finds it in the iCarry panel and enters the shipment id.
    const booked = sandbox.control.shipments().find((s) => s.clientOrderId === detail.shipment?.clientRef);
    expect(booked).toBeDefined();
    const resolved = await stack.adminCaller.orders.resolveBooking({
      orderId: order.id,
      outcome: 'booked',
      providerShipmentId: String(booked?.shipmentId),
    });
    expect(resolved.bookingState).toBe('booked');
    expect(resolved.awb).toBe(booked?.awb);
    expect((await stack.adminCaller.orders.get({ orderId: order.id })).order.status).toBe('shipped');

    // Second case: nothing was booked, so the order can be shipped again.
    const other = await newOrder();
    sandbox.control.setFaults([{ endpoint: 'book', kind: 'timeout' }]);
    expect(await codeOf(stack.adminCaller.orders.ship({ orderId: other.id }))).toBe('BOOKING_OUTCOME_UNKNOWN');
    await stack.adminCaller.orders.resolveBooking({ orderId: other.id, outcome: 'not_booked' });
    expect((await stack.adminCaller.orders.ship({ orderId: other.id })).bookingState).toBe('booked');
  });

  it('cancels before pickup and puts the order back to Processing; refuses after pickup', async () => {
    const order = await newOrder();
    const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
    const cancelled = await stack.adminCaller.orders.cancelShipment({ orderId: order.id });
    expect(cancelled.bookingState).toBe('cancelled');
    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.order.status).toBe('processing');
    expect(detail.history.some((h) => h.source === 'admin' && h.description?.includes('cancelled'))).toBe(true);
    expect(shipment.id).toBe(cancelled.id);

    const picked = await newOrder();
    const s2 = await stack.adminCaller.orders.ship({ orderId: picked.id });
    await stack.runtime.sandbox?.control.setStatus(String(s2.providerShipmentId), 22);
    expect(await codeOf(stack.adminCaller.orders.cancelShipment({ orderId: picked.id }))).toBe(
      'SHIPMENT_NOT_CANCELLABLE',
    );
  });

  it('is reachable over HTTP and refuses anonymous callers', async () => {
    const res = await fetch(`${stack.url}/trpc/orders.list?input=${encodeURIComponent(JSON.stringify({}))}`);
    expect(res.status).toBe(401);
    const health = await fetch(`${stack.url}/healthz`);
    expect(await health.json()).toMatchObject({ ok: true, database: 'up' });
  });

  it('talks to iCarry with the same client a live account uses', () => {
    expect(stack.runtime.deps.icarry).toBeInstanceOf(ICarryClient);
  });
});
