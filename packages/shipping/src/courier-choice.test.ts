import { describe, expect, it } from 'vitest';
import { EMPTY_MEMORY, type MemoryCounts } from './delivery-memory';
import {
  cheapestReason,
  chooseBestCourier,
  codRisk,
  namedCourierReason,
  nextCourierReason,
  spoilageCheck,
} from './courier-choice';
import type { Estimate } from './icarry/icarry.types';

const estimate = (courierId: string, courierName: string, totalPaise: number): Estimate => ({
  courierId,
  courierName,
  courierGroup: '',
  totalPaise,
  freightPaise: totalPaise,
  codPaise: 0,
  rtoPaise: null,
});
const closed = (delivered: number, rto: number): MemoryCounts => ({
  ...EMPTY_MEMORY,
  closed: delivered + rto,
  delivered,
  rto,
});

const ESTIMATES = [
  estimate('41', 'DTDC Surface', 6_200),
  estimate('12', 'Delhivery Surface', 7_100),
  estimate('27', 'Xpressbees', 9_900),
];

describe('the best courier within an allowance', () => {
  it('pays a little more for a courier that delivers more often here, and says why', () => {
    const history = new Map([
      ['41', closed(14, 6)],
      ['12', closed(19, 1)],
      ['27', closed(20, 0)],
    ]);
    const choice = chooseBestCourier(ESTIMATES, history, { withinPaise: 1_000 });
    expect(choice?.estimate.courierId).toBe('12');
    expect(choice?.deliveredRate).toBe(0.95);
    expect(choice?.reason).toBe(
      'Best delivery rate within Rs 10 of the cheapest: 95% of 20 parcels delivered, Rs 9 more than DTDC Surface (70%)',
    );
    // Xpressbees delivers everything but costs Rs 37 more: outside Rs 10, inside 60%.
    expect(chooseBestCourier(ESTIMATES, history, { withinPercent: 60 })?.estimate.courierId).toBe('27');
  });

  it('stays with the cheapest without enough history, and says that too', () => {
    const choice = chooseBestCourier(ESTIMATES, new Map([['12', closed(3, 0)]]), { withinPaise: 1_000 });
    expect(choice?.estimate.courierId).toBe('41');
    expect(choice?.reason).toMatch(/^Cheapest \(Rs 62\): no courier within Rs 10 of it has 5 parcels/);
    expect(chooseBestCourier([], new Map())).toBeNull();
  });
});

describe('risky COD places and perishable parcels', () => {
  it("flags a place whose COD parcels come back more often than the store's limit", () => {
    expect(codRisk([{ scope: 'pincode', counts: closed(6, 4) }], 0.25)).toMatchObject({
      risky: true,
      rtoRate: 0.4,
      scope: 'pincode',
    });
    expect(codRisk([{ scope: 'pincode', counts: closed(6, 4) }], 0.25).reason).toBe(
      "40% of 10 COD parcels to this pincode came back (the store's limit is 25%)",
    );
    // Too few at the pincode: the district decides.
    expect(
      codRisk(
        [
          { scope: 'pincode', counts: closed(1, 1) },
          { scope: 'district', counts: closed(18, 2) },
        ],
        0.25,
      ),
    ).toMatchObject({
      risky: false,
      scope: 'district',
    });
    expect(codRisk([], 0.25)).toEqual({ risky: false, rtoRate: null, closed: 0, scope: null, reason: null });
  });

  it('warns when the slow tenth of parcels would outlive the shortest shelf life', () => {
    expect(spoilageCheck(4, 6)).toMatchObject({ spoils: true });
    expect(spoilageCheck(4, 4).spoils).toBe(false);
    expect(spoilageCheck(null, 9).spoils).toBe(false);
  });
});

describe('why a courier was booked, in the words Order Details keeps', () => {
  it('names the cheapest, a courier someone chose, and the next one after a refusal', () => {
    expect(cheapestReason(ESTIMATES)).toBe('Cheapest of 3 couriers offered (Rs 62)');
    expect(cheapestReason([estimate('12', 'Delhivery Surface', 7_150)])).toBe('The only courier offered (Rs 71.5)');
    const [dtdc, delhivery, xpressbees] = ESTIMATES as [Estimate, Estimate, Estimate];
    expect(namedCourierReason(dtdc, ESTIMATES, null, 'admin')).toBe(
      'Chosen by the admin: cheapest of 3 couriers offered (Rs 62)',
    );
    expect(namedCourierReason(xpressbees, ESTIMATES, null, 'preferred')).toBe(
      "The batch's preferred courier: Rs 99, Rs 37 more than the cheapest (DTDC Surface)",
    );
    const best = chooseBestCourier(
      ESTIMATES,
      new Map([
        ['41', closed(5, 5)],
        ['12', closed(9, 1)],
      ]),
      { withinPaise: 1_000 },
    );
    expect(best?.estimate.courierId).toBe('12');
    expect(namedCourierReason(delhivery, ESTIMATES, best, 'admin')).toMatch(
      /^Chosen by the admin, and the best here: Best delivery rate within Rs 10 of the cheapest: 90% of 10/,
    );
    expect(nextCourierReason(dtdc, delhivery)).toBe(
      'DTDC Surface refused the pincode when booked; Delhivery Surface was next (Rs 71)',
    );
  });
});
