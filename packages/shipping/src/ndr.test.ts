import { describe, expect, it } from 'vitest';
import { NDR_CODES, describeNdr } from './ndr';

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
