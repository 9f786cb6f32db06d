import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from './errors';
import { normalizeMobile, parseOrderSearch } from './order-search';
import { decodeOrderCursor, encodeOrderCursor } from './order-list.repository';

describe('normalizeMobile', () => {
  it.each([
    ['9845012345', '9845012345'],
    ['+91 98450 12345', '9845012345'],
    ['91-98450-12345', '9845012345'],
    ['098450 12345', '9845012345'],
    ['(984) 501-2345', '9845012345'],
  ])('reads %s as %s', (input, expected) => {
    expect(normalizeMobile(input)).toBe(expected);
  });

  it.each(['5845012345', '984501234', '98450123456', '+1 9845012345', 'FB-10001', ''])('rejects %s', (input) => {
    expect(normalizeMobile(input)).toBeNull();
  });
});

describe('parseOrderSearch', () => {
  it('is undefined for a blank term', () => {
    expect(parseOrderSearch('   ', 'FB-')).toBeUndefined();
  });

  it('reads an order number with or without its prefix and dash, in any case', () => {
    expect(parseOrderSearch('fb-10427', 'FB-')?.orderNumbers).toContain('FB-10427');
    expect(parseOrderSearch('FB10427', 'FB-')?.orderNumbers).toContain('FB-10427');
    expect(parseOrderSearch('10427', 'FB-')?.orderNumbers).toEqual(['FB-10427', '10427', '#10427']);
  });

  it('tries a 10-digit number as order number, phone and AWB at once', () => {
    const search = parseOrderSearch('9845012345', 'FB-');
    expect(search).toMatchObject({ phone: '9845012345', namePattern: null });
    expect(search?.orderNumbers).toContain('FB-9845012345');
    expect(search?.awbs).toContain('9845012345');
  });

  it('treats letters without digits as a name prefix, escaping LIKE wildcards', () => {
    expect(parseOrderSearch('  Priya   Sha ', 'FB-')).toMatchObject({
      namePattern: 'priya sha%',
      orderNumbers: [],
      awbs: [],
      phone: null,
    });
    expect(parseOrderSearch('a_b%', 'FB-')?.namePattern).toBe('a\\_b\\%%');
  });

  it('reads an alphanumeric token as an AWB in the case typed and upper-cased', () => {
    expect(parseOrderSearch('fmpc1234567890', 'FB-')?.awbs).toEqual(['fmpc1234567890', 'FMPC1234567890']);
  });

  it.each(['#1001', 'WEB-5001', 'SR/88421-A', 'AC3K9ZQ-2', '9102'])(
    'tries %s as an order number and an external id, exactly',
    (term) => {
      const search = parseOrderSearch(term, 'FB-');
      expect(search?.orderNumbers).toContain(term.toUpperCase());
      expect(search?.externalIds).toEqual([term.toUpperCase()]);
      expect(search?.namePattern).toBeNull();
    },
  );

  it('does not try a phrase with spaces as an identifier', () => {
    expect(parseOrderSearch('order 1001 please', 'FB-')?.externalIds).toEqual([]);
  });

  it('matches nothing for punctuation alone', () => {
    expect(parseOrderSearch('%%', 'FB-')).toEqual({
      orderNumbers: [],
      externalIds: [],
      phone: null,
      awbs: [],
      namePattern: null,
    });
  });
});

describe('order cursor', () => {
  it('round-trips microseconds and the id', () => {
    const cursor = { placedAt: '2026-11-20T10:00:00.123456Z', id: '42' };
    expect(decodeOrderCursor(encodeOrderCursor(cursor))).toEqual(cursor);
  });

  it.each([
    ['not base64url', 'abc$%'],
    ['no separator', Buffer.from('2026-11-20T10:00:00.123456Z').toString('base64url')],
    ['bad time', Buffer.from('2026-13-45T10:00:00.000000Z|42').toString('base64url')],
    ['time without microseconds', Buffer.from('2026-11-20T10:00:00Z|42').toString('base64url')],
    ['bad id', Buffer.from('2026-11-20T10:00:00.123456Z|0x2a').toString('base64url')],
    ['id out of range', Buffer.from('2026-11-20T10:00:00.123456Z|99999999999999999999').toString('base64url')],
    ['extra field', Buffer.from('2026-11-20T10:00:00.123456Z|42|7').toString('base64url')],
  ])('rejects %s', (_label, cursor) => {
    expect(() => decodeOrderCursor(cursor)).toThrow(InvalidCursorError);
  });
});
