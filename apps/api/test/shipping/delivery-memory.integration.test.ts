import { insertOrder, insertShipment } from '@app/db/testing';
import { readPincodeMemory } from '@app/db';
import { istDay, summariseMemoryRows } from '@app/shipping';
import { trackingToken } from '../../src/platform/security/tokens';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { postNdrPush, postStatusPush } from '../support/helpers';
import {
  catchUpMemory,
  chooseCourierByMemory,
  codRisks,
  DEFAULT_MEMORY_POLICY,
} from '../../src/shipping/shipments/delivery-memory.service';

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

  it('flags risky COD places and picks the courier that delivers there, from what the pushes taught it', async () => {
    // 452001 (Indore): Delhivery (12) brings 4 of 5 COD parcels home, Xpressbees (27) all 6.
    for (const [courier, outcomes] of [
      ['12', ['21', '21', '21', '21', '23']],
      ['27', ['21', '21', '21', '21', '21', '21']],
    ] as const) {
      for (const last of outcomes) {
        const ids = await shippedOrder('452001', true);
        await stack.database.db
          .updateTable('shipments')
          .set({ courier_id: courier })
          .where('provider_shipment_id', '=', ids.shipment_id)
          .execute();
        if (last === '23') await postStatusPush(stack, { ...ids, status: '27' });
        await postStatusPush(stack, { ...ids, status: last });
      }
    }
    const deps = stack.runtime.deps;
    const risks = await codRisks(deps, [
      { id: 'a', pincode: '452001', paymentMethod: 'cod' },
      { id: 'b', pincode: '452001', paymentMethod: 'prepaid' },
      { id: 'c', pincode: '411002', paymentMethod: 'cod' },
    ]);
    // 1 of 11 came back: under the default 25%; with a 5% limit it is risky.
    expect(risks.get('a')).toMatchObject({ risky: false, closed: 11, scope: 'pincode' });
    expect(risks.has('b')).toBe(false);
    expect(risks.get('c')).toMatchObject({ risky: false, rtoRate: null });
    const strict = await codRisks(deps, [{ id: 'a', pincode: '452001', paymentMethod: 'cod' }], {
      ...DEFAULT_MEMORY_POLICY,
      rtoRiskPercent: 5,
    });
    expect(strict.get('a')?.reason).toBe("9% of 11 COD parcels to this pincode came back (the store's limit is 5%)");

    const estimates = [
      {
        courierId: '12',
        courierName: 'Delhivery Surface',
        courierGroup: '',
        totalPaise: 6_000,
        freightPaise: 6_000,
        codPaise: 0,
        rtoPaise: null,
      },
      {
        courierId: '27',
        courierName: 'Xpressbees',
        courierGroup: '',
        totalPaise: 6_900,
        freightPaise: 6_900,
        codPaise: 0,
        rtoPaise: null,
      },
    ];
    const choice = await chooseCourierByMemory(deps, '452001', estimates);
    expect(choice?.estimate.courierId).toBe('27');
    expect(choice?.reason).toMatch(/^Best delivery rate within Rs 20 of the cheapest: 100% of 6 parcels delivered/);
    // A neighbour pincode in the same district (452) is judged by the district's parcels.
    expect((await chooseCourierByMemory(deps, '452010', estimates))?.estimate.courierId).toBe('27');
  });

  it('fixes the day promised at booking: the tracking page says it while the parcel travels, not after', async () => {
    const order = await insertOrder(stack.database.db, {
      status: 'processing',
      ship_pincode: '411001',
      ship_city: 'Pune',
      ship_state: 'Maharashtra',
    });
    const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
    const row = await stack.database.db
      .selectFrom('shipments')
      .select(['promised_by', 'booked_at'])
      .where('id', '=', shipment.id)
      .executeTakeFirstOrThrow();
    expect(row.promised_by).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The same rule as the promise API: from the pickup day, at most the zone's nine days later.
    const booked = istDay(row.booked_at ?? new Date());
    expect(row.promised_by! > booked).toBe(true);
    expect(Date.parse(row.promised_by!) - Date.parse(booked)).toBeLessThanOrEqual(12 * 86_400_000);
    const token = trackingToken(stack.runtime.deps.secrets.appSecret, order.order_number);
    const view = await stack.anonymousCaller.tracking.get({ orderId: order.order_number, token });
    expect(view.state === 'ok' && view.shipment?.arrivingBy).toBe(row.promised_by);
    // The shipped email says the same day, written as the page writes it.
    const day = new Intl.DateTimeFormat('en-IN', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    }).format(new Date(`${row.promised_by}T00:00:00Z`));
    const shipped = await stack.database.db
      .selectFrom('messages')
      .select('body')
      .where('order_id', '=', order.id)
      .where('template', '=', 'shipped')
      .where('channel', '=', 'email')
      .executeTakeFirstOrThrow();
    expect(shipped.body).toContain(`Arriving by ${day}.`);
    const ids = {
      shipment_id: String(shipment.providerShipmentId),
      awb: String(shipment.awb),
      client_order_id: shipment.clientRef,
    };
    await postStatusPush(stack, { ...ids, status: '21' });
    const after = await stack.anonymousCaller.tracking.get({ orderId: order.order_number, token });
    expect(after.state === 'ok' && after.shipment?.arrivingBy).toBeNull();
  });

  it('leaves a parcel still on its way out of the memory', async () => {
    const moving = await shippedOrder('411002');
    for (const status of ['3', '22', '26']) await postStatusPush(stack, { ...moving, status });
    expect(await memory('411002')).toMatchObject({ closed: 0 });
  });

  it('catches up with parcels closed before it counted them, beside serving, and stops when asked', async () => {
    const order = await insertOrder(stack.database.db, {
      status: 'delivered',
      ship_pincode: '380001',
      ship_city: 'Ahmedabad',
      ship_state: 'Gujarat',
    });
    // Closed by a path that did not count it (an import, an older version): remembered_at is null.
    await insertShipment(stack.database.db, { order_id: order.id, status: 'delivered' });
    expect(await catchUpMemory(stack.runtime.deps, { shouldStop: () => true })).toBe(0);
    expect((await memory('380001')).closed).toBe(0);
    // A second instance on the same database counts it at start, once; the first finds nothing left.
    const second = await startTestStack({ kind, database: stack.database, startWorkers: false });
    try {
      expect(await second.runtime.memoryCatchUp).toBe(1);
      expect(await memory('380001')).toMatchObject({ closed: 1, delivered: 1 });
      expect(await catchUpMemory(stack.runtime.deps)).toBe(0);
    } finally {
      await second.close();
    }
  });
});
