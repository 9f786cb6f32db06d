import { insertOrder } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { postNdrPush, postStatusPush } from '../support/helpers';

/** insights.overview: the Insights page's figures from parcels closed by iCarry's pushes (issue 25). */
describe.each(testDatabaseKinds())('insights.overview on %s', (kind) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ kind, startWorkers: false });
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function shippedOrder(pincode: string, cod: boolean) {
    const order = await insertOrder(stack.database.db, {
      status: 'processing',
      ship_pincode: pincode,
      ship_city: 'Pune',
      ship_state: 'Maharashtra',
      payment_method: cod ? 'cod' : 'prepaid',
    });
    const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
    return {
      push: {
        shipment_id: String(shipment.providerShipmentId),
        awb: String(shipment.awb),
        client_order_id: shipment.clientRef,
      },
      orderId: order.id,
    };
  }

  it('is refused to a signed-out caller', async () => {
    await expect(stack.anonymousCaller.insights.overview()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('answers rates, percentages and RTO freight computed on the server', async () => {
    const empty = await stack.adminCaller.insights.overview();
    expect(empty.weeks).toHaveLength(26);
    expect(empty.totals).toMatchObject({ closed: 0, rtoPercent: null });
    expect(empty.rtoMoney).toMatchObject({ rtoShipments: 0, totalPaise: 0, returnLegEstimated: false });

    const delivered = await shippedOrder('411001', false);
    for (const status of ['3', '22', '26', '21']) await postStatusPush(stack, { ...delivered.push, status });
    const returned = await shippedOrder('411001', true);
    await postStatusPush(stack, { ...returned.push, status: '26' });
    await postNdrPush(stack, [{ ...returned.push, type: 'REATTEMPT-CUST-REFUSED', date_added: '2026-12-06 10:00:00' }]);
    for (const status of ['27', '23']) await postStatusPush(stack, { ...returned.push, status });
    const moving = await shippedOrder('411002', true);
    await postStatusPush(stack, { ...moving.push, status: '22' });

    const forward = await stack.database.db
      .selectFrom('shipments')
      .select(['quoted_cost_paise', 'billed_paise'])
      .where('order_id', '=', returned.orderId)
      .where('direction', '=', 'forward')
      .executeTakeFirstOrThrow();
    const freight = forward.billed_paise ?? forward.quoted_cost_paise ?? 0;
    expect(freight).toBeGreaterThan(0);

    const answer = await stack.adminCaller.insights.overview();
    expect(answer.totals).toMatchObject({ closed: 2, delivered: 1, rto: 1, ndr: 1, rtoPercent: 50, ndrPercent: 50 });
    // Both closed this IST week: the last of the 26.
    expect(answer.weeks.at(-1)).toMatchObject({ closed: 2, rto: 1, ndr: 1, rtoPercent: 50, ndrPercent: 50 });
    expect(answer.weeks.slice(0, -1).every((week) => week.closed === 0 && week.rtoPercent === null)).toBe(true);
    expect(answer.states).toEqual([
      expect.objectContaining({ state: 'Maharashtra', closed: 2, rto: 1, rtoPercent: 50 }),
    ]);
    expect(answer.payments).toEqual([
      expect.objectContaining({ payment: 'cod', closed: 1, rto: 1, rtoPercent: 100, ndrPercent: 100 }),
      expect.objectContaining({ payment: 'prepaid', closed: 1, delivered: 1, deliveredPercent: 100, rtoPercent: 0 }),
    ]);
    expect(answer.couriers).toHaveLength(1);
    expect(answer.couriers[0]).toMatchObject({ closed: 2, delivered: 1, rto: 1, medianDays: 0, p90Days: 0 });
    // One pincode, but fewer than five closed: not ranked.
    expect(answer.worstPincodes).toEqual([]);
    // No bill for the return leg: counted equal to the forward freight, and flagged.
    expect(answer.rtoMoney).toEqual({
      rtoShipments: 1,
      forwardPaise: freight,
      returnPaise: freight,
      totalPaise: 2 * freight,
      returnLegEstimated: true,
      estimatedReturnShipments: 1,
      estimatedReturnPaise: freight,
      unpricedShipments: 0,
    });
  });
});
