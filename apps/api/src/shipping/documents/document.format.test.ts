import { describe, expect, it } from 'vitest';
import { formatBox, formatCalendarDay, formatIstDate, formatKg, formatRupees } from './document.format';

describe('formatRupees', () => {
  it('groups Indian style with two decimals', () => {
    expect(formatRupees(124_900)).toBe('₹1,249.00');
    expect(formatRupees(12_490_000)).toBe('₹1,24,900.00');
    expect(formatRupees(1_000_000_000)).toBe('₹1,00,00,000.00');
    expect(formatRupees(99_999)).toBe('₹999.99');
    expect(formatRupees(5)).toBe('₹0.05');
    expect(formatRupees(0)).toBe('₹0.00');
  });

  it('refuses fractions of a paisa', () => {
    expect(() => formatRupees(12.5)).toThrow(RangeError);
  });
});

describe('formatKg', () => {
  it('shows kilograms with two decimals, rounding half up to 10 g', () => {
    expect(formatKg(500)).toBe('0.50 kg');
    expect(formatKg(1234)).toBe('1.23 kg');
    expect(formatKg(1235)).toBe('1.24 kg');
    expect(formatKg(4)).toBe('0.00 kg');
    expect(formatKg(1_000_000)).toBe('1,000.00 kg');
  });
});

describe('dates', () => {
  it("prints the booking day in India's time zone", () => {
    // 20:00 UTC is 01:30 the next day in India.
    expect(formatIstDate(new Date('2026-11-25T20:00:00Z'))).toBe('26 Nov 2026');
    expect(formatIstDate(new Date('2026-11-25T18:00:00Z'))).toBe('25 Nov 2026');
  });

  it('prints a YYYY-MM-DD pickup day as that day, with its weekday', () => {
    expect(formatCalendarDay('2026-11-25')).toBe('Wed, 25 Nov 2026');
  });
});

describe('formatBox', () => {
  it('keeps one decimal of a centimetre', () => {
    expect(formatBox({ lengthCm: 20, breadthCm: 12.5, heightCm: 8.04 })).toBe('20 x 12.5 x 8 cm');
  });
});
