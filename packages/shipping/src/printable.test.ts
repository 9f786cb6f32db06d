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

  it('a line already clean comes back as it is: the fast path agrees with the full clean-up on any input', () => {
    const full = (text: string) =>
      text
        .replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '')
        // eslint-disable-next-line no-control-regex -- the module's own pattern, spelled out
        .replace(/[\s\u0000-\u001F\u007F-\u009F]+/g, ' ')
        .trim();
    const pieces = [
      'a',
      'ह',
      ' ',
      '  ',
      '\t',
      '\n',
      '\r',
      '\u00a0',
      '\u2028',
      '\u200e',
      '\u202e',
      '\u0000',
      '\u0085',
      '\u200d',
      '\ufeff',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 8 }),
        fc.string({ unit: 'binary' }),
        (parts, text) => {
          expect(printableLine(parts.join(''))).toBe(full(parts.join('')));
          expect(printableLine(text)).toBe(full(text));
        },
      ),
      { numRuns: 2000 },
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
