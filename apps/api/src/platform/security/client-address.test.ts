import { describe, expect, it } from 'vitest';
import { parseTrustProxy, rateLimitKey } from './client-address';

describe('rateLimitKey', () => {
  it('keeps IPv4 addresses and folds IPv4-mapped IPv6 into them', () => {
    expect(rateLimitKey('203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('puts every address of an IPv6 /64 in one bucket, and different /64s in different ones', () => {
    const a = rateLimitKey('2001:db8:1:2::1');
    expect(a).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('2001:0db8:0001:0002:ffff:eeee:dddd:cccc')).toBe(a);
    expect(rateLimitKey('2001:db8:1:3::1')).not.toBe(a);
  });

  it('answers one bucket for anything that is not an address', () => {
    expect(rateLimitKey(undefined)).toBe('unknown');
    expect(rateLimitKey('not-an-ip')).toBe('unknown');
  });
});

describe('parseTrustProxy', () => {
  it('trusts nothing by default', () => {
    expect(parseTrustProxy(undefined)).toEqual({ ok: true, value: false });
    expect(parseTrustProxy('')).toEqual({ ok: true, value: false });
  });

  it('reads hop counts, addresses, CIDRs and keywords', () => {
    expect(parseTrustProxy('2')).toEqual({ ok: true, value: 2 });
    expect(parseTrustProxy('10.0.0.0/8, 2001:db8::/32,loopback')).toEqual({
      ok: true,
      value: ['10.0.0.0/8', '2001:db8::/32', 'loopback'],
    });
  });

  it('names a bad entry', () => {
    const result = parseTrustProxy('10.0.0.0/33');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('10.0.0.0/33');
    expect(parseTrustProxy('proxy.example').ok).toBe(false);
  });
});
