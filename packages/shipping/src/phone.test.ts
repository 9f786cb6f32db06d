import { describe, expect, it } from 'vitest';
import { ICarryValidationError } from './icarry/icarry.errors';
import { isBareIndianMobile, isIndianMobile, maskPhone, maskPhonesInText, normalizeIndianMobile } from './phone';

describe('normalizeIndianMobile', () => {
  it.each([
    ['9876543210', '9876543210'],
    ['+91 98765 43210', '9876543210'],
    ['+91-98765-43210', '9876543210'],
    ['919876543210', '9876543210'],
    ['09876543210', '9876543210'],
    ['0091 9876543210', '9876543210'],
    ['(987) 654-3210', '9876543210'],
    ['6123456789', '6123456789'],
    ['9123456789', '9123456789'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeIndianMobile(input)).toBe(expected);
  });

  it.each(['12345', '5876543210', '98765432101', '+1 415 555 0100', 'call me', '', '022 2345 6789'])(
    '%s is refused with a typed error',
    (input) => {
      expect(() => normalizeIndianMobile(input)).toThrow(ICarryValidationError);
      expect(isIndianMobile(input)).toBe(false);
    },
  );

  it.each([
    ['12345', 'phone: not a valid Indian mobile number (needs 10 digits)'],
    ['98765432101', 'phone: not a valid Indian mobile number (needs 10 digits)'],
    ['+91 98765', 'phone: not a valid Indian mobile number (needs 10 digits)'],
    ['5876543210', 'phone: not a valid Indian mobile number (a mobile number starts with 6, 7, 8 or 9)'],
  ])('%s is told what a mobile number needs, without repeating the digits', (input, message) => {
    expect(() => normalizeIndianMobile(input, 'phone')).toThrow(message);
    try {
      normalizeIndianMobile(input, 'phone');
    } catch (error) {
      expect((error as Error).message).not.toMatch(/\*|\d{4}/);
    }
  });

  it('never puts the full number in the error', () => {
    try {
      normalizeIndianMobile('5876543210');
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain('5876543210');
      expect((error as ICarryValidationError).field).toBe('consignee.mobile');
    }
  });

  it('masks all but the last 4 digits, always behind six stars', () => {
    expect(maskPhone('9876543210')).toBe('******3210');
    expect(maskPhone('+91 98765 43210')).toBe('******3210');
    expect(maskPhone(9876543210)).toBe('******3210');
    expect(maskPhone('12')).toBe('****');
    expect(maskPhone(null)).toBe('');
    expect(maskPhone('')).toBe('');
  });
});

describe('isBareIndianMobile', () => {
  it.each([
    ['9876543210', true],
    ['6000000000', true],
    ['+919876543210', false],
    ['09876543210', false],
    ['5876543210', false],
    ['987654321', false],
  ])('%s -> %s', (text, expected) => {
    expect(isBareIndianMobile(text)).toBe(expected);
  });
});

describe('maskPhonesInText', () => {
  it.each([
    ['Consignee mobile 9876543210 is blacklisted', 'Consignee mobile ******3210 is blacklisted'],
    ['call +91 98765 43210 or +91-9123456789', 'call +91 98765 43210 or ******6789'],
    ['+919876543210, 919876543210.', '******3210, ******3210.'],
    // AWBs and ids are longer digit runs: not phone numbers.
    ['AWB 142310000249772 for shipment 249772', 'AWB 142310000249772 for shipment 249772'],
    ['pincode 400001', 'pincode 400001'],
  ])('%s', (text, expected) => {
    expect(maskPhonesInText(text)).toBe(expected);
  });
});
