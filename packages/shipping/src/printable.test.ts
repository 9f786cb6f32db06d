import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasUnprintable, mapStrings, printableLine, printableText } from './printable';

describe('printable text', () => {
  it('a line loses breaks, controls and bidi overrides; Indic joiners stay', () => {
    expect(printableLine('Delivery problem on FB-1 (CONSIGNEE-OPENED\u0002REFUSED)')).toBe(
      'Delivery problem on FB-1 (CONSIGNEE-OPENED REFUSED)',
    );
    expect(printableLine(' a\r\nb\u001b[31m\u202eevil\u202c ')).toBe('a b [31mevil');
    expect(printableLine('क्‍ष')).toBe('क्‍ष');
  });

  it('a body keeps its lines and tabs', () => {
    expect(printableText('one\r\ntwo\tthree\u0007\u2028four\u200f')).toBe('one\ntwo\tthree \nfour');
  });

  it('nothing unprintable survives either, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(hasUnprintable(printableText(text))).toBe(false);
        expect(hasUnprintable(printableLine(text))).toBe(false);
        expect(printableLine(text)).not.toMatch(/[\r\n\t]/);
      }),
    );
  });

  it('maps the strings of a plain value and leaves dates and numbers alone', () => {
    const at = new Date('2026-12-01T00:00:00Z');
    expect(mapStrings({ a: 'x\u0002y', b: [1, 'z\u202e'], at, n: null }, printableLine)).toEqual({
      a: 'x y',
      b: [1, 'z'],
      at,
      n: null,
    });
  });
});
