import { insertOrder, insertShipment } from '@app/db/testing';
import { buildStatusPush } from '@app/shipping';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackingToken } from '../../src/platform/security/tokens';
import { appErrorCodeOf } from '../../src/entry/trpc/init';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'OK',
    (e: unknown) => appErrorCodeOf(e) ?? 'OTHER',
  );

describe.each(testDatabaseKinds())('resolving an unknown booking on %s', (kind) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ kind });
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function unknownBooking() {
    const order = await insertOrder(stack.database.db, { status: 'processing' });
    await insertShipment(stack.database.db, {
      order_id: order.id,
      booking_state: 'unknown',
      client_ref: `${order.order_number}-1`,
    });
    return order;
  }

  it('refuses an iCarry shipment id another shipment here already has: a clear 409, not a 500', async () => {
    const other = await insertOrder(stack.database.db, { status: 'shipped' });
    await insertShipment(stack.database.db, {
      order_id: other.id,
      booking_state: 'booked',
      status: 'in_transit',
      provider_shipment_id: '4400001',
      awb: 'AWB4400001',
      client_ref: `${other.order_number}-1`,
    });
    const order = await unknownBooking();
    expect(
      await codeOf(
        stack.adminCaller.orders.resolveBooking({
          orderId: order.id,
          outcome: 'booked',
          providerShipmentId: '4400001',
        }),
      ),
    ).toBe('BOOKING_REF_TAKEN');
    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.shipment?.bookingState).toBe('unknown');
  });

  it("refuses an iCarry shipment that iCarry's pushes say was booked for another order", async () => {
    const order = await unknownBooking();
    // iCarry pushed a status for shipment 4400002, naming another order's client_order_id.
    const push = buildStatusPush({
      statusCode: 3,
      shipmentId: '4400002',
      clientOrderId: 'SOMEONE-ELSE-1',
      token: stack.runtime.deps.secrets.icarryApiKey ?? null,
    });
    const res = await fetch(`${stack.url}/api/webhooks/shipping-updates`, {
      method: 'POST',
      headers: { 'content-type': push.contentType },
      body: push.body,
    });
    expect(res.status).toBe(200);
    expect(
      await codeOf(
        stack.adminCaller.orders.resolveBooking({
          orderId: order.id,
          outcome: 'booked',
          providerShipmentId: '4400002',
        }),
      ),
    ).toBe('BOOKING_REF_MISMATCH');
    expect((await stack.adminCaller.orders.get({ orderId: order.id })).shipment?.bookingState).toBe('unknown');
  });

  it('never hands the browser a tracking link that is not http(s)', async () => {
    const order = await insertOrder(stack.database.db, { status: 'shipped' });
    await insertShipment(stack.database.db, {
      order_id: order.id,
      booking_state: 'booked',
      status: 'in_transit',
      provider_shipment_id: '4400003',
      awb: 'AWB4400003',
      client_ref: `${order.order_number}-1`,
      tracking_url: 'javascript:alert(document.cookie)',
    });
    const view = await stack.anonymousCaller.tracking.get({
      orderId: order.order_number,
      token: trackingToken(stack.runtime.deps.secrets.appSecret, order.order_number),
    });
    expect(view.state === 'ok' && view.shipment?.trackingUrl).toBeNull();
    expect((await stack.adminCaller.orders.get({ orderId: order.id })).shipment?.trackingUrl).toBeNull();
  });
});
