import { describe, expect, it } from 'vitest';
import { endOfIstDay, istDay, istHour } from './ist';

describe('days and hours in India', () => {
  it('a UTC evening is already the next day in India, from 18:30 UTC', () => {
    expect(istDay(new Date('2026-12-05T18:29:59Z'))).toBe('2026-12-05');
    expect(istDay(new Date('2026-12-05T18:30:00Z'))).toBe('2026-12-06');
    expect(istDay(new Date('2026-12-31T20:00:00Z'), 1)).toBe('2027-01-02');
  });

  it('an IST day ends at the next IST midnight, 18:30 UTC', () => {
    expect(endOfIstDay('2026-12-06').toISOString()).toBe('2026-12-06T18:30:00.000Z');
    expect(istDay(new Date(endOfIstDay('2026-12-06').getTime() - 1))).toBe('2026-12-06');
  });

  it('reads the hour on an Indian clock', () => {
    expect(istHour(new Date('2026-12-06T03:30:00Z'))).toBe(9);
    expect(istHour(new Date('2026-12-06T18:29:00Z'))).toBe(23);
  });
});
