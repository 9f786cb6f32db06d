import { describe, expect, it } from 'vitest';
import { formatDifference, formatMonth } from './billing-format';

describe('billing words', () => {
  it('names a month', () => {
    expect(formatMonth('2026-12')).toBe('Dec 2026');
    expect(formatMonth('2027-01')).toBe('Jan 2027');
    expect(formatMonth('nonsense')).toBe('nonsense');
  });

  it('signs a difference in rupees with Indian grouping', () => {
    expect(formatDifference(4200)).toBe('+₹42');
    expect(formatDifference(-850)).toBe('−₹8.50');
    expect(formatDifference(12_345_600)).toBe('+₹1,23,456');
    expect(formatDifference(0)).toBe('₹0');
  });
});
