import { describe, expect, it } from 'vitest';
import { ICarryValidationError } from './icarry/icarry.errors';
import { ICARRY_STATE_CODES, ICARRY_ZONE_IDS, findICarryStateCode, toICarryStateCode } from './states';

describe('toICarryStateCode', () => {
  it.each([
    ['Maharashtra', 'MA'],
    ['MH', 'MA'],
    ['mh', 'MA'],
    ['Bihar', 'BI'],
    ['BR', 'BI'],
    ['Orissa', 'OD'],
    ['Odisha', 'OD'],
    ['OR', 'OD'],
    ['Pondicherry', 'PO'],
    ['Puducherry', 'PO'],
    ['Telangana', 'TS'],
    ['TG', 'TS'],
    ['UT', 'UK'],
    ['Uttarakhand', 'UK'],
    ['Uttaranchal', 'UK'],
    ['CT', 'CG'],
    ['Chhattisgarh', 'CG'],
    ['  tamil   nadu ', 'TN'],
    ['TAMILNADU', 'TN'],
    ['Jammu & Kashmir', 'JA'],
    ['J&K', 'JA'],
    ['Andaman & Nicobar Islands', 'AN'],
    ['New Delhi', 'DE'],
    ['NCT of Delhi', 'DE'],
    ['DL', 'DE'],
    ['Kerala State', 'KE'],
    ['West Bengal', 'WB'],
    ['Ladakh', 'LA'],
    ['KA', 'KA'],
    ['Gujarat', 'GU'],
    ['GJ', 'GU'],
    ['Punjab', 'PU'],
    ['PB', 'PU'],
  ])('%s -> %s', (input, code) => {
    expect(toICarryStateCode(input)).toBe(code);
  });

  it('maps every iCarry code and every full name to itself', () => {
    for (const [code, name] of Object.entries(ICARRY_STATE_CODES)) {
      expect(toICarryStateCode(code)).toBe(code);
      expect(toICarryStateCode(name.toUpperCase())).toBe(code);
    }
    expect(Object.keys(ICARRY_ZONE_IDS).sort()).toEqual(Object.keys(ICARRY_STATE_CODES).sort());
  });

  it('uses the pincode to split the merged Dadra/Daman UT', () => {
    expect(toICarryStateCode('Dadra and Nagar Haveli and Daman and Diu', { pincode: '396210' })).toBe('DM');
    expect(toICarryStateCode('Dadra and Nagar Haveli and Daman and Diu', { pincode: '396230' })).toBe('DA');
  });

  it('throws a typed error naming the state when it cannot map it', () => {
    expect(() => toICarryStateCode('Atlantis')).toThrow(ICarryValidationError);
    try {
      toICarryStateCode('Atlantis');
    } catch (error) {
      expect(error).toBeInstanceOf(ICarryValidationError);
      expect((error as ICarryValidationError).field).toBe('consignee.state');
      expect((error as ICarryValidationError).message).toContain('Atlantis');
    }
    expect(() => toICarryStateCode('')).toThrow(ICarryValidationError);
    expect(() => toICarryStateCode(null)).toThrow(ICarryValidationError);
    expect(findICarryStateCode('XX')).toBeNull();
  });
});
