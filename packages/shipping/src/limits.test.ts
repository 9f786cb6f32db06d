import { describe, expect, it } from 'vitest';
import { ORDER_LIMITS, parseQuantity } from './limits';
import { checkAmountPaise, parseAmountPaise } from './money';
import { parseBoxSideCm } from './parcel/box';
import { parseWeightKg, parseWeightText } from './parcel/weight';

// Issue 22: "99999999999 kg" passed every check and failed in the database (a 500 that dropped a
// whole CSV file); "1e308 kg" was read as 308 kg. Every number an order brings in has one bound.
describe('ORDER_LIMITS: one bound per kind of number', () => {
  it('weights: beyond 1,000 kg or in exponent notation, a weight text is not read', () => {
    expect(parseWeightText('99999999999 kg')).toMatchObject({ kind: 'unparsed' });
    expect(parseWeightText('1e308 kg')).toMatchObject({ kind: 'unparsed' });
    expect(parseWeightText('1.5e3 g')).toMatchObject({ kind: 'unparsed' });
    expect(parseWeightText('Net wt 1e3 g')).toMatchObject({ kind: 'unparsed' });
    expect(parseWeightText('1000 kg')).toEqual({ kind: 'ok', grams: ORDER_LIMITS.maxWeightGrams });
    expect(parseWeightText('1000.001 kg')).toMatchObject({ kind: 'unparsed' });
    expect(parseWeightText('2 x 600 kg')).toMatchObject({ kind: 'unparsed' });
  });

  it('weights in kg (a CSV column): plain decimals within the bound, to grams', () => {
    expect(parseWeightKg('1.12')).toEqual({ ok: true, grams: 1120 });
    expect(parseWeightKg('.5')).toEqual({ ok: true, grams: 500 });
    expect(parseWeightKg(0.25)).toEqual({ ok: true, grams: 250 });
    expect(parseWeightKg('1000')).toEqual({ ok: true, grams: 1_000_000 });
    for (const bad of [
      '99999999999',
      '1e308',
      '1e2',
      '-1',
      '0',
      '0.0001',
      '1000.5',
      'Infinity',
      'NaN',
      '1,2',
      '1 kg',
      '',
    ])
      expect(parseWeightKg(bad)).toMatchObject({ ok: false });
  });

  it('money: rupees from 0 to 2 crore', () => {
    expect(parseAmountPaise('7,760.00')).toEqual({ ok: true, paise: 776000 });
    expect(parseAmountPaise('20000000')).toEqual({ ok: true, paise: ORDER_LIMITS.maxAmountPaise });
    expect(parseAmountPaise('20000000.01')).toMatchObject({ ok: false, problem: 'too_large' });
    expect(parseAmountPaise('99999999999999999999')).toMatchObject({ ok: false, problem: 'not_amount' });
    expect(parseAmountPaise('-1')).toMatchObject({ ok: false, problem: 'negative' });
    expect(parseAmountPaise('1e308')).toMatchObject({ ok: false, problem: 'not_amount' });
    expect(checkAmountPaise(ORDER_LIMITS.maxAmountPaise + 1)).toMatchObject({ ok: false, problem: 'too_large' });
    expect(checkAmountPaise(0.5)).toMatchObject({ ok: false, problem: 'not_amount' });
  });

  it('quantities: whole units from 1 to 10,000', () => {
    expect(parseQuantity('2')).toEqual({ ok: true, quantity: 2 });
    expect(parseQuantity(10_000)).toEqual({ ok: true, quantity: 10_000 });
    for (const bad of [0, 10_001, 1.5, '1e3', '99999999999', '-1', '', null, Number.NaN])
      expect(parseQuantity(bad)).toMatchObject({ ok: false });
  });

  it('box sides: whole cm, rounded up, from 1 to 300', () => {
    expect(parseBoxSideCm('30')).toEqual({ ok: true, cm: 30 });
    expect(parseBoxSideCm('25.5')).toEqual({ ok: true, cm: 26 });
    expect(parseBoxSideCm('0.5')).toEqual({ ok: true, cm: 1 });
    expect(parseBoxSideCm(300)).toEqual({ ok: true, cm: 300 });
    for (const bad of ['0', '301', '-5', '1e2', '99999999999', 'ten', ''])
      expect(parseBoxSideCm(bad)).toMatchObject({ ok: false });
  });
});
