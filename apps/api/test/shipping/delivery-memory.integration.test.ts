import { insertOrder } from '@app/db/testing';
import { readPincodeMemory } from '@app/db';
import { summariseMemoryRows } from '@app/shipping';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { postNdrPush, postStatusPush } from '../support/helpers';

/** The delivery memory learns from iCarry's pushes as parcels close (issue 25). */
describe.each(testDatabaseKinds())('the delivery memory from pushes on %s', (kind) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ kind, startWorkers: false });
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function shippedOrder(pincode: string, cod = false) {
    const order = await insertOrder(stack.database.db, {
      status: 'processing',
      ship_pincode: pincode,
      ship_city: 'Pune',
      ship_state: 'Maharashtra',
      payment_method: cod ? 'cod' : 'prepaid',
    });
    const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
    return {
      shipment_id: String(shipment.providerShipmentId),
      awb: String(shipment.awb),
      client_order_id: shipment.clientRef,
    };
  }
  const memory = async (pincode: string) =>
    summariseMemoryRows(await readPincodeMemory(stack.database.db, pincode), 'pincode');

  it('counts a delivery once however often iCarry repeats it, and a return with its NDR', async () => {
    const delivered = await shippedOrder('411001');
    for (const status of ['3', '22', '26', '21', '21']) await postStatusPush(stack, { ...delivered, status });
    expect(await memory('411001')).toMatchObject({ closed: 1, delivered: 1, rto: 0, ndr: 0, medianDays: 0 });

    const returned = await shippedOrder('411001', true);
    await postStatusPush(stack, { ...returned, status: '26' });
    await postNdrPush(stack, [{ ...returned, type: 'REATTEMPT-CUST-REFUSED', date_added: '2026-12-06 10:00:00' }]);
    for (const status of ['27', '23', '23']) await postStatusPush(stack, { ...returned, status });
    expect(await memory('411001')).toMatchObject({ closed: 2, delivered: 1, rto: 1, ndr: 1, rtoRate: 0.5 });
  });

  it('leaves a parcel still on its way out of the memory', async () => {
    const moving = await shippedOrder('411002');
    for (const status of ['3', '22', '26']) await postStatusPush(stack, { ...moving, status });
    expect(await memory('411002')).toMatchObject({ closed: 0 });
  });
});
