import { describe, expect, it } from 'vitest';
import { canonicalJson, fingerprintBody, parseIdempotencyKey } from './idempotency.rules';
import { orderInputSchema, toFieldIssues } from './order-input.schema';

const valid = {
  externalId: 'WEB-1',
  paymentMethod: 'cod',
  customer: { name: 'Asha Raman', phone: '+91 98765 43210' },
  shippingAddress: { line1: '14, 2nd Cross', city: 'Bengaluru', state: 'Karnataka', pincode: '560 038' },
  items: [{ sku: 'A-1', name: 'Pickle', quantity: 2, unitPrice: '349.00' }],
};

function parse(overrides: Record<string, unknown>) {
  return orderInputSchema.safeParse({ ...valid, ...overrides });
}

describe('order input', () => {
  it.each([
    ['Maharashtra', 'MA', 'Maharashtra'],
    ['MH', 'MA', 'Maharashtra'],
    ['Orissa', 'OD', 'Odisha'],
    ['Odisha', 'OD', 'Odisha'],
    ['Telangana', 'TS', 'Telangana'],
    ['TS', 'TS', 'Telangana'],
    ['TG', 'TS', 'Telangana'],
  ])('reads the state %s as iCarry %s', (state, code, name) => {
    const result = parse({ shippingAddress: { ...valid.shippingAddress, state } });
    expect(result.success && result.data.shippingAddress.state).toEqual({ code, name });
  });

  it.each(['+91 98765 43210', '098765 43210', '9876543210', '91-98765-43210', 9876543210])(
    'reads the phone %s',
    (phone) => {
      const result = parse({ customer: { name: 'A', phone } });
      expect(result.success && result.data.customer.phone).toBe('9876543210');
    },
  );

  it('turns rupee strings into paise and defaults the COD amount to nothing (the total)', () => {
    const result = parse({
      shippingCharge: '1,049.5',
      items: [{ sku: 'A', name: 'B', quantity: '3', unitPrice: 99.99 }],
    });
    expect(result.success && result.data.shippingCharge).toBe(104950);
    expect(result.success && result.data.items[0]).toMatchObject({ quantity: 3, unitPrice: 9999 });
    expect(result.success && result.data.codAmount).toBeUndefined();
  });

  it('reads weights as the parser does, numbers as grams, and refuses what it cannot read', () => {
    const weights = (weight: unknown) => {
      const r = parse({ items: [{ ...valid.items[0], weight }] });
      return r.success ? r.data.items[0]?.weight : toFieldIssues(r.error)[0]?.message;
    };
    expect(weights('1.5 kg')).toBe('1.5 kg');
    expect(weights(750)).toBe('750 g');
    expect(weights('750')).toBe('750 g');
    expect(weights('family pack')).toMatch(/cannot be read as a weight/);
    expect(weights(null)).toBeNull();
    expect(weights('  ')).toBeNull();
  });

  it('lists every bad field with its path, and says "is required" for missing ones', () => {
    const result = orderInputSchema.safeParse({ items: [] });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(toFieldIssues(result.error)).toEqual([
      { path: 'externalId', message: 'is required' },
      { path: 'paymentMethod', message: 'must be "cod" or "prepaid"' },
      { path: 'customer', message: 'is required' },
      { path: 'shippingAddress', message: 'is required' },
      { path: 'items', message: 'must have at least one item' },
    ]);
  });

  it('refuses a COD amount above the total or on a prepaid order', () => {
    expect(parse({ codAmount: '9999' }).success).toBe(false);
    expect(parse({ paymentMethod: 'prepaid', codAmount: '10' }).success).toBe(false);
    expect(parse({ codAmount: '100' }).success).toBe(true);
  });
});

describe('Idempotency-Key', () => {
  it.each([
    ['"abc-123"', 'abc-123'],
    ['abc-123', 'abc-123'],
    ['  "a\\"b"  ', 'a"b'],
  ])('reads %s', (header, key) => {
    expect(parseIdempotencyKey(header)).toEqual({ key });
  });

  it.each([undefined, '', '""', '"open', 'x'.repeat(256), 'tab\there', ['a', 'b']])('refuses %s', (header) => {
    expect('reason' in parseIdempotencyKey(header as string | undefined)).toBe(true);
  });

  it('fingerprints the same JSON the same way whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(fingerprintBody({ a: 1, b: 2 })).toBe(fingerprintBody({ b: 2, a: 1 }));
    expect(fingerprintBody({ a: 1 })).not.toBe(fingerprintBody({ a: 2 }));
  });
});
