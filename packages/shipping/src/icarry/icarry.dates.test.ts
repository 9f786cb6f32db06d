import { describe, expect, it } from 'vitest';
import { formatICarryDateTime, formatICarryDay, parseICarryDate, parseICarryDay } from './icarry.dates';

describe('parseICarryDate (IST)', () => {
  it.each([
    ['23/01/2025', '2025-01-22T18:30:00.000Z'],
    ['23-01-2025', '2025-01-22T18:30:00.000Z'],
    ['2025-01-23 14:05:00', '2025-01-23T08:35:00.000Z'],
    ['23/01/2025 02:05 PM', '2025-01-23T08:35:00.000Z'],
    ['23 Jan 2025 14:05', '2025-01-23T08:35:00.000Z'],
    ['2025-01-23T14:05:00+05:30', '2025-01-23T08:35:00.000Z'],
  ])('%s -> %s', (text, iso) => {
    expect(parseICarryDate(text)?.toISOString()).toBe(iso);
  });

  it.each(['', '0000-00-00 00:00:00', '00/00/0000', '31/02/2025', 'yesterday', null, undefined, 0])(
    '%s -> null',
    (text) => {
      expect(parseICarryDate(text)).toBeNull();
    },
  );

  it('formats back in IST', () => {
    const date = new Date('2025-01-23T20:00:00.000Z');
    expect(formatICarryDay(date)).toBe('24/01/2025');
    expect(formatICarryDateTime(date)).toBe('2025-01-24 01:30:00');
  });
});

describe('parseICarryDay (IST calendar day)', () => {
  it.each([
    ['23/01/2025', '2025-01-23'],
    ['3/1/2025', '2025-01-03'],
    ['23-01-2025', '2025-01-23'],
    ['2025-01-23', '2025-01-23'],
    // 23:30 IST is still the 23rd, although it is 18:00 UTC.
    ['23/01/2025 11:30 PM', '2025-01-23'],
    ['2025-01-22T20:00:00Z', '2025-01-23'],
  ])('%s -> %s', (text, day) => {
    expect(parseICarryDay(text)).toBe(day);
  });

  it.each(['', '31/02/2025', '00/00/0000', '23/13/2025', 'soon', null, undefined, 20250123])('%s -> null', (text) => {
    expect(parseICarryDay(text)).toBeNull();
  });
});
