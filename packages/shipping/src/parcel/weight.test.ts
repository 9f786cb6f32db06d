import { describe, expect, it } from 'vitest';
import { DEFAULT_BOX, computeParcelWeight, parseWeightText, resolveParcelDefaults } from './weight';

describe('parseWeightText', () => {
  it.each([
    ['500g', 500],
    ['500 g', 500],
    ['500gm', 500],
    ['500 gms', 500],
    ['500 grams', 500],
    ['0.5kg', 500],
    ['1 kg', 1000],
    ['1.5KG', 1500],
    ['  2 Kgs ', 2000],
    ['250 ml', 250],
    ['1 l', 1000],
    ['1 ltr', 1000],
    ['1 litre', 1000],
    ['1.25 Liters', 1250],
    ['2 x 500g', 1000],
    ['2x500 g', 1000],
    ['3 × 100 gm', 300],
    ['500g x 2', 1000],
    ['Net Wt. 200 g', 200],
    ['Pack of 2 x 250g', 500],
    ['1,000 g', 1000],
    ['.5 kg', 500],
    ['0.1 kg', 100],
    ['0.3 kg', 300],
  ])('%s -> %i g', (text, grams) => {
    expect(parseWeightText(text)).toEqual({ kind: 'ok', grams });
  });

  it.each(['500', '1.5', ' 250 ', 'about 5', 'weight 12 units'])('%s is ambiguous, not guessed', (text) => {
    expect(parseWeightText(text).kind).toBe('ambiguous');
  });

  it('several weights in one text are ambiguous', () => {
    expect(parseWeightText('250g + 250g').kind).toBe('ambiguous');
  });

  it.each([null, undefined, '', '   ', 'heavy', '0 g', '0kg'])('%s is unparsed', (text) => {
    expect(parseWeightText(text).kind).toBe('unparsed');
  });

  it('always yields whole grams, at least 1', () => {
    expect(parseWeightText('0.3333 kg')).toEqual({ kind: 'ok', grams: 333 });
    expect(parseWeightText('100 mg')).toEqual({ kind: 'ok', grams: 1 });
  });
});

describe('computeParcelWeight', () => {
  it('sums weight times quantity plus packaging', () => {
    const result = computeParcelWeight(
      [
        { weightText: '500g', quantity: 2, sku: 'A' },
        { weightText: '1 kg', quantity: 1, sku: 'B' },
      ],
      { packagingGrams: 50 },
    );
    expect(result).toMatchObject({ grams: 2050, usedFallback: false, unparsedItems: [] });
    expect(result.perItem.map((item) => item.lineGrams)).toEqual([1000, 1000]);
  });

  it('uses the 500 g fallback only when nothing parses', () => {
    const result = computeParcelWeight([
      { weightText: '500', quantity: 1, sku: 'A', name: 'Ghee' },
      { weightText: null, quantity: 1, sku: 'B', name: 'Honey' },
    ]);
    expect(result.grams).toBe(500);
    expect(result.usedFallback).toBe(true);
    expect(result.unparsedItems.map((item) => item.sku)).toEqual(['A', 'B']);
    expect(result.unparsedItems[0]?.reason).toMatch(/unit/);
  });

  it('counts what parses and reports the rest when some items parse', () => {
    const result = computeParcelWeight([
      { weightText: '250g', quantity: 2, sku: 'A' },
      { weightText: 'large', quantity: 1, sku: 'B', name: 'Gift box' },
    ]);
    expect(result).toMatchObject({ grams: 500, usedFallback: false });
    expect(result.unparsedItems).toEqual([
      { sku: 'B', name: 'Gift box', weightText: 'large', reason: expect.any(String) as string },
    ]);
  });

  it('honours a configured fallback and ignores zero quantities', () => {
    expect(computeParcelWeight([], { fallbackGrams: 750 })).toMatchObject({ grams: 750, usedFallback: true });
    const zero = computeParcelWeight([{ weightText: '1kg', quantity: 0, sku: 'A' }]);
    expect(zero.usedFallback).toBe(true);
    expect(zero.unparsedItems).toHaveLength(1);
  });

  it('returns integer grams', () => {
    const result = computeParcelWeight([{ weightText: '0.3333kg', quantity: 3 }]);
    expect(Number.isInteger(result.grams)).toBe(true);
    expect(result.grams).toBe(999);
  });
});

describe('parcel defaults', () => {
  it('defaults to a 10 cm box and takes configured values', () => {
    expect(DEFAULT_BOX).toEqual({ lengthCm: 10, breadthCm: 10, heightCm: 10 });
    expect(resolveParcelDefaults()).toEqual({
      fallbackGrams: 500,
      packagingGrams: 0,
      box: { lengthCm: 10, breadthCm: 10, heightCm: 10 },
    });
    expect(
      resolveParcelDefaults({ fallbackGrams: 800, packagingGrams: 40, box: { lengthCm: 20, heightCm: -1 } }),
    ).toEqual({
      fallbackGrams: 800,
      packagingGrams: 40,
      box: { lengthCm: 20, breadthCm: 10, heightCm: 10 },
    });
  });
});
