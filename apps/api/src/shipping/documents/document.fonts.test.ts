import { describe, expect, it } from 'vitest';
import { fontFor, metricsOf } from './document.fonts';

describe('fontFor', () => {
  it('sets Latin text and the rupee sign in Noto Sans', () => {
    expect(fontFor('COD ₹1,249.00', 'bold')).toBe('sans-bold');
    expect(fontFor('Flat 302, 14th Cross', 'regular')).toBe('sans-regular');
  });

  it('sets Devanagari, alone or mixed with Latin and ₹, in Noto Sans Devanagari', () => {
    expect(fontFor('राहुल शर्मा', 'bold')).toBe('devanagari-bold');
    expect(fontFor('फ्लैट 12, MG Road, ₹ 500', 'regular')).toBe('devanagari-regular');
    // Joiners steer conjuncts and need no glyph of their own.
    expect(fontFor('क्\u200Dष', 'regular')).toBe('devanagari-regular');
  });

  it('falls back to Noto Sans for a script neither font has', () => {
    expect(fontFor('தமிழ்', 'regular')).toBe('sans-regular');
  });
});

describe('metricsOf', () => {
  it('knows where each font puts its baseline', () => {
    expect(metricsOf('sans-regular').ascender).toBeCloseTo(1.069, 3);
    expect(metricsOf('devanagari-bold').ascender).toBeCloseTo(0.896, 3);
    expect(() => metricsOf('helvetica')).toThrow(/unknown font/);
  });
});
