import { ALL_COURIERS, summariseMemory, addMemory, EMPTY_MEMORY } from '@app/shipping';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  insertOrder,
  insertOrderNote,
  insertShipment,
  testDatabaseKinds,
  type TestDatabase,
} from '../testing/index';
import {
  catchUpDeliveryMemory,
  readPincodeMemory,
  rememberClosedShipments,
  type MemoryRow,
} from './delivery-memory.repository';
import type { DbExecutor } from './db-executor';

const NOW = new Date('2026-12-06T06:00:00Z');

/** A forward shipment booked at `bookedAt` that closed `status` at `closedAt`. */
async function closedShipment(
  db: DbExecutor,
  place: { pincode: string; state: string },
  status: 'delivered' | 'rto_delivered' | 'lost' | 'in_transit',
  options: { bookedAt: string; closedAt: string; courierId?: string; cod?: boolean; ndr?: boolean },
) {
  const order = await insertOrder(db, {
    ship_pincode: place.pincode,
    ship_state: place.state,
    payment_method: options.cod ? 'cod' : 'prepaid',
  });
  const shipment = await insertShipment(db, {
    order_id: order.id,
    status,
    courier_id: options.courierId ?? '12',
    courier_name: options.courierId === '7' ? 'Xpressbees Surface' : 'Delhivery Surface',
    booked_at: new Date(options.bookedAt),
    last_event_at: new Date(options.closedAt),
  });
  if (options.ndr) await insertOrderNote(db, { order_id: order.id, kind: 'ndr', body: 'NDR: customer not available' });
  return shipment;
}

const pick = (rows: MemoryRow[], scope: string, courier = ALL_COURIERS) =>
  rows.filter((r) => r.scope === scope && r.courier === courier).reduce((sum, r) => addMemory(sum, r), EMPTY_MEMORY);

describe.each(testDatabaseKinds())('the delivery memory on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it('counts each closed parcel once, at its pincode, district and state, with IST transit days', async () => {
    const db = database.db;
    const place = { pincode: '500072', state: 'Telangana' };
    // Booked 23:00 IST on the 1st (17:30 UTC), delivered 09:00 IST on the 3rd: two IST days.
    const a = await closedShipment(db, place, 'delivered', {
      bookedAt: '2026-11-01T17:30:00Z',
      closedAt: '2026-11-03T03:30:00Z',
    });
    const b = await closedShipment(db, place, 'delivered', {
      bookedAt: '2026-11-01T05:00:00Z',
      closedAt: '2026-11-05T05:00:00Z',
      courierId: '7',
      cod: true,
      ndr: true,
    });
    const c = await closedShipment(db, { pincode: '500081', state: 'Telangana' }, 'rto_delivered', {
      bookedAt: '2026-11-01T05:00:00Z',
      closedAt: '2026-11-09T05:00:00Z',
      cod: true,
      ndr: true,
    });
    const open = await closedShipment(db, place, 'in_transit', {
      bookedAt: '2026-11-01T05:00:00Z',
      closedAt: '2026-11-02T05:00:00Z',
    });

    expect(await rememberClosedShipments(db, { now: NOW, shipmentIds: [a.id, b.id, c.id, open.id] })).toBe(3);
    // Again, and through the catch-up pass: nothing is counted twice.
    expect(await rememberClosedShipments(db, { now: NOW, shipmentIds: [a.id, b.id, c.id] })).toBe(0);
    expect(await catchUpDeliveryMemory(db, NOW)).toBe(0);

    const rows = await readPincodeMemory(db, '500072');
    const pincode = summariseMemory(pick(rows, 'pincode'));
    expect(pincode).toMatchObject({ closed: 2, delivered: 2, rto: 0, ndr: 1, medianDays: 2, p90Days: 4 });
    expect(pick(rows, 'pincode', '7')).toMatchObject({ closed: 1, delivered: 1, ndr: 1 });
    expect(rows.find((r) => r.courier === '7')?.courierName).toBe('Xpressbees Surface');
    // The district (500) and the state hold the RTO to 500081 as well.
    const district = summariseMemory(pick(rows, 'district'));
    expect(district).toMatchObject({ closed: 3, delivered: 2, rto: 1, ndr: 2 });
    expect(district.rtoRate).toBeCloseTo(1 / 3, 10);
    expect(summariseMemory(pick(rows, 'state'))).toMatchObject({ closed: 3, rto: 1 });
    // By payment mode: the COD rows carry the NDRs and the RTO.
    const cod = rows.filter((r) => r.scope === 'district' && r.payment === 'cod');
    expect(cod.reduce((sum, r) => sum + r.rto, 0)).toBe(1);
  });

  it('knows a state from its district when the caller does not, and nothing for a pincode it never saw', async () => {
    const db = database.db;
    await closedShipment(db, { pincode: '400001', state: 'Maharashtra' }, 'delivered', {
      bookedAt: '2026-11-01T05:00:00Z',
      closedAt: '2026-11-04T05:00:00Z',
    });
    await catchUpDeliveryMemory(db, NOW);
    // 400002 was never shipped to: its district (400) and state are still known.
    const rows = await readPincodeMemory(db, '400002');
    expect(pick(rows, 'pincode').closed).toBe(0);
    expect(pick(rows, 'district').closed).toBe(1);
    expect(pick(rows, 'state').closed).toBeGreaterThanOrEqual(1);
    expect(await readPincodeMemory(db, '99999')).toEqual([]);
    expect(await readPincodeMemory(db, '080001')).toEqual([]);
  });

  it('catches up in batches, each parcel once', async () => {
    const db = database.db;
    for (let i = 0; i < 7; i++) {
      await closedShipment(db, { pincode: '110001', state: 'Delhi' }, 'delivered', {
        bookedAt: '2026-11-01T05:00:00Z',
        closedAt: `2026-11-0${2 + (i % 3)}T05:00:00Z`,
      });
    }
    expect(await catchUpDeliveryMemory(db, NOW, 3)).toBe(7);
    expect(await catchUpDeliveryMemory(db, NOW, 3)).toBe(0);
    const delhi = summariseMemory(pick(await readPincodeMemory(db, '110001'), 'pincode'));
    expect(delhi).toMatchObject({ closed: 7, delivered: 7, medianDays: 2, p90Days: 3 });
  });
});
