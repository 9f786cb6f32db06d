import { describe, expect, it } from 'vitest';
import { formatPaiseAsRupees, parseRupeesToPaise } from './money';

describe('parseRupeesToPaise', () => {
  it.each([
    ['39.10', 3910],
    ['39.1', 3910],
    ['39', 3900],
    [' 0.29 ', 29],
    ['1,234.50', 123450],
    ['0.005', 1],
    ['0.004', 0],
    ['100.999', 10100],
    ['-12.50', -1250],
    [39.1, 3910],
    [0.1 + 0.2, 30],
    [1.15, 115],
    ['4.35', 435],
    ['.5', 50],
  ])('%s -> %i', (input, paise) => {
    expect(parseRupeesToPaise(input)).toBe(paise);
  });

  it.each(['', 'N/A', '1e3', '12.3.4', null, undefined, Number.NaN, Infinity])('%s -> null', (input) => {
    expect(parseRupeesToPaise(input)).toBeNull();
  });
});

describe('formatPaiseAsRupees', () => {
  it.each([
    [49900, '499.00'],
    [3910, '39.10'],
    [5, '0.05'],
    [0, '0.00'],
    [-1250, '-12.50'],
  ])('%i -> %s', (paise, text) => {
    expect(formatPaiseAsRupees(paise)).toBe(text);
  });

  it('refuses fractional paise', () => {
    expect(() => formatPaiseAsRupees(1.5)).toThrow(RangeError);
  });
});
