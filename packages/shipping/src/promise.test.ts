import { describe, expect, it } from 'vitest';
import { EMPTY_MEMORY, TRANSIT_BUCKETS, type MemoryCounts } from './delivery-memory';
import { DEFAULT_PROMISE_SCHEDULE, deliveryDay, makePromise, pickupDay, zoneDays } from './promise';

const schedule = { cutoffHour: 13, holidays: ['2026-12-25'] };
/** 2026-12-07 is a Monday. */
const ist = (day: string, time: string) => new Date(`${day}T${time}:00+05:30`);

function delivered(days: number[]): MemoryCounts {
  const transitDays = Array.from({ length: TRANSIT_BUCKETS }, () => 0);
  for (const d of days) transitDays[d]! += 1;
  return { ...EMPTY_MEMORY, closed: days.length, delivered: days.length, transitDays };
}

describe('the delivery promise', () => {
  it('ships today before the cut-off, the next working day after it, never on a Sunday or a holiday', () => {
    expect(pickupDay(ist('2026-12-07', '12:59'), schedule)).toBe('2026-12-07');
    expect(pickupDay(ist('2026-12-07', '13:00'), schedule)).toBe('2026-12-08');
    // Saturday afternoon -> Monday; Christmas Eve afternoon -> the 26th.
    expect(pickupDay(ist('2026-12-12', '15:00'), schedule)).toBe('2026-12-14');
    expect(pickupDay(ist('2026-12-24', '14:00'), schedule)).toBe('2026-12-26');
    // Sunday morning is not a working day either.
    expect(pickupDay(ist('2026-12-13', '09:00'), DEFAULT_PROMISE_SCHEDULE)).toBe('2026-12-14');
  });

  it('moves a delivery that lands on a Sunday or holiday to the next working day', () => {
    expect(deliveryDay('2026-12-10', 3, schedule)).toBe('2026-12-14');
    expect(deliveryDay('2026-12-22', 3, schedule)).toBe('2026-12-26');
    expect(deliveryDay('2026-12-07', 2, schedule)).toBe('2026-12-09');
  });

  it("promises from the store's own deliveries at the narrowest place with enough of them", () => {
    const promise = makePromise({
      pincode: '500072',
      now: ist('2026-12-07', '10:00'),
      schedule,
      courier: { serviceable: true, cod: true },
      history: [
        { scope: 'pincode', counts: delivered([1, 2]) },
        { scope: 'district', counts: delivered([1, 2, 2, 2, 2, 3, 3, 3, 4, 5]) },
        { scope: 'state', counts: delivered(Array.from({ length: 40 }, () => 6)) },
      ],
      originPincode: '500001',
      wantsCod: false,
    });
    expect(promise).toEqual({
      pincode: '500072',
      serviceable: true,
      cod: true,
      deliverBy: '2026-12-11',
      days: { min: 2, max: 4 },
      basis: 'history',
      historyScope: 'district',
    });
  });

  it("falls back to the courier network's zone days, and says so", () => {
    const promise = makePromise({
      pincode: '110001',
      now: ist('2026-12-07', '10:00'),
      schedule,
      courier: { serviceable: true, cod: false },
      history: [{ scope: 'state', counts: delivered([2, 3]) }],
      originPincode: '500001',
      wantsCod: false,
    });
    expect(promise).toMatchObject({ basis: 'courier', days: { min: 3, max: 4 }, deliverBy: '2026-12-11', cod: false });
    expect(zoneDays('500001', '500072')).toEqual({ min: 1, max: 2 });
    expect(zoneDays('500001', '508001')).toEqual({ min: 2, max: 3 });
    expect(zoneDays('500001', '302001')).toEqual({ min: 4, max: 6 });
    expect(zoneDays('500001', '781001')).toEqual({ min: 6, max: 9 });
  });

  it('promises nothing where the courier does not go, or where COD is asked and not offered', () => {
    const base = {
      pincode: '560099',
      now: ist('2026-12-07', '10:00'),
      schedule,
      history: [],
      originPincode: '500001',
    };
    expect(makePromise({ ...base, courier: { serviceable: false, cod: false }, wantsCod: false })).toEqual({
      pincode: '560099',
      serviceable: false,
      cod: false,
      deliverBy: null,
      days: null,
      basis: 'none',
    });
    expect(makePromise({ ...base, courier: { serviceable: true, cod: false }, wantsCod: true })).toMatchObject({
      serviceable: true,
      cod: false,
      deliverBy: null,
      basis: 'none',
    });
    // iCarry unreachable and no history: nothing is promised.
    expect(makePromise({ ...base, courier: null, wantsCod: false })).toMatchObject({
      serviceable: false,
      basis: 'none',
    });
  });
});
