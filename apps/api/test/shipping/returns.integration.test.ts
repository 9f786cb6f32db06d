import { insertOrder } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appErrorCodeOf } from '../../src/entry/trpc/init';
import { startTestStack, testDatabaseKinds, waitFor, type TestStack } from '../../src/testing/index';
import { ApiClient } from '../reliability/support/http';

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    return appErrorCodeOf(err) ?? (err as { code?: string }).code ?? 'UNKNOWN';
  }
  return null;
}

describe.each(testDatabaseKinds())('returns (orders.createReturn) and RTO on %s', (kind) => {
  let stack: TestStack;
  const sandbox = () => {
    const s = stack.runtime.sandbox;
    if (!s) throw new Error('no sandbox');
    return s.control;
  };

  /** An order shipped and delivered through the sandbox (iCarry's pushes move it). */
  async function deliveredOrder() {
    const order = await insertOrder(stack.database.db, { status: 'processing' });
    const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
    await sandbox().setStatus(String(shipment.providerShipmentId), 21);
    await waitFor(
      async () => (await stack.adminCaller.orders.get({ orderId: order.id })).order.status === 'delivered',
      {
        what: 'the delivered push',
      },
    );
    return { order, shipment };
  }

  beforeAll(async () => {
    stack = await startTestStack({ kind });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('books a return pickup with its own AWB and history; the order stays Delivered and keeps its parcel', async () => {
    const { order, shipment: forward } = await deliveredOrder();
    const before = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(before.returns).toEqual({ canCreate: true, blockedReason: null });
    const reverseBefore = sandbox().reverseBookingCount();

    const ret = await stack.adminCaller.orders.createReturn({
      orderId: order.id,
      reason: 'Wrong size',
      refundNote: 'Refund to UPI once it arrives',
    });
    expect(ret).toMatchObject({
      direction: 'return',
      bookingState: 'booked',
      status: 'pending_pickup',
      returnReason: 'Wrong size',
      refundNote: 'Refund to UPI once it arrives',
      canCancel: false,
    });
    expect(ret.awb).toBeTruthy();
    expect(ret.awb).not.toBe(forward.awb);
    expect(ret.providerShipmentId).not.toBe(forward.providerShipmentId);
    expect(sandbox().reverseBookingCount() - reverseBefore).toBe(1);

    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.order.status).toBe('delivered');
    expect(detail.shipment?.id).toBe(forward.id);
    expect(detail.shipment?.direction).toBe('forward');
    expect(detail.returnShipment?.id).toBe(ret.id);
    expect(detail.returns.canCreate).toBe(false);
    expect(
      detail.history.some((h) => h.shipmentId === ret.id && /Return pickup booked/.test(h.description ?? '')),
    ).toBe(true);
    expect(detail.notes.some((n) => n.body.includes('Wrong size') && n.body.includes('Refund to UPI'))).toBe(true);

    // A second return while this one is open is refused, and iCarry is not asked.
    expect(await codeOf(stack.adminCaller.orders.createReturn({ orderId: order.id, reason: 'Again' }))).toBe(
      'RETURN_ALREADY_BOOKED',
    );
    expect(sandbox().reverseBookingCount() - reverseBefore).toBe(1);

    // iCarry's pushes move the return along its own history; the order never moves.
    const returnId = String(ret.providerShipmentId);
    for (const code of [25, 3, 22, 21]) await sandbox().setStatus(returnId, code);
    const after = await waitFor(
      async () => {
        const d = await stack.adminCaller.orders.get({ orderId: order.id });
        return d.returnShipment?.status === 'delivered' ? d : null;
      },
      { what: 'the return to arrive' },
    );
    expect(after.order.status).toBe('delivered');
    expect(after.shipment?.status).toBe('delivered');
    const returnHistory = after.history.filter((h) => h.shipmentId === ret.id).map((h) => h.description);
    expect(returnHistory).toEqual(
      expect.arrayContaining([
        'Return pickup scheduled',
        'Return picked up from the customer',
        'Return in transit to the store',
        'Return delivered to the store',
      ]),
    );
    // The customer was told about the parcel's milestones once each; the return sends them nothing.
    const messages = await stack.database.db
      .selectFrom('messages')
      .select('template')
      .where('order_id', '=', order.id)
      .execute();
    expect(messages.filter((m) => m.template === 'delivered')).toHaveLength(1);

    // It shows under the Returns tab, and its label prints.
    const list = await stack.adminCaller.orders.list({ filter: 'returns', limit: 100 });
    expect(list.items.map((i) => i.id)).toContain(order.id);
    // The row is about the return: its AWB and its status, not the parcel's AWB and "Delivered".
    expect(list.items.find((i) => i.id === order.id)).toMatchObject({
      awb: ret.awb,
      shipmentDirection: 'return',
      shipmentStatus: 'delivered',
    });
    const all = await stack.adminCaller.orders.list({ limit: 100 });
    expect(all.items.find((i) => i.id === order.id)).toMatchObject({ awb: forward.awb, shipmentDirection: 'forward' });
    expect((await stack.adminCaller.packing.tabCounts()).returns).toBeGreaterThanOrEqual(1);
    const admin = await new ApiClient(stack.url).login(stack.adminCredentials.email, stack.adminCredentials.password);
    const label = await fetch(`${stack.url}/api/labels.pdf?orderIds=${order.id}&direction=return`, {
      headers: { cookie: String(admin.cookie) },
    });
    expect(label.status).toBe(200);
  });

  it('refuses orders that are not Delivered, and changes nothing', async () => {
    const processing = await insertOrder(stack.database.db, { status: 'processing' });
    const shipped = await insertOrder(stack.database.db, { status: 'processing' });
    await stack.adminCaller.orders.ship({ orderId: shipped.id });
    const delivered = await insertOrder(stack.database.db, { status: 'delivered' });
    const before = sandbox().reverseBookingCount();
    for (const order of [processing, shipped, delivered]) {
      expect(await codeOf(stack.adminCaller.orders.createReturn({ orderId: order.id, reason: 'Damaged' }))).toBe(
        'ORDER_NOT_RETURNABLE',
      );
    }
    expect(await codeOf(stack.adminCaller.orders.createReturn({ orderId: '999999999', reason: 'Damaged' }))).toBe(
      'ORDER_NOT_FOUND',
    );
    expect(
      await codeOf(stack.adminCaller.orders.createReturn({ orderId: processing.id, reason: 'x'.repeat(256) })),
    ).toBe('BAD_REQUEST');
    expect(sandbox().reverseBookingCount()).toBe(before);
    const returns = await stack.database.db
      .selectFrom('shipments')
      .select('id')
      .where('direction', '=', 'return')
      .where('order_id', 'in', [processing.id, shipped.id, delivered.id])
      .execute();
    expect(returns).toEqual([]);
    // Delivered by hand (no iCarry delivery): the view says why no return can be booked.
    expect((await stack.adminCaller.orders.get({ orderId: delivered.id })).returns.blockedReason).toMatch(/iCarry/);
  });

  it('an unanswered return booking is unknown: flagged, not retried, resolvable as a return', async () => {
    const { order } = await deliveredOrder();
    sandbox().setFaults([{ endpoint: 'api_add_reverse_shipment', kind: 'book_accept_then_hang' }]);
    const before = sandbox().reverseBookingCount();
    try {
      expect(await codeOf(stack.adminCaller.orders.createReturn({ orderId: order.id, reason: 'Too spicy' }))).toBe(
        'RETURN_OUTCOME_UNKNOWN',
      );
    } finally {
      sandbox().clearFaults();
    }
    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.returnShipment).toMatchObject({ bookingState: 'unknown', canResolve: true });
    expect(detail.order.attentionKind).toBe('booking_unknown');
    expect(detail.order.status).toBe('delivered');
    expect(await codeOf(stack.adminCaller.orders.createReturn({ orderId: order.id, reason: 'Too spicy' }))).toBe(
      'RETURN_OUTCOME_UNKNOWN',
    );
    expect(sandbox().reverseBookingCount() - before).toBe(1);

    const real = sandbox()
      .shipments()
      .find((s) => s.clientOrderId === detail.returnShipment?.clientRef);
    expect(real?.direction).toBe('reverse');
    const resolved = await stack.adminCaller.orders.resolveBooking({
      orderId: order.id,
      direction: 'return',
      outcome: 'booked',
      providerShipmentId: String(real?.shipmentId),
    });
    expect(resolved).toMatchObject({ direction: 'return', bookingState: 'booked', awb: real?.awb });
    const after = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(after.order).toMatchObject({ status: 'delivered', attentionKind: null });
  });

  it('RTO stays its own flow: returning, then returned, under the RTO tab; not a return pickup', async () => {
    const order = await insertOrder(stack.database.db, { status: 'processing' });
    const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
    await sandbox().setStatus(String(shipment.providerShipmentId), 27);
    await waitFor(
      async () => (await stack.adminCaller.orders.get({ orderId: order.id })).order.status === 'returning',
      {
        what: 'the RTO push',
      },
    );
    const rto = await stack.adminCaller.orders.list({ filter: 'rto', limit: 100 });
    expect(rto.items.map((i) => i.id)).toContain(order.id);
    const returns = await stack.adminCaller.orders.list({ filter: 'returns', limit: 100 });
    expect(returns.items.map((i) => i.id)).not.toContain(order.id);
    expect(await codeOf(stack.adminCaller.orders.createReturn({ orderId: order.id, reason: 'RTO' }))).toBe(
      'ORDER_NOT_RETURNABLE',
    );
    await sandbox().setStatus(String(shipment.providerShipmentId), 23);
    await waitFor(async () => (await stack.adminCaller.orders.get({ orderId: order.id })).order.status === 'returned', {
      what: 'the RTO delivered push',
    });
    expect((await stack.adminCaller.packing.tabCounts()).rto).toBeGreaterThanOrEqual(1);
  });
});
