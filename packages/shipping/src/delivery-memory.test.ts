import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addMemory,
  EMPTY_MEMORY,
  summariseMemory,
  TRANSIT_BUCKETS,
  transitBucket,
  transitPercentile,
} from './delivery-memory';

const histogram = (days: number[]) => {
  const buckets = Array.from({ length: TRANSIT_BUCKETS }, () => 0);
  for (const d of days) buckets[transitBucket(d)]! += 1;
  return buckets;
};

describe('the delivery memory figures', () => {
  it('reads the median and 90th percentile by nearest rank', () => {
    expect(transitPercentile(histogram([2, 2, 3, 4, 9]), 0.5)).toBe(3);
    expect(transitPercentile(histogram([2, 2, 3, 4, 9]), 0.9)).toBe(9);
    expect(transitPercentile(histogram([1]), 0.9)).toBe(1);
    expect(transitPercentile(histogram([]), 0.5)).toBeNull();
  });

  it('matches sorting the days, for any list of days', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 29 }), { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (days, share) => {
          const sorted = [...days].sort((a, b) => a - b);
          const expected = sorted[Math.max(1, Math.ceil(share * sorted.length)) - 1];
          expect(transitPercentile(histogram(days), share)).toBe(expected);
        },
      ),
    );
  });

  it('puts 30 days and more in the last bucket, and nonsense in the first', () => {
    expect(transitBucket(45)).toBe(TRANSIT_BUCKETS - 1);
    expect(transitBucket(-2)).toBe(0);
    expect(transitBucket(Number.NaN)).toBe(0);
  });

  it('gives rates over closed parcels, and none when nothing closed', () => {
    const counts = addMemory(EMPTY_MEMORY, {
      closed: 4,
      delivered: 3,
      rto: 1,
      lost: 0,
      ndr: 2,
      transitDays: histogram([1, 2, 2]),
    });
    expect(summariseMemory(counts)).toEqual({
      closed: 4,
      delivered: 3,
      rto: 1,
      ndr: 2,
      deliveredRate: 0.75,
      rtoRate: 0.25,
      ndrRate: 0.5,
      medianDays: 2,
      p90Days: 2,
    });
    expect(summariseMemory(EMPTY_MEMORY)).toMatchObject({ deliveredRate: null, rtoRate: null, medianDays: null });
  });
});
