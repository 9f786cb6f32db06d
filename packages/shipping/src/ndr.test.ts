import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NDR_CODES, describeNdr, ndrBuyerChoices, ndrReattemptWindow } from './ndr';
import { hasUnprintable } from './printable';

const REFERENCE_CODES = [
  'REATTEMPT-CONTACT',
  'REATTEMPT',
  'MISROUTE',
  'DC-ADDRESS',
  'URGENT-DELIVERY',
  'REATTEMPT-COD-NOT-READY',
  'RTO-MISSING',
  'OPEN-DELIVERY',
  'CONSIGNEE-OPENED-REFUSED',
  'RTO-REATTEMPT',
  'REATTEMPT-NEW-DATE',
  'REATTEMPT-RESTRICTED-ENTRY',
  'RTO-PACKING',
  'REATTEMPT-CUST-REFUSED',
  'REATTEMPT-OTP',
  'MANUAL-VERIFY',
  'RTO-SECURITY',
  'FINANCE-EMBARGO',
  'EWAY-SEND',
  'REATTEMPT-DAMAGE',
  'REATTEMPT-RTO-REFUSED',
  'REATTEMPT-OUTOFSTN',
];

describe('NDR table', () => {
  it("covers exactly the 22 codes of iCarry's table", () => {
    expect(REFERENCE_CODES).toHaveLength(22);
    expect(Object.keys(NDR_CODES).sort()).toEqual([...REFERENCE_CODES].sort());
  });

  it.each(REFERENCE_CODES)('%s has plain texts for admin and customer', (code) => {
    const description = describeNdr(code);
    expect(description).toMatchObject({ code, known: true });
    expect(description.adminText.length).toBeGreaterThan(20);
    expect(description.customerText.length).toBeGreaterThan(20);
    expect(description.customerText).not.toMatch(/NDR|RTO|ODA|iCarry/);
    expect(typeof description.needsCustomerAction).toBe('boolean');
  });

  it('marks the codes that need the customer', () => {
    expect(describeNdr('REATTEMPT-COD-NOT-READY').needsCustomerAction).toBe(true);
    expect(describeNdr('REATTEMPT-OTP').needsCustomerAction).toBe(true);
    expect(describeNdr('MISROUTE').needsCustomerAction).toBe(false);
  });

  it('accepts case/spacing variants, split spellings and unknown codes', () => {
    expect(describeNdr(' reattempt_otp ').code).toBe('REATTEMPT-OTP');
    expect(describeNdr('CONSIGNEE-OPENED').code).toBe('CONSIGNEE-OPENED-REFUSED');
    const unknown = describeNdr('NEW-FANCY-CODE');
    expect(unknown).toMatchObject({ code: 'NEW-FANCY-CODE', known: false, needsCustomerAction: false });
    expect(unknown.adminText).toContain('NEW-FANCY-CODE');
    expect(describeNdr(null).known).toBe(false);
  });
});

describe('NDR codes as they arrive', () => {
  it("reads iCarry's document as printed: a control character from line wrapping where the hyphen was", () => {
    expect(describeNdr('CONSIGNEE-OPENED\u0002REFUSED')).toMatchObject({
      code: 'CONSIGNEE-OPENED-REFUSED',
      known: true,
    });
    expect(describeNdr('REATTEMPT-RESTRICTED\u0002ENTRY')).toMatchObject({
      code: 'REATTEMPT-RESTRICTED-ENTRY',
      known: true,
    });
    expect(describeNdr('REATTEMPT-RESTRICTED\r\nENTRY').code).toBe('REATTEMPT-RESTRICTED-ENTRY');
    expect(describeNdr('consignee\u2010opened\u00adrefused').code).toBe('CONSIGNEE-OPENED-REFUSED');
    expect(describeNdr('REATTEMPT\u2013OUTOFSTN').code).toBe('REATTEMPT-OUTOFSTN');
    expect(describeNdr('REATT\u0002EMPT-OTP').code).toBe('REATTEMPT-OTP');
  });

  it('an unknown code is kept in one printable spelling, never with a control character', () => {
    const unknown = describeNdr('NEW\u0002FANCY\u001b[31m CODE\u202e');
    expect(unknown).toMatchObject({ code: 'NEW-FANCY-31M-CODE', known: false });
    expect(hasUnprintable(unknown.adminText)).toBe(false);
    expect(describeNdr('x'.repeat(500)).code.length).toBeLessThanOrEqual(48);
  });

  it('any code of the table, in any case, with any separators or control characters between its words, is recognised', () => {
    const separator = fc.constantFrom(
      '-',
      ' ',
      '_',
      '\u0002',
      '\u0000',
      '\n',
      '\t',
      '\u00ad',
      '\u2010',
      '\u2013',
      '\u200b',
      '- ',
      ' -\u0002',
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...REFERENCE_CODES),
        fc.array(separator, { minLength: 4, maxLength: 4 }),
        fc.boolean(),
        (code, seps, lower) => {
          const spelled = code
            .split('-')
            .map((word, i) => (i === 0 ? word : `${seps[(i - 1) % seps.length] ?? '-'}${word}`))
            .join('');
          const described = describeNdr(lower ? spelled.toLowerCase() : spelled);
          expect(described).toMatchObject({ code, known: true });
        },
      ),
    );
  });

  it('whatever arrives, the code and both texts are printable', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (type) => {
        const described = describeNdr(type);
        for (const text of [described.code, described.adminText, described.customerText]) {
          expect(hasUnprintable(text)).toBe(false);
        }
        expect(described.code).toMatch(/^(?:[A-Z0-9]+(?:-[A-Z0-9]+)*|unknown)$/);
      }),
    );
  });
});

describe('ndrBuyerChoices', () => {
  it('offers a date, an address fix and another phone when the courier could not reach the customer', () => {
    expect(ndrBuyerChoices('REATTEMPT-CONTACT', 'prepaid')).toEqual({
      reattempt: true,
      updateAddress: true,
      alternatePhone: true,
      cancel: false,
    });
  });
  it('lets only cash-on-delivery orders be cancelled', () => {
    expect(ndrBuyerChoices('REATTEMPT-COD-NOT-READY', 'cod')?.cancel).toBe(true);
    expect(ndrBuyerChoices('REATTEMPT-COD-NOT-READY', 'prepaid')?.cancel).toBe(false);
  });
  it('offers nothing for reasons that are the store’s to fix, or unknown codes', () => {
    expect(ndrBuyerChoices('MISROUTE', 'cod')).toBeNull();
    expect(ndrBuyerChoices('EWAY-SEND', 'cod')).toBeNull();
    expect(ndrBuyerChoices('SOMETHING-NEW', 'cod')).toBeNull();
  });
  it('reads codes as describeNdr does (case and aliases)', () => {
    expect(ndrBuyerChoices('reattempt restricted', 'prepaid')?.updateAddress).toBe(true);
  });
});

describe('ndrReattemptWindow', () => {
  it('runs from tomorrow to three days ahead in India, across the UTC date line', () => {
    // 20:00 UTC on 1 Dec is 01:30 on 2 Dec in India.
    expect(ndrReattemptWindow(new Date('2026-12-01T20:00:00Z'))).toEqual({
      earliest: '2026-12-03',
      latest: '2026-12-05',
    });
    expect(ndrReattemptWindow(new Date('2026-12-01T10:00:00Z'))).toEqual({
      earliest: '2026-12-02',
      latest: '2026-12-04',
    });
  });
});
