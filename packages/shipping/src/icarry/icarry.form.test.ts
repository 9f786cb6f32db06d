import { describe, expect, it } from 'vitest';
import { ICarryValidationError } from './icarry.errors';
import { flattenForm, modeFromLetter, modeLetter, parseBracketedForm } from './icarry.form';

describe('parseBracketedForm', () => {
  it('reads back what flattenForm writes', () => {
    const body = {
      pickup_address_id: '1001',
      consignee: { name: 'Asha Rao', pincode: '400001' },
      parcel: {
        items: [
          { name: 'Ghee', price: '499.00' },
          { name: 'Oil', price: '99.00' },
        ],
        weight: { weight: '500', unit: 'gm' },
      },
    };
    const text = new URLSearchParams(flattenForm(body)).toString();
    expect(parseBracketedForm(text)).toEqual(body);
  });

  it('appends with [], keeps sparse or named keys as objects, and lets a later field win', () => {
    expect(parseBracketedForm('ids[]=1&ids[]=2&ids[]=3')).toEqual({ ids: ['1', '2', '3'] });
    expect(parseBracketedForm('ids[0]=1&ids[5]=2')).toEqual({ ids: { 0: '1', 5: '2' } });
    expect(parseBracketedForm('a=1&a=2&b[c]=1&b=flat')).toEqual({ a: '2', b: 'flat' });
    expect(parseBracketedForm('a[b=1&c]=2&[x]=3')).toEqual({ 'a[b': '1', 'c]': '2', '[x]': '3' });
  });

  it('never creates prototype keys and stops at the limits', () => {
    const parsed = parseBracketedForm('__proto__[x]=1&a[__proto__][y]=2&constructor=3&ok=1');
    expect(parsed).toEqual({ ok: '1' });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(parseBracketedForm('a[b][c][d]=1', { maxDepth: 2 })).toEqual({ 'a[b][c][d]': '1' });
    expect(Object.keys(parseBracketedForm('a=1&b=2&c=3', { maxFields: 2 }))).toEqual(['a', 'b']);
  });
});

describe('modes', () => {
  it('speaks iCarry letters only here', () => {
    expect(modeLetter('surface')).toBe('S');
    expect(modeLetter('express')).toBe('E');
    expect(() => modeLetter('S')).toThrow(ICarryValidationError);
    expect(() => modeLetter('toString')).toThrow(ICarryValidationError);
    expect(modeFromLetter('s')).toBe('surface');
    expect(modeFromLetter('Air')).toBe('express');
    expect(modeFromLetter('H')).toBeNull();
    expect(modeFromLetter(1)).toBeNull();
  });
});
