import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  insertOrder,
  insertOrderNote,
  insertShipment,
  testDatabaseKinds,
  type TestDatabase,
} from '../testing/index';
import { catchUpDeliveryMemory } from './delivery-memory.repository';
import type { DbExecutor } from './db-executor';
import { listOrders } from './order-list.repository';
import {
  countClosedByWeek,
  memoryByCourier,
  memoryByPayment,
  memoryByState,
  rtoFreight,
  worstPincodes,
} from './insights.repository';

const NOW = new Date('2026-12-06T06:00:00Z');

interface Parcel {
  pincode: string;
  state: string;
  status: 'delivered' | 'rto_delivered' | 'lost' | 'in_transit';
  bookedAt: string;
  closedAt: string;
  courierId?: '12' | '7';
  cod?: boolean;
  ndr?: boolean;
  billed?: number | null;
  quoted?: number | null;
  returnLeg?: { billed: number | null; quoted: number | null };
}

async function parcel(db: DbExecutor, p: Parcel) {
  const order = await insertOrder(db, {
    ship_pincode: p.pincode,
    ship_state: p.state,
    payment_method: p.cod ? 'cod' : 'prepaid',
  });
  await insertShipment(db, {
    order_id: order.id,
    status: p.status,
    courier_id: p.courierId ?? '12',
    courier_name: p.courierId === '7' ? 'Xpressbees Surface' : 'Delhivery Surface',
    booked_at: new Date(p.bookedAt),
    last_event_at: new Date(p.closedAt),
    billed_paise: p.billed ?? null,
    quoted_cost_paise: p.quoted === undefined ? 5000 : p.quoted,
  });
  if (p.returnLeg) {
    await insertShipment(db, {
      order_id: order.id,
      direction: 'return',
      status: 'delivered',
      billed_paise: p.returnLeg.billed,
      quoted_cost_paise: p.returnLeg.quoted,
    });
  }
  if (p.ndr) await insertOrderNote(db, { order_id: order.id, kind: 'ndr', body: 'NDR: customer not available' });
}

const HYD = { pincode: '500072', state: 'Telangana' };
const PUNE = { pincode: '411001', state: 'Maharashtra' };

describe.each(testDatabaseKinds())('the insights figures on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const db = database.db;
    // Week of Mon 2026-11-23 (IST). 06:00 UTC on Sunday the 29th is 11:30 IST, still that week;
    // 19:00 UTC on Sunday the 29th is 00:30 IST on Monday the 30th: the next week.
    await parcel(db, {
      ...HYD,
      status: 'delivered',
      bookedAt: '2026-11-20T05:00:00Z',
      closedAt: '2026-11-23T05:00:00Z',
    });
    await parcel(db, {
      ...HYD,
      status: 'rto_delivered',
      cod: true,
      ndr: true,
      bookedAt: '2026-11-20T05:00:00Z',
      closedAt: '2026-11-29T06:00:00Z',
      billed: 7000,
    });
    await parcel(db, {
      ...HYD,
      status: 'rto_delivered',
      cod: true,
      courierId: '7',
      bookedAt: '2026-11-20T05:00:00Z',
      closedAt: '2026-11-29T19:00:00Z',
      quoted: 6000,
      returnLeg: { billed: null, quoted: 4000 },
    });
    for (let i = 0; i < 3; i++) {
      await parcel(db, {
        ...HYD,
        status: 'delivered',
        courierId: i === 0 ? '7' : '12',
        cod: i === 0,
        bookedAt: '2026-11-25T05:00:00Z',
        closedAt: `2026-12-0${i + 1}T05:00:00Z`,
      });
    }
    await parcel(db, {
      ...PUNE,
      status: 'lost',
      ndr: true,
      bookedAt: '2026-11-25T05:00:00Z',
      closedAt: '2026-12-02T05:00:00Z',
    });
    await parcel(db, {
      ...PUNE,
      status: 'rto_delivered',
      quoted: null,
      bookedAt: '2026-11-25T05:00:00Z',
      closedAt: '2026-12-03T05:00:00Z',
    });
    // Open: counted nowhere.
    await parcel(db, {
      ...PUNE,
      status: 'in_transit',
      bookedAt: '2026-11-25T05:00:00Z',
      closedAt: '2026-12-03T05:00:00Z',
    });
    await catchUpDeliveryMemory(db, NOW);
  });
  afterAll(async () => {
    await database.close();
  });

  it('counts closed shipments by IST week, with NDRs from the order notes', async () => {
    expect(await countClosedByWeek(database.db, '2026-11-01')).toEqual([
      { week: '2026-11-23', closed: 2, delivered: 1, rto: 1, lost: 0, ndr: 1 },
      { week: '2026-11-30', closed: 6, delivered: 3, rto: 2, lost: 1, ndr: 1 },
    ]);
    expect(await countClosedByWeek(database.db, '2026-11-30')).toHaveLength(1);
  });

  it('sums the memory by state, payment mode and courier', async () => {
    const db = database.db;
    expect(await memoryByState(db)).toEqual([
      { state: 'Telangana', closed: 6, delivered: 4, rto: 2, lost: 0, ndr: 1 },
      { state: 'Maharashtra', closed: 2, delivered: 0, rto: 1, lost: 1, ndr: 1 },
    ]);
    expect(await memoryByPayment(db)).toEqual([
      { payment: 'cod', closed: 3, delivered: 1, rto: 2, lost: 0, ndr: 1 },
      { payment: 'prepaid', closed: 5, delivered: 3, rto: 1, lost: 1, ndr: 1 },
    ]);
    const couriers = await memoryByCourier(db);
    expect(couriers.map(({ transitDays: _days, ...rest }) => rest)).toEqual([
      { courier: '12', courierName: 'Delhivery Surface', closed: 6, delivered: 3, rto: 2, lost: 1, ndr: 2 },
      { courier: '7', courierName: 'Xpressbees Surface', closed: 2, delivered: 1, rto: 1, lost: 0, ndr: 0 },
    ]);
    // Delhivery delivered in 3 (20th -> 23rd), 7 and 8 days; Xpressbees in 6.
    const days = (id: string) =>
      (couriers.find((c) => c.courier === id)?.transitDays ?? []).flatMap((n, d) => (n > 0 ? [[d, n]] : []));
    expect(days('12')).toEqual([
      [3, 1],
      [7, 1],
      [8, 1],
    ]);
    expect(days('7')).toEqual([[6, 1]]);
    expect(couriers[0]?.transitDays).toHaveLength(31);
  });

  it('ranks pincodes with enough history by RTO rate', async () => {
    expect(await worstPincodes(database.db, { minClosed: 5, limit: 10 })).toEqual([
      { pincode: '500072', state: 'Telangana', closed: 6, delivered: 4, rto: 2, lost: 0, ndr: 1 },
    ]);
    expect(await worstPincodes(database.db, { minClosed: 1, limit: 1 })).toEqual([
      { pincode: '411001', state: 'Maharashtra', closed: 2, delivered: 0, rto: 1, lost: 1, ndr: 1 },
    ]);
  });

  it('prices each RTO both ways: billed else quoted, the return leg estimated when nothing bills it', async () => {
    expect(await rtoFreight(database.db)).toEqual({
      rtoShipments: 3,
      // 7000 billed + 6000 quoted + nothing for the unpriced one.
      forwardPaise: 13_000,
      billedReturnPaise: 4000,
      billedReturnShipments: 1,
      estimatedReturnPaise: 7000,
      estimatedReturnShipments: 2,
      unpricedShipments: 1,
    });
  });

  it('lists the orders behind each figure (the page links to them)', async () => {
    const db = database.db;
    const count = async (closed: Parameters<typeof listOrders>[1]['closed']) =>
      (await listOrders(db, { limit: 100, closed })).items.length;
    expect(await count({ outcome: 'closed' })).toBe(8);
    expect(await count({ outcome: 'rto', pincode: '500072' })).toBe(2);
    expect(await count({ outcome: 'rto', pincode: '500072', courier: '7' })).toBe(1);
    expect(await count({ outcome: 'ndr', state: 'maharashtra' })).toBe(1);
    expect(await count({ outcome: 'rto', payment: 'cod' })).toBe(2);
    expect(await count({ outcome: 'delivered', courier: '12' })).toBe(3);
    expect(await count({ outcome: 'closed', week: '2026-11-23' })).toBe(2);
    expect(await count({ outcome: 'rto', week: '2026-11-30' })).toBe(2);
    expect(await count({ outcome: 'lost', week: '2026-11-23' })).toBe(0);
  });
});
